/** xacct:source.endpoints none: the internet path through one NAT gateway, fenced by its Elastic IP. */
import * as assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { parseConfig } from "../infra/config";
import { SID, buildBucketPolicy, buildDirectBucketPolicy, buildTransferRoleTrustPolicy } from "../infra/policies";
import { ProgramRun, StackConfig, runProgram } from "../tools/offline/run-program";
import { RESOURCE_TYPES as T } from "../tools/offline/resource-types";
import { shippedStackConfig, stackFilePath } from "../tools/offline/stack-files";
import { plan } from "../tools/plan/plan";
import { BUCKET, INSTANCE_ROLE_ARN, SOURCE_ACCOUNT, TRANSFER_ROLE_ARN, configProblemsOf, rawConfig, validConfig } from "./support/fixtures";

const GRANT = { partition: "aws" as const, bucketName: BUCKET, prefix: "example/", access: ["write" as const] };
const internet = (overrides: Parameters<typeof validConfig>[0] = {}): StackConfig => validConfig({ ...overrides, source: { endpoints: "none", ...overrides.source } });
const VPC = { id: "vpc-0a1b2c3d4e5f60718", subnetIds: ["subnet-0a1b2c3d4e5f60719", "subnet-0a1b2c3d4e5f6071a"], routeTableIds: ["rtb-0a1b2c3d4e5f6071b"] };

