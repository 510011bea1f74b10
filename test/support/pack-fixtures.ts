/**
 * Documents and resources for the pack's specs. The good ones come from the program's own policy
 * builders (one source of truth); the bad ones are the seeds' patterns and single weakenings.
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

/** The source articles' documents, placeholders filled with this project's accounts. */
export const SEEDS = {
  /** 002: bucket policy granting s3:* to a role of the other account. */
  bucketPolicyGrantingS3Star: {
    Version: "2012-10-17",
    Statement: [{ Sid: "Example", Effect: "Allow", Principal: { AWS: INSTANCE_ROLE_ARN }, Action: "s3:*", Resource: [`arn:aws:s3:::${BUCKET}/*`, `arn:aws:s3:::${BUCKET}`] }],
  },
  /** 002: role policy with a single-object Statement granting s3:*. */
  rolePolicyS3Star: { Version: "2012-10-17", Statement: { Effect: "Allow", Action: "s3:*", Resource: [`arn:aws:s3:::${BUCKET}/*`, `arn:aws:s3:::${BUCKET}`] } },
  /** 002 and 004: trust in the whole other account. */
  rootTrust: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${SOURCE_ACCOUNT}:root` }, Action: "sts:AssumeRole" }] },
  /** 004: bucket policy for an IAM user with s3:Get* / s3:List*. */
  userBucketPolicy: {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${SOURCE_ACCOUNT}:user/cliuser` }, Action: ["s3:Get*", "s3:List*"], Resource: [`arn:aws:s3:::${BUCKET}`, `arn:aws:s3:::${BUCKET}/*`] }],
  },
  /** 000: the S3 endpoint policy naming the *source* EC2 role, with Action "*". */
  s3EndpointPolicyNamingInstanceRole: {
    Statement: [{ Sid: "xxxxxxxx", Effect: "Allow", Principal: "*", Action: "*", Resource: [`arn:aws:s3:::${BUCKET}/example/*`], Condition: { ArnEquals: { "aws:PrincipalArn": INSTANCE_ROLE_ARN } } }],
  },
  /** 000: the STS endpoint policy with Action "*" and a StringLike principal condition. */
  stsEndpointPolicyActionStar: {
    Statement: [{ Action: "*", Effect: "Allow", Principal: "*", Resource: [TRANSFER_ROLE_ARN], Condition: { StringLike: { "aws:PrincipalArn": [INSTANCE_ROLE_ARN] } } }],
  },
};

export const json = (document: PolicyDocument | object) => toPolicyJson(document as PolicyDocument);

export function role(name: string, assumeRolePolicy: unknown, extra: Record<string, unknown> = {}): ResourceUnderTest {
  return { type: "aws:iam/role:Role", name, props: { name, assumeRolePolicy, ...extra } };
}
export function rolePolicy(name: string, policy: unknown): ResourceUnderTest {
  return { type: "aws:iam/rolePolicy:RolePolicy", name, props: { role: name, policy } };
}
export function bucketPolicy(policy: unknown): ResourceUnderTest {
  return { type: "aws:s3/bucketPolicy:BucketPolicy", name: "target-bucket", props: { bucket: BUCKET, policy } };
}
export function endpoint(service: "s3" | "sts", policy: unknown, extra: Record<string, unknown> = {}): ResourceUnderTest {
  return {
    type: "aws:ec2/vpcEndpoint:VpcEndpoint",
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
