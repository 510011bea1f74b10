import { GOOD, SEEDS, bucketPolicy, endpoint, json, role, rolePolicy } from "../../test/support/pack-fixtures";
import { checkResource } from "../testing/harness";
import { assertPasses, assertViolates } from "../testing/expect";
import { iamNoWildcardActions } from "./iam-no-wildcard-actions";

describe("iam-no-wildcard-actions", () => {
  it("passes the program's role, bucket and endpoint policies", async () => {
    for (const resource of [
      rolePolicy("xacct-transfer", json(GOOD.transferPolicy())),
      role("xacct-transfer", json(GOOD.transferTrust())),
      bucketPolicy(json(GOOD.bucketPolicy())),
      endpoint("s3", json(GOOD.s3EndpointPolicy())),
      endpoint("sts", json(GOOD.stsEndpointPolicy())),
    ]) {
      assertPasses(await checkResource(iamNoWildcardActions, resource));
    }
  });

  it("refuses the seeds' s3:* grants, in a role policy and a bucket policy", async () => {
    assertViolates(await checkResource(iamNoWildcardActions, rolePolicy("r", json(SEEDS.rolePolicyS3Star))), /statement #1 allows "s3:\*"/);
    assertViolates(await checkResource(iamNoWildcardActions, bucketPolicy(SEEDS.bucketPolicyGrantingS3Star)), /statement "Example" allows "s3:\*"/);
  });

  it("refuses partial wildcards and Action \"*\" in an endpoint policy (seed 000)", async () => {
    assertViolates(await checkResource(iamNoWildcardActions, bucketPolicy(json(SEEDS.userBucketPolicy))), /"s3:get\*", "s3:list\*"/);
    assertViolates(await checkResource(iamNoWildcardActions, endpoint("sts", json(SEEDS.stsEndpointPolicyActionStar))), /allows "\*"/);
  });

  it("ignores wildcards in Deny statements (the bucket policy's s3:* denies)", async () => {
    const denyOnly = { Version: "2012-10-17", Statement: [{ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "*" }] };
    assertPasses(await checkResource(iamNoWildcardActions, bucketPolicy(json(denyOnly))));
  });

  it("accepts a pattern the pack config allows", async () => {
    const describe = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "ec2:Describe*", Resource: "*" }] };
    const config = { "iam-no-wildcard-actions": { allowedActionPatterns: ["EC2:describe*"] } };
    assertViolates(await checkResource(iamNoWildcardActions, rolePolicy("r", json(describe))));
    assertPasses(await checkResource(iamNoWildcardActions, rolePolicy("r", json(describe)), config));
  });

  it("fails closed on a document it cannot read", async () => {
    assertViolates(await checkResource(iamNoWildcardActions, rolePolicy("r", "{not json")), /not valid JSON/);
  });
});
