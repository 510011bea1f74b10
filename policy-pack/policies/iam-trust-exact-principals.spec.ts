import { GOOD, COMMON_MISTAKES, json, role } from "../testing/fixtures";
import { checkResource } from "../testing/harness";
import { assertPasses, assertViolates } from "../testing/expect";
import { iamTrustExactPrincipals } from "./iam-trust-exact-principals";

const check = (statement: object) => checkResource(iamTrustExactPrincipals, role("r", trust(statement)));
const trust = (statement: object) => json({ Version: "2012-10-17", Statement: [{ Sid: "Trust", Effect: "Allow", Action: "sts:AssumeRole", ...statement }] });

describe("iam-trust-exact-principals", () => {
  it("passes the transfer role's trust (exact role ARN) and the instance role's (EC2 service)", async () => {
    assertPasses(await checkResource(iamTrustExactPrincipals, role("xacct-transfer", json(GOOD.transferTrust()))));
    assertPasses(await checkResource(iamTrustExactPrincipals, role("xacct-instance", json(GOOD.instanceTrust()))));
  });

  it("refuses a trust in the whole account (`:root`)", async () => {
    assertViolates(await checkResource(iamTrustExactPrincipals, role("r", COMMON_MISTAKES.rootTrust)), /"arn:aws:iam::111111111111:root", which is a whole account/);
  });

  it("refuses a bare account id, a user, a wildcard role and a session ARN", async () => {
    const cases: [string, RegExp][] = [
      ["111111111111", /whole account/],
      ["arn:aws:iam::111111111111:user/cliuser", /IAM user/],
      ["arn:aws:iam::111111111111:role/*", /wildcard/],
      ["arn:aws:sts::111111111111:assumed-role/x/i-0123", /session ARN/],
    ];
    for (const [principal, why] of cases) {
      assertViolates(await checkResource(iamTrustExactPrincipals, role("r", trust({ Principal: { AWS: [principal] } }))), why);
    }
  });

  it("refuses \"*\" unless an exact aws:PrincipalArn condition narrows it", async () => {
    assertViolates(await checkResource(iamTrustExactPrincipals, role("r", trust({ Principal: "*" }))), /trusts "\*" without a condition/);
    const ifExists = { Principal: { AWS: "*" }, Condition: { ArnEqualsIfExists: { "aws:PrincipalArn": "arn:aws:iam::111111111111:role/xacct-instance" } } };
    assertViolates(await checkResource(iamTrustExactPrincipals, role("r", trust(ifExists))), /without a condition/);
    const like = { Principal: "*", Condition: { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::111111111111:role/*" } } };
    assertViolates(await checkResource(iamTrustExactPrincipals, role("r", trust(like))), /without a condition/);
    const narrowed = { Principal: "*", Condition: { ArnEquals: { "AWS:principalarn": "arn:aws:iam::111111111111:role/xacct-instance" } } };
    assertPasses(await checkResource(iamTrustExactPrincipals, role("r", trust(narrowed))));
  });

  it("refuses actions other than sts:AssumeRole, sts:SetSourceIdentity and sts:TagSession for AWS principals", async () => {
    const instance = { AWS: "arn:aws:iam::111111111111:role/xacct-instance" };
    assertPasses(await checkResource(iamTrustExactPrincipals, role("r", trust({ Principal: instance, Action: ["sts:AssumeRole", "sts:SetSourceIdentity", "STS:TagSession"] }))));
    assertViolates(await checkResource(iamTrustExactPrincipals, role("r", trust({ Principal: instance, Action: ["sts:AssumeRole", "sts:*"] }))), /allows "sts:\*"/);
    assertViolates(await checkResource(iamTrustExactPrincipals, role("r", trust({ Principal: instance, Action: "sts:AssumeRoleWithWebIdentity" }))), /allows "sts:assumerolewithwebidentity"/);
  });

  it("refuses \"*\" with an organization condition: every principal of the organization", async () => {
    const org = { Principal: "*", Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abcdef1234" } } };
    assertViolates(await checkResource(iamTrustExactPrincipals, role("r", trust(org))), /organization condition/);
  });

  describe("OIDC federation (GitHub Actions)", () => {
    const GITHUB = "arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com";
    const oidc = (condition?: object) => ({ Principal: { Federated: GITHUB }, Action: "sts:AssumeRoleWithWebIdentity", ...(condition ? { Condition: condition } : {}) });
    const pinned = { StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com", "token.actions.githubusercontent.com:sub": "repo:example/xacct:ref:refs/heads/main" } };

    it("accepts a trust with exact aud and sub", async () => {
      assertPasses(await checkResource(iamTrustExactPrincipals, role("ci", trust(oidc(pinned)))));
    });

    it("refuses a trust without them, with a wildcard sub, or with IfExists, even when the provider is allow-listed", async () => {
      const config = { "iam-trust-exact-principals": { allowedFederatedPrincipals: [GITHUB] } };
      const cases = [
        undefined,
        { StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" } },
        { StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" }, StringLike: { "token.actions.githubusercontent.com:sub": "repo:example/*" } },
        { StringEqualsIfExists: pinned.StringEquals },
      ];
      for (const condition of cases) {
        assertViolates(await checkResource(iamTrustExactPrincipals, role("ci", trust(oidc(condition))), config), /without exact/);
      }
    });

    it("refuses a SAML provider unless configured", async () => {
      const saml = { Principal: { Federated: "arn:aws:iam::222222222222:saml-provider/corp" }, Action: "sts:AssumeRoleWithSAML" };
      assertViolates(await checkResource(iamTrustExactPrincipals, role("r", trust(saml))), /not in allowedFederatedPrincipals/);
      const config = { "iam-trust-exact-principals": { allowedFederatedPrincipals: ["arn:aws:iam::222222222222:saml-provider/corp"] } };
      assertPasses(await checkResource(iamTrustExactPrincipals, role("r", trust(saml)), config));
    });
  });

  it("says where and how to fix a \"*\" trust, and leaves NotPrincipal to iam-no-not-elements-in-allow", async () => {
    assertViolates(await check({ Principal: "*" }), /^assumeRolePolicy statement "Trust" trusts "\*" without a condition that narrows it to exact role ARNs: anyone could assume the role\. Name the role ARN in Principal\.AWS\./);
    assertPasses(await check({ NotPrincipal: { AWS: "arn:aws:iam::111111111111:role/xacct-instance" } }));
  });

  it("refuses a canonical user, and NotAction or several extra actions, naming each, for AWS and federated principals", async () => {
    assertViolates(await check({ Principal: { CanonicalUser: "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be" } }), /trusts a canonical user id/);
    const instance = { AWS: "arn:aws:iam::111111111111:role/xacct-instance" };
    assertViolates(await check({ Principal: instance, Action: ["sts:AssumeRole", "sts:*", "iam:PassRole"] }), /allows "sts:\*", "iam:passrole" to AWS principals/);
    assertViolates(await check({ Principal: instance, Action: undefined, NotAction: "iam:*" }), /allows "\(NotAction\)" to AWS principals/);
    const google = { Federated: "accounts.google.com" };
    const pinned = { StringEquals: { "accounts.google.com:aud": "app", "accounts.google.com:sub": "1234" } };
    assertViolates(await check({ Principal: google, Action: ["sts:AssumeRoleWithWebIdentity", "sts:AssumeRole", "sts:SetSourceIdentity"], Condition: pinned }), /allows "sts:assumerole", "sts:setsourceidentity" to a federated principal/);
    assertViolates(await check({ Principal: google, Action: undefined, NotAction: "iam:*", Condition: pinned }), /allows "\(NotAction\)" to a federated principal/);
  });

  it("reads a web identity provider's name as an OIDC host, and nothing else", async () => {
    const google = (condition?: object) => ({ Principal: { Federated: "accounts.google.com" }, Action: "sts:AssumeRoleWithWebIdentity", ...(condition ? { Condition: condition } : {}) });
    assertPasses(await check(google({ StringEquals: { "accounts.google.com:aud": "app", "accounts.google.com:sub": "1234" } })));
    assertViolates(await check(google()), /trusts tokens of "accounts.google.com" without exact accounts.google.com:aud and accounts.google.com:sub/);
    for (const federated of ["saml.example.com", "my_idp.example.com", "accounts.google.com/x", "x/arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com"]) {
      const host = federated.split("/").pop();
      const statement = { Principal: { Federated: federated }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringEquals: { [`${host}:aud`]: "app", [`${host}:sub`]: "1234", [`${federated}:aud`]: "app", [`${federated}:sub`]: "1234" } } };
      assertViolates(await check(statement), /which is not in allowedFederatedPrincipals/);
    }
  });
});
