import * as assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "../tools/offline/stack-files";
import { main } from "../tools/lint-workflows";
import { runTool, startedBeforeTests } from "./support/child-processes";
import { capturedIo } from "./support/io";

async function lint(...args: string[]) {
  const captured = capturedIo(REPO_ROOT);
  const code = await main(args, captured.io);
  return { code, stdout: captured.stdout().trimEnd(), stderr: captured.stderr().trimEnd() };
}

describe("npm run lint:workflows", () => {
  it("passes the shipped workflows (vars context included)", async () => {
    const { code, stdout, stderr } = await lint();
    assert.equal(code, 0, stderr);
    assert.equal(stdout, "actionlint: 2 workflow file(s), 0 finding(s)");
  });

  it("fails a workflow with an undefined context, naming file, line and column", async () => {
    const broken = join(mkdtempSync(join(tmpdir(), "xacct-lint-")), "broken.yml");
    writeFileSync(broken, "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ vars.REGION }} ${{ nosuch.value }}\n");
    const { code, stdout, stderr } = await lint(".github/workflows/preview.yml", broken);
    assert.equal(code, 1);
    assert.equal(stdout, "actionlint: 2 workflow file(s), 1 finding(s)");
    assert.match(stderr, /broken\.yml:6:\d+: undefined variable "nosuch"/);
    assert.doesNotMatch(stderr, /preview\.yml/);
  });

  it("refuses an unknown option or an unreadable file with exit 2", async () => {
    const unknown = await lint("--fix");
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /Unknown option '--fix'/);
    const missing = await lint("no-such-workflow.yml");
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read no-such-workflow\.yml: no such file or directory \(ENOENT\)/);
  });

  const helpFromCommandLine = startedBeforeTests(() => runTool("tools/lint-workflows.ts", ["--help"]));

  it("prints usage for --help and exits 0, from the command line", async () => {
    const help = await helpFromCommandLine();
    assert.equal(help.code, 0, help.stderr);
    assert.match(help.stdout, /^usage: npm run -s lint:workflows/);
  });
});
