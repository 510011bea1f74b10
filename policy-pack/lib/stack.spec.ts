import * as assert from "node:assert/strict";
import { PolicyResource } from "@pulumi/policy";
import { ResourceUnderTest, stackResources } from "../testing/harness";
import { TYPE } from "../testing/fixtures";
import { UNKNOWN } from "./unknowns";
import { accountOfArn, designates, documentOf, idOf, roleArnOf, stackAccounts, stackOutputs, stackReferenceOutputs } from "./stack";

const pinned = (account: string, extra: Record<string, unknown> = {}) => ({ name: `p${account}`, props: { allowedAccountIds: [account], ...extra } });
const one = (resource: ResourceUnderTest) => stackResources([resource])[0];

describe("a resource's id", () => {
  it("is its known id, and none while absent, empty or unknown", () => {
    assert.equal(idOf(one({ type: TYPE.bucket, props: { id: "xacct-transfer" } })), "xacct-transfer");
    assert.equal(idOf(one({ type: TYPE.bucket, props: { id: 42 } })), "42");
    for (const id of [undefined, "", UNKNOWN]) assert.equal(idOf(one({ type: TYPE.bucket, props: { id } })), undefined, String(id));
  });
});

describe("designating a resource", () => {
  const [policy, bucket, other] = stackResources([
    { type: TYPE.bucketPolicy, name: "policy", props: { bucket: "xacct-transfer" }, propertyDependencies: { bucket: ["urn:pulumi:test::xacct::aws:s3/bucket:Bucket::bucket"] } },
    { type: TYPE.bucket, name: "bucket", props: {} },
    { type: TYPE.bucket, name: "other", props: {} },
  ]);

  it("by the wiring when the target's id is not known yet", () => {
    assert.ok(designates(policy, "bucket", bucket));
    assert.ok(!designates(policy, "bucket", other));
    assert.ok(!designates(policy, "tags", bucket));
  });

  it("by the value when the target's name is known", () => {
    assert.ok(designates(policy, "bucket", other, "xacct-transfer"));
    assert.ok(!designates(policy, "bucket", bucket, "another-bucket"));
  });
});

describe("a document property", () => {
  it("none when absent, null or empty; unknown when unknown; the statements otherwise", () => {
    for (const policy of [undefined, null, "", "{"]) assert.equal(documentOf(one({ type: TYPE.bucketPolicy, props: { policy } }), "policy"), undefined, String(policy));
    assert.equal(documentOf(one({ type: TYPE.bucketPolicy, props: { policy: UNKNOWN } }), "policy"), "unknown");
    const parsed = documentOf(one({ type: TYPE.bucketPolicy, props: { policy: JSON.stringify({ Statement: [{ Effect: "Deny", Action: "s3:*", Resource: "*" }] }) } }), "policy");
    assert.ok(parsed !== undefined && parsed !== "unknown");
    assert.equal(parsed.statements.length, 1);
  });
});

describe("a role's ARN", () => {
  it("its known arn output, whatever its name", () => {
    assert.equal(roleArnOf(one({ type: TYPE.role, props: { arn: "arn:aws:iam::111111111111:role/real" }, provider: pinned("111111111111") })), "arn:aws:iam::111111111111:role/real");
    assert.equal(roleArnOf(one({ type: TYPE.role, props: { arn: "arn:aws:iam::111111111111:role/real", name: "other" }, provider: pinned("111111111111") })), "arn:aws:iam::111111111111:role/real");
  });

  it("before that, from its name, path, account and partition", () => {
    assert.equal(roleArnOf(one({ type: TYPE.role, props: { arn: "", name: "xfer" }, provider: pinned("222222222222") })), "arn:aws:iam::222222222222:role/xfer");
    assert.equal(roleArnOf(one({ type: TYPE.role, props: { arn: UNKNOWN, name: "xfer", path: "/team/" }, provider: pinned("222222222222", { region: "cn-north-1" }) })), "arn:aws-cn:iam::222222222222:role/team/xfer");
  });

  it("none without a pinned account or a known name", () => {
    assert.equal(roleArnOf(one({ type: TYPE.role, props: { name: "xfer" }, provider: null })), undefined);
    assert.equal(roleArnOf(one({ type: TYPE.role, props: { name: "xfer" }, provider: { name: "unpinned" } })), undefined);
    assert.equal(roleArnOf(one({ type: TYPE.role, props: { name: UNKNOWN }, provider: pinned("222222222222") })), undefined);
    assert.equal(roleArnOf(one({ type: TYPE.role, props: {}, provider: pinned("222222222222") })), undefined);
  });
});

describe("the account of an ARN", () => {
  it("its fifth field when that is 12 digits", () => {
    assert.equal(accountOfArn("arn:aws:iam::111111111111:role/x"), "111111111111");
    for (const arn of ["arn:aws:s3:::bucket", "arn:aws:iam::abc:role/x", "arn:aws:iam::1111111111112:role/x", "arn:aws:iam::x111111111111:role/x", "bucket"]) assert.equal(accountOfArn(arn), undefined, arn);
  });
});

describe("outputs read from and written by the stack", () => {
  const reference = (name: string, outputs: unknown): ResourceUnderTest => ({ type: "pulumi:pulumi:StackReference", name, props: { name, outputs }, provider: null });

  it("a reference's outputs, unknown unless they are an object", () => {
    const read = stackReferenceOutputs(stackResources([reference("a", { role: "r" }), reference("b", UNKNOWN), reference("c", ["r"])]));
    assert.deepEqual(read.map((r) => r.outputs), [{ role: "r" }, "unknown", "unknown"]);
    const built = stackResources([reference("d", {})])[0];
    assert.deepEqual(stackReferenceOutputs([{ ...built, props: { outputs: null } }]).map((r) => r.outputs), ["unknown"]);
  });

  it("the stack resource's own outputs, empty when there is none or they are unknown", () => {
    const [bucket, stack] = stackResources([
      { type: TYPE.bucket, name: "b", props: { bucket: "xacct-transfer" } },
      { type: "pulumi:pulumi:Stack", name: "xacct-pair", props: { bucketName: "xacct-transfer" }, provider: null },
    ]);
    assert.deepEqual(stackOutputs([bucket, stack]), { bucketName: "xacct-transfer" });
    assert.deepEqual(stackOutputs([bucket]), {});
    const unknownProps = { ...stack, props: UNKNOWN } as unknown as PolicyResource;
    const nullProps = { ...stack, props: null } as unknown as PolicyResource;
    assert.deepEqual(stackOutputs([unknownProps]), {});
    assert.deepEqual(stackOutputs([nullProps]), {});
  });

  it("the stack's accounts: its providers' pins and the accounts of the ARNs it reads", () => {
    const accounts = stackAccounts(stackResources([
      { type: TYPE.bucket, name: "b", props: {}, provider: pinned("111111111111") },
      { type: TYPE.role, name: "r", props: {}, provider: { name: "unpinned" } },
      reference("source", { instanceRole: "arn:aws:iam::222222222222:role/inst", bucket: "xacct-transfer", count: 2 }),
      reference("pending", UNKNOWN),
    ]));
    assert.deepEqual([...accounts].sort(), ["111111111111", "222222222222"]);
  });
});
