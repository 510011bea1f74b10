import * as assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkFile, formatReport, main, readPackConfigFile } from "../tools/policy-check";
import { REPO_ROOT } from "../tools/offline/stack-files";
import { UnreadableInputError } from "../tools/offline/state-files";
import { capturedIo } from "./support/io";

const FIXTURES = join(REPO_ROOT, "policy-pack", "testing", "fixtures");
const fixture = (name: string) => JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), "utf8"));

const directory = mkdtempSync(join(tmpdir(), "xacct-policy-check-"));
function write(name: string, content: unknown): string {
  const file = join(directory, name);
  writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content, null, 2));
  return file;
}
/** `npm run -s policy:check -- ...args` in-process (test/cli.spec.ts runs it as a real process). */
async function cli(...args: string[]) {
  const captured = capturedIo(REPO_ROOT);
  const code = await main(args, captured.io);
  return { code, stdout: captured.stdout(), stderr: captured.stderr() };
}

describe("npm run policy:check", () => {
  it("passes a `pulumi stack export` of each shipped stack", async () => {
    for (const stack of ["pair", "source", "target"]) {
      const report = await checkFile(join(FIXTURES, `${stack}.export.json`));
      assert.equal(report.format, "stack-export");
      assert.deepEqual(report.violations.map((v) => `${v.level} ${v.policy}`), stack === "source" ? ["advisory xacct-source-target-designated"] : [], stack);
      assert.equal(report.ok, true);
    }
  });

  it("passes the first `pulumi preview --json --show-sames` of each shipped stack: unknowns computed from the stack's own resources are not refused", async () => {
    for (const stack of ["pair", "source", "target"]) {
      const report = await checkFile(join(FIXTURES, `${stack}.preview.json`));
      assert.equal(report.format, "preview-json");
      assert.deepEqual(report.violations.map((v) => `${v.level} ${v.policy}`), stack === "source" ? ["advisory xacct-source-target-designated"] : [], stack);
      assert.deepEqual(report.unknowns, [], stack);
    }
  });

  it("reports a weakened export, grouped by resource, and exits 1", async () => {
    const document = fixture("pair.export");
    const role = document.deployment.resources.find((s: any) => s.urn.endsWith("aws:iam/role:Role::target-transfer"));
    const trust = JSON.parse(role.inputs.assumeRolePolicy);
    trust.Statement[0].Principal.AWS = "arn:aws:iam::111111111111:root";
    role.inputs = { ...role.inputs, assumeRolePolicy: JSON.stringify(trust), maxSessionDuration: 43200 };
    const { code, stdout } = await cli(write("weak-export.json", document));
    assert.equal(code, 1, stdout);
    assert.match(stdout, /urn:pulumi:pair::xacct::aws:iam\/role:Role::target-transfer\n {2}\[mandatory\] /);
    assert.match(stdout, / {2}\[mandatory\] iam-role-max-session-1h: maxSessionDuration is 43200 s/);
    assert.match(stdout, /FAILED: mandatory violations above\./);
  });

  it("takes --policy-pack-config FILE (or =FILE), prints what it loosens, and prints JSON with --json", async () => {
    const document = fixture("pair.preview");
    const bucket = document.steps.find((s: any) => s.newState.type === "aws:s3/bucket:Bucket").newState;
    bucket.provider = "urn:pulumi:pair::xacct::pulumi:providers:aws::default_7_48_0::04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    document.steps.push({ op: "create", urn: "urn:pulumi:pair::xacct::pulumi:providers:aws::default_7_48_0", newState: { urn: "urn:pulumi:pair::xacct::pulumi:providers:aws::default_7_48_0", type: "pulumi:providers:aws", custom: true, inputs: { allowedAccountIds: "[\"222222222222\"]" }, outputs: {} } });
    document.changeSummary.create += 1;
    const config = write("lowered.json", { "aws-explicit-provider": "advisory", "s3-bucket-hardening": { requireProtect: false } });
    const lowered = await cli(`--policy-pack-config=${config}`, write("default-provider-preview.json", document), "--json");
    assert.equal(lowered.code, 0, lowered.stdout + lowered.stderr);
    const report = JSON.parse(lowered.stdout);
    assert.deepEqual(report.violations.filter((v: any) => v.policy === "aws-explicit-provider").map((v: any) => [v.urn, v.level]), [["urn:pulumi:pair::xacct::aws:s3/bucket:Bucket::target-bucket", "advisory"]]);
    assert.deepEqual(report.config.loosened.map((l: any) => l.policy).sort(), ["aws-explicit-provider", "s3-bucket-hardening"]);
  });

  it("refuses a preview without --show-sames with exit 2, telling to rerun with it", async () => {
    const partial = fixture("pair.preview");
    partial.steps = partial.steps.filter((s: any) => !s.urn.includes("aws:iam/role:Role::source-instance"));
    partial.changeSummary = { create: partial.steps.length, same: 1 };
    const refused = await cli(write("partial-preview.json", partial));
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /leaves out 1 unchanged resource.*pulumi preview --json --show-sames/);
  });

  it("refuses a config the CLI would refuse, naming the policy and the key", async () => {
    const pair = join(FIXTURES, "pair.export.json");
    const refusal = (config: unknown) => checkFile(pair, { policyPackConfig: write("config.json", config) });
    await assert.rejects(refusal({ "iam-role-max-session-1h": { maxSessionSeconds: 43200 } }), (e: Error) => e instanceof UnreadableInputError && /Policy "iam-role-max-session-1h": maxSessionSeconds: must be <= 3600/.test(e.message));
    await assert.rejects(readPackConfigFile(write("pattern.json", { "aws-resource-types-understood": { reviewedTypes: ["aws:kms/*:*"] } })), /reviewedTypes\.0: must match pattern/);
    await assert.rejects(refusal({ all: "strict" }), /"strict" for "all" is not a valid enforcement level/);
    await assert.rejects(checkFile(pair, { policyPackConfig: write("broken-config.json", "{") }), /broken-config\.json: not JSON/);
  });

  it("prints the loosened rules before the verdict", async () => {
    const report = await checkFile(join(FIXTURES, "pair.export.json"), { policyPackConfig: write("all-advisory.json", { all: "advisory", "xacct-values-known": "disabled" }) });
    const text = formatReport(report);
    assert.match(text, /loosens the pack:\n {2}\[config\] iam-no-wildcard-actions: lowered from mandatory to advisory/);
    assert.match(text, / {2}\[config\] xacct-values-known: disabled \(its own level is mandatory\)/);
  });

  it("refuses input it cannot read with a clear message (exit 2)", async () => {
    const refused = async (file: string, message: RegExp) => assert.rejects(checkFile(file), (e: Error) => e instanceof UnreadableInputError && message.test(e.message));
    await refused(write("broken.json", "{ not json"), /^not JSON/);
    await refused(write("other.json", { hello: "world" }), /neither a `pulumi stack export` file \(deployment\.resources\) nor `pulumi preview --json` output \(steps\)/);
    await refused(join(directory, "missing.json"), /cannot read .*missing\.json: ENOENT/);
  });
});
