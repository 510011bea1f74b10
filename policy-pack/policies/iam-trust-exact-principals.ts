import { ResourceValidationPolicy } from "@pulumi/policy";
import { statementLabel } from "../lib/iam";
import { principalArnNarrowing, whyNotExactRole } from "../lib/principals";
import { allows } from "../lib/resources";
import { forEachDocument } from "../lib/rule";

/**
 * A role's trust policy lets in exact role ARNs (or AWS services), with `sts:AssumeRole` only:
 * never `:root` or a bare account id (that delegates to every admin of the account), never a user,
 * never `*` unless a condition narrows it to exact role ARNs. The seeds' `:root` trust is refused.
 *
 * Severity: critical. Why: IAM User Guide, "How to use trust policies with IAM roles" and the
 * confused-deputy guidance (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html).
 */
export const iamTrustExactPrincipals: ResourceValidationPolicy = {
  name: "iam-trust-exact-principals",
  description: "Trust policies name exact role ARNs (no ':root', account ids, users or unnarrowed '*') and allow sts:AssumeRole only.",
  enforcementLevel: "mandatory",
  severity: "critical",
  configSchema: {
    properties: {
      allowedFederatedPrincipals: {
        type: "array",
        items: { type: "string" },
        default: [],
        description: "Federated principals (OIDC/SAML provider ARNs) a trust policy may name.",
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
          `${where} trusts "*" without a condition that narrows it to exact role ARNs: anyone in any account could assume the role. ` +
            "Name the role ARN in Principal.AWS.",
        );
      }
      for (const arn of principal.aws) {
        const why = whyNotExactRole(arn);
        if (why) {
          reportViolation(`${where} trusts ${JSON.stringify(arn)}, which ${why}. Name the one role ARN that may assume this role (arn:aws:iam::<account>:role/<name>).`);
        }
      }
      for (const federated of principal.federated.filter((f) => !federatedAllowed.has(f))) {
        reportViolation(`${where} trusts the federated principal ${JSON.stringify(federated)}, which is not in allowedFederatedPrincipals.`);
      }
      if (principal.canonicalUser.length > 0) {
        reportViolation(`${where} trusts a canonical user id. Name a role ARN instead.`);
      }
      if (principal.aws.length > 0 || principal.wildcard) {
        const others = (statement.actions ?? ["(no Action)"]).filter((a) => a !== "sts:assumerole");
        if (others.length > 0) {
          reportViolation(
            `${where} allows ${others.map((a) => JSON.stringify(a)).join(", ")} to AWS principals: a cross-account trust allows sts:AssumeRole only.`,
          );
        }
      }
    }
  }),
};