describe("the internet path (xacct:source.endpoints: none)", () => {
  describe("config", () => {
    it("is accepted in every deploy mode and with either pattern", () => {
      for (const deploy of ["both", "source", "target"]) {
        for (const pattern of ["assumeRole", "direct"]) {
          const raw = { ...rawConfig({ deploy, source: { endpoints: "none" }, ...(deploy === "target" ? { sourceStack: "source" } : {}) }), pattern };
          assert.equal(parseConfig(raw).sources[0].endpoints, "none", `${deploy} ${pattern}`);
        }
      }
    });

    const cases: [string, Record<string, unknown>, string, RegExp][] = [
      ["an existing VPC, which has no public subnet of ours", { endpoints: "none", vpc: VPC, vpcCidr: undefined }, "xacct:source.endpoints", /none \(the internet path\) builds its public subnet, internet gateway and NAT gateway in the VPC this program creates, but xacct:source\.vpc names an existing one: remove xacct:source\.vpc, or use gateway or interface/],
      ["client networks (no endpoint to reach)", { endpoints: "none", clientCidrs: ["10.90.0.0/16"] }, "xacct:source.clientCidrs", /only read with xacct:source\.endpoints: interface \(this stack uses none\)/],
      ["16 zones (the public subnet needs the 16th)", { endpoints: "none", vpcCidr: "10.80.0.0/16", availabilityZones: Array.from({ length: 16 }, (_, i) => `ap-northeast-1${String.fromCharCode(97 + i)}`) }, "xacct:source.availabilityZones", /at most 15 zones with xacct:source\.endpoints none/],
    ];
    for (const [what, source, key, why] of cases) {
      it(`refuses ${what}, naming ${key}`, () => {
        const problems = configProblemsOf(rawConfig({ source }));
        assert.equal(problems.length, 1, problems.join("\n"));
        assert.ok(problems[0].startsWith(`${key}: `), problems[0]);
        assert.match(problems[0], why);
      });
    }

    it("still refuses the endpoint kinds a target stack does not build, saying it takes only none", () => {
      const problems = configProblemsOf(rawConfig({ deploy: "target", sourceStack: "source", source: { endpoints: "gateway" } }));
      assert.equal(problems.length, 1, problems.join("\n"));
      assert.match(problems[0], /^xacct:source\.endpoints: .*a target stack takes only endpoints: none/);
    });
  });

  describe("program (Pulumi.internet.yaml)", () => {
    let run: ProgramRun;
    before(async () => {
      run = await runProgram(shippedStackConfig("internet"), { stack: "internet" });
    });
    const natIp = () => String(run.one(T.eip).state.publicIp);

    it("builds no VPC endpoint: one NAT gateway with one Elastic IP, alone in a public subnet behind an internet gateway", () => {
      assert.deepEqual(run.ofType(T.vpcEndpoint), []);
      const vpcId = run.one(T.vpc).id;
      const igw = run.one(T.internetGateway);
      assert.equal(igw.inputs.vpcId, vpcId);
      const publicSubnet = run.one(T.subnet, "source-internet-public");
      assert.deepEqual([publicSubnet.inputs.cidrBlock, publicSubnet.inputs.mapPublicIpOnLaunch, publicSubnet.inputs.availabilityZone], ["10.80.32.0/20", false, run.one(T.subnet, "source-network-private-0").inputs.availabilityZone]);
      const eip = run.one(T.eip);
      assert.equal(eip.inputs.domain, "vpc");
      const nat = run.one(T.natGateway);
      assert.deepEqual([nat.inputs.connectivityType, nat.inputs.availabilityMode, nat.inputs.allocationId, nat.inputs.subnetId, nat.inputs.secondaryAllocationIds], ["public", "zonal", eip.state.allocationId, publicSubnet.id, undefined]);
      assert.equal(run.ofType(T.natGateway).length, 1);
    });

    it("routes the private subnets' 0.0.0.0/0 to the NAT gateway and the public subnet's to the internet gateway, nothing else", () => {
      const routes = run.ofType(T.route).map((r) => [r.inputs.routeTableId, r.inputs.destinationCidrBlock, r.inputs.natGatewayId ?? r.inputs.gatewayId]);
      assert.deepEqual(routes.sort(), [
        [run.one(T.routeTable, "source-internet-public").id, "0.0.0.0/0", run.one(T.internetGateway).id],
        [run.one(T.routeTable, "source-network-private").id, "0.0.0.0/0", run.one(T.natGateway).id],
      ].sort());
      const publicAssociations = run.ofType(T.routeTableAssociation).filter((a) => a.inputs.routeTableId === run.one(T.routeTable, "source-internet-public").id);
      assert.deepEqual(publicAssociations.map((a) => a.inputs.subnetId), [run.one(T.subnet, "source-internet-public").id]);
    });

    it("lets the workload send HTTPS only, to any IPv4 address (S3 and STS have no fixed addresses)", () => {
      const group = run.one(T.securityGroup, "source-internet-workload");
      assert.deepEqual(group.inputs.ingress, []);
      assert.deepEqual(group.inputs.egress.map((r: any) => [r.protocol, r.fromPort, r.toPort, r.cidrBlocks, r.ipv6CidrBlocks]), [["tcp", 443, 443, ["0.0.0.0/0"], undefined]]);
      assert.equal(run.ofType(T.securityGroup).length, 1);
    });

    it("fences the bucket policy and the trust by the Elastic IP in aws:SourceIp, with no aws:SourceVpce anywhere", () => {
      const uniqueId = run.one(T.role, "source-instance").state.uniqueId;
      const bucketPolicy = run.policyOf(T.bucketPolicy);
      assert.deepEqual(bucketPolicy, buildBucketPolicy({ grant: GRANT, transferRoleArn: TRANSFER_ROLE_ARN, natPublicIps: [natIp()] }));
      assert.deepEqual(bucketPolicy.Statement.map((s: any) => s.Sid), [SID.denyWritesNotFromNatAddress, SID.denyTransferRoleNotFromNatAddress, SID.denyWithoutTls]);
      assert.deepEqual(bucketPolicy.Statement[0].Condition, { NotIpAddress: { "aws:SourceIp": [`${natIp()}/32`] } });
      const trust = JSON.parse(run.one(T.role, "target-transfer").inputs.assumeRolePolicy);
      assert.deepEqual(trust, buildTransferRoleTrustPolicy([{ accountId: SOURCE_ACCOUNT, instanceRoleArn: INSTANCE_ROLE_ARN, instanceRoleUniqueId: uniqueId, natPublicIp: natIp() }]));
      assert.deepEqual(trust.Statement[0].Condition, { IpAddress: { "aws:SourceIp": [`${natIp()}/32`] }, StringLike: { "aws:userid": `${uniqueId}:*` } });
      for (const document of [JSON.stringify(bucketPolicy), JSON.stringify(trust)]) assert.doesNotMatch(document, /SourceVpce|vpce-/);
    });

    it("exports the NAT address instead of endpoint ids, and a CLI profile that uses STS's public regional endpoint", () => {
      assert.equal(run.outputs.natPublicIp, natIp());
      assert.equal(run.outputs.s3EndpointId, undefined);
      assert.equal(run.outputs.stsEndpointId, undefined);
      assert.match(run.outputs.awsConfigProfile, /sts_regional_endpoints = regional/);
      assert.doesNotMatch(run.outputs.awsConfigProfile, /vpce|endpoint_url/);
    });

    it("with a workload instance: the first boot reaches STS and S3 by their public names, and the pack only advises", async () => {
      const result = await plan("internet-workload", internet({ source: { instance: { instanceType: "t3.micro" } } }), stackFilePath("internet-workload"));
      const userData = String(result.run.one(T.instance).inputs.userData);
      assert.doesNotMatch(userData, /vpce-|endpoint-url/);
      assert.equal(result.run.one(T.instance).inputs.subnetId, result.run.one(T.subnet, "source-network-private-0").id);
      assert.deepEqual(result.violations.map((v) => `${v.level} ${v.policy}`), ["advisory xacct-internet-path-is-weaker"]);
      assert.ok(result.ok);
    });
  });

  describe("plan", () => {
    it("proves the shipped stack: from the NAT address allowed, from any other address or through any endpoint denied", async () => {
      const result = await plan("internet", shippedStackConfig("internet"), stackFilePath("internet"));
      assert.deepEqual(result.violations.map((v) => `${v.level} ${v.policy}`), ["advisory xacct-internet-path-is-weaker"]);
      assert.deepEqual(result.proof.failures, []);
      assert.ok(result.ok);
      const whole = result.proof.cells.filter((c) => c.scope === "whole path");
      assert.deepEqual(whole.filter((c) => c.expected === "allowed (intended)").map((c) => `${c.principal} ${c.action} ${c.path}`), [
        "instance role session (xacct-instance) sts:AssumeRole from our NAT gateway's address, TLS",
        "transfer role session (xacct-transfer) s3:PutObject from our NAT gateway's address, TLS",
      ]);
      // Our roles are denied from every other address and through every endpoint: there is no SourceVpce path.
      const ours = whole.filter((c) => /instance role session|transfer role session/.test(c.principal));
      assert.deepEqual(ours.filter((c) => c.actual === "allowed" && c.path !== "from our NAT gateway's address, TLS"), []);
      assert.ok(ours.some((c) => c.path === "from another internet address, TLS") && ours.some((c) => c.path === "through another VPC endpoint, TLS"));
      assert.ok(!whole.some((c) => /our endpoint/.test(c.path)));
      // The weakness, shown: the bucket account's own admin writes into the prefix from the NAT address (no endpoint policy stops it).
      const owner = whole.find((c) => /admin role in the target/.test(c.principal) && c.action === "s3:PutObject" && /example\//.test(c.resource) && c.path === "from our NAT gateway's address, TLS");
      assert.deepEqual([owner?.expected, owner?.actual], ["allowed (bucket owner)", "allowed"]);
      const trustAlone = result.proof.cells.filter((c) => c.scope === "trust policy of xacct-transfer alone");
      assert.deepEqual(trustAlone.filter((c) => c.actual === "allowed").map((c) => `${c.principal} ${c.path}`), ["instance role session (xacct-instance) from our NAT gateway's address, TLS"]);
    });

    it("xacct:pattern direct × none: the bucket policy lets the instance role in from the NAT address only; proven, the pack only advises", async () => {
      const config: StackConfig = { ...internet(), "xacct:pattern": "direct" };
      delete (config["xacct:target"] as Record<string, unknown>).transferRoleName;
      const result = await plan("internet-direct", config, stackFilePath("internet-direct"));
      assert.deepEqual(result.violations.map((v) => `${v.level} ${v.policy}`), ["advisory xacct-internet-path-is-weaker"]);
      assert.deepEqual(result.proof.failures, []);
      assert.ok(result.ok);
      const natIp = String(result.run.one(T.eip).state.publicIp);
      const uniqueId = result.run.one(T.role, "source-instance").state.uniqueId;
      assert.deepEqual(result.run.policyOf(T.bucketPolicy), buildDirectBucketPolicy({ grant: GRANT, writers: [{ accountId: SOURCE_ACCOUNT, instanceRoleArn: INSTANCE_ROLE_ARN, instanceRoleUniqueId: uniqueId, natPublicIp: natIp }] }));
      assert.deepEqual(result.run.policyOf(T.bucketPolicy).Statement[0].Condition, { IpAddress: { "aws:SourceIp": [`${natIp}/32`] }, StringLike: { "aws:userid": [`${uniqueId}:*`] } });
      assert.deepEqual(result.proof.cells.filter((c) => c.scope === "whole path" && c.expected === "allowed (intended)").map((c) => `${c.principal} ${c.action} ${c.path}`), [
        "instance role session (xacct-instance) s3:PutObject from our NAT gateway's address, TLS",
      ]);
    });

    describe("two teams: a source stack on the internet path, then its target stack", () => {
      const directory = mkdtempSync(join(tmpdir(), "xacct-internet-"));
      const write = (stack: string, config: StackConfig) => {
        const file = join(directory, `Pulumi.${stack}.yaml`);
        writeFileSync(file, stringify({ config }));
        return file;
      };
      const source = internet({ deploy: "source" });
      const target = internet({ deploy: "target", sourceStack: "natsource" });
      const sourceFile = write("natsource", source);
      const targetFile = write("nattarget", target);

      it("the source stack builds account ① and exports the NAT address, proven with its target half", async () => {
        const result = await plan("natsource", source, sourceFile);
        assert.deepEqual(result.violations.map((v) => `${v.level} ${v.policy}`).sort(), ["advisory xacct-internet-path-is-weaker", "advisory xacct-source-target-designated"]);
        assert.ok(result.ok);
        assert.deepEqual(result.proof.failures, []);
        assert.equal(result.run.outputs.natPublicIp, result.run.one(T.eip).state.publicIp);
        assert.deepEqual(result.run.ofType(T.bucket), []);
      });

      it("the target stack reads the NAT address and fences the bucket and the trust to it", async () => {
        const result = await plan("nattarget", target, targetFile);
        assert.deepEqual(result.violations.map((v) => `${v.level} ${v.policy}`), ["advisory xacct-internet-path-is-weaker"]);
        assert.ok(result.ok);
        const natIp = result.complement?.one(T.eip).state.publicIp;
        assert.deepEqual(result.run.policyOf(T.bucketPolicy).Statement[0].Condition, { NotIpAddress: { "aws:SourceIp": [`${natIp}/32`] } });
        assert.match(result.run.one(T.role, "target-transfer").inputs.assumeRolePolicy, new RegExp(`"IpAddress":\\{"aws:SourceIp":\\["${String(natIp).replace(/\./g, "\\.")}/32"\\]`));
      });

      it("refuses a target stack whose xacct:source.endpoints disagrees with its source stack's, naming the key", async () => {
        const endpointsSource = { instanceRoleArn: INSTANCE_ROLE_ARN, instanceRoleUniqueId: "AROAEXAMPLEUNIQUE0001", s3EndpointId: "vpce-0a1b2c3d4e5f60718", stsEndpointId: "vpce-0a1b2c3d4e5f60719" };
        const natSource = { instanceRoleArn: INSTANCE_ROLE_ARN, instanceRoleUniqueId: "AROAEXAMPLEUNIQUE0001", natPublicIp: "203.0.113.9" };
        await assert.rejects(
          runProgram(internet({ deploy: "target", sourceStack: "other" }), { stack: "mixed", stackOutputs: { "organization/xacct/other": endpointsSource } }),
          /exports no natPublicIp: it was deployed with VPC endpoints, this stack with xacct:source\.endpoints none/,
        );
        await assert.rejects(
          runProgram(validConfig({ deploy: "target", sourceStack: "other" }), { stack: "mixed", stackOutputs: { "organization/xacct/other": natSource } }),
          /exports no s3EndpointId: it was deployed with xacct:source\.endpoints none \(the internet path\): set xacct:source\.endpoints: none in this stack too/,
        );
      });
    });
  });
});
