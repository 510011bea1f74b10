import * as assert from "node:assert/strict";
import { BYPASSES, HARMLESS } from "../testing/corpus";
import { fixture } from "../testing/fixtures";
import { checkStack } from "../testing/harness";
import { assertPasses, assertViolates } from "../testing/expect";
import { s3WritesConfinedToPrefix } from "./s3-writes-confined-to-prefix";

describe("s3-writes-confined-to-prefix", () => {
  it("passes every shipped stack and every harmless addition", async () => {
    for (const stack of ["pair", "source", "target"] as const) assertPasses(await checkStack(s3WritesConfinedToPrefix, fixture(stack)));
    for (const harmless of HARMLESS) assertPasses(await checkStack(s3WritesConfinedToPrefix, harmless.edit(fixture("pair"))));
  });

  it("names the grant on the whole bucket, and honours protectedPrefixes", async () => {
    const whole = BYPASSES.find((c) => c.name === "transfer writes on the whole bucket")!;
    assertViolates(await checkStack(s3WritesConfinedToPrefix, whole.edit(fixture("pair"))), /on arn:aws:s3:::xacct-transfer-222222222222-apne1\/\*, the whole transfer bucket/);
    assertPasses(await checkStack(s3WritesConfinedToPrefix, fixture("pair"), { "s3-writes-confined-to-prefix": { protectedPrefixes: ["example/"] } }));
    assertViolates(await checkStack(s3WritesConfinedToPrefix, fixture("pair"), { "s3-writes-confined-to-prefix": { protectedPrefixes: ["inbox/"] } }), /prefix example\/, outside inbox\//);
  });

  it("confines a listing of the bucket by its s3:prefix condition, to protectedPrefixes when set", async () => {
    const listing = HARMLESS.find((c) => c.name === "the transfer role may list its prefix")!.edit(fixture("pair"));
    assertPasses(await checkStack(s3WritesConfinedToPrefix, listing, { "s3-writes-confined-to-prefix": { protectedPrefixes: ["example/"] } }));
    assertViolates(await checkStack(s3WritesConfinedToPrefix, listing, { "s3-writes-confined-to-prefix": { protectedPrefixes: ["inbox/"] } }), /s3:listbucket .* for s3:prefix "example\/\*", outside inbox\//);
    const whole = BYPASSES.find((c) => c.name === "transfer role lists the whole bucket")!.edit(fixture("pair"));
    assertViolates(await checkStack(s3WritesConfinedToPrefix, whole), /s3:listbucket on the transfer bucket .* with no condition on s3:prefix/);
  });

  const bypasses = BYPASSES.filter((c) => c.refusedBy === s3WritesConfinedToPrefix.name);
  it(`refuses ${bypasses.length} bypasses of the corpus`, () => assert.ok(bypasses.length >= 3));
  for (const bypass of bypasses) {
    it(`refuses: ${bypass.name}`, async () => {
      assertViolates(await checkStack(s3WritesConfinedToPrefix, bypass.edit(fixture("pair"))));
    });
  }
});
