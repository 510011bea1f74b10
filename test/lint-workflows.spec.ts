import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "../tools/offline/stack-files";

function lintCli(...args: string[]) {
  const result = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", join(REPO_ROOT, "tools/lint-workflows.ts"), ...args], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    env: { ...process.env, INIT_CWD: REPO_ROOT },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("npm run lint:workflows", () => {
  it("passes the shipped workflow (vars context included) and fails a workflow with an undefined context, naming file and line", () => {
    const directory = mkdtempSync(join(tmpdir(), "xacct-lint-"));
    const broken = join(directory, "broken.yml");
    writeFileSync(broken, "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ vars.REGION }} ${{ nosuch.value }}\n");
    const { code, stdout, stderr } = lintCli(".github/workflows/preview.yml", broken);
    assert.equal(code, 1, stderr);
    assert.equal(stdout.trim(), "actionlint: 2 workflow file(s), 1 finding(s)");
    assert.match(stderr, /broken\.yml:6:\d+: undefined variable "nosuch"/);
    assert.doesNotMatch(stderr, /preview\.yml/);
  });

  it("prints usage for --help (exit 0) and refuses an unknown option or unreadable file (exit 2)", () => {
    const help = lintCli("--help");
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^usage: npm run -s lint:workflows/);
    const unknown = lintCli("--fix");
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown option --fix/);
    const missing = lintCli("no-such-workflow.yml");
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read no-such-workflow\.yml: ENOENT/);
  });
});
