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

describe("s3-bucket-hardening: the V2 bucket, each guard's unknowns, and whose key encrypts", () => {
  const TARGET = { name: "target", props: { allowedAccountIds: ["222222222222"] } };
  const pinned = (r: ResourceUnderTest[]) => r.map((x) => ({ ...x, provider: TARGET }));
  const KEY_URN = "urn:pulumi:test::xacct::aws:kms/key:Key::data";
  const key: ResourceUnderTest = { type: "aws:kms/key:Key", name: "data", urn: KEY_URN, provider: TARGET, props: { arn: "arn:aws:kms:ap-northeast-1:222222222222:key/k", keyId: "k", id: "k" } };
  const sseWith = (rules: unknown[], propertyDependencies?: Record<string, string[]>) =>
    pinned(hardenedBucket()).map((r) => (r.name === "sse" ? { ...r, props: { ...r.props, rules }, propertyDependencies } : r));
  const kms = (kmsMasterKeyId: unknown) => ({ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId } });

  it("hardens a BucketV2 like a Bucket: its guards, forceDestroy and protect", async () => {
    const v2: ResourceUnderTest = { type: "aws:s3/bucketV2:BucketV2", name: "v2", props: { bucket: "xacct-v2", forceDestroy: true }, opts: { protect: false } };
    assertViolates(await checkStack(s3BucketHardening, [...hardenedBucket(), v2]), /bucket v2 has no public access block/, /bucket v2 has no ownership controls/, /bucket v2 has no default encryption/, /bucket v2 has no versioning \(BucketVersioning\)/, /bucket v2 sets forceDestroy/, /bucket v2 is not protected/);
  });

  it("refuses a forceDestroy it cannot read as false", async () => {
    assertViolates(await checkStack(s3BucketHardening, changed("target-bucket", { forceDestroy: "yes" })), /forceDestroy/);
  });

  it("names every public-access-block flag that is off, and leaves an unknown flag to xacct-values-known", async () => {
    assertViolates(await checkStack(s3BucketHardening, changed("pab", { blockPublicAcls: false, ignorePublicAcls: "false" })), /blockPublicAcls, ignorePublicAcls must be true/);
    assertPasses(await checkStack(s3BucketHardening, changed("pab", { blockPublicPolicy: UNKNOWN })));
  });

  it("leaves unknown ownership and versioning settings to xacct-values-known, and refuses them absent", async () => {
    for (const [name, props] of [["own", { rule: UNKNOWN }], ["own", { rule: { objectOwnership: UNKNOWN } }], ["ver", { versioningConfiguration: UNKNOWN }], ["ver", { versioningConfiguration: { status: UNKNOWN } }]] as const) {
      assertPasses(await checkStack(s3BucketHardening, changed(name, props)));
    }
    assertViolates(await checkStack(s3BucketHardening, changed("own", { rule: undefined })), /own: ownership controls: objectOwnership must be BucketOwnerEnforced/);
    assertViolates(await checkStack(s3BucketHardening, changed("ver", { versioningConfiguration: undefined })), /ver: versioning: versioningConfiguration.status must be Enabled/);
  });

  it("refuses default encryption with no rule list, and reads past empty rules to the one that sets an algorithm", async () => {
    assertViolates(await checkStack(s3BucketHardening, changed("sse", { rules: undefined })), /sse: default encryption: a rule must set applyServerSideEncryptionByDefault.sseAlgorithm/);
    assertPasses(await checkStack(s3BucketHardening, sseWith([null, { bucketKeyEnabled: true }, { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }])));
  });

  it("names the rule whose key another account holds, even when the stack has keys of its own", async () => {
    const outcome = await checkStack(s3BucketHardening, [...sseWith([kms("arn:aws:kms:ap-northeast-1:222222222222:key/k"), kms("arn:aws:kms:ap-northeast-1:999999999999:key/k")]), key]);
    assertViolates(outcome, /sse: default encryption rule #2 encrypts with arn:aws:kms:ap-northeast-1:999999999999:key\/k/);
  });

  it("refuses a key ARN whose account cannot be shown, and any key ARN on a bucket whose account is not pinned", async () => {
    assertViolates(await checkStack(s3BucketHardening, sseWith([kms("arn:aws:kms:ap-northeast-1::key/k")])), /a KMS key of an account that cannot be shown/);
    const unpinned = changed("sse", { rules: [kms("arn:aws:kms:ap-northeast-1:222222222222:key/k")] });
    assertViolates(await checkStack(s3BucketHardening, unpinned), /not the bucket's own account \(unpinned\)/);
  });

  it("during preview, takes an unknown key computed from a key of this stack, and refuses one computed from another stack's output", async () => {
    const reference: ResourceUnderTest = { type: "pulumi:pulumi:StackReference", name: "keys", urn: "urn:pulumi:test::xacct::pulumi:pulumi:StackReference::keys", props: { name: "org/keys/prod", outputs: UNKNOWN } };
    assertPasses(await checkStack(s3BucketHardening, [...sseWith([kms(UNKNOWN)], { rules: [reference.urn!, KEY_URN] }), key, reference]));
    assertViolates(await checkStack(s3BucketHardening, [...sseWith([kms(UNKNOWN)], { rules: [reference.urn!] }), key, reference]), /sse: default encryption rule #1 uses a KMS key that is unknown and not computed from a key of this stack/);
  });

  it("judges the bucket's own read-back encryption: an unknown key wired to a key of this stack passes, a rule without a key passes", async () => {
    const inline = (serverSideEncryptionConfiguration: unknown, propertyDependencies?: Record<string, string[]>) =>
      pinned(hardenedBucket()).map((r) => (r.name === "target-bucket" ? { ...r, props: { ...r.props, serverSideEncryptionConfiguration }, propertyDependencies } : r));
    assertPasses(await checkStack(s3BucketHardening, [...inline({ rule: kms(UNKNOWN) }, { serverSideEncryptionConfiguration: [KEY_URN] }), key]));
    assertViolates(await checkStack(s3BucketHardening, [...inline({ rule: kms(UNKNOWN) }), key]), /target-bucket: the bucket's serverSideEncryptionConfiguration uses a KMS key that is unknown/);
    assertPasses(await checkStack(s3BucketHardening, inline({ rule: { bucketKeyEnabled: true } })));
    assertPasses(await checkStack(s3BucketHardening, inline({ rules: [null] })));
  });
});
