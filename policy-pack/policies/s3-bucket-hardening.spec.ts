import { ResourceUnderTest, checkStack } from "../testing/harness";
import { assertPasses, assertViolates } from "../testing/expect";
import { UNKNOWN } from "../lib/unknowns";
import { s3BucketHardening } from "./s3-bucket-hardening";

const NAME = "xacct-transfer-222222222222-apne1";
const BUCKET_URN = "urn:pulumi:test::xacct::aws:s3/bucket:Bucket::target-bucket";

function hardenedBucket(): ResourceUnderTest[] {
  return [
    { type: "aws:s3/bucket:Bucket", name: "target-bucket", urn: BUCKET_URN, props: { bucket: NAME, forceDestroy: false, id: NAME }, opts: { protect: true } },
    { type: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", name: "pab", props: { bucket: NAME, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true } },
    { type: "aws:s3/bucketOwnershipControls:BucketOwnershipControls", name: "own", props: { bucket: NAME, rule: { objectOwnership: "BucketOwnerEnforced" } } },
    { type: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", name: "sse", props: { bucket: NAME, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] } },
    { type: "aws:s3/bucketVersioning:BucketVersioning", name: "ver", props: { bucket: NAME, versioningConfiguration: { status: "Enabled" } } },
  ];
}
function changed(name: string, props: Record<string, unknown>, opts?: object): ResourceUnderTest[] {
  return hardenedBucket().map((r) => (r.name === name ? { ...r, props: { ...r.props, ...props }, opts: { ...r.opts, ...opts } } : r));
}

describe("s3-bucket-hardening", () => {
  it("refuses default encryption with a key or alias ARN of another account, and accepts the bucket's own account's key, a bare alias, or a key of the stack", async () => {
    const pinned = (r: ResourceUnderTest[]) => r.map((x) => ({ ...x, provider: { name: "target", props: { allowedAccountIds: ["222222222222"] } } }));
    const withKey = (kmsMasterKeyId: unknown) => pinned(changed("sse", { bucket: NAME, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId } }] }));
    assertViolates(await checkStack(s3BucketHardening, withKey("arn:aws:kms:ap-northeast-1:999999999999:key/k")), /a KMS key of account 999999999999, not the bucket's own account \(222222222222\)/);
    assertViolates(await checkStack(s3BucketHardening, withKey("arn:aws:kms:ap-northeast-1:999999999999:alias/x")), /account 999999999999/);
    assertViolates(await checkStack(s3BucketHardening, withKey(UNKNOWN)), /unknown and not computed from a key of this stack/);
    assertPasses(await checkStack(s3BucketHardening, withKey("arn:aws:kms:ap-northeast-1:222222222222:key/k")));
    assertPasses(await checkStack(s3BucketHardening, withKey("alias/aws/s3")));
    const key = { type: "aws:kms/key:Key", name: "data", props: { arn: "arn:aws:kms:ap-northeast-1:111111111111:key/k", id: "k" } };
    assertPasses(await checkStack(s3BucketHardening, [...withKey("arn:aws:kms:ap-northeast-1:111111111111:key/k"), key]));
    const inline = pinned(hardenedBucket()).map((r) => (r.name === "target-bucket" ? { ...r, props: { ...r.props, serverSideEncryptionConfiguration: { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: "arn:aws:kms:ap-northeast-1:999999999999:key/k" } } } } } : r));
    assertViolates(await checkStack(s3BucketHardening, inline), /target-bucket: the bucket's serverSideEncryptionConfiguration encrypts with .*999999999999/);
  });

  it("passes a bucket with all four guards, protected", async () => {
    assertPasses(await checkStack(s3BucketHardening, hardenedBucket()));
  });

  it("refuses each weakened guard", async () => {
    assertViolates(await checkStack(s3BucketHardening, changed("pab", { restrictPublicBuckets: false })), /public access block: restrictPublicBuckets must be true/);
    assertViolates(await checkStack(s3BucketHardening, changed("own", { rule: { objectOwnership: "ObjectWriter" } })), /BucketOwnerEnforced/);
    assertViolates(await checkStack(s3BucketHardening, changed("sse", { rules: [] })), /sseAlgorithm/);
    assertViolates(await checkStack(s3BucketHardening, changed("ver", { versioningConfiguration: { status: "Suspended" } })), /must be Enabled/);
  });

  it("refuses a bucket missing a guard, or whose guard is for another bucket", async () => {
    assertViolates(await checkStack(s3BucketHardening, hardenedBucket().filter((r) => r.name !== "ver")), /bucket target-bucket has no versioning/);
    assertViolates(await checkStack(s3BucketHardening, changed("pab", { bucket: "some-other-bucket" })), /has no public access block/);
  });

  it("refuses force-destroy and an unprotected bucket", async () => {
    assertViolates(await checkStack(s3BucketHardening, changed("target-bucket", { forceDestroy: true })), /forceDestroy/);
    assertViolates(await checkStack(s3BucketHardening, changed("target-bucket", {}, { protect: false })), /is not protected/);
  });

  it("during preview, counts a guard whose bucket is unknown as the bucket it is wired to", async () => {
    const preview = hardenedBucket().map((r) =>
      r.type === "aws:s3/bucket:Bucket" ? { ...r, props: { ...r.props, id: UNKNOWN } } : { ...r, props: { ...r.props, bucket: UNKNOWN }, propertyDependencies: { bucket: [BUCKET_URN] } },
    );
    assertPasses(await checkStack(s3BucketHardening, preview));
    const unwired = preview.map((r) => (r.name === "ver" ? { ...r, propertyDependencies: {} } : r));
    assertViolates(await checkStack(s3BucketHardening, unwired), /has no versioning/);
  });
});
