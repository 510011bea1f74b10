import { ResourceValidationPolicy } from "@pulumi/policy";
import { escalates, expandAction, takesOnlyStar } from "../lib/actions";
import { hasWildcard, statementLabel } from "../lib/iam";
import { allows, readDocuments } from "../lib/resources";
import { quoted } from "../lib/rule";

/**
 * No Allow statement grants an action wildcard (`*`, `s3:*`, `s3:Put*`, `S3:*Object`) that
 * matches more than listing or actions that only ever take `Resource: "*"`. A wildcard is judged
 * by what it matches in AWS's service data: `ec2:Describe*` (List only) and `ssmmessages:*`
 * (session channels that take no resource) pass; `s3:Get*` (reads every object) and `sts:*` do not.
 * `s3:*` on a transfer role, a common shortcut, is the pattern this refuses.
 *
 * Severity: high. Why: AWS IAM best practices, "Apply least-privilege permissions"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege).
 */
export const iamNoWildcardActions: ResourceValidationPolicy = {
  name: "iam-no-wildcard-actions",
  description: "Allow statements list exact actions: no '*', 's3:*' or 's3:Put*' beyond listing.",
  enforcementLevel: "mandatory",
  severity: "high",
  configSchema: {
    properties: {
      allowedActionPatterns: {
        type: "array",
        items: { type: "string" },
        default: [],
        description: "Wildcard action patterns accepted anyway, e.g. \"ec2:Describe*\" (exact pattern, compared case-insensitively).",
      },
    },
  },
  validateResource: async (args, reportViolation) => {
    const allowed = new Set(args.getConfig<{ allowedActionPatterns: string[] }>().allowedActionPatterns.map((a) => a.toLowerCase()));
    for (const document of readDocuments(args.type, args.props, ["identity", "trust", "bucket", "endpoint"], reportViolation)) {
      for (const statement of allows(document.statements)) {
        const wildcards: string[] = [];
        // Stryker disable next-line ArrayDeclaration: a NotAction statement has no Action; an added non-wildcard element would be filtered out
        for (const action of (statement.actions ?? []).filter((a) => hasWildcard(a) && !allowed.has(a))) {
          const matched = await expandAction(action);
          // An unknown action escalates (it could be anything). No action in AWS's data is List and another level, so every/some agree.
          // (So [...a.levels].some for every survives; matched.some for every does not.)
          const harmless = matched.every((a) => !escalates(a) && (takesOnlyStar(a) || [...a.levels].every((l) => l === "List")));
          if (!harmless) wildcards.push(action);
        }
        if (wildcards.length > 0) {
          reportViolation(
            `${document.property} ${statementLabel(statement)} allows ${quoted(wildcards)}: a wildcard grants every current and future action it matches. ` +
              "List the exact actions instead (for this design: s3:PutObject, s3:AbortMultipartUpload, sts:AssumeRole).",
          );
        }
      }
    }
  },
};
