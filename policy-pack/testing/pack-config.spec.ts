import * as assert from "node:assert/strict";
import { StackValidationPolicy } from "@pulumi/policy";
import { PackConfigError, formatLoosenings, loosenings, parsePackConfig, reconcilePackConfig, unknownPolicyNames } from "./pack-config";

const limit: StackValidationPolicy = {
  name: "limit",
  description: "test",
  enforcementLevel: "mandatory",
  configSchema: { properties: { seconds: { type: "integer", minimum: 900, maximum: 3600, default: 3600, description: "Longest session." }, names: { type: "array", items: { type: "string", pattern: "^[^*?]+$" }, default: [] } } },
  validateStack: () => undefined,
};
const advisory: StackValidationPolicy = { name: "advice", description: "test", enforcementLevel: "advisory", validateStack: () => undefined };
const policies = [limit, advisory];

describe("pack config, as the Pulumi CLI reads --policy-pack-config", () => {
  it("starts from each rule's level and schema defaults; `all` sets every level, then each rule's own entry", () => {
    assert.deepEqual(reconcilePackConfig(policies), { limit: { enforcementLevel: "mandatory", properties: { seconds: 3600, names: [] } }, advice: { enforcementLevel: "advisory", properties: {} } });
    const config = reconcilePackConfig(policies, { all: "disabled", advice: "mandatory", limit: { seconds: 900 } });
    assert.deepEqual(config.limit, { enforcementLevel: "disabled", properties: { seconds: 900, names: [] } });
    assert.equal(config.advice.enforcementLevel, "mandatory");
  });

  it("validates the merged properties against each rule's configSchema, naming the rule and the key", () => {
    assert.throws(() => reconcilePackConfig(policies, { limit: { seconds: 43200 } }), (e: PackConfigError) => /Policy "limit": seconds: must be <= 3600/.test(e.message));
    assert.throws(() => reconcilePackConfig(policies, { limit: { seconds: "900" } }), /seconds: must be integer/);
    assert.throws(() => reconcilePackConfig(policies, { limit: { names: ["a*"] } }), /names\.0: must match pattern/);
    assert.throws(() => reconcilePackConfig(policies, { limit: { enforcementLevel: "strict" } }), /"strict" for "limit" is not a valid enforcement level/);
    assert.throws(() => reconcilePackConfig(policies, { limit: 3 }), /must be a string or object/);
    assert.throws(() => parsePackConfig("[1]"), /JSON object/);
    assert.deepEqual(parsePackConfig("  "), {});
  });

  it("this pack's own defaults satisfy every rule's configSchema", async () => {
    const { policies: pack } = await import("../policies");
    assert.doesNotThrow(() => reconcilePackConfig(pack, {}, "mandatory", { validateAll: true }));
  });

  it("reports what a config loosens: disabled or lowered rules and knobs moved from their defaults; and names it ignores", () => {
    const config = reconcilePackConfig(policies, { limit: { enforcementLevel: "advisory", seconds: 900 }, advice: "disabled", typo: "disabled" });
    assert.deepEqual(formatLoosenings(loosenings(policies, config)), [
      "[config] limit: lowered from mandatory to advisory",
      "[config] limit: seconds = 900 (default 3600): Longest session.",
      "[config] advice: disabled (its own level is advisory)",
    ]);
    assert.deepEqual(unknownPolicyNames(policies, { typo: "disabled", all: "advisory" }), ["typo"]);
    assert.deepEqual(loosenings(policies, reconcilePackConfig(policies, { advice: "mandatory" })), []);
  });
});
