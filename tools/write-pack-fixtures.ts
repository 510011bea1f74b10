/**
 * npm run -s fixtures:pack [-- --check] [--fixtures <dir>]
 *
 * Writes the policy pack's own fixtures: what the Pulumi CLI would hold for each shipped stack, as
 * `pulumi stack export` documents, and each stack's first `pulumi preview --json`. The pack's
 * specs read these JSON files and never import the program, so the pack folder stands alone; run
 * this again after a change to the program and review the diff. `--check` writes nothing and
 * fails, naming each file, when the committed fixtures no longer match what the program produces.
 */
import "./offline/deferred-sdk-dependencies";
import { readFileSync, writeFileSync } from "node:fs";
import { isAbsolute, join, relative } from "node:path";
import { FileError, Io, UsageError, assertWritable, fsReason, parseCommandLine, resolveFrom, runAsCommand, writeLine } from "./cli";
import { PACK_FIXTURE_STACKS, REPO_ROOT } from "./offline/stack-files";

export const FIXTURES_DIR = join(REPO_ROOT, "policy-pack", "testing", "fixtures");

export const USAGE = `usage: npm run -s fixtures:pack -- [--check] [--fixtures <dir>]

Writes the policy pack's fixtures (a stack export and a preview JSON of each shipped stack: ${PACK_FIXTURE_STACKS.join(", ")})
from the program run offline under mocks.

  --check             write nothing; fail, naming each file, when a fixture differs from what the program produces
  --fixtures <dir>    the fixtures directory (relative to the directory npm was run in);
                      default policy-pack/testing/fixtures
  -h, --help          print this help

Exit codes: 0 written, or (--check) every fixture is current; 1 (--check) a fixture is stale or
missing; 2 unusable arguments or files.`;

const OPTIONS = { check: { type: "boolean" }, fixtures: { type: "string" } } as const;

/** The file name and exact content of every fixture, as the program produces them now. */
export async function expectedFixtures(): Promise<{ name: string; content: string }[]> {
  // Loaded only now: `--help` and argument errors answer without loading Pulumi and the AWS SDK.
  /* eslint-disable @typescript-eslint/no-require-imports -- a lazy require: a CommonJS module's import() would bypass ts-node */
  const { runShippedStack } = require("./offline/shipped-stacks") as typeof import("./offline/shipped-stacks");
  const { previewJson, stackExport } = require("./offline/state-documents") as typeof import("./offline/state-documents");
  /* eslint-enable @typescript-eslint/no-require-imports */
  const fixtures: { name: string; content: string }[] = [];
  for (const stack of PACK_FIXTURE_STACKS) {
    const { run } = await runShippedStack(stack);
    fixtures.push({ name: `${stack}.export.json`, content: `${JSON.stringify(stackExport(run, stack), null, 2)}\n` });
    fixtures.push({ name: `${stack}.preview.json`, content: `${JSON.stringify(previewJson(run, stack), null, 2)}\n` });
  }
  return fixtures;
}

function readOrUndefined(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new FileError(file, `cannot read the fixture: ${fsReason(error)}`);
  }
}

export async function main(argv: string[], io: Io): Promise<number> {
  try {
    return await fixturesCommand(argv, io);
  } catch (error) {
    if (error instanceof UsageError) {
      writeLine(io.stderr, `fixtures:pack: ${error.message} (see --help)`);
      return 2;
    }
    if (error instanceof FileError) {
      writeLine(io.stderr, `fixtures:pack: ${error.message}`);
      return 2;
    }
    throw error;
  }
}

async function fixturesCommand(argv: string[], io: Io): Promise<number> {
  const { help, values } = parseCommandLine(argv, OPTIONS);
  if (help) {
    writeLine(io.stdout, USAGE);
    return 0;
  }
  const directory = values.fixtures === undefined ? FIXTURES_DIR : resolveFrom(io, values.fixtures);
  const shown = (file: string) => {
    const path = relative(io.cwd, file);
    return path === "" || path.startsWith("..") || isAbsolute(path) ? file : path;
  };
  const fixtures = (await expectedFixtures()).map((f) => ({ ...f, file: join(directory, f.name) }));

  if (values.check) {
    const stale = fixtures.filter((f) => readOrUndefined(f.file) !== f.content);
    for (const f of stale) writeLine(io.stderr, `fixtures:pack: ${shown(f.file)} is ${readOrUndefined(f.file) === undefined ? "missing" : "stale"}: run npm run -s fixtures:pack and review the diff`);
    if (stale.length === 0) writeLine(io.stdout, `fixtures:pack: ${fixtures.length} fixtures in ${shown(directory)} match the program`);
    return stale.length === 0 ? 0 : 1;
  }

  for (const f of fixtures) assertWritable(f.file, "the fixture");
  for (const f of fixtures) {
    try {
      writeFileSync(f.file, f.content);
    } catch (error) {
      throw new FileError(f.file, `cannot write the fixture: ${fsReason(error)}`);
    }
    writeLine(io.stdout, `wrote ${shown(f.file)}`);
  }
  return 0;
}

if (require.main === module) runAsCommand("fixtures:pack", main);
