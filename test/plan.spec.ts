import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { REPO_ROOT, shippedStackConfig, stackFilePath } from "../tools/offline/stack-files";
import { jsonReport, plan } from "../tools/plan/plan";
import { humanReport } from "../tools/plan/report";
import { validConfig } from "./support/fixtures";

const directory = mkdtempSync(join(tmpdir(), "xacct-plan-"));
function planCli(...args: string[]) {
  const result = spawnSync(process.execPath, ["-r", join(REPO_ROOT, "tools/ts-runner.cjs"), join(REPO_ROOT, "tools/plan.ts"), ...args], { cwd: REPO_ROOT, encoding: "utf8" });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("npm run plan", () => {
  for (const stack of ["pair", "source", "target"]) {
    it(`plans the shipped ${stack} stack: no violation, and the proof holds over the pair`, async () => {
      const result = await plan(stack, shippedStackConfig(stack), stackFilePath(stack));
      assert.equal(result.ok, true);
      assert.deepEqual(result.violations, []);
      assert.equal(result.proof.holds, true);
      assert.equal(result.config.deploy, stack === "pair" ? "both" : stack);
      if (stack !== "pair") assert.ok(result.complement, "a one-sided stack is proven together with its other half");
      const report = humanReport(result);
      for (const heading of ["Resources per account", "Policy documents", "Policy pack", "Access proof"]) assert.match(report, new RegExp(`== ${heading}`));
      assert.match(report, /OK: no mandatory violation, and exactly the intended paths are open\./);
    });
  }

  it("prints one JSON object with the documented shape for --json", async () => {
    const report = jsonReport(await plan("target", shippedStackConfig("target"), stackFilePath("target")));
    assert.deepEqual(Object.keys(report).sort(), ["access", "deploy", "ok", "resources", "stack", "violations", "warnings"]);
    assert.equal(report.ok, true);
    assert.equal(report.deploy, "target");
    const accounts = new Set(report.resources.filter((r) => r.type.startsWith("aws:")).map((r) => r.account));
    assert.deepEqual([...accounts], ["222222222222"], "a target stack's own resources are all in the target account");
    const bucketPolicy = report.resources.find((r) => r.type === "aws:s3/bucketPolicy:BucketPolicy");
    assert.match(bucketPolicy?.urn ?? "", /^urn:pulumi:target::xacct::aws:s3\/bucketPolicy:BucketPolicy::target-bucket$/);
    const intended = report.access.filter((a) => a.scope === "whole path" && a.actual === "allowed" && a.expected === "allowed (intended)");
    assert.deepEqual(intended.map((a) => a.action), ["sts:AssumeRole", "s3:PutObject"]);
    for (const cell of report.access) assert.deepEqual(Object.keys(cell).sort(), ["action", "actual", "decidedBy", "expected", "path", "principal", "resource", "scope"]);
  });

  it("runs from the command line, writes the Mermaid diagram, exits 0", () => {
    const diagram = join(directory, "graph.md");
    const { code, stdout, stderr } = planCli("--stack", "pair", "--diagram", diagram);
    assert.equal(code, 0, stderr);
    assert.match(stdout, /^xacct plan: stack pair \(deploy: both\), source 111111111111 → target 222222222222/m);
    const markdown = readFileSync(diagram, "utf8");
    assert.match(markdown, /```mermaid\nflowchart LR/);
    assert.match(markdown, /S3 gateway endpoint\\nvpce-[0-9a-f]{17}/);
    assert.match(markdown, /s3Endpoint -- only the transfer role, only the prefix --> bucket/);
  });

  it("refuses a bad config with the message pulumi preview would print, and a non-zero exit", () => {
    const file = join(directory, "Pulumi.bad.yaml");
    writeFileSync(file, stringify({ config: validConfig({ target: { accountId: "111111111111", prefix: "/incoming/*" } }) }));
    const { code, stdout, stderr } = planCli("--config", file, "--json");
    assert.equal(code, 1);
    assert.equal(stdout, "");
    assert.match(stderr, /Invalid xacct configuration:\n {2}- xacct:target\.prefix: must not start with '\/'/);
  });

  it("exits 2 on unusable arguments", () => {
    assert.equal(planCli().code, 2);
    assert.match(planCli("--stack", "nope").stderr, /Pulumi\.nope\.yaml does not exist/);
    assert.match(planCli("--stack", "pair", "--config", "x").stderr, /exactly one of --stack and --config/);
  });

  it("tells where a target stack's source config is missing", () => {
    const file = join(directory, "Pulumi.lonely.yaml");
    writeFileSync(file, stringify({ config: validConfig({ deploy: "target", sourceStack: "organization/xacct/elsewhere" }) }));
    const { code, stderr } = planCli("--config", file);
    assert.equal(code, 1);
    assert.match(stderr, /xacct:sourceStack is organization\/xacct\/elsewhere, but .*Pulumi\.elsewhere\.yaml does not exist/);
  });
});
