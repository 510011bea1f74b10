import * as assert from "node:assert/strict";
import { stackResources } from "../testing/harness";
import { bucketNameOf, bucketOf, writtenPrefixes } from "./buckets";
import { UNKNOWN } from "./unknowns";

const BUCKET = "xacct-transfer-222222222222-apne1";
const bucket = (name: unknown) => ({ type: "aws:s3/bucket:Bucket", name: "bucket", props: { bucket: name } });
const write = (...Resource: string[]) => JSON.stringify({ Statement: [{ Effect: "Allow", Action: "s3:PutObject", Resource }] });

describe("buckets and their companions", () => {
  it("names a bucket by its known bucket input only", () => {
    assert.deepEqual(stackResources([bucket(BUCKET), bucket(UNKNOWN), bucket(42)]).map(bucketNameOf), [BUCKET, undefined, undefined]);
  });

  it("finds the bucket a companion names, never another companion naming it too", () => {
    const [versioning, lifecycle, transfer] = stackResources([
      { type: "aws:s3/bucketVersioning:BucketVersioning", name: "versioning", props: { bucket: BUCKET } },
      { type: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", name: "lifecycle", props: { bucket: BUCKET } },
      bucket(BUCKET),
    ]);
    assert.equal(bucketOf(lifecycle, [versioning, transfer]), transfer);
  });

  it("reads the written prefixes of one bucket from policies, trusts and inline policies, up to the first wildcard", () => {
    const resources = stackResources([
      { type: "aws:iam/rolePolicy:RolePolicy", name: "p", props: { policy: write(`arn:aws:s3:::${BUCKET}/example/*`, "arn:aws:s3:::other-bucket/elsewhere/*") } },
      { type: "aws:iam/role:Role", name: "r", props: { assumeRolePolicy: UNKNOWN, inlinePolicies: [null, { policy: write(`arn:aws:s3:::${BUCKET}/inbox/20*/x`) }] } },
      { type: "aws:iam/rolePolicy:RolePolicy", name: "reads", props: { policy: JSON.stringify({ Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: `arn:aws:s3:::${BUCKET}/reports/*` }] }) } },
    ]);
    assert.deepEqual(writtenPrefixes(resources, BUCKET), ["example/", "inbox/20"]);
  });
});
