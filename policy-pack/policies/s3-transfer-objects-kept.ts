import { StackValidationPolicy } from "@pulumi/policy";
import { BUCKET_TYPES, bucketNameOf, bucketOf, writtenPrefixes } from "../lib/buckets";
import { propsOf } from "../lib/stack";
import { isUnknown } from "../lib/unknowns";

const LIFECYCLE_TYPES = new Set(["aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2"]);

/** The key prefix a lifecycle rule applies to: "" for the whole bucket. */
function ruleScope(rule: Record<string, any>): string {
  const filter = rule.filter ?? {};
  const prefix = filter.prefix ?? filter.and?.prefix ?? rule.prefix ?? "";
  return typeof prefix === "string" && !isUnknown(prefix) ? prefix : "";
}

/** True when the rule deletes current objects: an expiration by days or date (not only delete markers). */
function expiresCurrentObjects(rule: Record<string, any>): boolean {
  // Stryker disable next-line ArrayDeclaration: an added string has no days or date, so it expires nothing
  const expirations = ([] as any[]).concat(rule.expiration ?? []);
  return expirations.some((e) => e && (e.days !== undefined || e.date !== undefined));
}

/**
 * Nothing written is lost by configuration: no enabled lifecycle rule expires current objects under
 * the transfer prefix (the prefix the stack's documents let roles write to; the whole bucket when none
 * is named). Versioning must stay on (mandatory, `s3-bucket-hardening`); an expiration is a choice a
 * team may make, so this rule is advisory, and names the rule and the prefix.
 *
 * Severity: medium. Why: Amazon S3 User Guide, "Expiring objects"
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-expire-general-considerations.html).
 */
export const s3TransferObjectsKept: StackValidationPolicy = {
  name: "s3-transfer-objects-kept",
  description: "No lifecycle rule expires current objects under the transfer prefix.",
  enforcementLevel: "advisory",
  severity: "medium",
  validateStack: (args, reportViolation) => {
    const buckets = args.resources.filter((r) => BUCKET_TYPES.has(r.type));
    for (const lifecycle of args.resources.filter((r) => LIFECYCLE_TYPES.has(r.type))) {
      const bucket = bucketOf(lifecycle, args.resources) ?? (buckets.length === 1 ? buckets[0] : undefined);
      const name = bucket ? bucketNameOf(bucket) : undefined;
      const prefixes = name ? writtenPrefixes(args.resources, name) : [];
      const rules = propsOf(lifecycle).rules;
      if (!Array.isArray(rules)) continue;
      rules.forEach((rule, index) => {
        // A rule that is not an object has no status or expiration, so it expires nothing.
        if (!rule || rule.status === "Disabled" || !expiresCurrentObjects(rule)) return;
        const scope = ruleScope(rule);
        const hit = prefixes.length === 0 ? [scope || "(whole bucket)"] : prefixes.filter((p) => p.startsWith(scope) || scope.startsWith(p));
        if (hit.length > 0) {
          reportViolation(
            `${lifecycle.name} rule ${JSON.stringify(rule.id ?? `#${index + 1}`)} expires current objects under ${scope === "" ? "the whole bucket" : JSON.stringify(scope)}, which covers the transfer prefix ${hit.map((p) => JSON.stringify(p)).join(", ")}: transferred files would be deleted. Expire only noncurrent versions or incomplete uploads.`,
            lifecycle.urn,
          );
        }
      });
    }
  },
};
