import { checkStack } from "../testing/harness";
import { assertPasses, assertViolates } from "../testing/expect";
import { fixture, withProps } from "../testing/fixtures";
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
});
