import { StackValidationPolicy } from "@pulumi/policy";
import { TYPES } from "../lib/resources";
import { BUCKET_TYPES, bucketNameOf } from "../lib/buckets";
import { accountOf, propsOf, stackAccounts } from "../lib/stack";
import { isUnknown } from "../lib/unknowns";

const REPLICATION = TYPES.replication;

/**
 * Replication copies every object to another bucket: its destination must be a bucket of this stack
 * in one of the stack's accounts. A destination outside the stack (another account, or a bucket whose
 * account cannot be shown) is a copy of the transferred data the pack cannot judge.
 *
 * Severity: critical. Why: Amazon S3 User Guide, "Replicating objects within and across Regions"
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication.html).
 */
export const s3ReplicationWithinAccounts: StackValidationPolicy = {
  name: "s3-replication-within-accounts",
  description: "Bucket replication goes only to buckets of this stack in the stack's accounts.",
  enforcementLevel: "mandatory",
  severity: "critical",
  validateStack: (args, reportViolation) => {
    const accounts = stackAccounts(args.resources);
    const buckets = args.resources.filter((r) => BUCKET_TYPES.has(r.type));
    for (const replication of args.resources.filter((r) => r.type === REPLICATION)) {
      const rules = propsOf(replication).rules;
      if (!Array.isArray(rules)) continue;
      rules.forEach((rule, index) => {
        // A rule that is not an object replicates nothing (the provider refuses it).
        if (!rule || typeof rule !== "object") return;
        const destination = rule.destination ?? {};
        const where = `${replication.name} rule ${JSON.stringify(rule.id ?? `#${index + 1}`)}`;
        const target = destination.bucket;
        if (isUnknown(target)) {
          const fromBucket = replication.propertyDependencies.rules?.some((d) => BUCKET_TYPES.has(d.type));
          if (!fromBucket) reportViolation(`${where} replicates to a bucket that is unknown and not computed from a bucket of this stack.`, replication.urn);
          return;
        }
        const name = typeof target === "string" ? target.replace(/^arn:[^:]*:s3:::/, "") : undefined;
        const bucket = buckets.find((b) => bucketNameOf(b) === name);
        // No bucket, or one whose account cannot be shown: not in the stack's accounts.
        // Stryker disable next-line StringLiteral: equivalent - stackAccounts holds only 12-digit accounts, so no stand-in text is one of them
        if (!accounts.has((bucket && accountOf(bucket)) || "")) {
          reportViolation(`${where} replicates every object to ${target}, which is not a bucket of this stack in its accounts (${[...accounts].join(", ") || "none pinned"}): a copy of the data outside the design. Remove the rule.`, replication.urn);
        }
        const account = destination.account;
        if (account !== undefined && (isUnknown(account) || !accounts.has(String(account)))) {
          reportViolation(`${where} hands the replicas to account ${account}, outside this stack's accounts.`, replication.urn);
        }
      });
    }
  },
};
