import { GOOD, json, role, rolePolicy } from "../testing/fixtures";
import { ResourceUnderTest, checkStack } from "../testing/harness";
import { assertPasses, assertViolates } from "../testing/expect";
import { iamAccountQuotas } from "./iam-account-quotas";
import { UNKNOWN } from "../lib/unknowns";

const TARGET = { name: "target", props: { allowedAccountIds: ["222222222222"], region: "ap-northeast-1" } };
const SOURCE = { name: "source", props: { allowedAccountIds: ["111111111111"], region: "ap-northeast-1" } };

/** `count` transfer roles in one pinned account, as fan-in builds one per source. */
function roles(count: number, provider = TARGET, prefix = "xacct-transfer"): ResourceUnderTest[] {
  return Array.from({ length: count }, (_, i) => ({ ...role(`${prefix}-${i}`, json(GOOD.transferTrust())), provider }));
}

/** A compact identity policy exactly `length` characters long. */
function policyOfLength(length: number): string {
  const build = (sid: string) => JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: sid, Effect: "Allow", Action: "s3:PutObject", Resource: "arn:aws:s3:::bucket/prefix/*" }] });
  const text = build("S".repeat(length - build("").length));
  if (text.length !== length) throw new Error(`built ${text.length}, wanted ${length}`);
  return text;
}

describe("iam-account-quotas", () => {
  it("holds each account's roles to AWS's default quota of 1,000: exactly 1,000 pass, 1,001 are refused", async () => {
    assertPasses(await checkStack(iamAccountQuotas, roles(1000)));
    assertViolates(await checkStack(iamAccountQuotas, roles(1001)), /account 222222222222 would hold 1001 roles.*quota is 1000 \(rolesPerAccount\)/);
  });

  it("counts per account: 600 roles in each of two accounts pass", async () => {
    assertPasses(await checkStack(iamAccountQuotas, [...roles(600), ...roles(600, SOURCE, "xacct-instance")]));
  });

  it("reads a lowered or raised quota from the pack config, with the same boundary", async () => {
    const config = { "iam-account-quotas": { rolesPerAccount: 8 } };
    assertPasses(await checkStack(iamAccountQuotas, roles(8), config));
    assertViolates(await checkStack(iamAccountQuotas, roles(9), config), /would hold 9 roles.*quota is 8/);
    assertPasses(await checkStack(iamAccountQuotas, roles(1200), { "iam-account-quotas": { rolesPerAccount: 1200 } }));
  });

  it("adds up a role's inline policies across resources: 10,240 characters pass, one more is refused", async () => {
    const transfer = { ...role("xacct-transfer", json(GOOD.transferTrust()), { inlinePolicies: [{ name: "own", policy: policyOfLength(5120) }] }), provider: TARGET };
    const attached = (length: number) => ({ ...rolePolicy("xacct-transfer", policyOfLength(length)), name: "extra", provider: TARGET });
    assertPasses(await checkStack(iamAccountQuotas, [transfer, attached(5120)]));
    assertViolates(await checkStack(iamAccountQuotas, [transfer, attached(5121)]), /the 2 inline policies of role xacct-transfer are 10241 characters in total; AWS refuses more than 10240/);
  });

  it("at preview, still refuses what it can add up when another policy's role or document is unknown (it stays mandatory)", async () => {
    const transfer = { ...role("xacct-transfer", json(GOOD.transferTrust()), { inlinePolicies: [{ name: "own", policy: policyOfLength(5120) }] }), provider: TARGET };
    const extra = { ...rolePolicy("xacct-transfer", policyOfLength(5121)), name: "extra", provider: TARGET };
    const unknownRole = { ...rolePolicy(UNKNOWN, policyOfLength(200)), name: "unknown-role", provider: TARGET };
    const unknownPolicy = { ...rolePolicy("xacct-transfer", UNKNOWN), name: "unknown-policy", provider: TARGET };
    const outcome = await checkStack(iamAccountQuotas, [transfer, extra, unknownRole, unknownPolicy]);
    assertViolates(outcome, /the 2 inline policies of role xacct-transfer are 10241 characters in total/);
  });

  it("does not add up two roles of the same name in different accounts", async () => {
    const inAccount = (provider: typeof TARGET) => ({ ...rolePolicy("xacct-transfer", policyOfLength(6000)), name: `p-${provider.name}`, provider });
    assertPasses(await checkStack(iamAccountQuotas, [inAccount(TARGET), inAccount(SOURCE)]));
  });

  it("leaves one resource's own total to iam-policy-size-limits (one error, not two)", async () => {
    const inline = [0, 1].map((i) => ({ name: `p${i}`, policy: policyOfLength(6000) }));
    assertPasses(await checkStack(iamAccountQuotas, [{ ...role("r", json(GOOD.transferTrust()), { inlinePolicies: inline }), provider: TARGET }]));
  });
});
