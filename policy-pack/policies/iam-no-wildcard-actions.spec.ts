import { GOOD, COMMON_MISTAKES, bucketPolicy, endpoint, json, role, rolePolicy } from "../testing/fixtures";
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

  it("refuses s3:* grants, in a role policy and a bucket policy", async () => {
    assertViolates(await checkResource(iamNoWildcardActions, rolePolicy("r", json(COMMON_MISTAKES.rolePolicyS3Star))), /statement #1 allows "s3:\*"/);
    assertViolates(await checkResource(iamNoWildcardActions, bucketPolicy(COMMON_MISTAKES.bucketPolicyGrantingS3Star)), /statement "Example" allows "s3:\*"/);
  });

  it("refuses partial wildcards and Action \"*\" in an endpoint policy", async () => {
    // s3:List* only lists; s3:Get* reads every object: judged by what they match.
    assertViolates(await checkResource(iamNoWildcardActions, bucketPolicy(json(COMMON_MISTAKES.userBucketPolicy))), /allows "s3:get\*"/);
    assertViolates(await checkResource(iamNoWildcardActions, endpoint("sts", json(COMMON_MISTAKES.stsEndpointPolicyActionStar))), /allows "\*"/);
  });

  it("ignores wildcards in Deny statements (the bucket policy's s3:* denies)", async () => {
    const denyOnly = { Version: "2012-10-17", Statement: [{ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "*" }] };
    assertPasses(await checkResource(iamNoWildcardActions, bucketPolicy(json(denyOnly))));
  });

  it("judges a wildcard by what it matches in AWS's service data, not by its spelling", async () => {
    const allow = (Action: string) => json({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action, Resource: "*" }] });
    // Listing only, or session channels that take no resource: harmless.
    for (const action of ["ec2:Describe*", "ssmmessages:*", "EC2:describe*"]) assertPasses(await checkResource(iamNoWildcardActions, rolePolicy("r", allow(action))));
    // Reads, writes, permissions management, unknown services: refused, whatever the casing or position of the wildcard.
    for (const action of ["s3:Get*", "S3:*Object", "iam:Put*Policy", "sts:*", "*", "s?:PutObject", "iam:*"]) {
      assertViolates(await checkResource(iamNoWildcardActions, rolePolicy("r", allow(action))), /a wildcard grants every current and future action/);
    }
  });

  it("refuses a wildcard in a trust policy, and tells to list the exact actions", async () => {
    const trust = json({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:role/xacct-instance" }, Action: "sts:*" }] });
    assertViolates(await checkResource(iamNoWildcardActions, role("xacct-transfer", trust)), /assumeRolePolicy statement #1 allows "sts:\*".*List the exact actions/);
  });

  it("refuses a wildcard over actions AWS's data does not know, even one that reads like listing", async () => {
    const allow = json({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["madeupservice:List*", "s3:List*"], Resource: "*" }] });
    assertViolates(await checkResource(iamNoWildcardActions, rolePolicy("r", allow)), /allows "madeupservice:list\*"/);
  });

  it("accepts a pattern the pack config allows", async () => {
    const readAll = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "logs:Get*", Resource: "arn:aws:logs:ap-northeast-1:111111111111:log-group:/app:*" }] };
    const config = { "iam-no-wildcard-actions": { allowedActionPatterns: ["LOGS:get*"] } };
    assertViolates(await checkResource(iamNoWildcardActions, rolePolicy("r", json(readAll))));
    assertPasses(await checkResource(iamNoWildcardActions, rolePolicy("r", json(readAll)), config));
  });

  it("fails closed on a document it cannot read", async () => {
    assertViolates(await checkResource(iamNoWildcardActions, rolePolicy("r", "{not json")), /not valid JSON/);
  });
});
