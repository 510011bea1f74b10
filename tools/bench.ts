/**
 * npm run bench -- [--runs=N] [--stack=NAME] [--max-ratio=R]
 * npm run bench -- --fan-in[=1,10,50,200]   (synthetic fan-in stacks: see bench-fan-in/fan-in.ts)
 *
 * How much the offline plan costs over its floor, the cost of loading the AWS provider SDK:
 * `npm run plan -- --stack <NAME>` against `node -e "require('@pulumi/aws')"`, run in pairs (the
 * order alternating) so that a busy machine slows both alike. Prints each one's median wall time
 * and CPU time (user + system, of every node process it starts), and the median of the pairs'
 * wall-time ratios. Exit 0; 1 when --max-ratio is given and exceeded or the plan fails; 2 on bad
 * arguments.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_FAN_IN_SIZES, benchFanIn } from "./bench-fan-in/fan-in";
import { REPO_ROOT } from "./offline/stack-files";

const USAGE = "usage: npm run bench -- [--runs=N (default 5)] [--stack=NAME (default pair)] [--max-ratio=R] | --fan-in[=1,10,50,200]";

interface Options {
  runs: number;
  stack: string;
  maxRatio?: number;
  /** The fan-in bench's source counts, instead of the plan-over-floor pairs. */
  fanIn?: number[];
}

class UsageError extends Error {}

function parseArgs(argv: string[]): Options | "help" {
  const options: Options = { runs: 5, stack: "pair" };
  for (const arg of argv) {
    const [flag, value] = arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    if (flag === "--help" || flag === "-h") return "help";
    if (flag === "--fan-in") {
      const sizes = value === undefined ? DEFAULT_FAN_IN_SIZES : value.split(",").map(Number);
      if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new UsageError(`--fan-in takes positive whole numbers separated by commas, got ${JSON.stringify(value)}`);
      options.fanIn = sizes;
      continue;
    }
    if (value === undefined || value === "") throw new UsageError(`${flag} needs a value (${flag}=…)`);
    if (flag === "--runs") {
      if (!/^[1-9]\d*$/.test(value)) throw new UsageError(`--runs must be a positive whole number, got ${JSON.stringify(value)}`);
      options.runs = Number(value);
    } else if (flag === "--stack") {
      options.stack = value;
    } else if (flag === "--max-ratio") {
      if (!(Number(value) > 0)) throw new UsageError(`--max-ratio must be a positive number, got ${JSON.stringify(value)}`);
      options.maxRatio = Number(value);
    } else {
      throw new UsageError(`unknown argument ${arg}`);
    }
  }
  return options;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

interface Sample {
  wallMs: number;
  cpuMs: number;
  status: number | null;
  stderr: string;
}

/**
 * Each node process the command starts (npm itself included) adds its own CPU time to a file as it
 * exits: a child's CPU time is not visible from here otherwise.
 */
const CPU_PROBE = `process.on("exit",()=>{const u=process.cpuUsage();require("fs").appendFileSync(process.env.XACCT_BENCH_CPU_FILE,(u.user+u.system)/1000+"\\n")});`;

function measure(command: string, args: string[], directory: string): Sample {
  const cpuFile = join(directory, "cpu");
  writeFileSync(cpuFile, "");
  const env = { ...process.env, XACCT_BENCH_CPU_FILE: cpuFile, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --require ${join(directory, "probe.cjs")}`.trim() };
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd: REPO_ROOT, env, stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const cpuMs = readFileSync(cpuFile, "utf8").split("\n").filter(Boolean).reduce((sum, line) => sum + Number(line), 0);
  return { wallMs, cpuMs, status: result.status, stderr: result.stderr };
}

function npmCommand(): [string, string[]] {
  // Under `npm run`, npm says where its own CLI is; run it with this node.
  const npmCli = process.env.npm_execpath;
  return npmCli ? [process.execPath, [npmCli]] : ["npm", []];
}

function main(argv: string[]): number {
  let options: ReturnType<typeof parseArgs>;
  try {
    options = parseArgs(argv);
  } catch (error) {
    console.error(`bench: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (options === "help") {
    console.log(USAGE);
    return 0;
  }
  if (options.fanIn) return benchFanIn(options.fanIn);
  const directory = mkdtempSync(join(tmpdir(), "xacct-bench-"));
  writeFileSync(join(directory, "probe.cjs"), CPU_PROBE);
  try {
    const [npm, npmArgs] = npmCommand();
    const plan = () => measure(npm, [...npmArgs, "run", "-s", "plan", "--", "--stack", options.stack], directory);
    const floor = () => measure(process.execPath, ["-e", "require('@pulumi/aws')"], directory);
    const plans: Sample[] = [];
    const floors: Sample[] = [];
    for (let run = 0; run < options.runs; run++) {
      // Alternate which goes first, so a load that rises or falls during a pair weighs on both.
      if (run % 2 === 0) {
        floors.push(floor());
        plans.push(plan());
      } else {
        plans.push(plan());
        floors.push(floor());
      }
      const failed = plans[run].status !== 0 ? plans[run] : floors[run].status !== 0 ? floors[run] : undefined;
      if (failed) {
        console.error(`bench: run ${run + 1} failed (exit ${failed.status}):\n${failed.stderr}`);
        return 1;
      }
      console.error(`run ${run + 1}/${options.runs}: plan ${plans[run].wallMs.toFixed(0)} ms, floor ${floors[run].wallMs.toFixed(0)} ms`);
    }
    const ratio = median(plans.map((p, i) => p.wallMs / floors[i].wallMs));
    const row = (label: string, samples: Sample[]) =>
      `${label.padEnd(48)}${median(samples.map((s) => s.wallMs)).toFixed(0).padStart(8)} ms wall${median(samples.map((s) => s.cpuMs)).toFixed(0).padStart(8)} ms CPU`;
    console.log(`median of ${options.runs} paired runs`);
    console.log(row(`npm run plan -- --stack ${options.stack}`, plans));
    console.log(row(`floor: node -e "require('@pulumi/aws')"`, floors));
    console.log(`${"ratio (plan / floor, wall)".padEnd(48)}${ratio.toFixed(2).padStart(8)}`);
    console.log(`${"ratio (plan / floor, CPU)".padEnd(48)}${median(plans.map((p, i) => p.cpuMs / floors[i].cpuMs)).toFixed(2).padStart(8)}`);
    if (options.maxRatio !== undefined && ratio > options.maxRatio) {
      console.error(`bench: the plan takes ${ratio.toFixed(2)}× the floor, over --max-ratio=${options.maxRatio}`);
      return 1;
    }
    return 0;
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
