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

describe("iam-policy-size-limits", () => {
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
