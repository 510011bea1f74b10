/** In-memory stdout/stderr for calling a command's `main` in-process. */
import { Writable } from "node:stream";
import { Io } from "../../tools/cli";

export interface CapturedIo {
  io: Io;
  stdout(): string;
  stderr(): string;
}

export function capturedIo(cwd: string): CapturedIo {
  const chunks = { stdout: [] as string[], stderr: [] as string[] };
  const sink = (into: string[]) =>
    new Writable({
      write(chunk, _encoding, done) {
        into.push(String(chunk));
        done();
      },
    });
  return {
    io: { stdout: sink(chunks.stdout), stderr: sink(chunks.stderr), cwd },
    stdout: () => chunks.stdout.join(""),
    stderr: () => chunks.stderr.join(""),
  };
}
