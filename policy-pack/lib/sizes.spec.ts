import * as assert from "node:assert/strict";
import { stackResources } from "../testing/harness";
import { UNKNOWN } from "./unknowns";
import { DEFAULT_SIZE_LIMITS, byteLength, characterLength, iamLength, inlineTotalsPerRole, measureResource, rolesPerAccount } from "./sizes";

const TARGET = { name: "target", props: { allowedAccountIds: ["222222222222"], region: "ap-northeast-1" } };
const UNPINNED = { name: "unpinned", props: { region: "ap-northeast-1" } };
const DOC = '{ "Version": "2012-10-17",\n  "Statement": [] }';
const COMPACT = JSON.stringify(JSON.parse(DOC)).length;

describe("document sizes, measured as AWS measures them", () => {
  it("IAM counts a document without the white space outside its strings; what it cannot parse, as sent", () => {
    assert.equal(iamLength(DOC), COMPACT);
    assert.equal(iamLength({ Version: "2012-10-17", Statement: [] }), COMPACT);
    assert.equal(iamLength("{not json"), 9);
  });

  it("bucket policies count bytes (UTF-8), endpoint policies characters, white space included", () => {
    assert.equal(byteLength('{"Sid":"é"}'), 12);
    assert.equal(characterLength('{"Sid":"é"}'), 11);
    assert.equal(characterLength({ a: 1 }), 7);
  });

  it("measures each document of a resource by its kind and limit, and a role's inline policies as one total", () => {
    const limits = DEFAULT_SIZE_LIMITS;
    assert.deepEqual(measureResource("aws:s3/bucketPolicy:BucketPolicy", { bucket: "b", policy: DOC }, limits), [
      { what: "policy (bucket policy)", kind: "bucket", size: DOC.length, limit: 20480, unit: "bytes" },
    ]);
    assert.deepEqual(measureResource("aws:ec2/vpcEndpoint:VpcEndpoint", { serviceName: "com.amazonaws.ap-northeast-1.s3", policy: DOC }, limits), [
      { what: "policy (VPC endpoint policy)", kind: "endpoint", size: DOC.length, limit: 20480, unit: "characters" },
    ]);
    assert.deepEqual(measureResource("aws:iam/policy:Policy", { name: "p", policy: DOC }, limits), [
      { what: "policy (managed policy)", kind: "managed", size: COMPACT, limit: 6144, unit: "characters" },
    ]);
    assert.deepEqual(measureResource("aws:iam/rolePolicy:RolePolicy", { role: "r", policy: DOC }, limits), [
      { what: "policy (inline policy)", kind: "inline", size: COMPACT, limit: 10240, unit: "characters" },
    ]);
    const role = measureResource("aws:iam/role:Role", { name: "r", assumeRolePolicy: DOC, inlinePolicies: [{ name: "a", policy: DOC }, { name: "b", policy: DOC }] }, limits);
    assert.deepEqual(role.map((m) => [m.kind, m.size, m.limit, m.unit]), [
      ["trust", COMPACT, 2048, "characters"],
      ["inline total", 2 * COMPACT, 10240, "characters in total"],
    ]);
    assert.match(role[0].what, /\(trust policy\)$/);
    assert.equal(role[1].what, "the role's 2 inline policies");
  });

  it("leaves out what it cannot measure: a document absent, null or unknown at preview", () => {
    assert.deepEqual(measureResource("aws:s3/bucketPolicy:BucketPolicy", { bucket: "b" }, DEFAULT_SIZE_LIMITS), []);
    assert.deepEqual(measureResource("aws:s3/bucketPolicy:BucketPolicy", { bucket: "b", policy: null }, DEFAULT_SIZE_LIMITS), []);
    assert.deepEqual(measureResource("aws:s3/bucketPolicy:BucketPolicy", { bucket: "b", policy: UNKNOWN }, DEFAULT_SIZE_LIMITS), []);
    assert.deepEqual(measureResource("aws:iam/role:Role", { name: "r" }, DEFAULT_SIZE_LIMITS).map((m) => [m.kind, m.size]), [["inline total", 0]]);
  });
});

