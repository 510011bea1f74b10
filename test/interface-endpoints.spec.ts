import * as assert from "node:assert/strict";
import { parseConfig } from "../infra/config";
import { buildBucketPolicy, SID } from "../infra/policies";
import { policies } from "../policy-pack/policies";
import { runPack } from "../policy-pack/testing/harness";
import { existingVpcCidr } from "../tools/offline/mocks";
import { packResources } from "../tools/offline/pack-input";
import { ProgramRun, runProgram } from "../tools/offline/run-program";
import { RESOURCE_TYPES as T } from "../tools/offline/resource-types";
import { shippedStackConfig, stackFilePath } from "../tools/offline/stack-files";
import { plan } from "../tools/plan/plan";
import { rawConfig, validConfig, configProblemsOf } from "./support/fixtures";

const CLIENTS = ["10.80.0.0/16", "10.90.0.0/16"];

const problemsOf = configProblemsOf;
const ingressOf = (run: ProgramRun, group: string) => run.one(T.securityGroup, group).inputs.ingress.map((r: any) => [r.protocol, r.fromPort, r.toPort, r.cidrBlocks]);

describe("S3 through an interface endpoint (xacct:source.endpoints: interface)", () => {
  describe("config", () => {
    it("defaults to the gateway endpoint, and accepts interface with or without client networks", () => {
      assert.equal(parseConfig(rawConfig()).sources[0].endpoints, "gateway");
      assert.equal(parseConfig(rawConfig({ source: { endpoints: "interface" } })).sources[0].clientCidrs, undefined);
      assert.deepEqual(parseConfig(rawConfig({ source: { endpoints: "interface", clientCidrs: CLIENTS } })).sources[0].clientCidrs, CLIENTS);
    });

    const cases: [string, Record<string, unknown>, string, RegExp][] = [
      ["an unknown kind", { endpoints: "privatelink" }, "xacct:source.endpoints", /must be one of gateway, interface, none \(got "privatelink"\)/],
      ["client networks on the internet path", { endpoints: "none", clientCidrs: CLIENTS }, "xacct:source.clientCidrs", /only read with xacct:source.endpoints: interface \(this stack uses none\)/],
      ["client networks with the gateway endpoint", { clientCidrs: CLIENTS }, "xacct:source.clientCidrs", /only read with xacct:source.endpoints: interface \(this stack uses gateway\)/],
      ["a client network open to everywhere", { endpoints: "interface", clientCidrs: ["0.0.0.0/0"] }, "xacct:source.clientCidrs[0]", /prefix from \/8 to \/32/],
      ["a client network with host bits", { endpoints: "interface", clientCidrs: ["10.80.0.0/16", "10.90.1.0/16"] }, "xacct:source.clientCidrs[1]", /no host bits/],
      ["a repeated client network", { endpoints: "interface", clientCidrs: ["10.90.0.0/16", "10.90.0.0/16"] }, "xacct:source.clientCidrs", /must not repeat/],
      ["an empty list", { endpoints: "interface", clientCidrs: [] }, "xacct:source.clientCidrs", /at least one/],
    ];
    for (const [what, source, key, why] of cases) {
      it(`refuses ${what}, naming ${key}`, () => {
        const problems = problemsOf(rawConfig({ source }));
        assert.equal(problems.length, 1, problems.join("\n"));
        assert.ok(problems[0].startsWith(`${key}: `), problems[0]);
        assert.match(problems[0], why);
      });
    }

    it("refuses the endpoint keys in a target stack, which builds no endpoint", () => {
      const problems = problemsOf(rawConfig({ deploy: "target", sourceStack: "source", source: { endpoints: "interface", clientCidrs: CLIENTS } }));
      assert.deepEqual(problems.map((p) => p.split(": ")[0]), ["xacct:source.endpoints", "xacct:source.clientCidrs"]);
      for (const problem of problems) assert.match(problem, /a target stack builds no endpoint/);
    });
  });

  describe("program (Pulumi.interface.yaml)", () => {
    let run: ProgramRun;
    before(async () => {
      run = await runProgram(shippedStackConfig("interface"), { stack: "interface" });
    });

    it("builds an S3 interface endpoint with private DNS for the whole VPC, in the private subnets, behind its own group", () => {
      const s3 = run.one(T.vpcEndpoint, "source-endpoints-s3");
      assert.equal(s3.inputs.serviceName, "com.amazonaws.ap-northeast-1.s3");
      assert.equal(s3.inputs.vpcEndpointType, "Interface");
      assert.equal(s3.inputs.privateDnsEnabled, true);
      assert.deepEqual(s3.inputs.dnsOptions, { dnsRecordIpType: "ipv4", privateDnsOnlyForInboundResolverEndpoint: false });
      assert.equal(s3.inputs.routeTableIds, undefined);
      assert.deepEqual(s3.inputs.subnetIds, run.ofType(T.subnet).map((s) => s.id));
      assert.deepEqual(s3.inputs.securityGroupIds, [run.one(T.securityGroup, "source-endpoints-s3").id]);
      assert.match(s3.id, /^vpce-[0-9a-f]{17}$/);
    });

    it("lets only the client networks reach the S3 and STS endpoints, on 443", () => {
      for (const group of ["source-endpoints-s3", "source-endpoints-sts"]) {
        assert.deepEqual(ingressOf(run, group), [["tcp", 443, 443, CLIENTS]], group);
        assert.deepEqual(run.one(T.securityGroup, group).inputs.egress, [], group);
      }
    });

    it("lets the workload reach the two endpoints' groups on 443 and nothing else", () => {
      const egress = run.one(T.securityGroup, "source-endpoints-workload").inputs.egress;
      assert.deepEqual(egress.map((r: any) => [r.protocol, r.fromPort, r.toPort, r.securityGroups, r.prefixListIds, r.cidrBlocks]), [
        ["tcp", 443, 443, [run.one(T.securityGroup, "source-endpoints-sts").id], undefined, undefined],
        ["tcp", 443, 443, [run.one(T.securityGroup, "source-endpoints-s3").id], undefined, undefined],
      ]);
    });

    it("fences the bucket to the interface endpoint and the trust to the STS endpoint", () => {
      const s3EndpointId = run.one(T.vpcEndpoint, "source-endpoints-s3").id;
      const bucketPolicy = run.policyOf(T.bucketPolicy);
      const config = parseConfig(rawConfig({ source: { endpoints: "interface", clientCidrs: CLIENTS } }));
      assert.deepEqual(bucketPolicy, buildBucketPolicy({ grant: { partition: "aws", bucketName: config.target.bucketName, prefix: "example/", access: ["write"] }, transferRoleArn: config.target.transferRoleArn!, s3EndpointIds: [s3EndpointId] }));
      assert.deepEqual(bucketPolicy.Statement.find((s: any) => s.Sid === SID.denyWritesNotThroughS3Endpoint)?.Condition, { StringNotEquals: { "aws:SourceVpce": [s3EndpointId] } });
      const trust = JSON.parse(run.one(T.role, "target-transfer").inputs.assumeRolePolicy);
      assert.equal(trust.Statement[0].Condition.StringEquals["aws:SourceVpce"], run.one(T.vpcEndpoint, "source-endpoints-sts").id);
    });

    it("passes every rule of the policy pack", async () => {
      const result = await runPack(policies, packResources("interface", run.resources, run.outputs));
      assert.deepEqual(result.violations.map((v) => `${v.policy}: ${v.message}`), []);
    });

    it("admits the VPC's own CIDR when no client networks are given, also in an existing VPC", async () => {
      const own = await runProgram(validConfig({ source: { endpoints: "interface" } }), { stack: "interface-default" });
      assert.deepEqual(ingressOf(own, "source-endpoints-s3"), [["tcp", 443, 443, ["10.80.0.0/16"]]]);
      const vpc = { id: "vpc-0a1b2c3d4e5f60718", subnetIds: ["subnet-0a1b2c3d4e5f60719", "subnet-0a1b2c3d4e5f6071a"], routeTableIds: ["rtb-0a1b2c3d4e5f6071b"] };
      const existing = await runProgram(validConfig({ source: { endpoints: "interface", vpc } }), { stack: "interface-existing" });
      assert.deepEqual(ingressOf(existing, "source-endpoints-s3"), [["tcp", 443, 443, [existingVpcCidr(vpc.id)]]]);
      assert.deepEqual(existing.one(T.vpcEndpoint, "source-endpoints-s3").inputs.subnetIds, vpc.subnetIds);
      const result = await runPack(policies, packResources("interface-existing", existing.resources, existing.outputs));
      assert.deepEqual(result.violations.map((v) => `${v.policy}: ${v.message}`), []);
    });
  });

  describe("plan", () => {
    it("proves the shipped stack: no violation, exactly the intended paths open", async () => {
      const result = await plan("interface", shippedStackConfig("interface"), stackFilePath("interface"));
      assert.deepEqual(result.violations.map((v) => v.message), []);
      assert.ok(result.proof.holds);
      const allowed = result.proof.cells.filter((c) => c.scope === "whole path" && c.actual === "allowed");
      assert.deepEqual(allowed.filter((c) => c.expected === "allowed (intended)").map((c) => `${c.principal} ${c.action} ${c.path}`), [
        "instance role session (xacct-instance) sts:AssumeRole through our endpoint, TLS",
        "transfer role session (xacct-transfer) s3:PutObject through our endpoint, TLS",
      ]);
      // Everything else allowed is the bucket account's own admins, never through our endpoint.
      assert.ok(allowed.filter((c) => c.expected !== "allowed (intended)").every((c) => c.expected === "allowed (bucket owner)" && !/our endpoint/.test(c.path)));
    });

    it("proves a source stack with an interface endpoint and workload, completed by its target half", async () => {
      const config = validConfig({ deploy: "source", source: { endpoints: "interface", clientCidrs: CLIENTS, instance: { instanceType: "t3.micro" } } });
      const result = await plan("interface-source", config, stackFilePath("interface-source"));
      // A source stack alone: only the advisory that its transfer role and bucket come from its own outputs.
      assert.deepEqual(result.violations.map((v) => `${v.level} ${v.policy}`), ["advisory xacct-source-target-designated"]);
      assert.ok(result.ok);
    });
  });
});
