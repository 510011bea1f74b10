/**
 * npm run -s policy:check -- [--policy-pack-config FILE] <file> [--json]
 *
 * Runs the xacct policy pack in-process over the resources of a `pulumi stack export` file or of
 * `pulumi preview --json --show-sames` output, with no Pulumi CLI and no AWS account. FILE is the
 * same JSON `pulumi preview --policy-pack-config FILE` takes, validated against each rule's
 * configSchema as the CLI does; every rule it disables or lowers, and every knob it moves from its
 * default, is printed.
 * Exit 0: no mandatory violation. 1: at least one. 2: the input or the config could not be read or
 * judged (e.g. a preview without --show-sames).
 */
import "./offline/deferred-sdk-dependencies";
import { readFileSync } from "node:fs";
import type { PackResult, Violation } from "../policy-pack/testing/harness";
import type { Loosening, ReconciledConfig } from "../policy-pack/testing/pack-config";
import { Io, UsageError, parseCommandLine, resolveFrom, runAsCommand, writeLine } from "./cli";
import { UnreadableInputError, readStateFile } from "./offline/state-files";

export interface PackConfigSummary {
  file?: string;
  config: ReconciledConfig;
  /** Rules disabled or lowered, and knobs moved from their defaults. */
  loosened: Loosening[];
  /** Names in the file that are no policy of the pack (the CLI ignores them). */
  ignored: string[];
  /** One line each, ready to print: `[config] <policy>: <change>`. */
  lines: string[];
}

/**
 * Reads a `--policy-pack-config` file (or none) and validates it as the CLI does; throws
 * UnreadableInputError with every problem. `plan` calls this to print the rules a config loosens.
 */
export async function readPackConfigFile(file?: string): Promise<PackConfigSummary> {
  /* eslint-disable @typescript-eslint/no-require-imports -- a lazy require: input errors answer before the pack loads */
  const { policies } = require("../policy-pack/policies") as typeof import("../policy-pack/policies");
  const packConfig = require("../policy-pack/testing/pack-config") as typeof import("../policy-pack/testing/pack-config");
  /* eslint-enable @typescript-eslint/no-require-imports */
  let given: Record<string, unknown> = {};
  if (file !== undefined) {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (error) {
      throw new UnreadableInputError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    try {
      given = text.trim() === "" ? {} : JSON.parse(text);
    } catch (error) {
      throw new UnreadableInputError(`${file}: not JSON: ${(error as Error).message}`);
    }
  }
  try {
    const config = packConfig.reconcilePackConfig(policies, given);
    const loosened = packConfig.loosenings(policies, config);
    const ignored = packConfig.unknownPolicyNames(policies, given);
    const lines = [...packConfig.formatLoosenings(loosened), ...ignored.map((name) => `[config] ${JSON.stringify(name)} is not a policy of this pack; the CLI ignores it.`)];
    return { file, config, loosened, ignored, lines };
  } catch (error) {
    if (error instanceof packConfig.PackConfigError) throw new UnreadableInputError(`${file ?? "policy pack config"}: ${error.message}`);
    throw error;
  }
}

export interface CheckReport {
  ok: boolean;
  file: string;
  format: string;
  resources: number;
  violations: Violation[];
  unknowns: PackResult["unknowns"];
  /** What the --policy-pack-config file loosened (empty without one). */
  config: { file?: string; loosened: Loosening[]; ignored: string[] };
}

export async function checkFile(file: string, options: { policyPackConfig?: string } = {}): Promise<CheckReport> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new UnreadableInputError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const { format, resources } = readStateFile(text);
  // Loaded only now: unreadable input is answered without loading Pulumi.
  const summary = await readPackConfigFile(options.policyPackConfig);
  /* eslint-disable @typescript-eslint/no-require-imports -- a lazy require: input errors answer before the pack loads */
  const { policies } = require("../policy-pack/policies") as typeof import("../policy-pack/policies");
  const { runPack } = require("../policy-pack/testing/harness") as typeof import("../policy-pack/testing/harness");
  /* eslint-enable @typescript-eslint/no-require-imports */
  const result = await runPack(policies, resources, summary.config);
  return {
    ok: !result.violations.some((v) => v.level === "mandatory"),
    file,
    format,
    resources: resources.length,
    violations: result.violations,
    unknowns: result.unknowns,
    config: { file: summary.file, loosened: summary.loosened, ignored: summary.ignored },
  };
}

export function formatReport(report: CheckReport): string {
  const lines = [`${report.file} (${report.format}): ${report.resources} resources, ${report.violations.length} violations`];
  if (report.config.loosened.length > 0 || report.config.ignored.length > 0) {
    lines.push("", `${report.config.file} loosens the pack:`);
    for (const item of report.config.loosened) lines.push(`  [config] ${item.policy}: ${item.change}`);
    for (const name of report.config.ignored) lines.push(`  [config] ${JSON.stringify(name)} is not a policy of this pack; the CLI ignores it.`);
  }
  const byResource = new Map<string, Violation[]>();
  for (const violation of report.violations) {
    const key = violation.urn ?? "(stack)";
    byResource.set(key, [...(byResource.get(key) ?? []), violation]);
  }
  for (const [urn, violations] of byResource) {
    lines.push("", urn);
    for (const v of violations) lines.push(`  [${v.level}] ${v.policy}: ${v.message}`);
  }
  for (const unknown of report.unknowns) {
    lines.push("", `  [advisory] ${unknown.policy} could not run on ${unknown.urn ?? "the stack"}: ${unknown.message}`);
  }
  lines.push("", report.ok ? "OK: no mandatory violation." : "FAILED: mandatory violations above.");
  return lines.join("\n");
}

export const USAGE = `usage: npm run -s policy:check -- [--policy-pack-config FILE] <stack-export.json | preview.json> [--json]

Runs the xacct policy pack in-process over a \`pulumi stack export\` file or \`pulumi preview --json
--show-sames\` output (a preview without --show-sames leaves resources out and is refused). A relative
path starts from the directory npm was run in.

  --policy-pack-config FILE  the pack config \`pulumi preview --policy-pack-config FILE\` takes;
                             every rule or knob it loosens is printed
  --json                     print one JSON object instead of the report
  -h, --help                 print this help

Exit codes: 0 no mandatory violation; 1 at least one; 2 unusable arguments, input or config.`;

export async function main(argv: string[], io: Io): Promise<number> {
  let file: string;
  let json: boolean;
  let policyPackConfig: string | undefined;
  try {
    const { help, values, positionals } = parseCommandLine(argv, { json: { type: "boolean" }, "policy-pack-config": { type: "string" } }, true);
    if (help) {
      writeLine(io.stdout, USAGE);
      return 0;
    }
    if (positionals.length !== 1) throw new UsageError(positionals.length ? "give one input file" : "no input file");
    file = resolveFrom(io, positionals[0]);
    json = values.json === true;
    policyPackConfig = values["policy-pack-config"] === undefined ? undefined : resolveFrom(io, values["policy-pack-config"]);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    writeLine(io.stderr, `policy:check: ${error.message}\n${USAGE.split("\n")[0]}`);
    return 2;
  }
  try {
    const report = await checkFile(file, { policyPackConfig });
    writeLine(io.stdout, json ? JSON.stringify(report, null, 2) : formatReport(report));
    return report.ok ? 0 : 1;
  } catch (error) {
    if (error instanceof UnreadableInputError) {
      writeLine(io.stderr, `policy:check: ${file}: ${error.message}`);
      return 2;
    }
    throw error;
  }
}

if (require.main === module) runAsCommand("policy:check", main);
