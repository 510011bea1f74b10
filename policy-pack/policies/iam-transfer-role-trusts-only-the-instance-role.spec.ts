import * as assert from "node:assert/strict";
import { BYPASSES, HARMLESS } from "../testing/corpus";
import { fixture } from "../testing/fixtures";
import { checkStack } from "../testing/harness";
import { assertPasses, assertViolates } from "../testing/expect";
import { iamTransferRoleTrustsOnlyTheInstanceRole } from "./iam-transfer-role-trusts-only-the-instance-role";

describe("iam-transfer-role-trusts-only-the-instance-role", () => {
  it("passes every shipped stack and every harmless addition", async () => {
    for (const stack of ["pair", "source", "target"] as const) assertPasses(await checkStack(iamTransferRoleTrustsOnlyTheInstanceRole, fixture(stack)));
    for (const harmless of HARMLESS) assertPasses(await checkStack(iamTransferRoleTrustsOnlyTheInstanceRole, harmless.edit(fixture("pair"))));
  });

  it("says why a guard does not pin the STS endpoint", async () => {
    const ifExists = BYPASSES.find((c) => c.name === "trust's aws:SourceVpce guard made IfExists")!;
    assertViolates(await checkStack(iamTransferRoleTrustsOnlyTheInstanceRole, ifExists.edit(fixture("pair"))), /has aws:SourceVpce only as StringEqualsIfExists .* which does not pin exact endpoint ids/);
    const lambda = BYPASSES.find((c) => c.name === "a Lambda role (trusted by Lambda) writes into the prefix")!;
    assertViolates(await checkStack(iamTransferRoleTrustsOnlyTheInstanceRole, lambda.edit(fixture("pair"))), /lets the service lambda.amazonaws.com assume the transfer role app-lambda/);
  });

  const bypasses = BYPASSES.filter((c) => c.refusedBy === iamTransferRoleTrustsOnlyTheInstanceRole.name);
  it(`refuses ${bypasses.length} bypasses of the corpus`, () => assert.ok(bypasses.length >= 3));
  for (const bypass of bypasses) {
    it(`refuses: ${bypass.name}`, async () => {
      assertViolates(await checkStack(iamTransferRoleTrustsOnlyTheInstanceRole, bypass.edit(fixture("pair"))));
    });
  }
});
