/** xacct:pattern direct: no transfer role, no STS endpoint; the instance role writes itself. */
import * as assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { parseConfig } from "../infra/config";
import { FIRST_BOOT, SID, buildDirectBucketPolicy, buildDirectS3EndpointPolicy, buildInstanceRoleDirectPolicy } from "../infra/policies";
import { policies } from "../policy-pack/policies";
import { runPack } from "../policy-pack/testing/harness";
import { packResources } from "../tools/offline/pack-input";
import { ProgramRun, StackConfig, runProgram } from "../tools/offline/run-program";
import { RESOURCE_TYPES as T } from "../tools/offline/resource-types";
import { shippedStackConfig, stackFilePath } from "../tools/offline/stack-files";
import { mermaidDiagram } from "../tools/plan/diagram";
import { plan } from "../tools/plan/plan";
import { BUCKET, INSTANCE_ROLE_ARN, SOURCE_ACCOUNT, configProblemsOf, rawConfig, validConfig } from "./support/fixtures";

const GRANT = { partition: "aws" as const, bucketName: BUCKET, prefix: "example/", access: ["write" as const] };
const direct = (overrides: Parameters<typeof validConfig>[0] = {}): StackConfig => ({ ...validConfig(overrides), "xacct:pattern": "direct" });
const rawDirect = (overrides: Parameters<typeof rawConfig>[0] = {}) => ({ ...rawConfig(overrides), pattern: "direct" });

