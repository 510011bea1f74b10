/**
 * npm run policy:check -- <file> [--json]
 *
 * Runs the xacct policy pack in-process over the resources of a `pulumi stack export` file or of
 * `pulumi preview --json` output, with no Pulumi CLI and no AWS account.
 * Exit 0: no mandatory violation. 1: at least one. 2: the input could not be read.
 */
import { readFileSync } from "node:fs";
import type { PackResult, Violation } from "../policy-pack/testing/harness";
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
  const [{ policies }, { runPack }] = await Promise.all([import("../policy-pack/policies"), import("../policy-pack/testing/harness")]);
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

async function main(argv: string[]): Promise<number> {
  const json = argv.includes("--json");
  const files = argv.filter((a) => !a.startsWith("--"));
  if (files.length !== 1) {
    console.error("usage: npm run policy:check -- <stack-export.json | preview.json> [--json]");
    return 2;
  }
  try {
    const report = await checkFile(files[0]);
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
