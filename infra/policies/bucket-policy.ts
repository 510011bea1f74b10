import { bucketArn, objectsUnderPrefixArn } from "../aws";
import { TransferGrant, WRITE_ACTIONS } from "./access";
import { PolicyDocument, policyDocument } from "./document";
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
