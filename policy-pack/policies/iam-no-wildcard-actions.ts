import { ResourceValidationPolicy } from "@pulumi/policy";
import { hasWildcard, statementLabel } from "../lib/iam";
import { allows } from "../lib/resources";
import { forEachDocument, quoted } from "../lib/rule";

/**
 * No Allow statement grants an action wildcard (`*`, `s3:*`, `s3:Put*`) in any IAM document:
 * identity, trust, bucket or VPC endpoint policy. A wildcard grants every current and future action
 * it matches; the seeds' `s3:*` grant is the pattern this refuses.
 *
 * Severity: high. Why: AWS IAM best practices, "Apply least-privilege permissions"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege).
 */
export const iamNoWildcardActions: ResourceValidationPolicy = {
  name: "iam-no-wildcard-actions",
  description: "Allow statements list exact actions: no '*', 's3:*' or 's3:Put*'.",
  enforcementLevel: "mandatory",
  severity: "high",
  configSchema: {
    properties: {
      allowedActionPatterns: {
        type: "array",
        items: { type: "string" },
        default: [],
        description: "Wildcard action patterns accepted anyway, e.g. \"ec2:Describe*\" (compared case-insensitively).",
      },
    },
  },
  validateResource: forEachDocument(["identity", "trust", "bucket", "endpoint"], (document, args, reportViolation) => {
    const allowed = new Set(args.getConfig<{ allowedActionPatterns: string[] }>().allowedActionPatterns.map((a) => a.toLowerCase()));
    for (const statement of allows(document.statements)) {
      const wildcards = (statement.actions ?? []).filter((action) => hasWildcard(action) && !allowed.has(action));
      if (wildcards.length > 0) {
        reportViolation(
          `${document.property} ${statementLabel(statement)} allows ${quoted(wildcards)}: a wildcard grants every current and future action it matches. ` +
            "List the exact actions instead (for this design: s3:PutObject, s3:AbortMultipartUpload, sts:AssumeRole).",
        );
      }
    }
  }),
};
