import { ResourceValidationPolicy } from "@pulumi/policy";
import { allowGuard } from "../lib/conditions";
import { clausesOn, statementLabel } from "../lib/iam";
import { principalArnNarrowing, whyNotExactRole } from "../lib/principals";
import { allows } from "../lib/resources";
import { forEachDocument } from "../lib/rule";

/** What a trust may let an AWS principal do: assume the role, set a source identity, tag the session. */
const AWS_PRINCIPAL_ACTIONS = new Set(["sts:assumerole", "sts:setsourceidentity", "sts:tagsession"]);
const FEDERATED_ACTIONS = new Set(["sts:assumerolewithwebidentity", "sts:assumerolewithsaml", "sts:tagsession"]);

/** The OIDC host of a federated principal: `token.actions.githubusercontent.com` for its provider ARN, or a web identity provider's name. */
function oidcHost(federated: string): string | undefined {
  const provider = /^arn:[^:]+:iam::\d{12}:oidc-provider\/(.+)$/.exec(federated);
  if (provider) return provider[1];
  return /^[a-z0-9.-]+\.[a-z]+$/.test(federated) && !federated.includes("saml") ? federated : undefined;
}

/**
 * A role's trust policy lets in exact role ARNs, AWS services, or an OIDC identity provider whose
 * tokens are pinned by exact `aud` and `sub` conditions (e.g. GitHub Actions for one repository
 * and branch): never `:root` or a bare account id (that delegates to every admin of the account),
 * never a user, never `*` unless an exact `aws:PrincipalArn` narrows it, never an organization
 * condition in place of a principal. AWS principals get `sts:AssumeRole` (with
 * `sts:SetSourceIdentity`, `sts:TagSession`) only. SAML and other federated principals need pack
 * config (`allowedFederatedPrincipals`).
 *
 * Severity: critical. Why: IAM User Guide, "How to use trust policies with IAM roles" and
 * "Configuring a role for GitHub OIDC identity provider"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html#idp_oidc_Create_GitHub).
 */
export const iamTrustExactPrincipals: ResourceValidationPolicy = {
  name: "iam-trust-exact-principals",
  description: "Trust policies name exact role ARNs, services, or OIDC providers with pinned aud and sub; AWS principals get sts:AssumeRole only.",
  enforcementLevel: "mandatory",
  severity: "critical",
  configSchema: {
    properties: {
      allowedFederatedPrincipals: {
        type: "array",
        items: { type: "string" },
        default: [],
        description: "SAML or other federated principals (exact provider ARNs) a trust policy may name; OIDC providers need pinned aud and sub in any case.",
      },
    },
  },
  validateResource: forEachDocument(["trust"], (document, args, reportViolation) => {
    const federatedAllowed = new Set(args.getConfig<{ allowedFederatedPrincipals: string[] }>().allowedFederatedPrincipals);
    for (const statement of allows(document.statements)) {
      const where = `${document.property} ${statementLabel(statement)}`;
      const principal = statement.principal;
      if (!principal) continue; // NotPrincipal: refused by iam-no-not-elements-in-allow
      if (principal.wildcard && !principalArnNarrowing(statement)) {
        reportViolation(
          `${where} trusts "*" without a condition that narrows it to exact role ARNs${clausesOn(statement, "aws:PrincipalOrgID").length ? " (an organization condition still trusts every principal of the organization)" : ""}: anyone could assume the role. ` +
            "Name the role ARN in Principal.AWS.",
        );
      }
      for (const arn of principal.aws) {
        const why = whyNotExactRole(arn);
        if (why) {
          reportViolation(`${where} trusts ${JSON.stringify(arn)}, which ${why}. Name the one role ARN that may assume this role (arn:aws:iam::<account>:role/<name>).`);
        }
      }
      for (const federated of principal.federated) {
        const host = oidcHost(federated);
        if (host) {
          const missing = ["aud", "sub"].filter((claim) => !allowGuard(statement, `${host}:${claim}`));
          if (missing.length > 0) {
            reportViolation(
              `${where} trusts tokens of ${JSON.stringify(federated)} without exact ${missing.map((m) => `${host}:${m}`).join(" and ")} (StringEquals, no wildcard): any identity of that provider could assume the role. Pin the audience and the subject (repository and branch).`,
            );
          }
        } else if (!federatedAllowed.has(federated)) {
          reportViolation(`${where} trusts the federated principal ${JSON.stringify(federated)}, which is not in allowedFederatedPrincipals.`);
        }
        const others = (statement.actions ?? ["(NotAction)"]).filter((a) => !FEDERATED_ACTIONS.has(a));
        if (others.length > 0) reportViolation(`${where} allows ${others.map((a) => JSON.stringify(a)).join(", ")} to a federated principal: allow sts:AssumeRoleWithWebIdentity (or WithSAML) only.`);
      }
      if (principal.canonicalUser.length > 0) {
        reportViolation(`${where} trusts a canonical user id. Name a role ARN instead.`);
      }
      if (principal.aws.length > 0 || principal.wildcard) {
        const others = (statement.actions ?? ["(NotAction)"]).filter((a) => !AWS_PRINCIPAL_ACTIONS.has(a));
        if (others.length > 0) {
          reportViolation(
            `${where} allows ${others.map((a) => JSON.stringify(a)).join(", ")} to AWS principals: a cross-account trust allows sts:AssumeRole (with sts:SetSourceIdentity, sts:TagSession) only.`,
          );
        }
      }
    }
  }),
};
