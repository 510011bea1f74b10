/**
 * npm run policy:check -- [--policy-pack-config FILE] <file> [--json]
 *
 * Runs the xacct policy pack in-process over the resources of a `pulumi stack export` file or of
 * `pulumi preview --json --show-sames` output, with no Pulumi CLI and no AWS account. FILE is the
 * same JSON `pulumi preview --policy-pack-config FILE` takes, validated against each rule's
 * configSchema as the CLI does; every rule it disables or lowers, and every knob it moves from its
 * default, is printed.
 * Exit 0: no mandatory violation. 1: at least one. 2: the input or the config could not be read or
 * judged (e.g. a preview without --show-sames).
 */
import { readFileSync } from "node:fs";
import type { PackResult, Violation } from "../policy-pack/testing/harness";
import type { Loosening, ReconciledConfig } from "../policy-pack/testing/pack-config";
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
  const [{ policies }, packConfig] = await Promise.all([import("../policy-pack/policies"), import("../policy-pack/testing/pack-config")]);
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
  const [{ policies }, { runPack }] = await Promise.all([import("../policy-pack/policies"), import("../policy-pack/testing/harness")]);
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

async function main(argv: string[]): Promise<number> {
  const json = argv.includes("--json");
  // --policy-pack-config FILE or --policy-pack-config=FILE, as `pulumi preview` takes it.
  const configAt = argv.findIndex((a) => a === "--policy-pack-config" || a.startsWith("--policy-pack-config="));
  const policyPackConfig = configAt < 0 ? undefined : argv[configAt].includes("=") ? argv[configAt].split("=").slice(1).join("=") : argv[configAt + 1];
  const files = argv.filter((a, i) => !a.startsWith("--") && !(configAt >= 0 && i === configAt + 1 && !argv[configAt].includes("=")));
  if (files.length !== 1 || (configAt >= 0 && !policyPackConfig)) {
    console.error("usage: npm run policy:check -- [--policy-pack-config FILE] <stack-export.json | preview.json> [--json]");
    return 2;
  }
  try {
    const report = await checkFile(files[0], { policyPackConfig });
    console.log(json ? JSON.stringify(report, null, 2) : formatReport(report));
    return report.ok ? 0 : 1;
  } catch (error) {
    if (error instanceof UnreadableInputError) {
      console.error(`policy:check: ${files[0]}: ${error.message}`);
      return 2;
    }
    throw error;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
