import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { ActionInfo, actionsOf, grantsLevel, takesOnlyStar } from "../lib/actions";
import { BucketNode, readDocument } from "../lib/designation";
import { Statement, statementLabel } from "../lib/iam";
import { accountOf, isWiredTo, propsOf } from "../lib/stack";
import { allowsOf, designationConfigSchema, reachingResources, whoIsLetIn, where, withDesignation } from "../lib/transfer";
import { isUnknown } from "../lib/unknowns";

const KEY_POLICY_PROPERTY: Record<string, string> = {
  "aws:kms/key:Key": "policy",
  "aws:kms/keyPolicy:KeyPolicy": "policy",
  "aws:kms/replicaKey:ReplicaKey": "policy",
  "aws-native:kms:Key": "keyPolicy",
};

/** Listing that reveals object keys. */
const KEY_LISTING = /^s3:list(bucket|bucketversions|bucketmultipartuploads|multipartuploadparts)$/;

/**
 * The actions of a statement that reach the bucket's data or change the bucket (AWS's data;
 * unknown ones count): anything on objects, key listing, any write, tagging or permissions change.
 * Reading the bucket's own configuration (`s3:GetBucketPolicy`, `s3:GetBucketLocation`) is not.
 */
async function s3ActionsOf(statement: Statement): Promise<ActionInfo[]> {
  return (await actionsOf(statement)).filter(
    (a) =>
      !takesOnlyStar(a) &&
      (a.unknown ||
        (/^s3(-object-lambda|express)?:/.test(a.action) &&
          // Stryker disable next-line MethodExpression: equivalent - an S3 action with an object resource type has only object types (object, accesspointobject)
          // (In AWS's data every S3 Tagging or Permissions management action is also Write: blanking those two levels survives.)
          (a.resourceTypes.some((t) => /object/.test(t)) || KEY_LISTING.test(a.action) || grantsLevel(a, "Write", "Permissions management", "Tagging")))),
  );
}
const reachesWithS3 = async (statement: Statement) => (await s3ActionsOf(statement)).length > 0;

/** Resources that open another door to a bucket, and the property naming the bucket. */
const DOORS: Record<string, { property: string; what: string }> = {
  "aws:s3/accessPoint:AccessPoint": { property: "bucket", what: "an access point" },
  "aws-native:s3:AccessPoint": { property: "bucket", what: "an access point" },
  "aws:s3control/multiRegionAccessPoint:MultiRegionAccessPoint": { property: "details", what: "a multi-region access point" },
  "aws-native:s3:MultiRegionAccessPoint": { property: "regions", what: "a multi-region access point" },
  "aws:s3control/objectLambdaAccessPoint:ObjectLambdaAccessPoint": { property: "configuration", what: "an Object Lambda access point" },
  "aws:s3/bucketAclV2:BucketAclV2": { property: "bucket", what: "a bucket ACL" },
  "aws:s3/bucketAcl:BucketAcl": { property: "bucket", what: "a bucket ACL" },
  "aws:s3control/accessGrantsLocation:AccessGrantsLocation": { property: "locationScope", what: "an S3 Access Grants location" },
};

/**
 * Does the resource name the bucket anywhere in the property (nested configurations included): by
 * name, by ARN, or by S3 URI (`s3://bucket/prefix`; Access Grants' default location `s3://` is every
 * bucket)? Unknown: it cannot be told apart, so yes; so is a nested unknown computed from the bucket.
 */
function opensDoorTo(resource: PolicyResource, property: string, bucket: BucketNode): boolean {
  const value = propsOf(resource)[property];
  if (value === undefined) return false;
  if (isUnknown(value)) return true;
  const text = JSON.stringify(value);
  const named = text.includes(`"${bucket.name}"`) || text.includes(`:${bucket.name}`) || text.includes(`//${bucket.name}`) || text.includes('"s3://"');
  return named || (bucket.resource !== undefined && isWiredTo(resource, property, bucket.resource));
}

/**
 * Only the designated transfer roles (with xacct:pattern direct: the instance roles that write
 * themselves) reach a transfer bucket, and only by the designed path. Every
 * other way in is refused: a bucket-policy Allow for anyone else (another account, a user, `*`
 * with an organization condition, a service), an identity policy of any other role, user or group
 * of the stack (inline, attached customer policy, group membership) whose resources can match the
 * bucket or its objects, an access point, multi-region or Object Lambda access point, ACL or
 * Access Grants location on the bucket, an S3 VPC endpoint policy that lets anyone else at the
 * bucket, a KMS key policy that lets in `*` or another account.
 *
 * Severity: critical. Why: Amazon S3 User Guide, "How Amazon S3 authorizes a request" — any of
 * these documents can grant access on its own
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/how-s3-evaluates-access-control.html).
 */
