import { GOOD, json, role } from "../testing/fixtures";
import { checkResource } from "../testing/harness";
import { UNKNOWN } from "../lib/unknowns";
import { assertPasses, assertViolates } from "../testing/expect";
import { iamRoleMaxSession1h } from "./iam-role-max-session-1h";

describe("iam-role-max-session-1h", () => {
  it("passes 3600 s and an unset duration (AWS's default is one hour)", async () => {
    assertPasses(await checkResource(iamRoleMaxSession1h, role("xacct-transfer", json(GOOD.transferTrust()), { maxSessionDuration: 3600 })));
    assertPasses(await checkResource(iamRoleMaxSession1h, role("xacct-transfer", json(GOOD.transferTrust()))));
  });

  it("refuses 12 hours", async () => {
    assertViolates(await checkResource(iamRoleMaxSession1h, role("r", json(GOOD.transferTrust()), { maxSessionDuration: 43200 })), /43200 s; the limit is 3600 s/);
  });

  it("never compares a secret or unknown duration as a number (xacct-values-known refuses those), and still reads other properties", async () => {
    // A secret is not NaN-and-passing: it is left to the rule that refuses what cannot be judged.
    assertPasses(await checkResource(iamRoleMaxSession1h, role("r", json(GOOD.transferTrust()), { maxSessionDuration: "[secret]" })));
    // An unknown trust policy does not stop the session check.
    assertViolates(await checkResource(iamRoleMaxSession1h, role("r", UNKNOWN, { maxSessionDuration: "43200" })), /43200 s/);
  });

  it("follows a stricter configured limit", async () => {
    const config = { "iam-role-max-session-1h": { maxSessionSeconds: 900 } };
    assertViolates(await checkResource(iamRoleMaxSession1h, role("r", json(GOOD.transferTrust()), { maxSessionDuration: 3600 }), config), /limit is 900 s/);
  });
});
