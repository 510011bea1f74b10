import * as assert from "node:assert/strict";
import { stackResources } from "../testing/harness";
import { PAIR, TYPE, editDocument, fixture, withProps } from "../testing/fixtures";
import { designate } from "./designation";

const names = (nodes: { resource?: { name: string } }[]) => nodes.map((n) => n.resource?.name).sort();

describe("designation by relation", () => {
  it("finds the instance role, transfer role, bucket and endpoints of the pair stack", () => {
    const d = designate(stackResources(fixture("pair")));
    assert.deepEqual(names(d.instanceRoles), ["source-instance"]);
    assert.deepEqual(names(d.transferRoles), ["target-transfer"]);
    assert.deepEqual(d.transferRoleArns, [PAIR.transferRoleArn]);
    assert.deepEqual(d.transferBuckets.map((b) => b.name), [PAIR.bucket]);
    assert.deepEqual(d.s3Endpoints.map((e) => e.id), [PAIR.s3EndpointId]);
    assert.deepEqual(d.stsEndpoints.map((e) => e.id), [PAIR.stsEndpointId]);
    const transfer = d.transferRoles[0];
    assert.equal(transfer.grants.length, 1);
  });

  it("gives the same answer when every name and tag is changed", () => {
    const renamed = fixture("pair").map((r) => ({ ...r, name: `x${Math.abs(hash(r.urn ?? ""))}`, urn: r.urn?.replace(/::([^:]+)$/, (_m, n) => `::renamed-${n}`), props: { ...r.props, tags: undefined, description: undefined } }));
    const d = designate(stackResources(renamed));
    assert.equal(d.instanceRoles.length, 1);
    assert.equal(d.transferRoles.length, 1);
    assert.deepEqual(d.transferBuckets.map((b) => b.name), [PAIR.bucket]);
  });

  it("designates from the split halves: the source names the transfer role and bucket, the target the bucket", () => {
    const source = designate(stackResources(fixture("source")));
    assert.deepEqual(source.transferRoleArns, [PAIR.transferRoleArn]);
    assert.deepEqual(source.transferBuckets.map((b) => b.name), [PAIR.bucket]);
    const target = designate(stackResources(fixture("target")));
    assert.deepEqual(target.transferBuckets.map((b) => b.name), [PAIR.bucket]);
    assert.deepEqual(names(target.transferRoles), ["target-transfer"]);
  });

  it("holds any other role that writes into the transfer bucket to the transfer role's contract", () => {
    const extra = [
      ...fixture("pair"),
      { type: TYPE.role, name: "lambda", props: { name: "lambda", assumeRolePolicy: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }) } },
      { type: TYPE.rolePolicy, name: "lambda-write", props: { role: "lambda", policy: JSON.stringify({ Statement: [{ Effect: "Allow", Action: "s3:PutObject", Resource: `arn:aws:s3:::${PAIR.bucket}/other/*` }] }) } },
    ];
    assert.deepEqual(names(designate(stackResources(extra)).transferRoles), ["lambda", "target-transfer"]);
  });

  it("does not designate a role by a trust it does not have", () => {
    const untrusting = withProps(fixture("pair"), TYPE.role, "target-transfer", editDocument("assumeRolePolicy", (d) => {
      d.Statement[0].Principal = { Service: "lambda.amazonaws.com" };
    }));
    // Still a transfer role: the instance role may assume it, and it writes into the bucket.
    assert.deepEqual(names(designate(stackResources(untrusting)).transferRoles), ["target-transfer"]);
  });
});

function hash(text: string): number {
  let h = 0;
  for (const c of text) h = (h * 31 + c.charCodeAt(0)) | 0;
  return h;
}
