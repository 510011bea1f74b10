import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { TYPES } from "../lib/resources";
import { BUCKET_TYPES } from "../lib/buckets";
import { accountOf, accountOfArn, designates, isWiredTo, propsOf } from "../lib/stack";
import { booleanOf, isUnknown } from "../lib/unknowns";

interface Guard {
  /** The companion resource types (the V2 types of @pulumi/aws manage the same setting). */
  types: string[];
  what: string;
  /** Why this companion's settings are not hardened, or undefined when they are. */
  problem(props: Record<string, any>): string | undefined;
}

const ENCRYPTION_ALGORITHMS = ["AES256", "aws:kms", "aws:kms:dsse"];

/** KMS keys of the stack a bucket's default encryption may name. */
const KMS_KEY_TYPES = new Set(["aws:kms/key:Key", "aws:kms/replicaKey:ReplicaKey", "aws:kms/alias:Alias"]);

const GUARDS: Guard[] = [
  {
    types: [TYPES.publicAccessBlock],
    what: "public access block",
    problem: (p) => {
      // Unknown or secret flags are refused by xacct-values-known; a string "true" is what engines may send.
      const off = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"].filter((flag) => booleanOf(p[flag]) !== true && booleanOf(p[flag]) !== "unknown");
      return off.length ? `${off.join(", ")} must be true` : undefined;
    },
  },
  {
    types: [TYPES.ownershipControls],
    what: "ownership controls",
    problem: (p) => (isUnknown(p.rule) || isUnknown(p.rule?.objectOwnership) || p.rule?.objectOwnership === "BucketOwnerEnforced" ? undefined : "objectOwnership must be BucketOwnerEnforced (ACLs off)"),
  },
  {
    types: [TYPES.encryption, "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2"],
    what: "default encryption",
    problem: (p) =>
      isUnknown(p.rules) || (Array.isArray(p.rules) && p.rules.some((r: any) => ENCRYPTION_ALGORITHMS.includes(r?.applyServerSideEncryptionByDefault?.sseAlgorithm)))
        ? undefined
        : `a rule must set applyServerSideEncryptionByDefault.sseAlgorithm (${ENCRYPTION_ALGORITHMS.join(", ")})`,
  },
  {
    types: [TYPES.versioning, "aws:s3/bucketVersioningV2:BucketVersioningV2"],
    what: "versioning",
    problem: (p) =>
      isUnknown(p.versioningConfiguration) || isUnknown(p.versioningConfiguration?.status) || p.versioningConfiguration?.status === "Enabled"
        ? undefined
        : "versioningConfiguration.status must be Enabled",
  },
];

/**
 * Every bucket comes with its guards, each hardened: all four public-access-block flags on,
 * BucketOwnerEnforced ownership (ACLs disabled), default encryption, versioning. A default
 * encryption key (`kmsMasterKeyId`, a key or alias ARN) is a key of this stack or of the bucket's own
 * account: a key another account holds lets that account crypto-shred every object written under it
 * (disable or schedule deletion of the key) and see every object key in its CloudTrail (the
 * `aws:s3:arn` encryption context; AWS KMS Developer Guide, "Logging AWS KMS API calls with AWS
 * CloudTrail", https://docs.aws.amazon.com/kms/latest/developerguide/logging-using-cloudtrail.html). The bucket is
 * protected from `pulumi destroy` and not force-destroyable, so tearing the stack down loses no data.
 * Settings that are unknown or secret are left to `xacct-values-known`, which refuses them.
 * A stack rule, because the guards are separate resources pointing at the bucket.
 *
 * Severity: high. Why: Amazon S3 User Guide, "Security best practices for Amazon S3"
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html).
 */
