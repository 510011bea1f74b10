import * as assert from "node:assert/strict";
import { parseConfig } from "../infra/config";
import { bucketPolicyBytes, endpointListLimitN, syntheticFanInStack } from "../tools/bench-fan-in/fan-in";

describe("the fan-in bench's synthetic stacks and arithmetic", () => {
  it("builds a stack file the program accepts: N sources, names, accounts and prefixes distinct", () => {
    const { config } = syntheticFanInStack(12) as { config: Record<string, unknown> };
    const raw = Object.fromEntries(Object.entries(config).filter(([k]) => k.startsWith("xacct:")).map(([k, v]) => [k.slice("xacct:".length), v]));
    const parsed = parseConfig(raw);
    assert.equal(parsed.sources.length, 12);
    assert.equal(new Set(parsed.sources.map((s) => s.accountId)).size, 12);
    assert.equal(parsed.target.organizationId, undefined);
    const fenced = (syntheticFanInStack(12, "o-a1b2c3d4e5") as { config: Record<string, any> }).config;
    assert.equal(parseConfig({ sources: fenced["xacct:sources"], target: fenced["xacct:target"], deploy: "both" }).target.organizationId, "o-a1b2c3d4e5");
  });

  it("finds the first N whose endpoint-id list passes the bucket policy's 20 KB, and the organization fence stays the same size", () => {
    const n = endpointListLimitN();
    assert.ok(bucketPolicyBytes(n - 1) <= 20480 && bucketPolicyBytes(n) > 20480, `N=${n}: ${bucketPolicyBytes(n - 1)} then ${bucketPolicyBytes(n)} bytes`);
    assert.ok(n > 200, `the list passes 20 KB at N=${n}, before the 200 sources the design is sized for`);
    assert.equal(bucketPolicyBytes(1000, "o-a1b2c3d4e5"), bucketPolicyBytes(1, "o-a1b2c3d4e5"));
  });
});
