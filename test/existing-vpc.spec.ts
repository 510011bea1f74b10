import * as assert from "node:assert/strict";
import { parseConfig } from "../infra/config";
import { policies } from "../policy-pack/policies";
import { runPack } from "../policy-pack/testing/harness";
import { existingVpcCidr } from "../tools/offline/mocks";
import { packResources } from "../tools/offline/pack-input";
import { runPair } from "../tools/offline/pair";
import { ProgramRun, runProgram } from "../tools/offline/run-program";
import { RESOURCE_TYPES as T } from "../tools/offline/resource-types";
import { shippedStackConfig, stackFilePath } from "../tools/offline/stack-files";
import { plan } from "../tools/plan/plan";
import { rawConfig, validConfig, configProblemsOf } from "./support/fixtures";

const VPC = { id: "vpc-0a1b2c3d4e5f60718", subnetIds: ["subnet-0a1b2c3d4e5f60719", "subnet-0a1b2c3d4e5f6071a"], routeTableIds: ["rtb-0a1b2c3d4e5f6071b"] };
const NETWORK_TYPES: string[] = [T.vpc, T.subnet, T.routeTable, T.routeTableAssociation];

const problemsOf = configProblemsOf;

describe("an existing VPC (xacct:source.vpc)", () => {
  describe("config", () => {
    it("accepts ids of 8 and 17 hex characters, and leaves the VPC CIDR to the VPC", () => {
      const short = { id: "vpc-0a1b2c3d", subnetIds: ["subnet-0a1b2c3d"], routeTableIds: ["rtb-0a1b2c3d"] };
      for (const vpc of [VPC, short]) {
        const [source] = parseConfig(rawConfig({ source: { vpc } })).sources;
        assert.deepEqual(source.vpc, vpc);
        assert.equal(source.vpcCidr, undefined);
      }
      assert.equal(parseConfig(rawConfig()).sources[0].vpcCidr, "10.80.0.0/16");
    });

    const cases: [string, unknown, string, RegExp][] = [
      ["a VPC id without its prefix", { ...VPC, id: "0a1b2c3d4e5f60718" }, "xacct:source.vpc.id", /vpc- and 8 or 17 lowercase hex/],
      ["a VPC id of the wrong length", { ...VPC, id: "vpc-0a1b2c3d4e" }, "xacct:source.vpc.id", /8 or 17/],
      ["a VPC id in upper case", { ...VPC, id: "vpc-0A1B2C3D" }, "xacct:source.vpc.id", /lowercase hex/],
      ["a subnet id that is a VPC id", { ...VPC, subnetIds: ["subnet-0a1b2c3d4e5f60719", "vpc-0a1b2c3d4e5f6071a"] }, "xacct:source.vpc.subnetIds[1]", /subnet- and 8 or 17/],
      ["a repeated subnet", { ...VPC, subnetIds: ["subnet-0a1b2c3d", "subnet-0a1b2c3d"] }, "xacct:source.vpc.subnetIds", /must not repeat/],
      ["no subnet", { ...VPC, subnetIds: [] }, "xacct:source.vpc.subnetIds", /at least one/],
      ["a route table id with a typo", { ...VPC, routeTableIds: ["rt-0a1b2c3d"] }, "xacct:source.vpc.routeTableIds[0]", /rtb- and 8 or 17/],
      ["no route tables", { id: VPC.id, subnetIds: VPC.subnetIds }, "xacct:source.vpc.routeTableIds", /is required/],
      ["an unknown key", { ...VPC, cidr: "10.0.0.0/16" }, "xacct:source.vpc.cidr", /unknown key/],
      ["a string", "vpc-0a1b2c3d", "xacct:source.vpc", /must be an object/],
    ];
    for (const [what, vpc, key, why] of cases) {
      it(`refuses ${what}, naming ${key}`, () => {
        const problems = problemsOf(rawConfig({ source: { vpc } }));
        assert.equal(problems.length, 1, problems.join("\n"));
        assert.ok(problems[0].startsWith(`${key}: `), problems[0]);
        assert.match(problems[0], why);
      });
    }

    it("refuses the keys that describe a VPC the program would create", () => {
      for (const [extra, key] of [[{ vpcCidr: "10.80.0.0/16" }, "xacct:source.vpcCidr"], [{ availabilityZones: ["ap-northeast-1a", "ap-northeast-1c"] }, "xacct:source.availabilityZones"]] as const) {
        const problems = problemsOf(rawConfig({ source: { vpc: VPC, ...extra } }));
        assert.equal(problems.length, 1, problems.join("\n"));
        assert.match(problems[0], new RegExp(`^${key.replace(/\./g, "\\.")}: describes the VPC this program creates, but xacct:source\\.vpc names an existing one`));
      }
    });

    it("refuses it in a target stack, which attaches nothing to it", () => {
      const problems = problemsOf(rawConfig({ deploy: "target", sourceStack: "source", source: { vpc: VPC } }));
      assert.deepEqual(problems.map((p) => p.split(":").slice(0, 2).join(":")), ["xacct:source.vpc"]);
      assert.match(problems[0], /only read by the stack that deploys account ①/);
    });
  });

  describe("program (Pulumi.ownvpc.yaml)", () => {
    let run: ProgramRun;
    before(async () => {
      run = await runProgram(shippedStackConfig("ownvpc"), { stack: "ownvpc" });
    });

    it("creates no VPC, subnet, route table or association", () => {
      for (const type of NETWORK_TYPES) assert.deepEqual(run.ofType(type).map((r) => r.name), [], type);
    });

    it("attaches the S3 gateway endpoint to the given route tables and the STS endpoint to the given subnets", () => {
      const s3 = run.one(T.vpcEndpoint, "source-endpoints-s3").inputs;
      assert.equal(s3.vpcId, VPC.id);
      assert.deepEqual(s3.routeTableIds, VPC.routeTableIds);
      const sts = run.one(T.vpcEndpoint, "source-endpoints-sts").inputs;
      assert.equal(sts.vpcId, VPC.id);
      assert.deepEqual(sts.subnetIds, VPC.subnetIds);
      assert.equal(sts.privateDnsEnabled, true);
    });

    it("reads the VPC through the source provider and lets only its CIDR reach the STS endpoint", () => {
      const lookups = run.mocks.invokes.filter((i) => i.token === "aws:ec2/getVpc:getVpc");
      assert.deepEqual(lookups.map((l) => [l.inputs.id, l.provider?.name]), [[VPC.id, "source"]]);
      const stsGroup = run.one(T.securityGroup, "source-endpoints-sts").inputs;
      assert.equal(stsGroup.vpcId, VPC.id);
      assert.deepEqual(stsGroup.ingress.map((rule: any) => [rule.protocol, rule.fromPort, rule.toPort, rule.cidrBlocks]), [["tcp", 443, 443, [existingVpcCidr(VPC.id)]]]);
      assert.equal(run.one(T.securityGroup, "source-endpoints-workload").inputs.vpcId, VPC.id);
    });

    it("fails with the commands to fix it when the VPC has DNS support or hostnames off", async () => {
      await assert.rejects(
        runProgram(shippedStackConfig("ownvpc"), { stack: "ownvpc-nodns", existingVpcs: { [VPC.id]: { enableDnsHostnames: false } } }),
        (error: Error) => {
          assert.match(error.message, /xacct:source\.vpc: vpc-0a1b2c3d4e5f60718 has enableDnsHostnames off; the endpoints' private DNS needs both on/);
          assert.match(error.message, /aws ec2 modify-vpc-attribute --vpc-id vpc-0a1b2c3d4e5f60718 --enable-dns-hostnames '\{"Value":true\}'/);
          assert.doesNotMatch(error.message, /enable-dns-support/);
          return true;
        },
      );
    });

    it("exports the given VPC and subnets", () => {
      assert.equal(run.outputs.vpcId, VPC.id);
      assert.deepEqual(run.outputs.privateSubnetIds, VPC.subnetIds);
    });

    it("changes nothing else: every other resource of the pair stack is there with the same inputs", async () => {
      const pair = await runProgram(shippedStackConfig("pair"), { stack: "pair" });
      const key = (r: { type: string; name: string }) => `${r.type}::${r.name}`;
      const own = new Map(run.resources.map((r) => [key(r), r]));
      for (const resource of pair.resources.filter((r) => r.type.startsWith("aws:") && !NETWORK_TYPES.includes(r.type))) {
        const same = own.get(key(resource));
        assert.ok(same, `${key(resource)} is missing`);
        if (resource.type === T.vpcEndpoint || resource.type === T.securityGroup) continue;
        assert.deepEqual(same.inputs, resource.inputs, key(resource));
      }
    });

    it("passes every rule of the policy pack", async () => {
      const result = await runPack(policies, packResources("ownvpc", run.resources, run.outputs));
      assert.deepEqual(result.violations.map((v) => `${v.policy}: ${v.message}`), []);
    });

    it("puts the workload instance into the first given subnet", async () => {
      const withInstance = await runProgram(validConfig({ source: { vpc: VPC, instance: { instanceType: "t3.micro" } } }), { stack: "ownvpc-workload" });
      assert.equal(withInstance.one(T.instance).inputs.subnetId, VPC.subnetIds[0]);
      for (const endpoint of withInstance.ofType(T.vpcEndpoint).filter((e) => e.inputs.vpcEndpointType === "Interface")) assert.deepEqual(endpoint.inputs.subnetIds, VPC.subnetIds, endpoint.name);
      const result = await runPack(policies, packResources("ownvpc-workload", withInstance.resources, withInstance.outputs));
      assert.deepEqual(result.violations.map((v) => `${v.policy}: ${v.message}`), []);
    });
  });

  describe("plan", () => {
    it("proves the shipped stack: no violation, the access proof holds", async () => {
      const result = await plan("ownvpc", shippedStackConfig("ownvpc"), stackFilePath("ownvpc"));
      assert.deepEqual(result.violations.filter((v) => v.level === "mandatory").map((v) => v.message), []);
      assert.ok(result.proof.holds);
      assert.ok(result.ok);
    });

    it("proves a source stack with an existing VPC, completed by the target half its config describes", async () => {
      const config = validConfig({ deploy: "source", source: { vpc: VPC } });
      const pair = await runPair("ownvpc-source", config, stackFilePath("ownvpc-source"));
      assert.ok(pair.complement, "no target half was built");
      const result = await plan("ownvpc-source", config, stackFilePath("ownvpc-source"));
      assert.deepEqual(result.violations.filter((v) => v.level === "mandatory").map((v) => v.message), []);
      assert.ok(result.ok);
    });
  });
});