export const s3BucketHardening: StackValidationPolicy = {
  name: "s3-bucket-hardening",
  description: "Buckets block public access, enforce bucket-owner ownership, encrypt by default, keep versions, and survive pulumi destroy.",
  enforcementLevel: "mandatory",
  severity: "high",
  configSchema: {
    properties: {
      requireProtect: { type: "boolean", default: true, description: "Require the bucket's `protect` resource option. false loosens: pulumi destroy could then delete the bucket and its objects." },
    },
  },
  validateStack: (args, reportViolation) => {
    const { requireProtect } = args.getConfig<{ requireProtect: boolean }>();
    const buckets = args.resources.filter((r) => BUCKET_TYPES.has(r.type));
    for (const guard of GUARDS) {
      for (const companion of args.resources.filter((r) => guard.types.includes(r.type))) {
        const problem = guard.problem(propsOf(companion));
        if (problem) reportViolation(`${companion.name}: ${guard.what}: ${problem}.`, companion.urn);
      }
    }
    const keys = args.resources.filter((r) => KMS_KEY_TYPES.has(r.type));
    /** The default-encryption key `owner` names (`where` says which rule) is the stack's or the bucket account's. */
    const judgeKey = (owner: PolicyResource, property: string, keyId: unknown, where: string) => {
      if (isUnknown(keyId)) {
        if (!keys.some((k) => isWiredTo(owner, property, k))) {
          reportViolation(`${owner.name}: ${where} uses a KMS key that is unknown and not computed from a key of this stack: whose key it is cannot be judged.`, owner.urn);
        }
        return;
      }
      // No key (absent, null, empty), or a bare key id or alias name: resolved in the bucket's own account.
      const value = String(keyId);
      if (!value.startsWith("arn:")) return;
      if (keys.some((k) => value === propsOf(k).arn)) return;
      const account = accountOf(owner);
      const keyAccount = accountOfArn(value);
      if (!keyAccount || keyAccount !== account) {
        reportViolation(
          `${owner.name}: ${where} encrypts with ${value}, a KMS key of ${keyAccount ? `account ${keyAccount}` : "an account that cannot be shown"}, not the bucket's own account (${account ?? "unpinned"}): that account could disable or delete the key (and every object with it) and sees every object key in its CloudTrail. Use a key of this stack, or of the bucket's account.`,
          owner.urn,
        );
      }
    };
    // One rule or a list of them; anything else names no key (judgeKey passes an absent one).
    const rulesOf = (value: unknown): any[] => (Array.isArray(value) ? value : [value]);
    // Stryker disable next-line MethodExpression: equivalent - no other companion's rules set applyServerSideEncryptionByDefault
    for (const companion of args.resources.filter((r) => GUARDS[2].types.includes(r.type))) {
      rulesOf(propsOf(companion).rules).forEach((rule, index) => judgeKey(companion, "rules", rule?.applyServerSideEncryptionByDefault?.kmsMasterKeyId, `default encryption rule #${index + 1}`));
    }
    // The bucket's own (inline, or read back after up) encryption setting names a key too.
    for (const bucket of buckets) {
      const inline = propsOf(bucket).serverSideEncryptionConfiguration;
      rulesOf(inline?.rule ?? inline?.rules).forEach((rule) => judgeKey(bucket, "serverSideEncryptionConfiguration", rule?.applyServerSideEncryptionByDefault?.kmsMasterKeyId, "the bucket's serverSideEncryptionConfiguration"));
    }
    for (const bucket of buckets) {
      const props = propsOf(bucket);
      const name = isUnknown(props.bucket) ? undefined : props.bucket;
      const guardedBy = (companion: PolicyResource) => designates(companion, "bucket", bucket, name);
      for (const guard of GUARDS) {
        if (!args.resources.some((r) => guard.types.includes(r.type) && guardedBy(r))) {
          reportViolation(`bucket ${bucket.name} has no ${guard.what} (${guard.types[0].split(":").pop()}). Add one for this bucket.`, bucket.urn);
        }
      }
      const forceDestroy = booleanOf(props.forceDestroy);
      if (forceDestroy === true || forceDestroy === "invalid") {
        reportViolation(`bucket ${bucket.name} sets forceDestroy: deleting the stack would delete every object. Set forceDestroy: false.`, bucket.urn);
      }
      if (requireProtect && !bucket.opts.protect) {
        reportViolation(`bucket ${bucket.name} is not protected: pulumi destroy would delete it. Set the resource option protect: true (and retainOnDelete: true).`, bucket.urn);
      }
    }
  },
};
