/** What the workload on the instance needs to use the path: an AWS CLI profile and the upload command. */

/** The profile the instance's AWS CLI uses for the transfer role. */
export const CLI_PROFILE_NAME = "xacct-transfer";

export interface ClientConfigInput {
  profileName: string;
  /** Undefined with xacct:pattern direct: the profile then uses the instance role's own credentials. */
  transferRoleArn?: string;
  region: string;
  sessionSeconds: number;
}

/**
 * `credential_source = Ec2InstanceMetadata` makes the CLI assume the transfer role with the
 * instance role's credentials; `sts_regional_endpoints = regional` sends AssumeRole to
 * sts.<region>.amazonaws.com, the name the STS interface endpoint's private DNS answers for (the
 * global endpoint would leave the VPC and be refused). On the internet path
 * (xacct:source.endpoints none) there is no endpoint and no private DNS: the same name is STS's
 * public regional endpoint, reached through the NAT gateway, so the trust sees its address.
 */
export function awsCliProfile({ profileName, transferRoleArn, region, sessionSeconds }: ClientConfigInput): string {
  if (transferRoleArn === undefined) {
    // No role_arn and no credentials: the CLI's credential chain ends at the instance metadata
    // service, so the profile signs with the instance role's session, which the bucket policy names.
    return [
      `[profile ${profileName}]`,
      "# xacct:pattern direct: no role to assume; the instance role's credentials come from the instance metadata service",
      `region = ${region}`,
      "",
    ].join("\n");
  }
  return [
    `[profile ${profileName}]`,
    `role_arn = ${transferRoleArn}`,
    "credential_source = Ec2InstanceMetadata",
    `region = ${region}`,
    "sts_regional_endpoints = regional",
    `duration_seconds = ${sessionSeconds}`,
    "",
  ].join("\n");
}

export function uploadCommand(input: { profileName: string; bucketName: string; prefix: string; region: string }): string {
  return `aws s3 cp ./example.txt s3://${input.bucketName}/${input.prefix}example.txt --profile ${input.profileName} --region ${input.region}`;
}
