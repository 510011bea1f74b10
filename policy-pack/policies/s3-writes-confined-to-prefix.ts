import { StackValidationPolicy } from "@pulumi/policy";
import { actionsOf, grantsLevel } from "../lib/actions";
import { patternsIntersect } from "../lib/arn";
import { Statement, clausesOn } from "../lib/iam";
import { Document, bucketOfArn } from "../lib/designation";
import { allowsOf, bucketArnsOf, designationConfigSchema, prefixOf, reachingObjects, where, withDesignation } from "../lib/transfer";
import { PolicyResource, ReportViolation } from "@pulumi/policy";
import { BucketNode } from "../lib/designation";

/**
 * Writers are confined to a key prefix of the transfer bucket (`bucket/example/*`), never the
 * whole bucket (`bucket/*`, `bucket/${aws:username}/*`, `bucket/*\/x`), in every document that
 * must agree: the transfer roles' (and direct writers') identity policies, the S3 endpoint policies, and the bucket
 * policy's grants; a listing of the bucket is confined by an `s3:prefix` condition. Nor do they change the bucket itself (lifecycle, versioning, replication,
 * policy, deletion: any write on the bucket resource type). With `protectedPrefixes` set, the prefix must be one of those. Object actions
 * are found from AWS's service data (any S3 action on the object resource type), not by name.
 *
 * Severity: high. Why: Amazon S3 User Guide, "Bucket policy examples: granting permissions to a
 * prefix" (https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies.html).
 */
export const s3WritesConfinedToPrefix: StackValidationPolicy = {
  name: "s3-writes-confined-to-prefix",
  description: "Grants on the transfer bucket's objects are confined to a key prefix, in identity, endpoint and bucket policies.",
  enforcementLevel: "mandatory",
  severity: "high",
  configSchema: {
    properties: {
      ...designationConfigSchema.properties,
      protectedPrefixes: { type: "array", items: { type: "string" }, default: [], description: "Key prefixes (e.g. \"example/\") writers may be granted; empty: any non-empty prefix." },
    },
  },
  validateStack: withDesignation(async (d, report, args) => {
    // Stryker disable next-line ArrayDeclaration: equivalent - getConfig always fills in the schema's default [] (the engine as the harness)
    const { protectedPrefixes = [] } = args.getConfig<{ protectedPrefixes?: string[] }>();
    const check = async (owner: PolicyResource, property: string, document: Document, bucket: BucketNode) => {
      for (const statement of allowsOf(document)) await checkStatement(owner, property, statement, bucket, protectedPrefixes, report);
    };
    // With the transfer bucket in this stack, a transfer role's object grants on any other bucket are a way out.
    const inStack = d.transferBuckets.filter((b) => b.resource).map((b) => b.name);
    // Stryker disable next-line ArrayDeclaration: equivalent - getConfig always fills in the schema's default []
    const configured = args.getConfig<{ transferBuckets?: string[] }>().transferBuckets ?? [];
    if (inStack.length > 0) {
      for (const role of [...d.transferRoles, ...d.directWriters]) {
        for (const grant of role.grants) {
          for (const statement of allowsOf(grant.document)) {
            // Stryker disable next-line ArrayDeclaration: equivalent - a stand-in element for a missing Resource names no bucket (NotResource is judged per bucket below)
            const elsewhere = (statement.resources ?? []).filter((r) => {
              const bucket = bucketOfArn(r);
              return bucket !== undefined && /\//.test(r) && !inStack.includes(bucket) && !configured.includes(bucket);
            });
            if (elsewhere.length === 0) continue;
            // Every S3 action on the accesspointobject resource type is on the object type too (AWS's data).
            const objectActions = (await actionsOf(statement)).filter((a) => a.unknown || a.resourceTypes.includes("object"));
            if (objectActions.length > 0) {
              report(`${where(grant.owner, grant.property, statement)} lets the transfer role ${role.name ?? role.resource.name} use ${objectActions.slice(0, 3).map((a) => a.action).join(", ")} on ${elsewhere.join(", ")}, outside this stack's transfer bucket (${inStack.join(", ")}).`, grant.owner.urn);
            }
          }
        }
      }
    }
    for (const bucket of d.transferBuckets) {
      for (const role of [...d.transferRoles, ...d.directWriters]) for (const grant of role.grants) await check(grant.owner, grant.property, grant.document, bucket);
      for (const endpoint of d.s3Endpoints) for (const { owner, document } of endpoint.policies) await check(owner, "policy", document, bucket);
      for (const policy of d.bucketPolicies.filter((p) => p.bucket === bucket.name)) await check(policy.resource, "policy", policy.document, bucket);
    }
  }),
};

