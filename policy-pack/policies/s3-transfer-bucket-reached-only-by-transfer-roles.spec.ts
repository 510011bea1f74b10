import * as assert from "node:assert/strict";
import { BYPASSES, HARMLESS } from "../testing/corpus";
import { fixture } from "../testing/fixtures";
import { checkStack } from "../testing/harness";
import { assertPasses, assertViolates } from "../testing/expect";
import { s3TransferBucketReachedOnlyByTransferRoles } from "./s3-transfer-bucket-reached-only-by-transfer-roles";

describe("s3-transfer-bucket-reached-only-by-transfer-roles", () => {
  it("passes every shipped stack and every harmless addition", async () => {
    for (const stack of ["pair", "source", "target"] as const) assertPasses(await checkStack(s3TransferBucketReachedOnlyByTransferRoles, fixture(stack)));
    for (const harmless of HARMLESS) assertPasses(await checkStack(s3TransferBucketReachedOnlyByTransferRoles, harmless.edit(fixture("pair"))));
  });

  it("names who gets in, and through which document", async () => {
    const org = BYPASSES.find((c) => c.name === "bucket policy lets \"*\" in with an organization condition")!;
    assertViolates(await checkStack(s3TransferBucketReachedOnlyByTransferRoles, org.edit(fixture("pair"))), /statement "AllowTheOrganization" lets "\*" \(an organization condition still lets in every principal of the organization\)/);
    const managed = BYPASSES.find((c) => c.name === "a customer managed policy reading the bucket, attached to another role")!;
    assertViolates(await checkStack(s3TransferBucketReachedOnlyByTransferRoles, managed.edit(fixture("pair"))), /read-transfers policy statement #1 lets the role reporting use s3:getobject/);
  });

  const bypasses = BYPASSES.filter((c) => c.refusedBy === s3TransferBucketReachedOnlyByTransferRoles.name);
  it(`refuses ${bypasses.length} bypasses of the corpus`, () => assert.ok(bypasses.length >= 3));
  for (const bypass of bypasses) {
    it(`refuses: ${bypass.name}`, async () => {
      assertViolates(await checkStack(s3TransferBucketReachedOnlyByTransferRoles, bypass.edit(fixture("pair"))));
    });
  }
});
