/**
 * npm run -s plan -- --stack <name> | --config <file> [--json] [--diagram <file.md>] [--policy-pack-config <file>]
 *
 * The main job, offline: runs the program under mocks with a stack's config (Pulumi.<name>.yaml),
 * then the policy pack in-process, then the access proof, and prints what a reviewer needs.
 * No AWS account and no Pulumi CLI. Exit 0 only when no mandatory rule is violated and the proof
 * holds; 1 otherwise or on a bad config (with the message `pulumi preview` would print); 2 on
 * unusable arguments or files.
 */
import { writeFileSync } from "node:fs";
import { basename } from "node:path";
import { ConfigError } from "../infra/config";
import { FileError, Io, UsageError, assertWritable, fsReason, parseCommandLine, resolveFrom, runAsCommand, writeLine } from "./cli";
import { configOf, readStackFile, stackFilePath } from "./offline/stack-files";

export const USAGE = `usage: npm run -s plan -- (--stack <name> | --config <file>) [--json] [--diagram <file.md>] [--policy-pack-config <file>]

Runs the program offline under mocks with a stack's config, then the policy pack and the access proof.

  --stack <name>       read Pulumi.<name>.yaml from the project root
  --config <file>      read any stack file (relative to the directory npm was run in)
  --json               print one JSON object instead of the report
  --diagram <file.md>  also write a Mermaid diagram of the graph that was built
  --policy-pack-config <file>
                       run the pack with this config (the JSON \`pulumi preview --policy-pack-config\`
                       takes); every rule or knob it loosens is printed
  -h, --help           print this help

Exit codes: 0 no mandatory violation and the proof holds; 1 a violation, a failed proof or a bad
config; 2 unusable arguments or files.`;

const OPTIONS = { stack: { type: "string" }, config: { type: "string" }, json: { type: "boolean" }, diagram: { type: "string" }, "policy-pack-config": { type: "string" } } as const;

export async function main(argv: string[], io: Io): Promise<number> {
  try {
    return await planCommand(argv, io);
  } catch (error) {
    if (error instanceof UsageError) {
      writeLine(io.stderr, `plan: ${error.message}\n${USAGE.split("\n")[0]}`);
      return 2;
    }
    if (error instanceof FileError) {
      writeLine(io.stderr, `plan: ${error.message}`);
      return 2;
    }
    if (error instanceof ConfigError) {
      writeLine(io.stderr, `error: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

async function planCommand(argv: string[], io: Io): Promise<number> {
  const { help, values } = parseCommandLine(argv, OPTIONS);
  if (help) {
    writeLine(io.stdout, USAGE);
    return 0;
  }
  const file = values.config ? resolveFrom(io, values.config) : values.stack ? stackFilePath(values.stack) : undefined;
  if (file === undefined || (values.stack && values.config)) throw new UsageError("give exactly one of --stack and --config");
  const stack = values.stack ?? /^Pulumi\.(.+)\.ya?ml$/.exec(basename(file))?.[1] ?? "plan";
  const diagramFile = values.diagram === undefined ? undefined : resolveFrom(io, values.diagram);
  if (diagramFile) assertWritable(diagramFile, "the diagram");
  const stackConfig = readStackFile(file);
  configOf(stackConfig);

  // Loaded only now: argument and config errors answer at once, without loading Pulumi and the AWS SDK.
  /* eslint-disable @typescript-eslint/no-require-imports -- a lazy require: a CommonJS module's import() would bypass ts-node */
  const { PairAssemblyError } = require("./offline/pair") as typeof import("./offline/pair");
  const { mermaidDiagram } = require("./plan/diagram") as typeof import("./plan/diagram");
  const { jsonReport, plan } = require("./plan/plan") as typeof import("./plan/plan");
  const { humanReport } = require("./plan/report") as typeof import("./plan/report");
  const { readPackConfigFile } = require("./policy-check") as typeof import("./policy-check");
  const { UnreadableInputError } = require("./offline/state-files") as typeof import("./offline/state-files");
  /* eslint-enable @typescript-eslint/no-require-imports */
  const packConfigFile = values["policy-pack-config"] === undefined ? undefined : resolveFrom(io, values["policy-pack-config"]);
  let packConfig: Awaited<ReturnType<typeof readPackConfigFile>> | undefined;
  try {
    packConfig = packConfigFile === undefined ? undefined : await readPackConfigFile(packConfigFile);
  } catch (error) {
    if (error instanceof UnreadableInputError) throw new FileError(packConfigFile as string, error.message.replace(`${packConfigFile}: `, ""));
    throw error;
  }
  let result: Awaited<ReturnType<typeof plan>>;
  try {
    result = await plan(stack, stackConfig, file, packConfig);
  } catch (error) {
    if (!(error instanceof PairAssemblyError)) throw error;
    writeLine(io.stderr, `error: ${error.message}`);
    return 1;
  }
  if (diagramFile) {
    try {
      writeFileSync(diagramFile, mermaidDiagram(stack, [...result.run.resources, ...result.complements.flatMap((c) => c.resources)]));
    } catch (error) {
      throw new FileError(diagramFile, `cannot write the diagram: ${fsReason(error)}`);
    }
  }
  writeLine(io.stdout, values.json ? JSON.stringify(jsonReport(result), null, 2) : humanReport(result));
  return result.ok ? 0 : 1;
}

if (require.main === module) runAsCommand("plan", main);
