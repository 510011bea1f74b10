import { ResourceUnderTest, checkStack } from "../testing/harness";
import { assertPasses, assertViolates } from "../testing/expect";
import { fixture, resourceOf, TYPE } from "../testing/fixtures";
import { UNKNOWN } from "../lib/unknowns";
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

  const backup = (provider: ResourceUnderTest["provider"] = target()): ResourceUnderTest => ({ type: TYPE.bucket, name: "backup", urn: "urn:pulumi:pair::xacct::aws:s3/bucket:Bucket::backup", props: { bucket: "xacct-backup-222222222222" }, provider });

  it("passes a destination named without its ARN prefix and handed to the stack's own account", async () => {
    assertPasses(await checkStack(s3ReplicationWithinAccounts, [...fixture("pair"), backup(), replication({ bucket: "xacct-backup-222222222222", account: "222222222222" })]));
  });

  it("refuses a bucket of this stack whose account cannot be shown, and names a rule without an id by its position", async () => {
    const unpinned = { name: "unpinned", props: { region: "ap-northeast-1" } };
    const outcome = await checkStack(s3ReplicationWithinAccounts, [...fixture("pair"), backup(unpinned), { ...replication({ bucket: "arn:aws:s3:::xacct-backup-222222222222" }), props: { ...replication({}).props, rules: [{ status: "Enabled", destination: { bucket: "arn:aws:s3:::xacct-backup-222222222222" } }] } }]);
    assertViolates(outcome, /replicate rule "#1" replicates every object to arn:aws:s3:::xacct-backup-222222222222, which is not a bucket of this stack in its accounts \(111111111111, 222222222222\)/);
  });

  it("refuses a destination account unknown at preview", async () => {
    assertViolates(await checkStack(s3ReplicationWithinAccounts, [...fixture("pair"), backup(), replication({ bucket: "arn:aws:s3:::xacct-backup-222222222222", account: UNKNOWN })]), /hands the replicas to account/);
  });

  it("at preview, takes an unknown destination computed from a bucket of this stack and refuses one computed from anything else", async () => {
    const unknownDestination = (dependencies: string[]) => ({ ...replication({ bucket: UNKNOWN }), propertyDependencies: { rules: dependencies } });
    assertPasses(await checkStack(s3ReplicationWithinAccounts, [...fixture("pair"), backup(), unknownDestination([String(backup().urn)])]));
    assertViolates(await checkStack(s3ReplicationWithinAccounts, [...fixture("pair"), unknownDestination([])]), /replicate rule "all" replicates to a bucket that is unknown and not computed from a bucket of this stack/);
  });

  it("refuses a destination that is not the bucket's name or ARN, and one computed from something other than a bucket", async () => {
    for (const bucket of [42, "xacct-backup-222222222222arn:aws:s3:::", "arn:aws:s3:::xacct-backup-222222222222/in"]) {
      assertViolates(await checkStack(s3ReplicationWithinAccounts, [...fixture("pair"), backup(), replication({ bucket })]), /which is not a bucket of this stack in its accounts/);
    }
    const role = resourceOf(fixture("pair"), TYPE.role, "target-transfer");
    assertViolates(await checkStack(s3ReplicationWithinAccounts, [...fixture("pair"), { ...replication({ bucket: UNKNOWN }), propertyDependencies: { rules: [String(role.urn)] } }]), /unknown and not computed from a bucket/);
    assertViolates(await checkStack(s3ReplicationWithinAccounts, [...fixture("pair"), replication({ bucket: UNKNOWN })]), /unknown and not computed from a bucket/);
  });

  it("leaves rules it cannot read to the provider and xacct-values-known: unknown at preview, not objects", async () => {
    for (const rules of [UNKNOWN, [null, "x"]]) {
      assertPasses(await checkStack(s3ReplicationWithinAccounts, [...fixture("pair"), { ...replication({}), props: { ...replication({}).props, rules } }]));
    }
  });

  it("refuses a destination the stack only configures (a companion names it) but does not declare as a bucket", async () => {
    const companion = { type: "aws:s3/bucketVersioning:BucketVersioning", name: "elsewhere-versioning", props: { bucket: "elsewhere", versioningConfiguration: { status: "Enabled" } }, provider: target() };
    assertViolates(await checkStack(s3ReplicationWithinAccounts, [...fixture("pair"), companion, replication({ bucket: "arn:aws:s3:::elsewhere" })]), /replicates every object to arn:aws:s3:::elsewhere, which is not a bucket of this stack/);
  });

  it("at preview, takes an unknown destination computed from a bucket of this stack among other inputs (a key, a role)", async () => {
    const role = resourceOf(fixture("pair"), TYPE.role, "target-transfer");
    const unknownDestination = { ...replication({ bucket: UNKNOWN }), propertyDependencies: { rules: [String(role.urn), String(backup().urn)] } };
    assertPasses(await checkStack(s3ReplicationWithinAccounts, [...fixture("pair"), backup(), unknownDestination]));
  });

  it("refuses replication in a stack that pins no account, and says none is pinned", async () => {
    const unpinned = { name: "unpinned", props: { region: "ap-northeast-1" } };
    const stack = [backup(unpinned), { ...replication({ bucket: "arn:aws:s3:::xacct-backup-222222222222" }), provider: unpinned }];
    assertViolates(await checkStack(s3ReplicationWithinAccounts, stack), /not a bucket of this stack in its accounts \(none pinned\)/);
  });
});
