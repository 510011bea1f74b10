/**
 * The specs' real child processes: the commands as a user runs them, with their exit codes and
 * pipes. Each costs the suite a second or two of waiting but little of this process's CPU, so
 * they are declared when their spec file loads, all start before the first test (this file is a
 * mocha root-hook plugin, required by .mocharc.json), and run on the other core beside the
 * in-process specs. A test awaits the result of its own process.
 */
import { spawn, SpawnOptions } from "node:child_process";
import { join } from "node:path";
import { REPO_ROOT } from "../../tools/offline/stack-files";

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * A larger young generation for the children: each loads the AWS SDK and exits, and with V8's
 * default semi-space (16 MB) it spends much of its time in scavenges. Garbage collection only; it
 * changes nothing a command does.
 */
const SHORT_LIVED_NODE = "--max-semi-space-size=64";

const declared: Array<() => Promise<unknown>> = [];

/** Declares a job that starts before the first test; the returned function awaits its result (and starts it if it has not started, e.g. under --grep). */
export function startedBeforeTests<T>(start: () => Promise<T>): () => Promise<T> {
  let running: Promise<T> | undefined;
  const result = () => (running ??= start());
  declared.push(result);
  return result;
}

/** Runs `command` to its end, collecting everything it writes. */
export function finished(command: string, args: string[], options: SpawnOptions = {}): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const env = { ...(options.env ?? process.env), NODE_OPTIONS: `${(options.env ?? process.env).NODE_OPTIONS ?? ""} ${SHORT_LIVED_NODE}`.trim() };
    const child = spawn(command, args, { cwd: REPO_ROOT, ...options, env, stdio: ["ignore", "pipe", "pipe"] });
    const out = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
    child.stdout!.on("data", (chunk: Buffer) => out.stdout.push(chunk));
    child.stderr!.on("data", (chunk: Buffer) => out.stderr.push(chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout: Buffer.concat(out.stdout).toString("utf8"), stderr: Buffer.concat(out.stderr).toString("utf8") }));
  });
}

/** The command line of a job of `tools/` as `npm run` runs it: `node -r ./tools/ts-runner.cjs tools/<job>.ts ...args`. */
export function toolCommand(script: string, ...args: string[]): string[] {
  return [process.execPath, "-r", join(REPO_ROOT, "tools/ts-runner.cjs"), join(REPO_ROOT, script), ...args];
}

/** Runs a job of `tools/` to its end, as `npm run` runs it. */
export function runTool(script: string, args: string[], options: SpawnOptions = {}): Promise<Finished> {
  const [node, ...rest] = toolCommand(script, ...args);
  return finished(node, rest, options);
}

export const mochaHooks = {
  beforeAll() {
    // A failure belongs to the test that awaits it, not to this hook.
    for (const result of declared) result().catch(() => undefined);
  },
};
