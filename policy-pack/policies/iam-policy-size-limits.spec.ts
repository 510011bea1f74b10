import { GOOD, bucketPolicy, endpoint, json, role, rolePolicy } from "../testing/fixtures";
import { checkResource } from "../testing/harness";
import { assertPasses, assertViolates } from "../testing/expect";
import { iamPolicySizeLimits } from "./iam-policy-size-limits";

/** A document with `count` statements, each about 100 characters. */
function bigDocument(count: number) {
  return {
    Version: "2012-10-17",
    Statement: Array.from({ length: count }, (_, i) => ({ Sid: `S${i}`, Effect: "Allow", Action: "s3:PutObject", Resource: `arn:aws:s3:::bucket/prefix-${i}/*` })),
  };
}

/** A compact policy document exactly `length` characters long (a Sid pads it), optionally with one two-byte character. */
function documentOfLength(length: number, twoByte = false, statement: object = { Effect: "Allow", Action: "s3:PutObject", Resource: "arn:aws:s3:::bucket/prefix/*" }): string {
  const build = (sid: string) => JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: sid, ...statement }] });
  const padding = length - build("").length;
  const text = build((twoByte ? "\u00e9" : "") + "S".repeat(padding - (twoByte ? 1 : 0)));
  if (text.length !== length) throw new Error(`built ${text.length}, wanted ${length}`);
  return text;
}
const managedPolicy = (policy: string) => ({ type: "aws:iam/policy:Policy", name: "p", props: { name: "p", policy } });
const trust = (length: number) => documentOfLength(length, false, { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" });

describe("iam-policy-size-limits", () => {
  it("draws each line where AWS does: at the limit passes, one character (or byte) over is refused", async () => {
    const limits: [string, number, (text: string) => Parameters<typeof checkResource>[1]][] = [
      ["trust", 2048, (text) => role("r", text)],
      ["inline", 10240, (text) => rolePolicy("r", text)],
      ["managed", 6144, managedPolicy],
      ["bucket", 20480, bucketPolicy],
      ["endpoint", 20480, (text) => endpoint("s3", text)],
    ];
    for (const [what, limit, resource] of limits) {
      const document = what === "trust" ? trust : documentOfLength;
      assertPasses(await checkResource(iamPolicySizeLimits, resource(document(limit))));
      assertViolates(await checkResource(iamPolicySizeLimits, resource(document(limit + 1))), new RegExp(`is ${limit + 1} .*more than ${limit}`));
    }
    // A role's inline policies are added up: two halves of the limit pass, one character more is refused.
    const inline = (lengths: number[]) => role("r", json(GOOD.transferTrust()), { inlinePolicies: lengths.map((l, i) => ({ name: `p${i}`, policy: documentOfLength(l) })) });
    assertPasses(await checkResource(iamPolicySizeLimits, inline([5120, 5120])));
    assertViolates(await checkResource(iamPolicySizeLimits, inline([5120, 5121])), /10241 characters in total/);
  });

  it("counts a bucket policy in bytes, as sent, and IAM documents without white space", async () => {
    assertViolates(await checkResource(iamPolicySizeLimits, bucketPolicy(documentOfLength(20480, true))), /is 20481 bytes/);
    assertPasses(await checkResource(iamPolicySizeLimits, endpoint("s3", documentOfLength(20480, true))));
    assertViolates(await checkResource(iamPolicySizeLimits, bucketPolicy(" ".repeat(1000) + documentOfLength(20000))), /is 21000 bytes/);
    assertPasses(await checkResource(iamPolicySizeLimits, managedPolicy(" ".repeat(1000) + documentOfLength(6144))));
    assertPasses(await checkResource(iamPolicySizeLimits, role("r", " ".repeat(1000) + trust(2048))));
  });

  it("passes the program's documents", async () => {
    assertPasses(await checkResource(iamPolicySizeLimits, role("xacct-transfer", json(GOOD.transferTrust()))));
    assertPasses(await checkResource(iamPolicySizeLimits, bucketPolicy(json(GOOD.bucketPolicy()))));
    assertPasses(await checkResource(iamPolicySizeLimits, endpoint("s3", json(GOOD.s3EndpointPolicy()))));
  });

  it("refuses a trust policy over 2,048 characters, not counting white space", async () => {
    const trust = { Version: "2012-10-17", Statement: Array.from({ length: 20 }, (_, i) => ({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::111111111111:role/r${i}` }, Action: "sts:AssumeRole" })) };
    assertViolates(await checkResource(iamPolicySizeLimits, role("r", JSON.stringify(trust))), /assumeRolePolicy \(trust policy\) is \d+ characters; AWS refuses more than 2048/);
    const small = GOOD.transferTrust();
    assertPasses(await checkResource(iamPolicySizeLimits, role("r", JSON.stringify(small, null, 40))));
  });

  it("refuses inline policies over 10,240 characters, and a bucket policy over 20 KB", async () => {
    assertViolates(await checkResource(iamPolicySizeLimits, rolePolicy("r", json(bigDocument(120)))), /inline policy/);
    assertViolates(await checkResource(iamPolicySizeLimits, bucketPolicy(json(bigDocument(240)))), /bucket policy\) is \d+ bytes/);
    assertViolates(await checkResource(iamPolicySizeLimits, endpoint("s3", json(bigDocument(240)))), /VPC endpoint policy/);
  });

  it("adds up a role's inline policies", async () => {
    const inlinePolicies = [0, 1].map((i) => ({ name: `p${i}`, policy: json(bigDocument(60)) }));
    assertViolates(await checkResource(iamPolicySizeLimits, role("r", json(GOOD.transferTrust()), { inlinePolicies })), /2 inline policies is \d+ characters in total/);
  });
});
