/** The pack over the new patterns' stacks as `pulumi preview --json` shows them: ids unknown until created. */
import * as assert from "node:assert/strict";
import { policies } from "../policy-pack/policies";
import { runPack } from "../policy-pack/testing/harness";
import { readState } from "../policy-pack/testing/fixtures";
import { UNKNOWN } from "../policy-pack/lib/unknowns";
import { runProgram } from "../tools/offline/run-program";
import { previewJson } from "../tools/offline/state-documents";
import { shippedStackConfig } from "../tools/offline/stack-files";

describe("the pack at preview, over the patterns' stacks", () => {
  for (const stack of ["ownvpc", "interface"]) {
    it(`finds no violation in Pulumi.${stack}.yaml at preview, with the endpoints' ids and groups unknown`, async () => {
      const run = await runProgram(shippedStackConfig(stack), { stack });
      const resources = readState(previewJson(run, stack));
      const s3 = resources.find((r) => r.type === "aws:ec2/vpcEndpoint:VpcEndpoint" && r.name === "source-endpoints-s3");
      assert.equal(s3?.props.id, UNKNOWN, "the preview holds the S3 endpoint's id");
      const result = await runPack(policies, resources);
      assert.deepEqual(result.violations.map((v) => `${v.policy}: ${v.message}`), []);
    });
  }

  it("still refuses an S3 interface endpoint group opened to everywhere, though the endpoint names its group by an unknown id", async () => {
    const run = await runProgram(shippedStackConfig("interface"), { stack: "interface" });
    const resources = readState(previewJson(run, "interface", (states) => {
      const group = states.find((s) => s.type === "aws:ec2/securityGroup:SecurityGroup" && s.urn.endsWith("::source-endpoints-s3"));
      assert.ok(group, "no S3 endpoint group");
      const ingress = group.inputs.ingress as Record<string, unknown>[];
      group.inputs = { ...group.inputs, ingress: [{ ...ingress[0], cidrBlocks: ["0.0.0.0/0"] }] };
      group.outputs = { ...group.outputs, ingress: group.inputs.ingress };
    }));
    const endpoint = resources.find((r) => r.name === "source-endpoints-s3" && r.type === "aws:ec2/vpcEndpoint:VpcEndpoint");
    assert.deepEqual(endpoint?.props.securityGroupIds, [UNKNOWN]);
    const result = await runPack(policies, resources);
    assert.deepEqual(result.violations.map((v) => v.policy), ["vpce-interface-endpoint-ingress"]);
    assert.match(result.violations[0].message, /^source-endpoints-s3 ingress rule #1: it admits 0\.0\.0\.0\/0, wider than a \/8/);
  });
});