describe("xacct:pattern direct", () => {
  describe("config", () => {
    it("has no transfer role, in every deploy mode", () => {
      for (const deploy of ["both", "source", "target"]) {
        const config = parseConfig(rawDirect({ deploy, ...(deploy === "target" ? { sourceStack: "source" } : {}) }));
        assert.equal(config.pattern, "direct");
        assert.equal(config.target.transferRoleName, undefined);
        assert.equal(config.target.transferRoleArn, undefined);
      }
      assert.equal(parseConfig(rawConfig()).pattern, "assumeRole");
      assert.equal(parseConfig(rawConfig()).target.transferRoleName, "xacct-transfer");
    });

    it("refuses xacct:target.transferRoleName, naming it and the pattern, in every deploy mode", () => {
      for (const deploy of ["both", "source", "target"]) {
        const problems = configProblemsOf(rawDirect({ deploy, target: { transferRoleName: "xacct-transfer" }, ...(deploy === "target" ? { sourceStack: "source" } : {}) }));
        assert.equal(problems.length, 1, problems.join("\n"));
        assert.match(problems[0], /^xacct:target\.transferRoleName: names the transfer role, but xacct:pattern is direct: there is no transfer role .* Remove it, or set xacct:pattern: assumeRole \(got "xacct-transfer"\)$/);
      }
    });
  });

  describe("program (Pulumi.direct.yaml)", () => {
    let run: ProgramRun;
    before(async () => {
      run = await runProgram(shippedStackConfig("direct"), { stack: "direct" });
    });

    it("creates no transfer role, no STS endpoint and no STS security group", () => {
      assert.deepEqual(run.ofType(T.role).map((r) => r.inputs.name), ["xacct-instance"]);
      assert.deepEqual(run.ofType(T.vpcEndpoint).map((e) => e.inputs.serviceName), ["com.amazonaws.ap-northeast-1.s3"]);
      assert.deepEqual(run.ofType(T.securityGroup).map((g) => g.name), ["source-endpoints-workload"]);
      assert.equal(run.outputs.transferRoleArn, undefined);
      assert.equal(run.outputs.stsEndpointId, undefined);
    });

    it("gives the instance role the access under the prefix and nothing else: no sts:AssumeRole", () => {
      const policies = run.ofType(T.rolePolicy);
      assert.deepEqual(policies.map((p) => [p.inputs.role, p.inputs.name]), [["xacct-instance", "write-into-the-bucket"]]);
      assert.deepEqual(JSON.parse(policies[0].inputs.policy), buildInstanceRoleDirectPolicy(GRANT));
      assert.ok(!policies[0].inputs.policy.toLowerCase().includes("sts:"));
    });

    it("lets exactly the instance role ARN (pinned to its unique id) into the prefix through the S3 endpoint; the fences stay", () => {
      const s3EndpointId = run.one(T.vpcEndpoint, "source-endpoints-s3").id;
      const uniqueId = run.one(T.role, "source-instance").state.uniqueId;
      const policy = run.policyOf(T.bucketPolicy);
      assert.deepEqual(policy, buildDirectBucketPolicy({ grant: GRANT, writers: [{ accountId: SOURCE_ACCOUNT, instanceRoleArn: INSTANCE_ROLE_ARN, instanceRoleUniqueId: uniqueId, s3EndpointId }] }));
      const [allow] = policy.Statement;
      assert.deepEqual(allow.Principal, { AWS: INSTANCE_ROLE_ARN });
      assert.deepEqual(allow.Condition, { StringEquals: { "aws:SourceVpce": [s3EndpointId] }, StringLike: { "aws:userid": [`${uniqueId}:*`] } });
      assert.deepEqual(policy.Statement.map((s: any) => s.Sid).slice(1), [SID.denyWritesNotThroughS3Endpoint, SID.denyInstanceRoleNotThroughS3Endpoint, SID.denyWithoutTls]);
      assert.ok(!JSON.stringify(policy).includes(":root"));
    });

    it("keeps Object Ownership BucketOwnerEnforced, so the other account's objects belong to the bucket owner", () => {
      assert.deepEqual(run.one(T.ownershipControls).inputs.rule, { objectOwnership: "BucketOwnerEnforced" });
    });

    it("names the instance role in the S3 endpoint policy (S3 sees its own session), and the workload reaches only S3", () => {
      const endpoint = run.one(T.vpcEndpoint, "source-endpoints-s3");
      assert.deepEqual(JSON.parse(endpoint.inputs.policy), buildDirectS3EndpointPolicy({ grant: GRANT, instanceRoleArn: INSTANCE_ROLE_ARN, amazonLinuxRepositoriesRegion: "ap-northeast-1" }));
      const egress = run.one(T.securityGroup, "source-endpoints-workload").inputs.egress;
      assert.deepEqual(egress.map((r: any) => [r.fromPort, r.prefixListIds, r.securityGroups]), [[443, [endpoint.state.prefixListId], undefined]]);
    });

    it("gives the instance a CLI profile with no role to assume", () => {
      assert.doesNotMatch(run.outputs.awsConfigProfile, /role_arn|credential_source|sts_regional_endpoints/);
      assert.match(run.outputs.awsConfigProfile, /^\[profile xacct-transfer\]\n.*\nregion = ap-northeast-1\n$/);
    });

    it("is drawn without an STS endpoint or a transfer role: the instance role's own session writes through the S3 endpoint", () => {
      const markdown = mermaidDiagram("direct", run.resources, { ids: false });
      assert.doesNotMatch(markdown, /stsEndpoint|transferRole/);
      assert.match(markdown, /instanceRole -- "own session writes" --> s3Endpoint/);
      assert.match(markdown, /allows xacct-instance s3:PutObject, s3:AbortMultipartUpload on xacct-transfer-222222222222-apne1\/example\/\* via the S3 endpoint, pinned to its unique id/);
    });

    it("passes every rule of the policy pack", async () => {
      const result = await runPack(policies, packResources("direct", run.resources, run.outputs));
      assert.deepEqual(result.violations.map((v) => `${v.policy}: ${v.message}`), []);
    });

    it("with a workload instance: the first-boot proof writes with the instance role's own credentials", async () => {
      const withInstance = await runProgram(direct({ source: { instance: { instanceType: "t3.micro" } } }), { stack: "direct-workload" });
      const userData = String(withInstance.one(T.instance).inputs.userData);
      assert.ok(userData.includes(FIRST_BOOT.configFile));
      assert.doesNotMatch(userData, /role_arn/);
      const egress = withInstance.one(T.securityGroup, "source-endpoints-workload").inputs.egress;
      assert.equal(egress.filter((r: any) => /STS/.test(r.description)).length, 0);
      const result = await runPack(policies, packResources("direct-workload", withInstance.resources, withInstance.outputs));
      assert.deepEqual(result.violations.map((v) => `${v.policy}: ${v.message}`), []);
    });
  });

  describe("with the other network keys", () => {
    const CLIENTS = ["10.80.0.0/16", "10.90.0.0/16"];
    const VPC = { id: "vpc-0a1b2c3d4e5f60718", subnetIds: ["subnet-0a1b2c3d4e5f60719", "subnet-0a1b2c3d4e5f6071a"], routeTableIds: ["rtb-0a1b2c3d4e5f6071b"] };
    const ownVpc = (extra: Record<string, unknown> = {}): StackConfig => {
      const config = direct({ source: { vpc: VPC, ...extra } });
      delete (config["xacct:source"] as Record<string, unknown>).vpcCidr;
      return config;
    };

    it("direct × interface: one S3 interface endpoint (no STS endpoint), reached from the client networks, named by the bucket policy; the pack passes it", async () => {
      const run = await runProgram(direct({ source: { endpoints: "interface", clientCidrs: CLIENTS } }), { stack: "direct-interface" });
      const [s3] = run.ofType(T.vpcEndpoint);
      assert.deepEqual(run.ofType(T.vpcEndpoint).map((e) => [e.name, e.inputs.vpcEndpointType]), [["source-endpoints-s3", "Interface"]]);
      assert.deepEqual(run.ofType(T.securityGroup).map((g) => g.name).sort(), ["source-endpoints-s3", "source-endpoints-workload"]);
      assert.deepEqual(run.one(T.securityGroup, "source-endpoints-s3").inputs.ingress.map((r: any) => [r.fromPort, r.toPort, r.cidrBlocks]), [[443, 443, CLIENTS]]);
      const egress = run.one(T.securityGroup, "source-endpoints-workload").inputs.egress;
      assert.deepEqual(egress.map((r: any) => [r.fromPort, r.securityGroups, r.prefixListIds]), [[443, [run.one(T.securityGroup, "source-endpoints-s3").id], undefined]]);
      assert.deepEqual(run.policyOf(T.bucketPolicy).Statement[0].Condition.StringEquals, { "aws:SourceVpce": [s3.id] });
      const result = await runPack(policies, packResources("direct-interface", run.resources, run.outputs));
      assert.deepEqual(result.violations.map((v) => `${v.policy}: ${v.message}`), []);
    });

    it("direct × your own VPC (gateway and interface): nothing of the network is created, the S3 endpoint attaches to the given ids; the pack passes both", async () => {
      for (const [stack, config] of [["direct-ownvpc", ownVpc()], ["direct-ownvpc-interface", ownVpc({ endpoints: "interface" })]] as const) {
        const run = await runProgram(config, { stack });
        assert.deepEqual([...run.ofType(T.vpc), ...run.ofType(T.subnet), ...run.ofType(T.routeTable)], [], stack);
        const [s3] = run.ofType(T.vpcEndpoint);
        assert.equal(run.ofType(T.vpcEndpoint).length, 1, stack);
        assert.equal(s3.inputs.vpcId, VPC.id);
        if (stack === "direct-ownvpc") assert.deepEqual(s3.inputs.routeTableIds, VPC.routeTableIds);
        else assert.deepEqual(s3.inputs.subnetIds, VPC.subnetIds);
        const result = await runPack(policies, packResources(stack, run.resources, run.outputs));
        assert.deepEqual(result.violations.map((v) => `${v.policy}: ${v.message}`), [], stack);
      }
    });

    it("refuses the network keys in a direct target stack, as with assumeRole, and a transfer role name with them, each naming its key", () => {
      const problems = configProblemsOf(rawDirect({ deploy: "target", sourceStack: "source", source: { endpoints: "interface" }, target: { transferRoleName: "xacct-transfer" } }));
      assert.deepEqual(problems.map((p) => p.split(": ")[0]), ["xacct:target.transferRoleName", "xacct:source.endpoints"]);
    });
  });

  describe("plan", () => {
    it("proves the shipped stack: the instance role's write through our endpoint is the one intended cell, no sts:AssumeRole is allowed", async () => {
      const result = await plan("direct", shippedStackConfig("direct"), stackFilePath("direct"));
      assert.deepEqual(result.violations.map((v) => v.message), []);
      assert.deepEqual(result.proof.failures, []);
      assert.ok(result.ok);
      const allowed = result.proof.cells.filter((c) => c.scope === "whole path" && c.actual === "allowed");
      assert.deepEqual(allowed.filter((c) => c.expected === "allowed (intended)").map((c) => `${c.principal} ${c.action} ${c.path}`), [
        "instance role session (xacct-instance) s3:PutObject through our endpoint, TLS",
      ]);
      assert.ok(allowed.filter((c) => c.expected !== "allowed (intended)").every((c) => c.expected === "allowed (bucket owner)" && !/our endpoint/.test(c.path)));
      const assume = result.proof.cells.filter((c) => c.action === "sts:AssumeRole");
      assert.ok(assume.length >= 4);
      assert.deepEqual(assume.filter((c) => c.actual !== "denied"), []);
      // The bucket policy alone lets in neither a recreated role of the same name nor any other path.
      const recreated = result.proof.cells.find((c) => c.scope === "bucket policy alone" && /recreated/.test(c.principal));
      assert.equal(recreated?.actual, "denied");
    });

    it("follows the access opted into by config", async () => {
      const config = direct({ target: { access: ["write", "read", "list"] } });
      const result = await plan("direct-read", config, stackFilePath("direct-read"));
      assert.deepEqual(result.proof.failures, []);
      const intended = result.proof.cells.filter((c) => c.scope === "whole path" && c.expected === "allowed (intended)").map((c) => c.action);
      assert.deepEqual(intended, ["s3:PutObject", "s3:GetObject", "s3:ListBucket"]);
    });

    describe("two teams: a direct source stack, then its direct target stack", () => {
      const directory = mkdtempSync(join(tmpdir(), "xacct-direct-"));
      const write = (stack: string, config: StackConfig) => {
        const file = join(directory, `Pulumi.${stack}.yaml`);
        writeFileSync(file, stringify({ config }));
        return file;
      };
      const source = direct({ deploy: "source" });
      const target = direct({ deploy: "target", sourceStack: "directsource" });
      const sourceFile = write("directsource", source);
      const targetFile = write("directtarget", target);

      it("the source stack builds account ① without an STS endpoint, and is proven with its target half", async () => {
        const result = await plan("directsource", source, sourceFile);
        assert.deepEqual(result.violations.map((v) => `${v.level} ${v.policy}`), ["advisory xacct-source-target-designated"]);
        assert.ok(result.ok);
        assert.deepEqual(result.proof.failures, []);
        assert.deepEqual(result.run.ofType(T.bucket), []);
        assert.equal(result.run.outputs.stsEndpointId, undefined);
      });

      it("the target stack reads the instance role's unique id and the S3 endpoint, and lets exactly that role in", async () => {
        const result = await plan("directtarget", target, targetFile);
        assert.deepEqual(result.violations.map((v) => v.message), []);
        assert.ok(result.ok);
        assert.deepEqual(result.run.ofType(T.role), []);
        const [allow] = result.run.policyOf(T.bucketPolicy).Statement;
        const s3EndpointId = result.complement?.one(T.vpcEndpoint, "source-endpoints-s3").id;
        const uniqueId = result.complement?.one(T.role, "source-instance").state.uniqueId;
        assert.deepEqual(allow.Condition, { StringEquals: { "aws:SourceVpce": [s3EndpointId] }, StringLike: { "aws:userid": [`${uniqueId}:*`] } });
      });

      it("refuses an assumeRole target stack paired with a direct source stack, naming xacct:pattern", async () => {
        const outputs = { instanceRoleArn: INSTANCE_ROLE_ARN, instanceRoleUniqueId: "AROAEXAMPLEUNIQUE0001", s3EndpointId: "vpce-0a1b2c3d4e5f60718" };
        await assert.rejects(
          runProgram(validConfig({ deploy: "target", sourceStack: "directsource" }), { stack: "mixed", stackOutputs: { "organization/xacct/directsource": outputs } }),
          /exports no stsEndpointId: it was deployed with xacct:pattern direct, this stack with assumeRole/,
        );
      });
    });
  });
});
