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

  it("names the actions, found by AWS's access level, and the role", async () => {
    const widened = BYPASSES.find((c) => c.name === "transfer role may rewrite its own policy")!;
    assertViolates(await checkStack(iamNoPrivilegeEscalation, widened.edit(fixture("pair"))), /transfer role xacct-transfer use iam:putrolepolicy/);
    const wildcard = BYPASSES.find((c) => c.name === "a Lambda role may attach policies to the transfer role")!;
    assertViolates(await checkStack(iamNoPrivilegeEscalation, wildcard.edit(fixture("pair"))), /role app-lambda use iam:attachrolepolicy on arn:aws:iam::222222222222:role\/xacct-\*/);
  });

  const bypasses = BYPASSES.filter((c) => c.refusedBy === iamNoPrivilegeEscalation.name);
  it(`refuses ${bypasses.length} bypasses of the corpus`, () => assert.ok(bypasses.length >= 3));
  for (const bypass of bypasses) {
    it(`refuses: ${bypass.name}`, async () => {
      assertViolates(await checkStack(iamNoPrivilegeEscalation, bypass.edit(fixture("pair"))));
    });
  }
});
