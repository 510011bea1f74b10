import { checkStack } from "../testing/harness";
import { assertPasses, assertViolates } from "../testing/expect";
import { TYPE, fixture, json, resourceOf, withProps } from "../testing/fixtures";
import { s3TransferObjectsKept } from "./s3-transfer-objects-kept";
import { UNKNOWN } from "../lib/unknowns";

const LIFECYCLE = "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration";
const withRule = (rule: object) => withProps(fixture("pair"), LIFECYCLE, "target-bucket", (p) => ({ ...p, rules: [...p.rules, rule] }));

describe("s3-transfer-objects-kept", () => {
  it("passes the shipped lifecycle (incomplete uploads only), noncurrent expiry, and expiry of another prefix", async () => {
    assertPasses(await checkStack(s3TransferObjectsKept, fixture("pair")));
    assertPasses(await checkStack(s3TransferObjectsKept, withRule({ id: "old-versions", status: "Enabled", filter: {}, noncurrentVersionExpiration: { noncurrentDays: 90 } })));
    assertPasses(await checkStack(s3TransferObjectsKept, withRule({ id: "tmp", status: "Enabled", filter: { prefix: "tmp/" }, expiration: { days: 1 } })));
  });

  it("warns (advisory) when current objects under the transfer prefix expire", async () => {
    const outcome = await checkStack(s3TransferObjectsKept, withRule({ id: "expire", status: "Enabled", filter: { prefix: "ex" }, expiration: { days: 30 } }));
    assertViolates(outcome, /rule "expire" expires current objects under "ex", which covers the transfer prefix "example\/"/);
    assertViolates(await checkStack(s3TransferObjectsKept, withRule({ status: "Enabled", expiration: { days: 7 } })), /the whole bucket/);
  });

  it("warns on an expiry by date, on a sub-prefix of the transfer prefix, and names a rule without an id by its position", async () => {
    assertViolates(await checkStack(s3TransferObjectsKept, withRule({ id: "dated", status: "Enabled", filter: { prefix: "example/" }, expiration: { date: "2027-01-01T00:00:00Z" } })), /rule "dated" expires current objects under "example\/"/);
    assertViolates(await checkStack(s3TransferObjectsKept, withRule({ id: "sub", status: "Enabled", filter: { and: { prefix: "example/in/" } }, expiration: { days: 3 } })), /under "example\/in\/", which covers the transfer prefix "example\/"/);
    assertViolates(await checkStack(s3TransferObjectsKept, withRule({ status: "Enabled", prefix: "example/", expiration: [{ days: 3 }] })), /rule "#2" expires/);
  });

  it("reads a prefix it cannot know (unknown at preview, not a string) as the whole bucket", async () => {
    for (const prefix of [UNKNOWN, 7]) {
      assertViolates(await checkStack(s3TransferObjectsKept, withRule({ id: "x", status: "Enabled", filter: { prefix }, expiration: { days: 3 } })), /rule "x" expires current objects under the whole bucket/);
    }
  });

  it("passes rules that delete no current object: disabled, delete markers only, no expiration; and malformed or unknown rule lists", async () => {
    for (const rule of [
      { id: "off", status: "Disabled", filter: {}, expiration: { days: 1 } },
      { id: "markers", status: "Enabled", filter: {}, expiration: { expiredObjectDeleteMarker: true } },
      { id: "empty", status: "Enabled", filter: {}, expiration: [null] },
      null,
      "not a rule",
    ]) {
      assertPasses(await checkStack(s3TransferObjectsKept, withRule(rule as object)));
    }
    assertPasses(await checkStack(s3TransferObjectsKept, withProps(fixture("pair"), LIFECYCLE, "target-bucket", (p) => ({ ...p, rules: UNKNOWN }))));
  });

  it("judges a lifecycle whose bucket is unknown against the stack's only bucket", async () => {
    const unknownBucket = withProps(fixture("pair"), LIFECYCLE, "target-bucket", (p) => ({ ...p, bucket: UNKNOWN, rules: [{ id: "tmp", status: "Enabled", filter: { prefix: "tmp/" }, expiration: { days: 1 } }] }));
    assertPasses(await checkStack(s3TransferObjectsKept, unknownBucket));
  });

  it("takes the whole bucket as the transfer prefix when no document names one", async () => {
    const bare = fixture("pair").filter((r) => r.type === "aws:s3/bucket:Bucket" || r.type === LIFECYCLE);
    const expiring = withProps(bare, LIFECYCLE, "target-bucket", (p) => ({ ...p, rules: [{ id: "tmp", status: "Enabled", filter: { prefix: "tmp/" }, expiration: { days: 1 } }] }));
    assertViolates(await checkStack(s3TransferObjectsKept, expiring), /under "tmp\/", which covers the transfer prefix "tmp\/"/);
  });

  const target = () => resourceOf(fixture("pair"), TYPE.bucket, "target-bucket").provider;
  const expireAll = { id: "all", status: "Enabled", filter: {}, expiration: { days: 1 } };

  it("names every transfer prefix an expiry covers", async () => {
    const outbox = { type: "aws:iam/rolePolicy:RolePolicy", name: "outbox", props: { role: "xacct-transfer", policy: json({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:PutObject", Resource: "arn:aws:s3:::xacct-transfer-222222222222-apne1/outbox/*" }] }) }, provider: target() };
    assertViolates(await checkStack(s3TransferObjectsKept, [...withRule(expireAll), outbox]), /covers the transfer prefix "example\/", "outbox\/"/);
  });

  it("judges a lifecycle whose bucket is unknown, in a stack of several buckets, as expiring in any of them", async () => {
    const other = { type: TYPE.bucket, name: "other", props: { bucket: "xacct-other-222222222222" }, provider: target() };
    const unknownBucket = withProps(fixture("pair"), LIFECYCLE, "target-bucket", (p) => ({ ...p, bucket: UNKNOWN, rules: [{ id: "tmp", status: "Enabled", filter: { prefix: "tmp/" }, expiration: { days: 1 } }] }));
    assertViolates(await checkStack(s3TransferObjectsKept, [...unknownBucket, other]), /rule "tmp" expires current objects under "tmp\/"/);
    const wholeBucket = withProps(fixture("pair"), LIFECYCLE, "target-bucket", (p) => ({ ...p, bucket: UNKNOWN, rules: [expireAll] }));
    assertViolates(await checkStack(s3TransferObjectsKept, [...wholeBucket, other]), /under the whole bucket, which covers the transfer prefix "\(whole bucket\)"/);
  });

  it("judges only S3 bucket lifecycles: an S3 on Outposts lifecycle (s3control) expires objects of another bucket", async () => {
    const outposts = {
      type: "aws:s3control/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
      name: "outposts",
      props: { bucket: "arn:aws:s3-outposts:ap-northeast-1:222222222222:outpost/op-01ac5d28a6a232904/bucket/scratch", rules: [expireAll] },
      provider: target(),
    };
    assertPasses(await checkStack(s3TransferObjectsKept, [...fixture("pair"), outposts]));
  });
});
