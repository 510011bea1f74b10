import * as assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseCommandLine, UsageError } from "../tools/cli";
import { main as lintWorkflows } from "../tools/lint-workflows";
import { main as policyCheck } from "../tools/policy-check";
import { finished, startedBeforeTests, toolCommand } from "./support/child-processes";
import { capturedIo } from "./support/io";

const directory = mkdtempSync(join(tmpdir(), "xacct-cli-"));

/**
 * Runs a command as the user would pipe it, through a reader that starts reading only after a
 * second, so the pipe's 64 KiB buffer is full while the command finishes. Resolves to the
 * command's own exit code (pipefail) and everything the reader received.
 */
function throughSlowReader(script: string, ...args: string[]) {
  const command = toolCommand(script, ...args).map((a) => `'${a}'`).join(" ");
  return finished("bash", ["-c", `set -o pipefail; ${command} | (sleep 1; cat)`]);
}

/** A `pulumi stack export` with `count` IAM users on the default provider: many violations, a large report. */
function exportWithManyViolations(count: number): string {
  const stack = "urn:pulumi:big::xacct";
  const resources = Array.from({ length: count }, (_, i) => ({
    urn: `${stack}::aws:iam/user:User::user-${i}`,
    custom: true,
    id: `user-${i}`,
    type: "aws:iam/user:User",
    inputs: { name: `user-${i}` },
    outputs: { name: `user-${i}` },
    provider: `${stack}::pulumi:providers:aws::default_7_48_0::04da6b54-80e4-46f7-96ec-b56ff0331ba9`,
  }));
  const provider = { urn: `${stack}::pulumi:providers:aws::default_7_48_0`, custom: true, id: "04da6b54-80e4-46f7-96ec-b56ff0331ba9", type: "pulumi:providers:aws", inputs: {}, outputs: {} };
  const file = join(directory, "many-violations.json");
  writeFileSync(file, JSON.stringify({ version: 3, deployment: { resources: [provider, ...resources] } }));
  return file;
}

describe("command-line manners", () => {
  describe("output into a slow pipe is never cut (exit code set, stdout left to drain)", () => {
    const planThroughPipe = startedBeforeTests(() => throughSlowReader("tools/plan.ts", "--stack", "pair", "--json"));
    const policyCheckThroughPipe = startedBeforeTests(() => throughSlowReader("tools/policy-check.ts", exportWithManyViolations(400), "--json"));

    it("npm run plan -- --json", async () => {
      const { code, stdout, stderr } = await planThroughPipe();
      assert.equal(code, 0, stderr);
      assert.ok(stdout.length > 65536, `the report is ${stdout.length} bytes; the test needs more than the pipe buffer`);
      assert.equal(JSON.parse(stdout).ok, true);
    });

    it("npm run policy:check -- --json, with violations (exit 1)", async () => {
      const { code, stdout, stderr } = await policyCheckThroughPipe();
      assert.equal(code, 1, stderr);
      assert.ok(stdout.length > 65536, `the report is ${stdout.length} bytes; the test needs more than the pipe buffer`);
      const report = JSON.parse(stdout);
      assert.equal(report.ok, false);
      assert.ok(report.violations.length >= 400);
    });
  });

  describe("parseCommandLine", () => {
    const options = { stack: { type: "string" }, json: { type: "boolean" } } as const;
    it("takes --flag value and --flag=value alike", () => {
      assert.deepEqual(parseCommandLine(["--stack", "pair", "--json"], options).values, { stack: "pair", json: true });
      assert.deepEqual(parseCommandLine(["--stack=pair"], options).values, { stack: "pair" });
    });
    it("refuses a repeated flag, even with the same value", () => {
      assert.throws(() => parseCommandLine(["--stack", "pair", "--stack=source"], options), (e: Error) => e instanceof UsageError && /--stack is given more than once/.test(e.message));
      assert.throws(() => parseCommandLine(["--json", "--json"], options), /--json is given more than once/);
    });
    it("refuses unknown flags, a missing value and stray arguments", () => {
      assert.throws(() => parseCommandLine(["--stak", "pair"], options), UsageError);
      assert.throws(() => parseCommandLine(["--stack"], options), UsageError);
      assert.throws(() => parseCommandLine(["--stack", "--json"], options), UsageError);
      assert.throws(() => parseCommandLine(["pair"], options), UsageError);
    });
    it("knows -h and --help", () => {
      assert.equal(parseCommandLine(["-h"], options).help, true);
      assert.equal(parseCommandLine(["--help"], options).help, true);
      assert.equal(parseCommandLine([], options).help, false);
    });
  });

  describe("npm run policy:check", () => {
    const stateFile = join(directory, "empty-export.json");
    writeFileSync(stateFile, JSON.stringify({ version: 3, deployment: { resources: [] } }));

    it("prints its usage for --help and -h, exit 0", async () => {
      for (const flag of ["--help", "-h"]) {
        const out = capturedIo(directory);
        assert.equal(await policyCheck([flag], out.io), 0);
        assert.match(out.stdout(), /^usage: npm run -s policy:check -- \[--policy-pack-config FILE\] <stack-export\.json \| preview\.json> \[--json\]/);
        assert.equal(out.stderr(), "");
      }
    });

    it("reads a relative path from the directory npm was run in", async () => {
      const out = capturedIo(directory);
      assert.equal(await policyCheck(["empty-export.json", "--json"], out.io), 0, out.stderr());
      assert.equal(JSON.parse(out.stdout()).file, stateFile);
    });

    it("refuses a repeated flag and a second file, exit 2", async () => {
      for (const argv of [[stateFile, "--json", "--json"], [stateFile, stateFile]]) {
        const out = capturedIo(directory);
        assert.equal(await policyCheck(argv, out.io), 2);
        assert.match(out.stderr(), /^policy:check: .*\nusage:/);
      }
    });

    it("answers an empty or unreadable file with one line naming it, exit 2", async () => {
      const empty = join(directory, "empty.json");
      writeFileSync(empty, "");
      for (const file of [empty, directory]) {
        const out = capturedIo(directory);
        assert.equal(await policyCheck([file], out.io), 2);
        assert.equal(out.stderr().trimEnd().split("\n").length, 1, out.stderr());
        assert.ok(out.stderr().includes(file), out.stderr());
      }
    });
  });

  describe("npm run lint:workflows", () => {
    it("prints its usage for --help, exit 0; refuses arguments it does not know, exit 2", async () => {
      const help = capturedIo(directory);
      assert.equal(await lintWorkflows(["--help"], help.io), 0);
      assert.match(help.stdout(), /^usage: npm run -s lint:workflows/);
      const unknown = capturedIo(directory);
      assert.equal(await lintWorkflows(["--fix"], unknown.io), 2);
      assert.match(unknown.stderr(), /^lint:workflows: Unknown option '--fix'/);
    });
  });
});
