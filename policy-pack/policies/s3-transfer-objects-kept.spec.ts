import { checkStack } from "../testing/harness";
import { assertPasses, assertViolates } from "../testing/expect";
import { fixture, withProps } from "../testing/fixtures";
import { s3TransferObjectsKept } from "./s3-transfer-objects-kept";

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
});