export const s3TransferBucketReachedOnlyByTransferRoles: StackValidationPolicy = {
  name: "s3-transfer-bucket-reached-only-by-transfer-roles",
  description: "No principal but the transfer roles can reach the transfer bucket: by bucket policy, identity policy, access point, endpoint or key policy.",
  enforcementLevel: "mandatory",
  severity: "critical",
  configSchema: designationConfigSchema,
  validateStack: withDesignation(async (d, report) => {
    // xacct:pattern direct: the instance roles that write themselves are writers too, held to
    // their own contract by s3-direct-writer-contract (fenced grant, no role to assume).
    const transferArns = new Set([...d.transferRoleArns, ...d.directWriterArns]);
    const transferNodes = new Set([...d.transferRoles, ...d.directWriters]);
    for (const bucket of d.transferBuckets) {
      // 1. The bucket policy grants to transfer roles only.
      for (const policy of d.bucketPolicies.filter((p) => p.bucket === bucket.name)) {
        for (const statement of allowsOf(policy.document)) {
          const { roles, others } = whoIsLetIn(statement);
          const strangers = [...others, ...roles.filter((r) => !transferArns.has(r))];
          if (strangers.length > 0) {
            report(`${where(policy.resource, "policy", statement)} lets ${strangers.join(", ")} into the transfer bucket ${bucket.name}. Grant only the transfer role, by its exact ARN.`, policy.resource.urn);
          }
        }
      }
      // 2. Nobody else's identity policy reaches it.
      for (const principal of d.principals.filter((p) => !transferNodes.has(p))) {
        for (const grant of principal.grants) {
          for (const statement of allowsOf(grant.document)) {
            const reaching = reachingResources(statement, bucket);
            if (reaching.length === 0) continue;
            const actions = await s3ActionsOf(statement);
            if (actions.length === 0) continue;
            report(
              `${where(grant.owner, grant.property, statement)} lets the ${principal.kind} ${principal.name ?? principal.resource.name} use ${actions.slice(0, 3).map((a) => a.action).join(", ")}${actions.length > 3 ? ", ..." : ""} on ${reaching.join(", ")}, which reaches the transfer bucket ${bucket.name}. Only the transfer role may reach it.`,
              grant.owner.urn,
            );
          }
        }
      }
      // 3. No other door: access points, ACLs, grants locations.
      for (const resource of d.resources) {
        const door = DOORS[resource.type];
        if (door && opensDoorTo(resource, door.property, bucket)) {
          report(`${resource.name} is ${door.what} on the transfer bucket ${bucket.name}: a second way in, with its own policy. Remove it; writers use the bucket through the S3 endpoint.`, resource.urn);
        }
      }
      // 4. Endpoint policies let only transfer roles at it.
      for (const endpoint of d.endpoints) {
        for (const { owner, document } of endpoint.policies) {
          for (const statement of allowsOf(document)) {
            if (reachingResources(statement, bucket).length === 0 || !(await reachesWithS3(statement))) continue;
            const { roles, others } = whoIsLetIn(statement);
            const strangers = [...others, ...roles.filter((r) => !transferArns.has(r))];
            if (strangers.length > 0) report(`${where(owner, "policy", statement)} lets ${strangers.join(", ")} at the transfer bucket ${bucket.name} through the endpoint.`, owner.urn);
          }
        }
      }
    }
    // 5. KMS key policies: no `*`, no other account.
    // Stryker disable next-line MethodExpression: equivalent - another type has no key-policy property, so no document is read from it
    for (const key of d.resources.filter((r) => KEY_POLICY_PROPERTY[r.type])) {
      const property = KEY_POLICY_PROPERTY[key.type];
      const account = accountOf(key);
      const document = readDocument(propsOf(key)[property]);
      for (const statement of allowsOf(document)) {
        const { roles, others } = whoIsLetIn(statement);
        // Stryker disable next-line ArrayDeclaration: equivalent - a stand-in principal is no account root, and no stranger's text starts with it
        const accountRoots = (statement.principal?.aws ?? []).filter((a) => account && (a === account || a === `arn:aws:iam::${account}:root`));
        const strangers = [
          ...others.filter((o) => !o.startsWith("the service ") && !accountRoots.some((root) => o.startsWith(root))),
          ...roles.filter((r) => !transferArns.has(r) && !(account && r.includes(`::${account}:`))),
        ];
        if (strangers.length > 0) report(`${key.name} ${property} ${statementLabel(statement)} lets ${strangers.join(", ")} use the key: another account or anyone could decrypt what it protects.`, key.urn);
      }
    }
  }),
};

