import { ResourceValidationPolicy } from "@pulumi/policy";
import { patternCovers } from "../lib/arn";
import { Statement, clausesOn, statementLabel } from "../lib/iam";
import { forEachDocument } from "../lib/rule";

/** Covers the bucket and all of its objects: `*`, or `arn:…:s3:::<name>` together with `…/<name>/*`. */
function coversBucketAndObjects(statement: Statement): boolean {
  // Stryker disable next-line ArrayDeclaration: a NotResource statement has no Resource; an added element is neither "*" nor a bucket ARN
  const resources = statement.resources ?? [];
  if (resources.includes("*")) return true;
  return resources.some((bucket) => !bucket.includes("/") && /^arn:[^:]+:s3:::[^*?]+$/.test(bucket) && resources.some((r) => patternCovers(r, `${bucket}/*`)));
}

function isSoundTlsDeny(statement: Statement): boolean {
  const clauses = clausesOn(statement, "aws:SecureTransport");
  return (
    statement.effect === "Deny" &&
    Boolean(statement.principal?.wildcard) &&
    !statement.notPrincipal &&
    // Action "s3:*" or "*": a NotAction carve-out or a list of actions leaves other requests over plain HTTP.
    // Stryker disable next-line ArrayDeclaration: a NotAction statement has no Action; an added element is neither "*" nor "s3:*"
    (statement.actions ?? []).some((a) => a === "*" || a === "s3:*") &&
    coversBucketAndObjects(statement) &&
    // No condition at all denies plain HTTP with everything else.
    statement.conditions.length === clauses.length &&
    clauses.every((c) => c.base === "Bool" && !c.qualifier && c.values.length === 1 && c.values[0].toLowerCase() === "false")
  );
}

/**
 * The bucket policy denies every request made without TLS (`aws:SecureTransport = false`), for
 * every principal, every S3 action, on the bucket and all its objects.
 *
 * Severity: high. Why: Amazon S3 User Guide, "Security best practices: enforce encryption of data
 * in transit" (https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html).
 */
export const s3BucketPolicyRequiresTls: ResourceValidationPolicy = {
  name: "s3-bucket-policy-requires-tls",
  description: "The bucket policy denies every request with aws:SecureTransport = false.",
  enforcementLevel: "mandatory",
  severity: "high",
  validateResource: forEachDocument(["bucket"], (document, _args, reportViolation) => {
    if (document.statements.some(isSoundTlsDeny)) return;
    const attempts = document.statements.filter((s) => clausesOn(s, "aws:SecureTransport").length > 0);
    const detail = attempts.length
      ? ` (${attempts.map(statementLabel).join(", ")} mention aws:SecureTransport but do not deny s3:* for "*" on the bucket and its objects with Bool false and no other condition)`
      : "";
    reportViolation(
      `policy does not deny requests without TLS${detail}. Add a Deny with Principal "*", Action "s3:*", Resource [<bucket ARN>, <bucket ARN>/*] and Condition Bool aws:SecureTransport = "false".`,
    );
  }),
};
