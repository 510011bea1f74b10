/**
 * xacct: an EC2 workload in a source account writes files into one prefix of an S3 bucket in a
 * target account, through VPC endpoints, with a one-hour assumed-role session and nothing else.
 *
 *   source account ①: private VPC → S3 gateway + STS interface endpoints → instance role
 *   target account ②: transfer role (trusts ①'s instance role via ①'s STS endpoint)
 *                     → hardened bucket (denies writes that skip ①'s S3 endpoint)
 *
 * `xacct:deploy` picks the half this stack owns: `both`, `source`, or `target` (which reads the
 * source half through a StackReference).
 */
import { MAX_SESSION_SECONDS } from "./policies";
import { awsCliProfile, uploadCommand } from "./client-config";
import { readStackConfig } from "./stack-config";
import { deploySource, referenceSource } from "./source-side";
import { deployTarget } from "./target-side";

const CLI_PROFILE_NAME = "xacct-transfer";

// Pulumi calls the exported function and publishes what it returns as the stack outputs.
export = async () => {
  const config = readStackConfig();
  const { target } = config;

  const deployedSources = config.deploy === "target" ? [] : config.sources.map((source) => deploySource(source, target));
  const [source] = config.sources;
  const client = {
    transferRoleArn: target.transferRoleArn,
    awsConfigProfile: awsCliProfile({
      profileName: CLI_PROFILE_NAME,
      transferRoleArn: target.transferRoleArn,
      region: source.region,
      sessionSeconds: MAX_SESSION_SECONDS,
    }),
    uploadCommand: uploadCommand({ profileName: CLI_PROFILE_NAME, bucketName: target.bucketName, prefix: target.prefix, region: source.region }),
  };
  const sourceOutputs = deployedSources.map((deployed) => ({
    sourceAccountId: deployed.account.accountId,
    instanceRoleArn: deployed.account.instanceRoleArn,
    instanceRoleUniqueId: deployed.instanceRoleUniqueId,
    instanceProfileName: deployed.instanceProfileName,
    vpcId: deployed.vpcId,
    privateSubnetIds: deployed.privateSubnetIds,
    workloadSecurityGroupId: deployed.workloadSecurityGroupId,
    s3EndpointId: deployed.s3EndpointId,
    stsEndpointId: deployed.stsEndpointId,
  }))[0];

  if (config.deploy === "source") {
    return { ...sourceOutputs, ...client, bucketName: target.bucketName };
  }

  const sources = config.deploy === "target"
    ? config.sources.map((s) => referenceSource(s, config.sourceStack as string))
    : deployedSources;
  const deployedTarget = deployTarget(target, sources);
  return {
    ...sourceOutputs,
    targetAccountId: target.accountId,
    bucketName: deployedTarget.bucketName,
    ...client,
    transferRoleArn: deployedTarget.transferRoleArn,
  };
};
