import { bucketArn, objectsUnderPrefixArn } from "../aws";
import { TransferGrant, WRITE_ACTIONS, grantClauses } from "./access";
import { PolicyDocument, PolicyStatement, policyDocument } from "./document";
import { SID } from "./sids";

export interface BucketPolicyInput {
  grant: TransferGrant;
  transferRoleArn: string;
  /** The S3 gateway endpoint of every source VPC that may write. */
  s3EndpointIds: string[];
}

/**
 * Deny-only: the transfer role is in the bucket's own account, so its identity policy is enough to
 * allow; the bucket policy's job is to make every other path fail, whatever any IAM policy allows.
 */
export function buildBucketPolicy({ grant, transferRoleArn, s3EndpointIds }: BucketPolicyInput): PolicyDocument {
  const bucket = bucketArn(grant.partition, grant.bucketName);
  const notThroughOurEndpoints = { "aws:SourceVpce": [...s3EndpointIds] };
  return policyDocument(
    {
      Sid: SID.denyWritesNotThroughS3Endpoint,
      Effect: "Deny",
      Principal: "*",
      Action: [...WRITE_ACTIONS],
      Resource: [objectsUnderPrefixArn(grant.partition, grant.bucketName, grant.prefix)],
      Condition: { StringNotEquals: notThroughOurEndpoints },
    },
    {
      // Session credentials copied off the instance are useless anywhere but inside the source VPC.
      Sid: SID.denyTransferRoleNotThroughS3Endpoint,
      Effect: "Deny",
      Principal: "*",
      Action: ["s3:*"],
      Resource: [bucket, `${bucket}/*`],
      Condition: {
        StringNotEquals: notThroughOurEndpoints,
        ArnEquals: { "aws:PrincipalArn": [transferRoleArn] },
      },
    },
    {
      Sid: SID.denyWithoutTls,
      Effect: "Deny",
      Principal: "*",
      Action: ["s3:*"],
      Resource: [bucket, `${bucket}/*`],
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    },
  );
}

/** xacct:pattern direct: one source account's instance role, pinned to one incarnation, and its S3 endpoint. */
export interface DirectWriter {
  accountId: string;
  instanceRoleArn: string;
  /**
   * The role's unique id (`AROA…`). AWS stores a role named in a bucket policy's Principal as this
   * id, so a deleted and recreated role of the same name would silently stop matching while the
   * policy text stays the same; with the id in the text, a replacement changes the document and
   * Pulumi updates the bucket policy (the same pin as the transfer role's trust, DESIGN.md 3.10).
   */
  instanceRoleUniqueId: string;
  s3EndpointId: string;
}

export interface DirectBucketPolicyInput {
  grant: TransferGrant;
  writers: DirectWriter[];
}

/**
 * xacct:pattern direct: the writer is in another account, so the bucket policy must allow too (a
 * cross-account request needs both the identity policy and the resource policy). It allows each
 * source's instance role exactly the configured access under the prefix, only through that
 * source's S3 endpoint and only for this incarnation of the role; the same three Denies as the
 * assumeRole pattern fence every other path, the instance role's in place of the transfer role's.
 * Objects the other account writes belong to the bucket owner because Object Ownership is
 * BucketOwnerEnforced (ACLs off), see TransferBucket.
 */
export function buildDirectBucketPolicy({ grant, writers }: DirectBucketPolicyInput): PolicyDocument {
  const bucket = bucketArn(grant.partition, grant.bucketName);
  const notThroughOurEndpoints = { "aws:SourceVpce": writers.map((w) => w.s3EndpointId) };
  const allows = writers.flatMap((writer) =>
    grantClauses(grant).map(({ sidVerb, Condition, ...clause }): PolicyStatement => ({
      Sid: SID.bucketGrantToInstanceRoleOf(writer.accountId, sidVerb),
      Effect: "Allow",
      Principal: { AWS: writer.instanceRoleArn },
      ...clause,
      Condition: {
        ...Condition,
        StringEquals: { "aws:SourceVpce": [writer.s3EndpointId] },
        // For an instance role session aws:userid is "<role unique id>:<instance id>".
        StringLike: { ...Condition?.StringLike, "aws:userid": [`${writer.instanceRoleUniqueId}:*`] },
      },
    })),
  );
  return policyDocument(
    ...allows,
    {
      Sid: SID.denyWritesNotThroughS3Endpoint,
      Effect: "Deny",
      Principal: "*",
      Action: [...WRITE_ACTIONS],
      Resource: [objectsUnderPrefixArn(grant.partition, grant.bucketName, grant.prefix)],
      Condition: { StringNotEquals: notThroughOurEndpoints },
    },
    {
      // Instance role credentials copied off the instance are useless anywhere but inside the source VPC.
      Sid: SID.denyInstanceRoleNotThroughS3Endpoint,
      Effect: "Deny",
      Principal: "*",
      Action: ["s3:*"],
      Resource: [bucket, `${bucket}/*`],
      Condition: {
        StringNotEquals: notThroughOurEndpoints,
        ArnEquals: { "aws:PrincipalArn": writers.map((w) => w.instanceRoleArn) },
      },
    },
    {
      Sid: SID.denyWithoutTls,
      Effect: "Deny",
      Principal: "*",
      Action: ["s3:*"],
      Resource: [bucket, `${bucket}/*`],
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    },
  );
}
