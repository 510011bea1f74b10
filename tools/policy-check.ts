/**
 * npm run -s policy:check -- <file> [--json]
 *
 * Runs the xacct policy pack in-process over the resources of a `pulumi stack export` file or of
 * `pulumi preview --json` output, with no Pulumi CLI and no AWS account.
 * Exit 0: no mandatory violation. 1: at least one. 2: the input could not be read.
 */
import { readFileSync } from "node:fs";
import type { PackResult, Violation } from "../policy-pack/testing/harness";
import { Io, UsageError, parseCommandLine, resolveFrom, runAsCommand, writeLine } from "./cli";
import { UnreadableInputError, readStateFile } from "./offline/state-files";

export interface CheckReport {
  ok: boolean;
  file: string;
  format: string;
  resources: number;
  violations: Violation[];
  unknowns: PackResult["unknowns"];
}

export async function checkFile(file: string): Promise<CheckReport> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new UnreadableInputError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const { format, resources } = readStateFile(text);
  // Loaded only now: unreadable input is answered without loading Pulumi.
  /* eslint-disable @typescript-eslint/no-require-imports -- a lazy require: a CommonJS module's import() would bypass ts-node */
  const { policies } = require("../policy-pack/policies") as typeof import("../policy-pack/policies");
  const { runPack } = require("../policy-pack/testing/harness") as typeof import("../policy-pack/testing/harness");
  /* eslint-enable @typescript-eslint/no-require-imports */
  const result = await runPack(policies, resources);
  return {
    ok: !result.violations.some((v) => v.level === "mandatory"),
    file,
    format,
    resources: resources.length,
    violations: result.violations,
    unknowns: result.unknowns,
  };
}

export function formatReport(report: CheckReport): string {
  const lines = [`${report.file} (${report.format}): ${report.resources} resources, ${report.violations.length} violations`];
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

export const USAGE = `usage: npm run -s policy:check -- <stack-export.json | preview.json> [--json]

Runs the xacct policy pack in-process over a \`pulumi stack export\` file or \`pulumi preview --json\`
output. A relative path starts from the directory npm was run in.

  --json      print one JSON object instead of the report
  -h, --help  print this help

Exit codes: 0 no mandatory violation; 1 at least one; 2 unusable arguments or input.`;

export async function main(argv: string[], io: Io): Promise<number> {
  let file: string;
  let json: boolean;
  try {
    const { help, values, positionals } = parseCommandLine(argv, { json: { type: "boolean" } }, true);
    if (help) {
      writeLine(io.stdout, USAGE);
      return 0;
    }
    if (positionals.length !== 1) throw new UsageError(positionals.length ? "give one input file" : "no input file");
    file = resolveFrom(io, positionals[0]);
    json = values.json === true;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    writeLine(io.stderr, `policy:check: ${error.message}\n${USAGE.split("\n")[0]}`);
    return 2;
  }
  try {
    const report = await checkFile(file);
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
