import * as assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { REPO_ROOT, readStackFile } from "../tools/offline/stack-files";
import { main, sourceStacksOf } from "../tools/source-stacks";
import { capturedIo } from "./support/io";

async function sourceStacks(...args: string[]) {
  const captured = capturedIo(REPO_ROOT);
  const code = await main(args, captured.io);
  return { code, stdout: captured.stdout(), stderr: captured.stderr().trimEnd() };
}

describe("npm run source-stacks (what the deploy workflow checks before a target)", () => {
  it("prints the source stack of a split target, each source stack of a split fan-in target, nothing for a stack that reads none", async () => {
    assert.deepEqual(await sourceStacks("--stack", "target"), { code: 0, stdout: "source\n", stderr: "" });
    assert.deepEqual(await sourceStacks("--stack=fanin-target"), { code: 0, stdout: "fanin-team-a\nfanin-team-b\nfanin-team-c\n", stderr: "" });
    for (const stack of ["pair", "source", "fanin-team-a", "fanin"]) assert.deepEqual(await sourceStacks("--stack", stack), { code: 0, stdout: "", stderr: "" }, stack);
  });

  it("refuses a key that names no stack, naming the key and value, before the workflow passes it to the shell", () => {
    assert.deepEqual(sourceStacksOf({ "xacct:sourceStacks": ["fanin-team-a", "a; rm -rf ~"] }), {
      error: `xacct:sourceStacks[1] "a; rm -rf ~" must be a stack name such as source, or <organization>/<project>/<stack>, each part made of letters, digits, '_', '.' or '-'`,
    });
    assert.match((sourceStacksOf({ "xacct:sourceStacks": "fanin-team-a" }) as { error: string }).error, /^xacct:sourceStacks must be a list of stack names/);
    assert.match((sourceStacksOf({ "xacct:sourceStack": 7 }) as { error: string }).error, /^xacct:sourceStack 7 must be a stack name/);
    assert.deepEqual(sourceStacksOf({ "xacct:sourceStack": "acme/xacct/source" }), { stacks: ["acme/xacct/source"] });
  });

  it("exits 2 with one line for a missing stack file, a missing --stack or an unknown option; prints usage for --help", async () => {
    const missing = await sourceStacks("--stack", "no-such-stack");
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^source-stacks: .*Pulumi\.no-such-stack\.yaml: cannot read: no such file or directory \(ENOENT\)$/);
    assert.equal((await sourceStacks()).code, 2);
    assert.match((await sourceStacks("--stacks", "x")).stderr, /^source-stacks: Unknown option '--stacks'/);
    const help = await sourceStacks("--help");
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^usage: npm run -s source-stacks -- --stack <name>/);
  });
});

describe("the deploy workflow", () => {
  it("offers every shipped stack that deploys one account's half (source or target), and only those", () => {
    const workflow = parse(readFileSync(join(REPO_ROOT, ".github/workflows/deploy.yml"), "utf8"));
    const offered: string[] = workflow.on.workflow_dispatch.inputs.stack.options;
    const split = readdirSync(REPO_ROOT)
      .map((file) => /^Pulumi\.(.+)\.yaml$/.exec(file)?.[1])
      .filter((stack): stack is string => stack !== undefined && ["source", "target"].includes(String(readStackFile(join(REPO_ROOT, `Pulumi.${stack}.yaml`))["xacct:deploy"])));
    assert.deepEqual([...offered].sort(), split.sort());
  });

  it("runs each stack in the environment its account's bootstrap lets deploy (xacct-<stack>)", () => {
    const offered: string[] = parse(readFileSync(join(REPO_ROOT, ".github/workflows/deploy.yml"), "utf8")).on.workflow_dispatch.inputs.stack.options;
    const bootstraps = readdirSync(join(REPO_ROOT, "bootstrap")).filter((file) => /^Pulumi\..+\.yaml$/.test(file));
    assert.ok(bootstraps.length >= 3);
    for (const file of bootstraps) {
      const environment = readStackFile(join(REPO_ROOT, "bootstrap", file))["xacct-bootstrap:deployEnvironment"];
      assert.ok(offered.map((stack) => `xacct-${stack}`).includes(String(environment)), `${file}: deployEnvironment ${environment} is no deploy job's environment`);
    }
  });
});
