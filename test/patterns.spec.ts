/** The patterns of issue 11 across the config keys and deploy modes: built, or refused before anything is registered. */
import * as assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { runProgram, runProgramBare, StackConfig } from "../tools/offline/run-program";
import { RESOURCE_TYPES as T } from "../tools/offline/resource-types";
import { shippedStackConfig } from "../tools/offline/stack-files";
import { mermaidDiagram } from "../tools/plan/diagram";
import { plan } from "../tools/plan/plan";
import { validConfig } from "./support/fixtures";

const VPC = { id: "vpc-0a1b2c3d4e5f60718", subnetIds: ["subnet-0a1b2c3d4e5f60719", "subnet-0a1b2c3d4e5f6071a"], routeTableIds: ["rtb-0a1b2c3d4e5f6071b"] };

async function assertRefusedBeforeAnything(config: StackConfig, message: RegExp) {
  const { mocks, error } = await runProgramBare(config);
  assert.ok(error instanceof Error, "the program accepted the config");
  assert.equal(error.constructor.name, "RunError");
  assert.match(error.message, message);
  assert.deepEqual(mocks.resources, []);
  assert.deepEqual(mocks.invokes, []);
}

describe("patterns (xacct:pattern, xacct:source.endpoints, xacct:source.vpc)", () => {
  it("builds the default when xacct:pattern: assumeRole is written out", async () => {
    const spelled = await runProgram({ ...shippedStackConfig("pair"), "xacct:pattern": "assumeRole" }, { stack: "pair" });
    const pair = await runProgram(shippedStackConfig("pair"), { stack: "pair" });
    assert.deepEqual(spelled.resources.map((r) => [r.type, r.name, r.inputs]), pair.resources.map((r) => [r.type, r.name, r.inputs]));
  });

  it("refuses, in the program and before anything is registered, what cannot be built or is malformed", async () => {
    await assertRefusedBeforeAnything({ ...validConfig({ target: { transferRoleName: "xacct-transfer" } }), "xacct:pattern": "direct" }, /xacct:target\.transferRoleName: names the transfer role, but xacct:pattern is direct/);
    await assertRefusedBeforeAnything({ ...validConfig(), "xacct:pattern": "assumerole" }, /xacct:pattern: must be one of assumeRole, direct \(got "assumerole"\)/);
    await assertRefusedBeforeAnything(validConfig({ source: { endpoints: "none", vpc: VPC } }), /xacct:source\.endpoints: none \(the internet path\) builds its public subnet, internet gateway and NAT gateway in the VPC this program creates, but xacct:source\.vpc names an existing one/);
    await assertRefusedBeforeAnything(validConfig({ source: { vpc: { ...VPC, id: "vpc-123" } } }), /xacct:source\.vpc\.id: must be a VPC id/);
    await assertRefusedBeforeAnything(validConfig({ source: { vpc: VPC, endpoints: "interface", clientCidrs: ["10.0.0.0/33"] } }), /xacct:source\.clientCidrs\[0\]: must be an IPv4 network/);
  });

  describe("two teams: a source stack in an existing VPC with an S3 interface endpoint, then its target stack", () => {
    const directory = mkdtempSync(join(tmpdir(), "xacct-patterns-"));
    const write = (stack: string, config: StackConfig) => {
      const file = join(directory, `Pulumi.${stack}.yaml`);
      writeFileSync(file, stringify({ config }));
      return file;
    };
    const source = validConfig({ deploy: "source", source: { vpc: VPC, endpoints: "interface", clientCidrs: ["10.90.0.0/16"] } });
    const target = validConfig({ deploy: "target", sourceStack: "teamsource" });
    const sourceFile = write("teamsource", source);
    const targetFile = write("teamtarget", target);

    it("the source stack builds account ① only, in the given VPC, and is proven with its target half", async () => {
      const result = await plan("teamsource", source, sourceFile);
      // A source stack alone: only the advisory that its transfer role and bucket come from its own outputs.
      assert.deepEqual(result.violations.map((v) => `${v.level} ${v.policy}`), ["advisory xacct-source-target-designated"]);
      assert.ok(result.ok);
      assert.deepEqual(result.run.ofType(T.vpc), []);
      assert.deepEqual(result.run.ofType(T.bucket), []);
      assert.equal(result.run.one(T.vpcEndpoint, "source-endpoints-s3").inputs.vpcEndpointType, "Interface");
    });

    it("the target stack reads the interface endpoint's id and fences the bucket to it", async () => {
      const result = await plan("teamtarget", target, targetFile);
      assert.deepEqual(result.violations.map((v) => v.message), []);
      assert.ok(result.ok);
      assert.deepEqual(result.run.ofType(T.vpcEndpoint), []);
      const s3EndpointId = result.complement?.one(T.vpcEndpoint, "source-endpoints-s3").id;
      assert.match(String(s3EndpointId), /^vpce-[0-9a-f]{17}$/);
      assert.match(result.run.one(T.bucketPolicy).inputs.policy, new RegExp(`"aws:SourceVpce":\\["${s3EndpointId}"\\]`));
    });
  });

  describe("the plan's diagram", () => {
    const nodes = (markdown: string) => new Set([...markdown.matchAll(/^\s+(\w+)\[/gm)].map((m) => m[1]));
    const edgeEnds = (markdown: string) => [...markdown.matchAll(/^\s+(\w+) -[^>]*-> (\w+)$/gm)].flatMap((m) => [m[1], m[2]]);

    it("draws an existing VPC by its id, with the given subnets, and defines every node an edge names", async () => {
      const run = await runProgram(shippedStackConfig("ownvpc"), { stack: "ownvpc" });
      const markdown = mermaidDiagram("ownvpc", run.resources);
      assert.match(markdown, /subgraph vpc\["existing VPC vpc-0a1b2c3d4e5f60718, not in this stack: its routes, subnets and other endpoints are its owner's"\]/);
      assert.match(markdown, /subnets\["2 given subnets<br\/>subnet-0a1b2c3d4e5f60719<br\/>subnet-0a1b2c3d4e5f6071a"\]/);
      const defined = nodes(markdown);
      assert.ok(edgeEnds(markdown).includes("stsEndpoint") && edgeEnds(markdown).includes("s3Endpoint"), markdown);
      for (const end of edgeEnds(markdown)) assert.ok(defined.has(end), `${end} is not defined:\n${markdown}`);
    });

    it("draws an S3 interface endpoint as one, with its private DNS and its group, and the workload's egress to that group", async () => {
      const run = await runProgram(shippedStackConfig("interface"), { stack: "interface" });
      const markdown = mermaidDiagram("interface", run.resources, { ids: false });
      assert.match(markdown, /s3Endpoint\["S3 interface endpoint<br\/>private DNS on<br\/>security group: in tcp 443 from 10\.80\.0\.0\/16, 10\.90\.0\.0\/16<br\/>/);
      assert.match(markdown, /out: tcp 443 to the S3 endpoint's security group/);
      const defined = nodes(markdown);
      for (const end of edgeEnds(markdown)) assert.ok(defined.has(end), `${end} is not defined`);
    });
  });
});
