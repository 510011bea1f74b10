/** The stack outputs: what the workload, the operator and (for `source` stacks) the target stack read. */
import * as pulumi from "@pulumi/pulumi";
import { CLI_PROFILE_NAME, awsCliProfile, uploadCommand } from "./client-config";
import { XacctConfig } from "./config";
import { MAX_SESSION_SECONDS } from "./policies";
import { DeployedSource } from "./source-side";

/**
 * Account ①'s outputs. Flat, for the one source of today: a `target` stack's StackReference reads
 * instanceRoleArn, instanceRoleUniqueId, s3EndpointId and stsEndpointId (on the internet path
 * natPublicIp) by these names.
 */
export function sourceOutputs(deployed: DeployedSource[]) {
  const [source] = deployed;
  if (!source) return {};
  return {
    sourceAccountId: source.account.accountId,
    instanceRoleArn: source.account.instanceRoleArn,
    instanceRoleUniqueId: source.instanceRoleUniqueId,
    instanceProfileName: source.instanceProfileName,
    vpcId: source.vpcId,
    privateSubnetIds: source.privateSubnetIds,
    workloadSecurityGroupId: source.workloadSecurityGroupId,
    ...(source.s3EndpointId ? { s3EndpointId: source.s3EndpointId } : {}),
    ...(source.stsEndpointId ? { stsEndpointId: source.stsEndpointId } : {}),
    ...(source.natPublicIp ? { natPublicIp: source.natPublicIp } : {}),
    ...(source.workload ? workloadOutputs(source.account.region, source.workload) : {}),
  };
}

/** Only with xacct:source.instance: how to reach the instance and read its first-boot proof. */
function workloadOutputs(region: string, workload: NonNullable<DeployedSource["workload"]>) {
  return {
    instanceId: workload.instanceId,
    proofObjectKey: workload.proofObjectKey,
    sessionCommand: pulumi.interpolate`aws ssm start-session --target ${workload.instanceId} --region ${region}`,
    consoleOutputCommand: pulumi.interpolate`aws ec2 get-console-output --instance-id ${workload.instanceId} --latest --output text --region ${region}`,
  };
}

/** What the workload on the instance needs: computed from config, so every deploy mode has it. */
export function clientOutputs({ sources: [source], target }: XacctConfig) {
  return {
    ...(target.transferRoleArn ? { transferRoleArn: target.transferRoleArn } : {}),
    bucketName: target.bucketName,
    awsConfigProfile: awsCliProfile({ profileName: CLI_PROFILE_NAME, transferRoleArn: target.transferRoleArn, region: source.region, sessionSeconds: MAX_SESSION_SECONDS }),
    uploadCommand: uploadCommand({ profileName: CLI_PROFILE_NAME, bucketName: target.bucketName, prefix: target.prefix, region: source.region }),
  };
}
