import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkFile, formatReport } from "../tools/policy-check";
import { ProgramRun } from "../tools/offline/run-program";
import { REPO_ROOT } from "../tools/offline/stack-files";
import { runShippedStack } from "./support/program-stacks";
import { previewJson, stackExport } from "./support/state-documents";

const directory = mkdtempSync(join(tmpdir(), "xacct-policy-check-"));
function write(name: string, content: unknown): string {
  const file = join(directory, name);
  writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content, null, 2));
  return file;
}
function cli(...args: string[]) {
  const result = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", join(REPO_ROOT, "tools/policy-check.ts"), ...args], { cwd: REPO_ROOT, encoding: "utf8" });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("npm run policy:check", () => {
  let pair: ProgramRun;
  before(async () => {
    pair = (await runShippedStack("pair")).run;
  });

  it("passes a `pulumi stack export` of the shipped pair stack", async () => {
    const report = await checkFile(write("pair-export.json", stackExport(pair, "pair")));
    assert.equal(report.format, "stack-export");
    assert.equal(report.resources, pair.resources.length - 1);
    assert.deepEqual(report.violations, []);
    assert.equal(report.ok, true);
  });

  it("passes `pulumi preview --json` of a first deployment: rules that meet unknown ids are advisory, the wiring holds", async () => {
    const report = await checkFile(write("pair-preview.json", previewJson(pair, "pair")));
    assert.equal(report.format, "preview-json");
    assert.deepEqual(report.violations, []);
    const unknown = report.unknowns.find((u) => /can't be known during preview/.test(u.message));
    assert.ok(unknown, JSON.stringify(report.unknowns));
    assert.match(formatReport(report), new RegExp(`\\[advisory\\] ${unknown.policy} could not run`));
  });

  it("reports a weakened export, grouped by resource, and exits 1", () => {
    const file = write("weak-export.json", stackExport(pair, "pair", (states) => {
      const role = states.find((s) => s.urn.endsWith("aws:iam/role:Role::target-transfer"))!;
      const trust = JSON.parse(role.inputs.assumeRolePolicy as string);
      trust.Statement[0].Principal.AWS = "arn:aws:iam::111111111111:root";
      role.inputs = { ...role.inputs, assumeRolePolicy: JSON.stringify(trust), maxSessionDuration: 43200 };
    }));
    const { code, stdout } = cli(file);
    assert.equal(code, 1, stdout);
    assert.match(stdout, /urn:pulumi:pair::xacct::aws:iam\/role:Role::target-transfer\n {2}\[mandatory\] iam-trust-exact-principals: .*:root", which is a whole account/);
    assert.match(stdout, / {2}\[mandatory\] iam-role-max-session-1h: maxSessionDuration is 43200 s/);
    assert.match(stdout, /FAILED: mandatory violations above\./);
  });

  it("reports a default provider in preview output, and prints JSON with --json", () => {
    const file = write("default-provider-preview.json", previewJson(pair, "pair", (states) => {
      const bucket = states.find((s) => s.type === "aws:s3/bucket:Bucket")!;
      bucket.provider = "urn:pulumi:pair::xacct::pulumi:providers:aws::default_7_48_0::04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    }));
    const { code, stdout } = cli(file, "--json");
    assert.equal(code, 1);
    const report = JSON.parse(stdout);
    assert.equal(report.ok, false);
    assert.deepEqual(
      report.violations.filter((v: any) => v.policy === "aws-explicit-provider").map((v: any) => v.urn),
      ["urn:pulumi:pair::xacct::aws:s3/bucket:Bucket::target-bucket"],
    );
  });

  it("exits 2 with a clear message on input it cannot read", () => {
    const notJson = cli(write("broken.json", "{ not json"));
    assert.equal(notJson.code, 2);
    assert.match(notJson.stderr, /broken\.json: not JSON/);
    const wrongShape = cli(write("other.json", { hello: "world" }));
    assert.equal(wrongShape.code, 2);
    assert.match(wrongShape.stderr, /neither a `pulumi stack export` file \(deployment\.resources\) nor `pulumi preview --json` output \(steps\)/);
    const missing = cli(join(directory, "missing.json"));
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read .*missing\.json: ENOENT/);
  });
});
