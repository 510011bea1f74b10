import * as assert from "node:assert/strict";
import { checkResource } from "../testing/harness";
import { assertPasses, assertViolates } from "../testing/expect";
import { LONG_TERM_CREDENTIAL_TYPES, iamNoUsersOrAccessKeys } from "./iam-no-users-or-access-keys";

describe("iam-no-users-or-access-keys", () => {
  it("refuses an IAM user, its access key and login profile", async () => {
    assertViolates(await checkResource(iamNoUsersOrAccessKeys, { type: "aws:iam/user:User", name: "cliuser", props: { name: "cliuser" } }), /cliuser is an IAM user.*Use an IAM role with temporary sessions/);
    assertViolates(await checkResource(iamNoUsersOrAccessKeys, { type: "aws:iam/accessKey:AccessKey", name: "key", props: { user: "cliuser" } }), /access key/);
    assertViolates(await checkResource(iamNoUsersOrAccessKeys, { type: "aws:iam/userLoginProfile:UserLoginProfile", name: "login", props: { user: "cliuser" } }), /console password/);
  });

  it("refuses every long-term credential type it knows", async () => {
    for (const type of Object.keys(LONG_TERM_CREDENTIAL_TYPES)) {
      const outcome = await checkResource(iamNoUsersOrAccessKeys, { type, name: "x", props: {} });
      assert.equal(outcome.violations.length, 1, type);
    }
  });

  it("passes roles and instance profiles", async () => {
    assertPasses(await checkResource(iamNoUsersOrAccessKeys, { type: "aws:iam/role:Role", name: "r", props: {} }));
    assertPasses(await checkResource(iamNoUsersOrAccessKeys, { type: "aws:iam/instanceProfile:InstanceProfile", name: "p", props: {} }));
  });
});
