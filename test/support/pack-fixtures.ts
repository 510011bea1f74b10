/**
 * Documents and resources for the pack's specs. The good ones come from the program's own policy
 * builders (one source of truth); the bad ones are common mistakes of cross-account designs and
 * single weakenings.
 */
import {
  buildBucketPolicy,
  buildInstanceRolePolicy,
  buildInstanceRoleTrustPolicy,
  buildS3EndpointPolicy,
  buildStsEndpointPolicy,
  buildTransferRolePolicy,
  buildTransferRoleTrustPolicy,
  PolicyDocument,
  toPolicyJson,
  TransferGrant,
} from "../../infra/policies";
import { TYPES } from "../../policy-pack/lib/resources";
import { ResourceUnderTest } from "../../policy-pack/testing/harness";
import { BUCKET, INSTANCE_ROLE_ARN, REGION, SOURCE_ACCOUNT, TRANSFER_ROLE_ARN } from "./fixtures";

export const S3_ENDPOINT_ID = "vpce-0a1b2c3d4e5f60718";
export const STS_ENDPOINT_ID = "vpce-0f1e2d3c4b5a69788";
export const INSTANCE_ROLE_UNIQUE_ID = "AROAEXAMPLEUNIQUE0001";
export const GRANT: TransferGrant = { partition: "aws", bucketName: BUCKET, prefix: "example/", access: ["write"] };

export const GOOD = {
  bucketPolicy: () => buildBucketPolicy({ grant: GRANT, transferRoleArn: TRANSFER_ROLE_ARN, s3EndpointIds: [S3_ENDPOINT_ID] }),
  transferTrust: () =>
    buildTransferRoleTrustPolicy([{ accountId: SOURCE_ACCOUNT, instanceRoleArn: INSTANCE_ROLE_ARN, instanceRoleUniqueId: INSTANCE_ROLE_UNIQUE_ID, stsEndpointId: STS_ENDPOINT_ID }]),
  transferPolicy: () => buildTransferRolePolicy(GRANT),
  instanceTrust: () => buildInstanceRoleTrustPolicy(),
  instancePolicy: () => buildInstanceRolePolicy(TRANSFER_ROLE_ARN),
  s3EndpointPolicy: () => buildS3EndpointPolicy({ grant: GRANT, transferRoleArn: TRANSFER_ROLE_ARN, amazonLinuxRepositoriesRegion: REGION }),
  stsEndpointPolicy: () => buildStsEndpointPolicy({ instanceRoleArn: INSTANCE_ROLE_ARN, transferRoleArn: TRANSFER_ROLE_ARN }),
};

/**
 * Documents that look reasonable and are not, with this project's accounts and bucket: each one is a
 * way a cross-account transfer is often written, and each must be refused.
 */
export const COMMON_MISTAKES = {
  /** A bucket policy granting s3:* to a role of the other account: every action, not just writes. */
  bucketPolicyGrantingS3Star: {
    Version: "2012-10-17",
    Statement: [{ Sid: "Example", Effect: "Allow", Principal: { AWS: INSTANCE_ROLE_ARN }, Action: "s3:*", Resource: [`arn:aws:s3:::${BUCKET}/*`, `arn:aws:s3:::${BUCKET}`] }],
  },
  /** A role policy with a single-object Statement granting s3:* (reading, deleting, changing the bucket's policy). */
  rolePolicyS3Star: { Version: "2012-10-17", Statement: { Effect: "Allow", Action: "s3:*", Resource: [`arn:aws:s3:::${BUCKET}/*`, `arn:aws:s3:::${BUCKET}`] } },
  /**
   * Trust in the other account's `:root`: any principal there whose own policies allow
   * sts:AssumeRole can assume the role, not one role.
   * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-accounts
   */
  rootTrust: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${SOURCE_ACCOUNT}:root` }, Action: "sts:AssumeRole" }] },
  /** A bucket policy for an IAM user (long-term access keys) with s3:Get* / s3:List*. */
  userBucketPolicy: {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${SOURCE_ACCOUNT}:user/cliuser` }, Action: ["s3:Get*", "s3:List*"], Resource: [`arn:aws:s3:::${BUCKET}`, `arn:aws:s3:::${BUCKET}/*`] }],
  },
  /**
   * An S3 endpoint policy naming the *instance* role, with Action "*": uploads are made with the
   * transfer role's session, whose aws:PrincipalArn is the transfer role, so it denies every upload.
   */
  s3EndpointPolicyNamingInstanceRole: {
    Statement: [{ Sid: "xxxxxxxx", Effect: "Allow", Principal: "*", Action: "*", Resource: [`arn:aws:s3:::${BUCKET}/example/*`], Condition: { ArnEquals: { "aws:PrincipalArn": INSTANCE_ROLE_ARN } } }],
  },
  /** An STS endpoint policy with Action "*" and a StringLike principal condition. */
  stsEndpointPolicyActionStar: {
    Statement: [{ Action: "*", Effect: "Allow", Principal: "*", Resource: [TRANSFER_ROLE_ARN], Condition: { StringLike: { "aws:PrincipalArn": [INSTANCE_ROLE_ARN] } } }],
  },
};


export const json = (document: PolicyDocument | object) => toPolicyJson(document as PolicyDocument);

export function role(name: string, assumeRolePolicy: unknown, extra: Record<string, unknown> = {}): ResourceUnderTest {
  return { type: TYPES.role, name, props: { name, assumeRolePolicy, ...extra } };
}
export function rolePolicy(name: string, policy: unknown): ResourceUnderTest {
  return { type: TYPES.rolePolicy, name, props: { role: name, policy } };
}
export function bucketPolicy(policy: unknown): ResourceUnderTest {
  return { type: TYPES.bucketPolicy, name: "target-bucket", props: { bucket: BUCKET, policy } };
}
export function endpoint(service: "s3" | "sts", policy: unknown, extra: Record<string, unknown> = {}): ResourceUnderTest {
  return {
    type: TYPES.vpcEndpoint,
    name: `source-endpoints-${service}`,
    props: {
      serviceName: `com.amazonaws.${REGION}.${service}`,
      vpcEndpointType: service === "s3" ? "Gateway" : "Interface",
      ...(service === "sts" ? { privateDnsEnabled: true } : {}),
      policy,
      ...extra,
    },
  };
}