async function checkStatement(owner: PolicyResource, property: string, statement: Statement, bucket: BucketNode, prefixes: string[], report: ReportViolation) {
  // The bucket itself: lifecycle, versioning, replication, policy, deletion are not a writer's business.
  const bucketArn = bucketArnsOf(bucket).bucket;
  // Stryker disable next-line ArrayDeclaration: equivalent - a stand-in element for a missing Resource is no pattern on the bucket
  const onBucket = statement.notResources ? reachingObjects(statement, bucket) : (statement.resources ?? []).filter((r) => patternsIntersect(r, bucketArn));
  if (onBucket.length > 0) {
    // Every bucket action at the Permissions management or Tagging level is at Write too today (AWS's data), so blanking those two survives; kept should one not be.
    const changes = (await actionsOf(statement)).filter((a) => a.unknown || (a.resourceTypes.includes("bucket") && grantsLevel(a, "Write", "Permissions management", "Tagging")));
    if (changes.length > 0) {
      report(
        `${where(owner, property, statement)} allows ${[...new Set(changes.map((a) => a.action))].slice(0, 3).join(", ")} on the transfer bucket itself (${onBucket.join(", ")}): ` +
          "writers change objects under their prefix, never the bucket's lifecycle, versioning, replication or policy.",
        owner.urn,
      );
    }
  }
  if (onBucket.length > 0) {
    const listings = (await actionsOf(statement)).filter((a) => a.unknown || (a.resourceTypes.includes("bucket") && grantsLevel(a, "List")));
    const outside = listings.length > 0 ? prefixListingProblem(statement, prefixes) : undefined;
    if (outside) {
      report(
        `${where(owner, property, statement)} allows ${[...new Set(listings.map((a) => a.action))].slice(0, 3).join(", ")} on the transfer bucket (${onBucket.join(", ")}) ${outside}: ` +
          `a writer lists only its prefix (Condition StringLike s3:prefix "<prefix>/*").`,
        owner.urn,
      );
    }
  }
  const objects = reachingObjects(statement, bucket);
  const actions = (await actionsOf(statement)).filter((a) => a.unknown || a.resourceTypes.includes("object"));
  if (actions.length === 0) return;
  for (const resource of objects) {
    const prefix = statement.notResources ? "" : prefixOf(resource, bucket);
    const allowed = prefixes.length === 0 ? prefix !== "" : prefixes.some((p) => prefix.startsWith(p));
    if (!allowed) {
      report(
        `${where(owner, property, statement)} allows ${[...new Set(actions.map((a) => a.action))].slice(0, 3).join(", ")} on ${resource}, ` +
          `${prefix === "" ? "the whole transfer bucket" : `prefix ${prefix}, outside ${prefixes.join(", ")}`}. Confine it to the transfer prefix (arn:aws:s3:::${bucket.name}/<prefix>/*).`,
        owner.urn,
      );
    }
  }
}

/**
 * ListBucket is authorized on the bucket, not on keys: only a condition on `s3:prefix` keeps a
 * listing inside a prefix (https://docs.aws.amazon.com/AmazonS3/latest/userguide/amazon-s3-policy-keys.html#condition-key-bucket-ops-2).
 * Sound only as a positive match without IfExists (a request without a prefix lists everything) or
 * a set qualifier, whose every value starts with a non-empty literal prefix (of `prefixes`, when set).
 */
function prefixListingProblem(statement: Statement, prefixes: string[]): string | undefined {
  const clauses = clausesOn(statement, "s3:prefix");
  const guard = clauses.find((c) => (c.base === "StringLike" || c.base === "StringEquals") && !c.ifExists && !c.qualifier && c.values.length > 0);
  if (!guard) return clauses.length === 0 ? "with no condition on s3:prefix" : `with ${clauses.map((c) => c.operator).join(", ")} on s3:prefix, which a request without a prefix passes`;
  const literalHead = (value: string) => value.split(/[*?]|\$\{/)[0];
  const unconfined = guard.values.filter((v) => (prefixes.length === 0 ? literalHead(v) === "" : !prefixes.some((p) => literalHead(v).startsWith(p))));
  if (unconfined.length > 0) return `for s3:prefix ${unconfined.map((v) => JSON.stringify(v)).join(", ")}, ${prefixes.length === 0 ? "which is no prefix" : `outside ${prefixes.join(", ")}`}`;
  return undefined;
}
