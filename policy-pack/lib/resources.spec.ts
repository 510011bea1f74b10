import * as assert from "node:assert/strict";
import { UNKNOWN } from "./unknowns";
import { TYPES, documentsOf, readDocuments } from "./resources";

const trust = JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] });
const write = JSON.stringify({ Statement: [{ Effect: "Allow", Action: "s3:PutObject", Resource: "arn:aws:s3:::xacct-transfer/in/*" }] });

describe("the IAM documents a resource carries", () => {
  it("a role's trust and each inline policy that has a document, under the property that holds it", () => {
    const props = { assumeRolePolicy: trust, inlinePolicies: [{ name: "empty" }, null, { name: "write", policy: write }] };
    assert.deepEqual(documentsOf(TYPES.role, props), [
      { kind: "trust", property: "assumeRolePolicy", value: trust },
      { kind: "identity", property: "inlinePolicies[2].policy", value: write },
    ]);
    assert.deepEqual(documentsOf(TYPES.role, { assumeRolePolicy: trust }), [{ kind: "trust", property: "assumeRolePolicy", value: trust }]);
    assert.deepEqual(documentsOf(TYPES.role, { assumeRolePolicy: trust, inlinePolicies: UNKNOWN }), [{ kind: "trust", property: "assumeRolePolicy", value: trust }]);
  });

  it("none for a resource type that carries no document", () => {
    assert.deepEqual(documentsOf(TYPES.bucket, { bucket: "xacct-transfer", policy: write }), []);
  });

  it("an absent or empty document is skipped, not refused as unreadable", () => {
    const reports: string[] = [];
    for (const policy of [undefined, null, ""]) assert.deepEqual(readDocuments(TYPES.rolePolicy, { policy }, ["identity"], (m) => reports.push(m)), []);
    assert.equal(reports.length, 0);
    assert.equal(readDocuments(TYPES.rolePolicy, { policy: write }, ["identity"], (m) => reports.push(m)).length, 1);
    readDocuments(TYPES.rolePolicy, { policy: "{" }, ["identity"], (m) => reports.push(m));
    assert.equal(reports.length, 1);
  });
});
