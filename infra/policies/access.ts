import { Partition, bucketArn, objectsUnderPrefixArn } from "../aws";
import { ConditionBlock } from "./document";

/** What the transfer role may do inside its prefix. `write` is the default; the rest are opt-in. */
export const ACCESS_LEVELS = ["write", "read", "list", "delete"] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

/**
 * `s3:PutObject` covers single-part and multipart uploads (CreateMultipartUpload, UploadPart and
 * CompleteMultipartUpload all authorize as PutObject); `s3:AbortMultipartUpload` lets the client
 * clean up a failed upload. Deleting is `s3:DeleteObject` only: with versioning on it adds a delete
 * marker, and no version is ever removed (`s3:DeleteObjectVersion` is never granted).
 */
export const OBJECT_ACTIONS: Record<Exclude<AccessLevel, "list">, readonly string[]> = {
  write: ["s3:PutObject", "s3:AbortMultipartUpload"],
  read: ["s3:GetObject"],
  delete: ["s3:DeleteObject"],
};
export const WRITE_ACTIONS = OBJECT_ACTIONS.write;
export const LIST_ACTION = "s3:ListBucket";

/** One bucket, one prefix, and what may be done there. */
export interface TransferGrant {
  partition: Partition;
  bucketName: string;
  /** Always ends in `/`, never starts with one, holds no wildcard. */
  prefix: string;
  access: readonly AccessLevel[];
}

/** A grant as statement bodies, before an Effect and a Principal make it a role or endpoint statement. */
export interface GrantClause {
  sidVerb: string;
  Action: string[];
  Resource: string[];
  Condition?: ConditionBlock;
}

export function objectActionsOf(access: readonly AccessLevel[]): string[] {
  return ACCESS_LEVELS.filter((level): level is Exclude<AccessLevel, "list"> => level !== "list" && access.includes(level))
    .flatMap((level) => OBJECT_ACTIONS[level]);
}

export function grantClauses(grant: TransferGrant): GrantClause[] {
  const clauses: GrantClause[] = [];
  const objectActions = objectActionsOf(grant.access);
  if (objectActions.length > 0) {
    clauses.push({
      sidVerb: grant.access.includes("write") ? "WriteObjectsUnderThePrefix" : "UseObjectsUnderThePrefix",
      Action: objectActions,
      Resource: [objectsUnderPrefixArn(grant.partition, grant.bucketName, grant.prefix)],
    });
  }
  if (grant.access.includes("list")) {
    clauses.push({
      sidVerb: "ListOnlyThePrefix",
      Action: [LIST_ACTION],
      Resource: [bucketArn(grant.partition, grant.bucketName)],
      // ListBucket is authorized on the bucket ARN; s3:prefix keeps the listing inside the prefix.
      Condition: { StringLike: { "s3:prefix": [`${grant.prefix}*`] } },
    });
  }
  return clauses;
}
