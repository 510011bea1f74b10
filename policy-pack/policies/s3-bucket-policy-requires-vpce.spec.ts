import { PAIR, COMMON_MISTAKES, TYPE, editDocument, fixture, withProps } from "../testing/fixtures";
import { ResourceUnderTest, checkStack } from "../testing/harness";
import { assertPasses, assertViolates } from "../testing/expect";
import { s3BucketPolicyRequiresVpce } from "./s3-bucket-policy-requires-vpce";

const FENCE = "DenyWritesIntoThePrefixThatDoNotComeThroughTheS3Endpoint";
/** The pair stack with the bucket policy's write fence changed by `edit` (or removed). */
function withFence(edit?: (fence: any) => void): ResourceUnderTest[] {
  return withProps(fixture("pair"), TYPE.bucketPolicy, "target-bucket", editDocument("policy", (d) => {
    const fence = d.Statement.find((s: any) => s.Sid === FENCE);
    if (edit) edit(fence);
    else d.Statement = d.Statement.filter((s: any) => s !== fence);
  }));
}

describe("s3-bucket-policy-requires-vpce", () => {
  it("passes every shipped stack, also with the policy as an object", async () => {
    for (const stack of ["pair", "source", "target"] as const) assertPasses(await checkStack(s3BucketPolicyRequiresVpce, fixture(stack)));
    const asObject = withProps(fixture("pair"), TYPE.bucketPolicy, "target-bucket", (p) => ({ ...p, policy: JSON.parse(p.policy) }));
    assertPasses(await checkStack(s3BucketPolicyRequiresVpce, asObject));
  });

  it("refuses a transfer bucket without the deny, or without any bucket policy", async () => {
    assertViolates(await checkStack(s3BucketPolicyRequiresVpce, withFence()), /no statement that denies s3:PutObject/);
    const weakened = withProps(fixture("pair"), TYPE.bucketPolicy, "target-bucket", (p) => ({ ...p, policy: JSON.stringify(COMMON_MISTAKES.bucketPolicyGrantingS3Star) }));
    assertViolates(await checkStack(s3BucketPolicyRequiresVpce, weakened), /no statement that denies s3:PutObject unless aws:SourceVpce/);
    assertViolates(await checkStack(s3BucketPolicyRequiresVpce, fixture("pair").filter((r) => r.type !== TYPE.bucketPolicy)), /has no bucket policy/);
  });

  it("refuses denies that would not fire: positive operator, wildcard endpoint, not every principal, narrowed, qualified", async () => {
    const cases: [(fence: any) => void, RegExp][] = [
      [(f) => (f.Condition = { StringEquals: { "aws:SourceVpce": [PAIR.s3EndpointId] } }), /StringEquals is not a negated string match/],
      [(f) => (f.Condition = { StringNotLike: { "aws:SourceVpce": ["vpce-*"] } }), /"vpce-\*" is not a VPC endpoint id/],
      [(f) => (f.Principal = { AWS: PAIR.transferRoleArn }), /Principal must be "\*"/],
      [(f) => (f.Condition = { StringNotEquals: { "aws:SourceVpce": ["vpc-0a1b2c3d"] } }), /"vpc-0a1b2c3d" is not a VPC endpoint id/],
      [(f) => (f.Condition.StringEquals = { "aws:username": "x" }), /narrows whom the deny covers/],
      [(f) => (f.Condition.Null = { "aws:SourceVpce": "false" }), /Null is not a negated string match/],
      [(f) => (f.Condition = { "ForAnyValue:StringNotEquals": { "aws:SourceVpce": [PAIR.s3EndpointId] } }), /set qualifier/],
    ];
    for (const [edit, why] of cases) assertViolates(await checkStack(s3BucketPolicyRequiresVpce, withFence(edit)), why);
  });

  it("refuses a deny that leaves out an action or a key the transfer role may write (NotAction carve-outs included)", async () => {
    assertViolates(await checkStack(s3BucketPolicyRequiresVpce, withFence((f) => (f.Action = ["s3:PutObject"]))), /does not deny s3:abortmultipartupload/);
    assertViolates(await checkStack(s3BucketPolicyRequiresVpce, withFence((f) => (f.Resource = [`arn:aws:s3:::${PAIR.bucket}/elsewhere/*`]))), /does not deny s3:putobject on arn:aws:s3:::xacct-transfer-222222222222-apne1\/example\/\*/);
    assertViolates(await checkStack(s3BucketPolicyRequiresVpce, withFence((f) => {
      delete f.Action;
      f.NotAction = ["s3:AbortMultipartUpload"];
    })), /does not deny s3:abortmultipartupload/);
  });

  it("reads the deny the way AWS does: other casing, string values, a wider resource, an extra deny", async () => {
    const rewritten = withFence((f) => {
      f.Action = ["S3:putObject", "s3:abortmultipartUPLOAD"];
      f.Resource = `arn:aws:s3:::${PAIR.bucket}/*`;
      f.Condition = { StringNotEquals: { "AWS:SOURCEVPCE": PAIR.s3EndpointId } };
    });
    assertPasses(await checkStack(s3BucketPolicyRequiresVpce, rewritten));
    // "deny" is not "Deny": AWS rejects the document, and it protects nothing.
    assertViolates(await checkStack(s3BucketPolicyRequiresVpce, withFence((f) => (f.Effect = "deny"))), /no statement that denies/);
  });

  it("checks the configured prefixes are covered", async () => {
    const config = { "s3-bucket-policy-requires-vpce": { protectedPrefixes: ["example/"] } };
    assertPasses(await checkStack(s3BucketPolicyRequiresVpce, fixture("pair"), config));
    assertViolates(await checkStack(s3BucketPolicyRequiresVpce, fixture("pair"), { "s3-bucket-policy-requires-vpce": { protectedPrefixes: ["other/"] } }), /does not deny s3:putobject on .*\/other\/\*/);
  });
});
