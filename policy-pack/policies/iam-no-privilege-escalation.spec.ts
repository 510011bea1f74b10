import * as assert from "node:assert/strict";
import { BYPASSES, HARMLESS } from "../testing/corpus";
import { fixture } from "../testing/fixtures";
import { checkStack } from "../testing/harness";
import { assertPasses, assertViolates } from "../testing/expect";
import { iamNoPrivilegeEscalation } from "./iam-no-privilege-escalation";

describe("iam-no-privilege-escalation", () => {
  it("passes every shipped stack and every harmless addition", async () => {
    for (const stack of ["pair", "source", "target"] as const) assertPasses(await checkStack(iamNoPrivilegeEscalation, fixture(stack)));
    for (const harmless of HARMLESS) assertPasses(await checkStack(iamNoPrivilegeEscalation, harmless.edit(fixture("pair"))));
  });

  const bypasses = BYPASSES.filter((c) => c.refusedBy === iamNoPrivilegeEscalation.name);
  it(`refuses ${bypasses.length} bypasses of the corpus`, () => assert.ok(bypasses.length >= 3));
  for (const bypass of bypasses) {
    it(`refuses: ${bypass.name}`, async () => {
      assertViolates(await checkStack(iamNoPrivilegeEscalation, bypass.edit(fixture("pair"))));
    });
  }
});
