import * as pulumi from "@pulumi/pulumi";
import { PrivateEndpoints } from "./components/endpoints";
import { InstanceIdentity } from "./components/instance-identity";
import { PrivateNetwork } from "./components/network";
import { SourceAccount, TargetAccount, qualifiedStackName, transferGrant } from "./config";
import { buildS3EndpointPolicy, buildStsEndpointPolicy, toPolicyJson } from "./policies";
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
  vpcId: pulumi.Output<string>;
  privateSubnetIds: pulumi.Output<string>[];
  workloadSecurityGroupId: pulumi.Output<string>;
}

/** Account ①: private network, the two endpoints, and the instance role. */
export function deploySource(source: SourceAccount, target: TargetAccount): DeployedSource {
  const provider = accountProvider(source.key, source);
  const network = new PrivateNetwork(`${source.key}-network`, {
    cidr: source.vpcCidr,
    availabilityZones: source.availabilityZones,
  }, { provider });
  const endpoints = new PrivateEndpoints(`${source.key}-endpoints`, {
    region: source.region,
    network,
    vpcCidr: source.vpcCidr,
    s3EndpointPolicy: toPolicyJson(buildS3EndpointPolicy({
      grant: transferGrant(target),
      transferRoleArn: target.transferRoleArn,
      amazonLinuxRepositoriesRegion: source.allowAmazonLinuxRepositories ? source.region : undefined,
    })),
    stsEndpointPolicy: toPolicyJson(buildStsEndpointPolicy({
      instanceRoleArn: source.instanceRoleArn,
      transferRoleArn: target.transferRoleArn,
    })),
  }, { provider });
  const identity = new InstanceIdentity(`${source.key}-instance`, {
    roleName: source.instanceRoleName,
    transferRoleArn: target.transferRoleArn,
  }, { provider });

  return {
    account: source,
    instanceRoleUniqueId: identity.role.uniqueId,
    s3EndpointId: endpoints.s3.id,
    stsEndpointId: endpoints.sts.id,
    instanceProfileName: identity.profile.name,
    vpcId: network.vpc.id,
    privateSubnetIds: network.subnets.map((s) => s.id),
    workloadSecurityGroupId: endpoints.workloadSecurityGroup.id,
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
