import { GOOD, COMMON_MISTAKES, endpoint, json, rolePolicy } from "../testing/fixtures";
import { checkResource } from "../testing/harness";
import { assertPasses, assertViolates } from "../testing/expect";
import { iamAssumeRoleExactTargets } from "./iam-assume-role-exact-targets";

const allow = (Action: unknown, Resource?: unknown) => json({ Version: "2012-10-17", Statement: [{ Sid: "Assume", Effect: "Allow", Action, ...(Resource ? { Resource } : {}) }] });

describe("iam-assume-role-exact-targets", () => {
  it("passes the instance role's policy and the STS endpoint policy", async () => {
    assertPasses(await checkResource(iamAssumeRoleExactTargets, rolePolicy("xacct-instance", json(GOOD.instancePolicy()))));
    assertPasses(await checkResource(iamAssumeRoleExactTargets, endpoint("sts", json(GOOD.stsEndpointPolicy()))));
  });

  it("refuses wildcard targets, whatever the casing of the action", async () => {
    assertViolates(await checkResource(iamAssumeRoleExactTargets, rolePolicy("r", allow("STS:assumerole", "*"))), /on "\*"\. Allow it on the exact transfer role ARN only/);
    assertViolates(await checkResource(iamAssumeRoleExactTargets, rolePolicy("r", allow("sts:AssumeRole", "arn:aws:iam::222222222222:role/*"))), /role\/\*/);
  });

  it("sees sts:AssumeRole through action wildcards (an STS endpoint policy with Action \"*\")", async () => {
    assertViolates(await checkResource(iamAssumeRoleExactTargets, rolePolicy("r", allow("sts:*", "*"))), /sts:AssumeRole on "\*"/);
    // This policy names an exact role, so only its Action "*" is wrong — which iam-no-wildcard-actions reports.
    assertPasses(await checkResource(iamAssumeRoleExactTargets, endpoint("sts", json(COMMON_MISTAKES.stsEndpointPolicyActionStar))));
  });

  it("refuses an Allow of sts:AssumeRole without a Resource", async () => {
    assertViolates(await checkResource(iamAssumeRoleExactTargets, rolePolicy("r", allow("sts:AssumeRole"))), /no named Resource/);
  });

  it("refuses one loose target among exact ones, and sts:AssumeRole reached through NotAction or a prefix wildcard; a Deny or exact targets pass", async () => {
    const exact = "arn:aws:iam::222222222222:role/xacct-transfer";
    assertPasses(await checkResource(iamAssumeRoleExactTargets, rolePolicy("r", allow("sts:AssumeRole", [exact, "arn:aws:iam::222222222222:role/other"]))));
    assertViolates(await checkResource(iamAssumeRoleExactTargets, rolePolicy("r", allow("sts:AssumeRole", [exact, "arn:aws:iam::222222222222:role/xacct-*"]))), /on "arn:aws:iam::222222222222:role\/xacct-\*"\./);
    assertViolates(await checkResource(iamAssumeRoleExactTargets, rolePolicy("r", allow("sts:AssumeRole", ["arn:aws:iam::222222222222:role/a*", "arn:aws:iam::222222222222:root"]))), /on "arn:aws:iam::222222222222:role\/a\*", "arn:aws:iam::222222222222:root"\./);
    assertViolates(await checkResource(iamAssumeRoleExactTargets, rolePolicy("r", allow("sts:AssumeRole*", "arn:aws:iam::*:role/xacct-transfer"))));
    assertViolates(await checkResource(iamAssumeRoleExactTargets, rolePolicy("r", allow("sts:AssumeRole", "arn:aws:iam::222222222222:user/someone"))));
    const notAction = json({ Statement: [{ Effect: "Allow", NotAction: "s3:*", Resource: "*" }] });
    assertViolates(await checkResource(iamAssumeRoleExactTargets, rolePolicy("r", notAction)));
    const deny = json({ Statement: [{ Effect: "Deny", Action: "sts:AssumeRole", Resource: "*" }] });
    assertPasses(await checkResource(iamAssumeRoleExactTargets, rolePolicy("r", deny)));
  });
});
