import * as assert from "node:assert/strict";
import { readStateFile } from "../tools/offline/state-files";
import { packResources } from "../tools/offline/pack-input";
import { RESOURCE_TYPES as T } from "../tools/offline/resource-types";
import { runProgram } from "../tools/offline/run-program";
import { shippedStackConfig } from "../tools/offline/stack-files";
import { stackExport, urnFor } from "../tools/offline/state-documents";
import { INSTANCE_ROLE_ARN, validConfig } from "./support/fixtures";

describe("offline run", () => {
  describe("cache", () => {
    it("answers the same config and stack with the same run, frozen, and a different config with a new run", async () => {
      // The configs program.spec runs too: the suite pays for each run once.
      const first = await runProgram(validConfig());
      const again = await runProgram(validConfig());
      assert.equal(again, first);
      assert.ok(Object.isFrozen(first.resources) && Object.isFrozen(first.resources[0].inputs));
      assert.throws(() => (first.resources as unknown[]).push({}), TypeError);
      const other = await runProgram(validConfig({ source: { allowAmazonLinuxRepositories: false } }));
      assert.notEqual(other, first);
      assert.doesNotMatch(other.one(T.vpcEndpoint, "source-endpoints-s3").inputs.policy, /amazonlinux/);
    });

    it("runs again when a StackReference the run read would answer differently", async () => {
      const config = shippedStackConfig("target");
      const outputs = (s3EndpointId: string) => ({
        "organization/xacct/source": { instanceRoleArn: INSTANCE_ROLE_ARN, instanceRoleUniqueId: "AROAEXAMPLEUNIQUE0001", s3EndpointId, stsEndpointId: "vpce-0f1e2d3c4b5a69788" },
      });
      const a = await runProgram(config, { stack: "target", stackOutputs: outputs("vpce-0a1b2c3d4e5f60718") });
      const b = await runProgram(config, { stack: "target", stackOutputs: outputs("vpce-0000000000000000b") });
      const unrelated = { ...outputs("vpce-0a1b2c3d4e5f60718"), "organization/xacct/elsewhere": { anything: 1 } };
      assert.notEqual(b, a);
      assert.match(b.one(T.bucketPolicy).inputs.policy, /vpce-0000000000000000b/);
      assert.equal(await runProgram(config, { stack: "target", stackOutputs: unrelated }), a, "outputs of a stack it does not read change nothing");
    });

    it("takes runs in turn when they are asked for at once", async () => {
      const [a, b] = await Promise.all([
        runProgram(validConfig({ target: { access: ["write", "read", "list", "delete"] } })),
        runProgram(validConfig({ source: { availabilityZones: ["ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d"], vpcCidr: "10.1.0.0/24" } })),
      ]);
      assert.match(a.one(T.rolePolicy, "target-transfer-write-prefix").inputs.policy, /s3:DeleteObject/);
      assert.equal(b.ofType(T.subnet).length, 3);
      assert.equal(a.ofType(T.subnet).length, 2);
    });
  });

  describe("options, learned from the public SDK", () => {
    it("records each resource's parent and explicit dependencies by type and name", async () => {
      const run = await runProgram(shippedStackConfig("pair"), { stack: "pair" });
      assert.equal(run.one(T.bucket).opts.parent, "xacct:target:TransferBucket::target-bucket");
      assert.equal(run.one(T.vpc).opts.parent, "xacct:source:PrivateNetwork::source-network");
      assert.equal(run.one("xacct:source:PrivateNetwork").opts.parent, undefined, "a top-level component's parent is the stack");
      assert.deepEqual(run.one(T.role, "target-transfer").opts.dependsOn, []);
    });
  });

  describe("pack input", () => {
    it("is what policy:check reads from the run's stack export: inputs over outputs, providers, parents, options", async () => {
      const run = await runProgram(shippedStackConfig("pair"), { stack: "pair" });
      const resources = packResources("pair", run.resources, run.outputs);
      assert.deepEqual(resources, readStateFile(JSON.stringify(stackExport(run, "pair"))).resources);
      assert.equal(resources.length, run.resources.length, "every resource, the stack (with the stack's outputs) included");
      assert.deepEqual(resources.find((r) => r.type === T.stack)?.props, run.outputs);

      const bucket = resources.find((r) => r.type === T.bucket)!;
      assert.equal(bucket.urn, urnFor("pair", T.bucket, "target-bucket"));
      assert.equal(bucket.opts?.protect, true);
      assert.equal(bucket.parent, urnFor("pair", "xacct:target:TransferBucket", "target-bucket"));
      assert.equal(bucket.provider?.name, "target");
      assert.deepEqual(JSON.parse(bucket.provider?.props?.allowedAccountIds), ["222222222222"]);

      const policy = resources.find((r) => r.type === T.bucketPolicy)!;
      const s3Endpoint = urnFor("pair", T.vpcEndpoint, "source-endpoints-s3");
      // dependsOn (the guards) and what its inputs were computed from (the endpoint id in the document), as the CLI records them.
      assert.deepEqual([...(policy.dependencies ?? [])].sort(), [urnFor("pair", T.ownershipControls, "target-bucket"), urnFor("pair", T.publicAccessBlock, "target-bucket"), s3Endpoint].sort());
      assert.deepEqual(policy.propertyDependencies?.policy?.map((d: any) => d.urn ?? d), [s3Endpoint]);

      // The mocks answer a role with outputs AWS computes (arn, uniqueId) besides the inputs.
      const role = resources.find((r) => r.type === T.role && r.name === "target-transfer")!;
      const recorded = run.one(T.role, "target-transfer");
      assert.equal(role.props.arn, recorded.state.arn);
      assert.equal(role.props.assumeRolePolicy, recorded.inputs.assumeRolePolicy);
    });

    it("lets an input win over an output of the same name, as policy:check does", async () => {
      const run = await runProgram(shippedStackConfig("pair"), { stack: "pair" });
      const document = stackExport(run, "pair", (states) => {
        const role = states.find((s) => s.type === T.role && s.urn.endsWith("::target-transfer"))!;
        role.outputs = { ...role.outputs, maxSessionDuration: 43200 };
      });
      const role = readStateFile(JSON.stringify(document)).resources.find((r) => r.type === T.role && r.name === "target-transfer")!;
      assert.equal(role.props.maxSessionDuration, 3600);
    });
  });
});
