import { checkStack } from "../testing/harness";
import { assertPasses, assertViolates } from "../testing/expect";
import { fixture, resourceOf, TYPE } from "../testing/fixtures";
import { s3ReplicationWithinAccounts } from "./s3-replication-within-accounts";

const target = () => resourceOf(fixture("pair"), TYPE.bucket, "target-bucket").provider;
const replication = (destination: object) => ({
  type: "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
  name: "replicate",
  props: { bucket: "xacct-transfer-222222222222-apne1", role: "arn:aws:iam::222222222222:role/replicator", rules: [{ id: "all", status: "Enabled", destination }] },
  provider: target(),
});

describe("s3-replication-within-accounts", () => {
  it("passes replication to a bucket of this stack in its accounts", async () => {
    const backup = { type: TYPE.bucket, name: "backup", props: { bucket: "xacct-backup-222222222222" }, provider: target() };
    assertPasses(await checkStack(s3ReplicationWithinAccounts, [...fixture("pair"), backup, replication({ bucket: "arn:aws:s3:::xacct-backup-222222222222" })]));
  });

  it("refuses replication to a bucket outside the stack or to another account", async () => {
    assertViolates(await checkStack(s3ReplicationWithinAccounts, [...fixture("pair"), replication({ bucket: "arn:aws:s3:::elsewhere" })]), /replicates every object to arn:aws:s3:::elsewhere, which is not a bucket of this stack/);
    const backup = { type: TYPE.bucket, name: "backup", props: { bucket: "xacct-backup-222222222222" }, provider: target() };
    assertViolates(await checkStack(s3ReplicationWithinAccounts, [...fixture("pair"), backup, replication({ bucket: "arn:aws:s3:::xacct-backup-222222222222", account: "999999999999" })]), /account 999999999999/);
  });
});
