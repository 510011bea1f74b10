/**
 * What every command-line job here shares: argument parsing (node:util parseArgs, so `--flag value`,
 * `--flag=value` and `-h` work), one-line errors, paths relative to where the user ran npm, and an
 * exit that lets a large output drain into a slow pipe.
 */
import { accessSync, constants, existsSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { parseArgs } from "node:util";

/** Where a command writes, and the directory its relative paths start from. */
export interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  cwd: string;
}

/** A command's entry point: returns its exit code, never calls process.exit. */
export type Main = (argv: string[], io: Io) => Promise<number>;

/** Unusable arguments: exit 2 with the usage. */
export class UsageError extends Error {}

/** A file that cannot be read, parsed or written: exit 2 with one line naming the file. */
export class FileError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`${file}: ${reason}`);
  }
}

type OptionSpec = { type: "string" | "boolean"; short?: string };

export interface ParsedCommandLine<O extends Record<string, OptionSpec>> {
  help: boolean;
  values: { [K in keyof O]?: O[K]["type"] extends "string" ? string : boolean };
  positionals: string[];
}

/**
 * Parses `argv` strictly: unknown options, a missing value and a repeated option are UsageErrors.
 * `--help`/`-h` is always accepted.
 */
export function parseCommandLine<O extends Record<string, OptionSpec>>(argv: string[], options: O, positionals = false): ParsedCommandLine<O> {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv, options: { ...options, help: { type: "boolean", short: "h" } }, strict: true, allowPositionals: positionals, tokens: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const seen = new Set<string>();
  for (const token of parsed.tokens ?? []) {
    if (token.kind !== "option") continue;
    if (seen.has(token.name)) throw new UsageError(`--${token.name} is given more than once`);
    seen.add(token.name);
  }
  const { help, ...values } = parsed.values as Record<string, string | boolean | undefined>;
  return { help: help === true, values: values as ParsedCommandLine<O>["values"], positionals: parsed.positionals };
}

/** npm runs scripts from the package root and says where the user was in INIT_CWD. */
export function userDirectory(env: NodeJS.ProcessEnv = process.env): string {
  return env.INIT_CWD ?? process.cwd();
}

export function resolveFrom(io: Io, file: string): string {
  return resolve(io.cwd, file);
}

/** The reason an fs call failed, in one line: the errno code when there is one. */
export function fsReason(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  const reasons: Record<string, string> = {
    ENOENT: "no such file or directory",
    EACCES: "permission denied",
    EISDIR: "is a directory",
    ENOTDIR: "a parent is not a directory",
    EROFS: "read-only file system",
  };
  return code ? `${reasons[code] ?? "cannot access"} (${code})` : String(message).split("\n")[0];
}

/** Fails early, before any work, when `file` cannot be written: a directory, or a missing or read-only parent. */
export function assertWritable(file: string, what: string): void {
  try {
    if (existsSync(file) && statSync(file).isDirectory()) throw Object.assign(new Error("is a directory"), { code: "EISDIR" });
    accessSync(existsSync(file) ? file : dirname(file), constants.W_OK);
  } catch (error) {
    throw new FileError(file, `cannot write ${what}: ${fsReason(error)}`);
  }
}

export function writeLine(stream: NodeJS.WritableStream, text: string): void {
  stream.write(text.endsWith("\n") ? text : `${text}\n`);
}

/**
 * Runs `main` as the process's command: sets process.exitCode (never process.exit, which would cut a
 * large output still queued for a slow pipe) and turns a closed pipe (`| head`) into a quiet exit.
 */
export function runAsCommand(name: string, main: Main): void {
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
  main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, cwd: userDirectory() }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${name}: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