describe("per-role and per-account totals", () => {
  it("adds a role's own inline policies and the RolePolicies naming it in the same account; a name unknown at preview is not added", () => {
    const resources = stackResources([
      { type: "aws:iam/role:Role", name: "role", props: { name: "xacct-transfer", assumeRolePolicy: DOC, inlinePolicies: [{ name: "a", policy: DOC }] }, provider: TARGET },
      { type: "aws:iam/rolePolicy:RolePolicy", name: "more", props: { name: "more", role: "xacct-transfer", policy: DOC }, provider: TARGET },
      { type: "aws:iam/rolePolicy:RolePolicy", name: "unknown-role", props: { role: UNKNOWN, policy: DOC }, provider: TARGET },
      { type: "aws:iam/rolePolicy:RolePolicy", name: "not-a-name", props: { role: 7, policy: DOC }, provider: TARGET },
      { type: "aws:iam/role:Role", name: "unnamed", props: { name: UNKNOWN, inlinePolicies: [{ name: "a", policy: DOC }] }, provider: TARGET },
      { type: "aws:iam/role:Role", name: "auto-named", props: { inlinePolicies: [{ name: "a", policy: DOC }] }, provider: TARGET },
      { type: "aws:iam/policy:Policy", name: "managed", props: { name: "xacct-transfer", policy: DOC }, provider: TARGET },
    ]);
    const totals = inlineTotalsPerRole(resources, DEFAULT_SIZE_LIMITS);
    assert.deepEqual(
      totals.map((t) => [t.role, t.resource.name, t.resources, t.measure.what, t.measure.kind, t.measure.size, t.measure.limit]),
      [["xacct-transfer", "role", 2, "the 2 inline policies of role xacct-transfer", "inline total", 2 * COMPACT, 10240]],
    );
  });

  it("totals a role name apart in each account: AWS's limit is per role, and another account's role of that name is another role", () => {
    const SOURCE = { name: "source", props: { allowedAccountIds: ["111111111111"], region: "ap-northeast-1" } };
    const resources = stackResources([
      { type: "aws:iam/role:Role", name: "target-role", props: { name: "xacct-transfer", inlinePolicies: [{ name: "a", policy: DOC }] }, provider: TARGET },
      { type: "aws:iam/role:Role", name: "source-role", props: { name: "xacct-transfer", inlinePolicies: [{ name: "a", policy: DOC }] }, provider: SOURCE },
      { type: "aws:iam/rolePolicy:RolePolicy", name: "source-more", props: { role: "xacct-transfer", policy: DOC }, provider: SOURCE },
    ]);
    assert.deepEqual(
      inlineTotalsPerRole(resources, DEFAULT_SIZE_LIMITS).map((t) => [t.resource.name, t.resources, t.measure.size]),
      [["target-role", 1, COMPACT], ["source-role", 2, 2 * COMPACT]],
    );
  });

  it("counts the roles of each pinned account, aws-native roles too, and leaves out unpinned roles and other types", () => {
    const resources = stackResources([
      { type: "aws:iam/role:Role", name: "a", props: { name: "a" }, provider: TARGET },
      { type: "aws-native:iam:Role", name: "b", props: { roleName: "b" }, provider: { ...TARGET, type: "pulumi:providers:aws-native" } },
      { type: "aws:iam/role:Role", name: "c", props: { name: "c" }, provider: UNPINNED },
      { type: "aws:iam/rolePolicy:RolePolicy", name: "d", props: { role: "a", policy: DOC }, provider: TARGET },
    ]);
    assert.deepEqual([...rolesPerAccount(resources)].map(([account, roles]) => [account, roles.map((r) => r.name)]), [["222222222222", ["a", "b"]]]);
  });
});
