/**
 * npm run plan -- --stack <name> | --config <file> [--json] [--diagram <file.md>]
 *
 * The main job, offline: runs the program under mocks with a stack's config (Pulumi.<name>.yaml),
 * then the policy pack in-process, then the access proof, and prints what a reviewer needs.
 * No AWS account and no Pulumi CLI. Exit 0 only when no mandatory rule is violated and the proof
 * holds; 1 otherwise or on a bad config (with the message `pulumi preview` would print); 2 on
 * unusable arguments or files.
 */
import { existsSync, writeFileSync } from "node:fs";
import { basename, resolve } from "node:path";
import { ConfigError } from "../infra/config";
import { configOf, readStackFile, stackFilePath } from "./offline/stack-files";

const USAGE = "usage: npm run plan -- --stack <name> | --config <Pulumi.<name>.yaml> [--json] [--diagram <file.md>]";

class UsageError extends Error {}

function parseArgs(argv: string[]) {
  const options: { stack?: string; config?: string; json: boolean; diagram?: string } = { json: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined || next.startsWith("--")) throw new UsageError(`${arg} needs a value`);
      return next;
    };
    if (arg === "--stack") options.stack = value();
    else if (arg === "--config") options.config = value();
    else if (arg === "--diagram") options.diagram = value();
    else if (arg === "--json") options.json = true;
    else throw new UsageError(`unknown argument ${arg}`);
  }
  if (!options.stack === !options.config) throw new UsageError("give exactly one of --stack and --config");
  return options;
}

async function main(argv: string[]): Promise<number> {
  let options: ReturnType<typeof parseArgs>;
  try {
    options = parseArgs(argv);
  } catch (error) {
    console.error(`plan: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const file = options.config ? resolve(options.config) : stackFilePath(options.stack as string);
  const stack = options.stack ?? (/^Pulumi\.(.+)\.ya?ml$/.exec(basename(file))?.[1] ?? "plan");
  if (!existsSync(file)) {
    console.error(`plan: ${file} does not exist\n${USAGE}`);
    return 2;
  }
  const stackConfig = readStackFile(file);
  try {
    configOf(stackConfig);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`error: ${error.message}`);
    return 1;
  }
  // Loaded only now: argument and config errors answer at once, without loading Pulumi and the AWS SDK.
  const [{ PairAssemblyError }, { mermaidDiagram }, { jsonReport, plan }, { humanReport }] = await Promise.all([
    import("./offline/pair"),
    import("./plan/diagram"),
    import("./plan/plan"),
    import("./plan/report"),
  ]);
  try {
    const result = await plan(stack, stackConfig, file);
    if (options.diagram) writeFileSync(options.diagram, mermaidDiagram(stack, [...result.run.resources, ...(result.complement?.resources ?? [])]));
    console.log(options.json ? JSON.stringify(jsonReport(result), null, 2) : humanReport(result));
    return result.ok ? 0 : 1;
  } catch (error) {
    if (error instanceof PairAssemblyError) {
      console.error(`error: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
