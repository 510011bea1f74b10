import * as assert from "node:assert/strict";
import { GOOD, bucketPolicy, endpoint, json, role } from "../testing/fixtures";
import { ResourceUnderTest, checkStack } from "../testing/harness";
import { assertPasses, assertViolates } from "../testing/expect";
import { iamPolicySizeHeadroom } from "./iam-policy-size-headroom";

const TARGET = { name: "target", props: { allowedAccountIds: ["222222222222"], region: "ap-northeast-1" } };

/** A compact policy document exactly `length` characters long. */
function documentOfLength(length: number, statement: object = { Effect: "Allow", Action: "s3:PutObject", Resource: "arn:aws:s3:::bucket/prefix/*" }): string {
  const build = (sid: string) => JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: sid, ...statement }] });
  const text = build("S".repeat(length - build("").length));
  if (text.length !== length) throw new Error(`built ${text.length}, wanted ${length}`);
  return text;
}
const trust = (length: number) => documentOfLength(length, { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" });
const roles = (count: number): ResourceUnderTest[] => Array.from({ length: count }, (_, i) => ({ ...role(`xacct-transfer-${i}`, json(GOOD.transferTrust())), provider: TARGET }));

describe("iam-policy-size-headroom", () => {
  it("is an advisory", () => {
    if (iamPolicySizeHeadroom.enforcementLevel !== "advisory") throw new Error(`enforcement ${iamPolicySizeHeadroom.enforcementLevel}`);
  });

  it("warns past 75% of each document's limit: exactly 75% is quiet, one character (or byte) more warns", async () => {
    const cases: [string, number, (text: string) => ResourceUnderTest][] = [
      ["trust policy", 2048, (text) => role("r", text)],
      ["bucket policy", 20480, bucketPolicy],
      ["VPC endpoint policy", 20480, (text) => endpoint("s3", text)],
      ["managed policy", 6144, (text) => ({ type: "aws:iam/policy:Policy", name: "p", props: { name: "p", policy: text } })],
    ];
    for (const [kind, limit, resource] of cases) {
      const document = kind === "trust policy" ? trust : documentOfLength;
      const at = (limit * 3) / 4;
      assertPasses(await checkStack(iamPolicySizeHeadroom, [resource(document(at))]));
      assertViolates(await checkStack(iamPolicySizeHeadroom, [resource(document(at + 1))]), new RegExp(`\\(${kind}\\) is ${at + 1} .*75% of AWS's limit of ${limit}`));
    }
  });

  it("warns at exactly 100% (still accepted by the mandatory rule), stays quiet past it, where that rule refuses", async () => {
    assertViolates(await checkStack(iamPolicySizeHeadroom, [role("r", trust(2048))]), /^r assumeRolePolicy \(trust policy\) is 2048 characters, 100%/);
    assertPasses(await checkStack(iamPolicySizeHeadroom, [role("r", trust(2049))]));
  });

  it("warns when an account's roles pass 75% of its quota: 750 are quiet, 751 warn", async () => {
    assertPasses(await checkStack(iamPolicySizeHeadroom, roles(750)));
    assertViolates(await checkStack(iamPolicySizeHeadroom, roles(751)), /the roles of account 222222222222 is 751 roles, 75% of AWS's limit of 1000/);
  });

  it("adds up a role's inline policies across resources", async () => {
    const own = { ...role("t", json(GOOD.transferTrust()), { inlinePolicies: [{ name: "own", policy: documentOfLength(3840) }] }), provider: TARGET };
    const extra = (length: number) => ({ type: "aws:iam/rolePolicy:RolePolicy", name: "extra", props: { role: "t", policy: documentOfLength(length) }, provider: TARGET });
    assertPasses(await checkStack(iamPolicySizeHeadroom, [own, extra(3840)]));
    assertViolates(await checkStack(iamPolicySizeHeadroom, [own, extra(3841)]), /the 2 inline policies of role t is 7681 characters in total/);
    const alone = { ...role("t", json(GOOD.transferTrust()), { inlinePolicies: [{ name: "own", policy: documentOfLength(7681) }] }), provider: TARGET };
    const outcome = await checkStack(iamPolicySizeHeadroom, [alone]);
    assert.deepEqual(outcome.violations.map((v) => v.message.replace(/ is .*/, "")), ["the 1 inline policies of role t"], "one warning per role's total");
  });

  it("takes its threshold from the pack config", async () => {
    const config = { "iam-policy-size-headroom": { warnAtPercent: 50 } };
    assertPasses(await checkStack(iamPolicySizeHeadroom, [role("r", trust(1024))], config));
    assertViolates(await checkStack(iamPolicySizeHeadroom, [role("r", trust(1025))], config), /warning past 50%/);
  });

  it("is quiet on the program's documents", async () => {
    assertPasses(await checkStack(iamPolicySizeHeadroom, [role("xacct-transfer", json(GOOD.transferTrust())), bucketPolicy(json(GOOD.bucketPolicy())), endpoint("s3", json(GOOD.s3EndpointPolicy()))]));
  });
});
