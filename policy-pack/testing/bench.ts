/**
 * cd policy-pack && npm run -s bench [-- runs]
 *
 * Times the whole pack over the `pair` stack export, in-process, as the engine would run it:
 * the first run (AWS's service data read from disk) and the median of the warm runs after it.
 * The pack config is validated first and timed apart: the CLI does that before the pack runs.
 */
import { policies } from "../policies";
import { fixture } from "./fixtures";
import { packConfigFor, runPack } from "./harness";

async function main(runs: number): Promise<void> {
  const resources = fixture("pair");
  const configStarted = process.hrtime.bigint();
  const config = packConfigFor(policies, {});
  const configMs = Number(process.hrtime.bigint() - configStarted) / 1e6;
  const times: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const started = process.hrtime.bigint();
    const result = await runPack(policies, resources, config);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (result.violations.length > 0) throw new Error(`the pair export should pass: ${result.violations.map((v) => v.message).join("; ")}`);
  }
  const [first, ...warm] = times;
  warm.sort((a, b) => a - b);
  console.log(`${policies.length} rules over ${resources.length} resources of the pair export: first run ${first.toFixed(1)} ms, median of ${warm.length} warm runs ${warm[Math.floor(warm.length / 2)].toFixed(1)} ms (config validated beforehand in ${configMs.toFixed(1)} ms)`);
}

main(Number(process.argv[2] ?? 20)).catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
