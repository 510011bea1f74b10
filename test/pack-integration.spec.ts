import * as assert from "node:assert/strict";
import { policies } from "../policy-pack/policies";
import { TYPES } from "../policy-pack/lib/resources";
import { runPack } from "../policy-pack/testing/harness";
import { INSTANCE_ROLE_ARN } from "./support/fixtures";
import { COMMON_MISTAKES } from "./support/pack-fixtures";
import { runShippedStack, withProps } from "./support/program-stacks";
import { stackFileNames } from "../tools/offline/stack-files";


// The weakenings of the pair stack, the bypasses and the harmless additions run on the pack's own
// fixtures: policy-pack/testing/corpus.ts. Here: the pack over what the program registers.

describe("the pack over the program", () => {
  it("covers every shipped stack file", () => {
    assert.deepEqual(stackFileNames(), ["direct", "fanin", "fanin-target", "fanin-team-a", "fanin-team-b", "fanin-team-c", "interface", "internet", "ownvpc", "pair", "source", "target", "workload"]);
  });

  for (const stack of stackFileNames()) {
    it(`finds no violation in the shipped ${stack} stack (Pulumi.${stack}.yaml)`, async () => {
      const { resources } = await runShippedStack(stack);
      const started = process.hrtime.bigint();
      const result = await runPack(policies, resources);
      const milliseconds = Number(process.hrtime.bigint() - started) / 1e6;
      // A source stack cannot prove which role is the target's, and the internet path is weaker than an endpoint: one advisory says so (README, Known limits).
      const advisories: Record<string, string[]> = { internet: ["advisory xacct-internet-path-is-weaker"] };
      const oneSourceStack = stack === "source" || stack.startsWith("fanin-team-");
      assert.deepEqual(result.violations.map((v) => `${v.level} ${v.policy}`), oneSourceStack ? ["advisory xacct-source-target-designated"] : advisories[stack] ?? []);
      assert.deepEqual(result.unknowns, []);
      assert.ok(resources.length > 10);
      console.log(`      (${policies.length} rules over ${resources.length} resources in ${milliseconds.toFixed(1)} ms)`);
    });
  }

  it("an S3 endpoint policy naming the instance role (not the session's role) would pass every single-resource rule: only the stack rules see it", async () => {
    const pair = (await runShippedStack("pair")).resources;
    const weakened = withProps(pair, TYPES.vpcEndpoint, "source-endpoints-s3", (p) => ({ ...p, policy: JSON.stringify({ ...COMMON_MISTAKES.s3EndpointPolicyNamingInstanceRole, Statement: [{ ...COMMON_MISTAKES.s3EndpointPolicyNamingInstanceRole.Statement[0], Action: ["s3:PutObject"] }] }) }));
    const result = await runPack(policies, weakened);
    const stackRules = new Set(policies.filter((p) => "validateStack" in p).map((p) => p.name));
    assert.ok(result.violations.every((v) => stackRules.has(v.policy)), JSON.stringify(result.violations));
    assert.ok(result.violations.some((v) => v.policy === "xacct-wiring-consistent" && v.message.includes(`names the instance role ${INSTANCE_ROLE_ARN}`)));
    assert.ok(result.violations.some((v) => v.policy === "s3-transfer-bucket-reached-only-by-transfer-roles" && v.message.includes(INSTANCE_ROLE_ARN)));
  });
});
