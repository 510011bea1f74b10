import * as pulumi from "@pulumi/pulumi";
import { PrivateEndpoints } from "./components/endpoints";
import { InstanceIdentity } from "./components/instance-identity";
import { ExistingNetwork, PrivateNetwork, SourceNetwork } from "./components/network";
import { SessionManagerEndpoints, WorkloadInstance } from "./components/workload";
import { CLI_PROFILE_NAME, awsCliProfile } from "./client-config";
import { SourceAccount, TargetAccount, qualifiedStackName, transferGrant } from "./config";
import {
  MAX_SESSION_SECONDS,
  SESSION_MANAGER_SERVICES,
  SessionManagerService,
  buildFirstBootScript,
  buildS3EndpointPolicy,
  buildSsmAgentPolicy,
  buildSsmEndpointPolicy,
  buildStsEndpointPolicy,
  smokePrefix,
  toPolicyJson,
} from "./policies";
import { accountProvider } from "./providers";

/** What the target account needs to know about one source account, however it was obtained. */
export interface SourceHalf {
  account: SourceAccount;
  instanceRoleUniqueId: pulumi.Output<string>;
  s3EndpointId: pulumi.Output<string>;
  stsEndpointId: pulumi.Output<string>;
}

export interface DeployedSource extends SourceHalf {
  instanceProfileName: pulumi.Output<string>;
  vpcId: pulumi.Input<string>;
  privateSubnetIds: pulumi.Input<string>[];
  workloadSecurityGroupId: pulumi.Output<string>;
  /** Only with xacct:source.instance. */
  workload?: { instanceId: pulumi.Output<string>; proofObjectKey: pulumi.Output<string> };
}

/** Account ①: private network, the two endpoints, and the instance role. */
export function deploySource(source: SourceAccount, target: TargetAccount): DeployedSource {
  const provider = accountProvider(source.key, source);
  const network: SourceNetwork = source.vpc
    ? new ExistingNetwork(`${source.key}-network`, { vpcId: source.vpc.id, subnetIds: source.vpc.subnetIds, routeTableIds: source.vpc.routeTableIds }, { provider })
    : new PrivateNetwork(`${source.key}-network`, {
      cidr: source.vpcCidr as string,
      availabilityZones: source.availabilityZones,
    }, { provider });
  const agentScope = { partition: source.partition, region: source.region, accountId: source.accountId };
  const sessionManager = source.instance
    ? new SessionManagerEndpoints(`${source.key}-session-manager`, {
      region: source.region,
      network,
      policies: Object.fromEntries(SESSION_MANAGER_SERVICES.map((service) => [
        service,
        toPolicyJson(buildSsmEndpointPolicy({ ...agentScope, service, instanceRoleArn: source.instanceRoleArn })),
      ])) as Record<SessionManagerService, string>,
    }, { provider })
    : undefined;
  const endpoints = new PrivateEndpoints(`${source.key}-endpoints`, {
    region: source.region,
    network,
    s3EndpointKind: source.endpoints,
    clientCidrs: source.clientCidrs,
    s3EndpointPolicy: toPolicyJson(buildS3EndpointPolicy({
      grant: transferGrant(target),
      transferRoleArn: target.transferRoleArn,
      amazonLinuxRepositoriesRegion: source.allowAmazonLinuxRepositories ? source.region : undefined,
    })),
    stsEndpointPolicy: toPolicyJson(buildStsEndpointPolicy({
      instanceRoleArn: source.instanceRoleArn,
      transferRoleArn: target.transferRoleArn,
    })),
    workloadEgress: sessionManager ? [{ description: "HTTPS to the Session Manager endpoints", securityGroupId: sessionManager.securityGroup.id }] : undefined,
  }, { provider });
  const identity = new InstanceIdentity(`${source.key}-instance`, {
    roleName: source.instanceRoleName,
    transferRoleArn: target.transferRoleArn,
  }, { provider });

  const workload = source.instance
    ? new WorkloadInstance(`${source.key}-workload`, {
      instanceType: source.instance.instanceType,
      architecture: source.instance.architecture,
      subnetId: network.subnetIds[0],
      securityGroupId: endpoints.workloadSecurityGroup.id,
      instanceProfileName: identity.profile.name,
      roleName: identity.role.name,
      agentPolicy: toPolicyJson(buildSsmAgentPolicy(agentScope)),
      userData: buildFirstBootScript({
        awsConfig: awsCliProfile({ profileName: CLI_PROFILE_NAME, transferRoleArn: target.transferRoleArn, region: source.region, sessionSeconds: MAX_SESSION_SECONDS }),
        profileName: CLI_PROFILE_NAME,
        bucketName: target.bucketName,
        bucketOwnerAccountId: target.accountId,
        prefix: target.prefix,
        region: source.region,
      }),
      dependsOn: [identity, endpoints, ...(sessionManager ? [sessionManager] : [])],
    }, { provider })
    : undefined;

  return {
    account: source,
    instanceRoleUniqueId: identity.role.uniqueId,
    s3EndpointId: endpoints.s3.id,
    stsEndpointId: endpoints.sts.id,
    instanceProfileName: identity.profile.name,
    vpcId: network.vpcId,
    privateSubnetIds: network.subnetIds,
    workloadSecurityGroupId: endpoints.workloadSecurityGroup.id,
    workload: workload
      ? { instanceId: workload.instance.id, proofObjectKey: pulumi.interpolate`${smokePrefix(target.prefix)}${workload.instance.id}.txt` }
      : undefined,
  };
}

/** The outputs a `source` stack exports for the `target` stack's StackReference. */
export const SOURCE_STACK_EXPORTS = ["instanceRoleArn", "instanceRoleUniqueId", "s3EndpointId", "stsEndpointId"] as const;

/** Account ① as deployed by another stack, read through a StackReference. */
export function referenceSource(source: SourceAccount, sourceStackName: string): SourceHalf {
  const sourceStack = qualifiedStackName(sourceStackName, { organization: pulumi.getOrganization(), project: pulumi.getProject() });
  const reference = new pulumi.StackReference(`${source.key}-stack`, { name: sourceStack });
  const read = (name: (typeof SOURCE_STACK_EXPORTS)[number]) => reference.requireOutput(name).apply(String);
  const exportedRoleArn = read("instanceRoleArn");
  // The trust policy is built from config; refuse to pair with a source stack that deployed another role.
  const checked = (value: pulumi.Output<string>) =>
    pulumi.all([exportedRoleArn, value]).apply(([roleArn, v]) => {
      if (roleArn !== source.instanceRoleArn) {
        throw new Error(
          `${sourceStack} exports instanceRoleArn ${roleArn}, but xacct:source describes ${source.instanceRoleArn}: make the two stacks' xacct:source agree`,
        );
      }
      return v;
    });
  return {
    account: source,
    instanceRoleUniqueId: checked(read("instanceRoleUniqueId")),
    s3EndpointId: checked(read("s3EndpointId")),
    stsEndpointId: checked(read("stsEndpointId")),
  };
}
