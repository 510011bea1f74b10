import { bucketArn, objectsUnderPrefixArn } from "../aws";
import { TransferGrant, WRITE_ACTIONS, grantClauses } from "./access";
import { PolicyDocument, PolicyStatement, policyDocument } from "./document";
import { RequestOrigin, fromOrigin, notFromOrigin } from "./origin";
import { SID } from "./sids";

/**
 * Where writes must come from: the S3 endpoint of every source VPC that may write, or (on the
 * internet path, xacct:source.endpoints none) the Elastic IP of every source's NAT gateway.
 */
export type S3Origin = { s3EndpointIds: string[]; natPublicIps?: undefined } | { natPublicIps: string[]; s3EndpointIds?: undefined };

export type BucketPolicyInput = { grant: TransferGrant; transferRoleArn: string } & S3Origin;

function requestOrigin(origin: S3Origin): RequestOrigin {
  return origin.natPublicIps ? { natPublicIps: origin.natPublicIps } : { endpointIds: origin.s3EndpointIds };
}

/** Nothing reaches the bucket without TLS, whoever asks. */
export function denyWithoutTls(bucket: string): PolicyStatement {
  return {
    Sid: SID.denyWithoutTls,
    Effect: "Deny",
    Principal: "*",
    Action: ["s3:*"],
    Resource: [bucket, `${bucket}/*`],
    Condition: { Bool: { "aws:SecureTransport": "false" } },
  };
}

/** No one writes under the prefix except through the source's S3 endpoint (or from its NAT address). */
function denyWritesNotFromOrigin(grant: TransferGrant, origin: RequestOrigin): PolicyStatement {
  return {
    Sid: origin.natPublicIps !== undefined ? SID.denyWritesNotFromNatAddress : SID.denyWritesNotThroughS3Endpoint,
    Effect: "Deny",
    Principal: "*",
    Action: [...WRITE_ACTIONS],
    Resource: [objectsUnderPrefixArn(grant.partition, grant.bucketName, grant.prefix)],
    Condition: notFromOrigin(origin),
  };
}

/**
 * Deny-only: the transfer role is in the bucket's own account, so its identity policy is enough to
 * allow; the bucket policy's job is to make every other path fail, whatever any IAM policy allows.
 */
export function buildBucketPolicy({ grant, transferRoleArn, ...s3Origin }: BucketPolicyInput): PolicyDocument {
  const bucket = bucketArn(grant.partition, grant.bucketName);
  const origin = requestOrigin(s3Origin);
  const internet = origin.natPublicIps !== undefined;
  return policyDocument(
    denyWritesNotFromOrigin(grant, origin),
    {
      // Session credentials copied off the instance are useless anywhere but inside the source VPC.
      Sid: internet ? SID.denyTransferRoleNotFromNatAddress : SID.denyTransferRoleNotThroughS3Endpoint,
      Effect: "Deny",
      Principal: "*",
      Action: ["s3:*"],
      Resource: [bucket, `${bucket}/*`],
      Condition: {
        ...notFromOrigin(origin),
        ArnEquals: { "aws:PrincipalArn": [transferRoleArn] },
      },
    },
    denyWithoutTls(bucket),
  );
}

/** xacct:pattern direct: one source account's instance role, pinned to one incarnation, and its S3 endpoint (or NAT address). */
export type DirectWriter = DirectWriterRole & ({ s3EndpointId: string; natPublicIp?: undefined } | { natPublicIp: string; s3EndpointId?: undefined });

interface DirectWriterRole {
  accountId: string;
  instanceRoleArn: string;
  /**
   * The role's unique id (`AROA…`). AWS stores a role named in a bucket policy's Principal as this
   * id, so a deleted and recreated role of the same name would silently stop matching while the
   * policy text stays the same; with the id in the text, a replacement changes the document and
   * Pulumi updates the bucket policy (the same pin as the transfer role's trust, DESIGN.md 3.10).
   */
  instanceRoleUniqueId: string;
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
  const originOf = (writer: DirectWriter): RequestOrigin => (writer.natPublicIp !== undefined ? { natPublicIps: [writer.natPublicIp] } : { endpointIds: [writer.s3EndpointId] });
  // Every source is on the same path: parseConfig gives all of them the one xacct:source.endpoints.
  const internet = writers.some((w) => w.natPublicIp !== undefined);
  const origin: RequestOrigin = internet
    ? { natPublicIps: writers.map((w) => w.natPublicIp as string) }
    : { endpointIds: writers.map((w) => w.s3EndpointId as string) };
  const allows = writers.flatMap((writer) =>
    grantClauses(grant).map(({ sidVerb, Condition, ...clause }): PolicyStatement => ({
      Sid: internet ? SID.bucketGrantFromNatAddressToInstanceRoleOf(writer.accountId, sidVerb) : SID.bucketGrantToInstanceRoleOf(writer.accountId, sidVerb),
      Effect: "Allow",
      Principal: { AWS: writer.instanceRoleArn },
      ...clause,
      Condition: {
        ...Condition,
        ...fromOrigin(originOf(writer)),
        // For an instance role session aws:userid is "<role unique id>:<instance id>".
        StringLike: { ...Condition?.StringLike, "aws:userid": [`${writer.instanceRoleUniqueId}:*`] },
      },
    })),
  );
  return policyDocument(
    ...allows,
    denyWritesNotFromOrigin(grant, origin),
    {
      // Instance role credentials copied off the instance are useless anywhere but inside the source VPC.
      Sid: internet ? SID.denyInstanceRoleNotFromNatAddress : SID.denyInstanceRoleNotThroughS3Endpoint,
      Effect: "Deny",
      Principal: "*",
      Action: ["s3:*"],
      Resource: [bucket, `${bucket}/*`],
      Condition: {
        ...notFromOrigin(origin),
        ArnEquals: { "aws:PrincipalArn": writers.map((w) => w.instanceRoleArn) },
      },
    },
    denyWithoutTls(bucket),
  );
}
