import { ResourceValidationPolicy } from "@pulumi/policy";
import { coversAction, statementLabel } from "../lib/iam";
import { isExactRoleArn } from "../lib/principals";
import { allows } from "../lib/resources";
import { forEachDocument, quoted } from "../lib/rule";

/**
 * Whatever may call `sts:AssumeRole` (an identity policy, or a VPC endpoint policy that caps the
 * STS endpoint) may do so on exact role ARNs only: a wildcard target lets a stolen instance session
 * hop into any role that happens to trust it.
 *
 * Severity: high. Why: IAM User Guide, "Granting a user permissions to switch roles"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_permissions-to-switch.html).
 */
export const iamAssumeRoleExactTargets: ResourceValidationPolicy = {
  name: "iam-assume-role-exact-targets",
  description: "sts:AssumeRole is allowed on exact role ARNs only.",
  enforcementLevel: "mandatory",
  severity: "high",
  validateResource: forEachDocument(["identity", "endpoint"], (document, _args, reportViolation) => {
    for (const statement of allows(document.statements).filter((s) => coversAction(s, "sts:AssumeRole"))) {
      const targets = statement.resources ?? [];
      const loose = targets.filter((resource) => !isExactRoleArn(resource));
      if (targets.length === 0 || loose.length > 0) {
        reportViolation(
          `${document.property} ${statementLabel(statement)} allows sts:AssumeRole on ${targets.length ? quoted(loose) : "no named Resource"}. ` +
            "Allow it on the exact transfer role ARN only (arn:aws:iam::<target account>:role/<name>).",
        );
      }
    }
  }),
};
