import { GOOD, S3_ENDPOINT_ID, SEEDS, bucketPolicy, json } from "../../test/support/pack-fixtures";
import { checkResource } from "../testing/harness";
import { assertPasses, assertViolates } from "../testing/expect";
import { s3BucketPolicyRequiresVpce } from "./s3-bucket-policy-requires-vpce";

/** The program's bucket policy with its write deny replaced by `deny` (or removed when undefined). */
function withWriteDeny(deny?: object) {
  const document = GOOD.bucketPolicy();
  const [, ...rest] = document.Statement;
  return json({ ...document, Statement: deny ? [deny, ...rest] : rest });
}
const writeDeny = (overrides: object = {}) => ({
  Sid: "DenyOutsideEndpoint",
  Effect: "Deny",
  Principal: "*",
  Action: ["s3:PutObject", "s3:AbortMultipartUpload"],
  Resource: ["arn:aws:s3:::xacct-transfer-222222222222-apne1/example/*"],
  Condition: { StringNotEquals: { "aws:SourceVpce": [S3_ENDPOINT_ID] } },
  ...overrides,
});

describe("s3-bucket-policy-requires-vpce", () => {
  it("passes the program's bucket policy, also when it arrives as an object", async () => {
    assertPasses(await checkResource(s3BucketPolicyRequiresVpce, bucketPolicy(json(GOOD.bucketPolicy()))));
    assertPasses(await checkResource(s3BucketPolicyRequiresVpce, bucketPolicy(GOOD.bucketPolicy())));
  });

  it("refuses a bucket policy without the deny (the seeds' Allow-only policies)", async () => {
    assertViolates(await checkResource(s3BucketPolicyRequiresVpce, bucketPolicy(withWriteDeny())), /no statement that denies s3:PutObject unless aws:SourceVpce/);
    assertViolates(await checkResource(s3BucketPolicyRequiresVpce, bucketPolicy(json(SEEDS.bucketPolicyGrantingS3Star))), /no statement that denies/);
  });

  it("refuses denies that would not fire: positive operator, wildcard endpoint, not every principal, narrowed", async () => {
    const cases: [object, RegExp][] = [
      [{ Condition: { StringEquals: { "aws:SourceVpce": [S3_ENDPOINT_ID] } } }, /StringEquals is not a negated string match/],
      [{ Condition: { StringNotLike: { "aws:SourceVpce": ["vpce-*"] } } }, /wildcard endpoint id/],
      [{ Principal: { AWS: "arn:aws:iam::222222222222:role/xacct-transfer" } }, /Principal must be "\*"/],
      [{ Condition: { StringNotEquals: { "aws:SourceVpce": ["vpc-0a1b2c3d"] } } }, /"vpc-0a1b2c3d" is not a VPC endpoint id/],
      [{ Condition: { StringNotEquals: { "aws:SourceVpce": [S3_ENDPOINT_ID] }, StringEquals: { "aws:username": "x" } } }, /narrows whom the deny covers/],
      [{ Condition: { "ForAnyValue:StringNotEquals": { "aws:SourceVpce": [S3_ENDPOINT_ID] } } }, /set qualifier/],
    ];
    for (const [overrides, why] of cases) {
      assertViolates(await checkResource(s3BucketPolicyRequiresVpce, bucketPolicy(withWriteDeny(writeDeny(overrides)))), why);
    }
  });

  it("reads the deny the way AWS does: other casing, string values, single objects", async () => {
    const rewritten = writeDeny({ Action: "S3:putObject", Resource: "arn:aws:s3:::xacct-transfer-222222222222-apne1/example/*", Condition: { StringNotEquals: { "AWS:SOURCEVPCE": S3_ENDPOINT_ID } } });
    assertPasses(await checkResource(s3BucketPolicyRequiresVpce, bucketPolicy(withWriteDeny(rewritten))));
    // "deny" is not "Deny": AWS rejects the document, and it protects nothing.
    assertViolates(await checkResource(s3BucketPolicyRequiresVpce, bucketPolicy(withWriteDeny(writeDeny({ Effect: "deny" })))), /no statement that denies/);
  });

  it("checks the configured prefixes are covered", async () => {
    const config = { "s3-bucket-policy-requires-vpce": { protectedPrefixes: ["example/"] } };
    assertPasses(await checkResource(s3BucketPolicyRequiresVpce, bucketPolicy(json(GOOD.bucketPolicy())), config));
    const elsewhere = writeDeny({ Resource: ["arn:aws:s3:::xacct-transfer-222222222222-apne1/other/*"] });
    assertViolates(await checkResource(s3BucketPolicyRequiresVpce, bucketPolicy(withWriteDeny(elsewhere)), config), /does not cover arn:aws:s3:::xacct-transfer-222222222222-apne1\/example\/\*/);
  });
});
