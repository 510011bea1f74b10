import * as pulumi from "@pulumi/pulumi";
import { PrivateEndpoints } from "./components/endpoints";
import { InstanceIdentity } from "./components/instance-identity";
import { NatEgress } from "./components/nat-egress";
import { ExistingNetwork, PrivateNetwork, SourceNetwork } from "./components/network";
import { SessionManagerEndpoints, WorkloadInstance } from "./components/workload";
import { CLI_PROFILE_NAME, awsCliProfile } from "./client-config";
import { Pattern, SourceAccount, TargetAccount, qualifiedStackName, transferGrant } from "./config";
import {
  MAX_SESSION_SECONDS,
  buildDirectS3EndpointPolicy,
  buildInstanceRoleDirectPolicy,
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
import { subnetCidrs } from "./aws";

/** What the target account needs to know about one source account, however it was obtained. */
export interface SourceHalf {
  account: SourceAccount;
  instanceRoleUniqueId: pulumi.Output<string>;
  /** Undefined on the internet path (xacct:source.endpoints none): there is no endpoint. */
  s3EndpointId?: pulumi.Output<string>;
  /** Undefined with xacct:pattern direct or on the internet path: there is no STS endpoint. */
  stsEndpointId?: pulumi.Output<string>;
  /** Only on the internet path: the NAT gateway's Elastic IP, every request's source address. */
  natPublicIp?: pulumi.Output<string>;
}

export interface DeployedSource extends SourceHalf {
  instanceProfileName: pulumi.Output<string>;
  vpcId: pulumi.Input<string>;
  privateSubnetIds: pulumi.Input<string>[];
  workloadSecurityGroupId: pulumi.Output<string>;
  /** Only with xacct:source.instance. */
  workload?: { instanceId: pulumi.Output<string>; proofObjectKey: pulumi.Output<string> };
}

/**
 * Account ①: private network, the endpoints, and the instance role. assumeRole: S3 and STS
 * endpoints, an instance role that may only assume the transfer role. direct: the S3 endpoint only,
 * an instance role that may only use the prefix itself.
 */
export function deploySource(source: SourceAccount, target: TargetAccount, pattern: Pattern): DeployedSource {
  const transferRoleArn = pattern === "assumeRole" ? requiredTransferRoleArn(target) : undefined;
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
  const amazonLinuxRepositoriesRegion = source.allowAmazonLinuxRepositories ? source.region : undefined;
  const egress = source.endpoints === "none"
    ? internetEgress(source, network, provider)
    : new PrivateEndpoints(`${source.key}-endpoints`, {
      region: source.region,
      network,
      s3EndpointKind: source.endpoints,
      clientCidrs: source.clientCidrs,
      s3EndpointPolicy: toPolicyJson(transferRoleArn
        ? buildS3EndpointPolicy({ grant: transferGrant(target), transferRoleArn, amazonLinuxRepositoriesRegion })
        : buildDirectS3EndpointPolicy({ grant: transferGrant(target), instanceRoleArn: source.instanceRoleArn, amazonLinuxRepositoriesRegion })),
      stsEndpointPolicy: transferRoleArn ? toPolicyJson(buildStsEndpointPolicy({ instanceRoleArn: source.instanceRoleArn, transferRoleArn })) : undefined,
      workloadEgress: sessionManager ? [{ description: "HTTPS to the Session Manager endpoints", securityGroupId: sessionManager.securityGroup.id }] : undefined,
    }, { provider });
  const identity = new InstanceIdentity(`${source.key}-instance`, {
    roleName: source.instanceRoleName,
    ...(transferRoleArn ? { transferRoleArn } : { directPolicy: toPolicyJson(buildInstanceRoleDirectPolicy(transferGrant(target))) }),
  }, { provider });

  const workload = source.instance
    ? new WorkloadInstance(`${source.key}-workload`, {
      instanceType: source.instance.instanceType,
      architecture: source.instance.architecture,
      subnetId: network.subnetIds[0],
      securityGroupId: egress.workloadSecurityGroup.id,
      instanceProfileName: identity.profile.name,
      roleName: identity.role.name,
      agentPolicy: toPolicyJson(buildSsmAgentPolicy(agentScope)),
      userData: buildFirstBootScript({
        awsConfig: awsCliProfile({ profileName: CLI_PROFILE_NAME, transferRoleArn, region: source.region, sessionSeconds: MAX_SESSION_SECONDS }),
        profileName: CLI_PROFILE_NAME,
        bucketName: target.bucketName,
        bucketOwnerAccountId: target.accountId,
        prefix: target.prefix,
        region: source.region,
      }),
      dependsOn: [identity, egress, ...(sessionManager ? [sessionManager] : [])],
    }, { provider })
    : undefined;

  return {
    account: source,
    instanceRoleUniqueId: identity.role.uniqueId,
    ...(egress instanceof NatEgress
      ? { natPublicIp: egress.elasticIp.publicIp }
      : { s3EndpointId: egress.s3.id, stsEndpointId: egress.sts?.id }),
    instanceProfileName: identity.profile.name,
    vpcId: network.vpcId,
    privateSubnetIds: network.subnetIds,
    workloadSecurityGroupId: egress.workloadSecurityGroup.id,
    workload: workload
      ? { instanceId: workload.instance.id, proofObjectKey: pulumi.interpolate`${smokePrefix(target.prefix)}${workload.instance.id}.txt` }
      : undefined,
  };
}

/** The internet path: a public subnet after the private ones, in the first private subnet's zone. */
function internetEgress(source: SourceAccount, network: SourceNetwork, provider: ReturnType<typeof accountProvider>): NatEgress {
  // parseConfig refuses endpoints: none with an existing VPC (xacct:source.vpc).
  if (!(network instanceof PrivateNetwork)) throw new Error("xacct:source.endpoints none needs the VPC this program creates");
  const zoneCount = network.zones.length;
  return new NatEgress(`${source.key}-internet`, {
    vpcId: network.vpcId,
    publicSubnetCidr: subnetCidrs(network.cidr, zoneCount + 1)[zoneCount],
    availabilityZone: network.zones[0],
    privateRouteTableId: network.routeTable.id,
  }, { provider });
}

function requiredTransferRoleArn(target: TargetAccount): string {
  // parseConfig sets it exactly when the pattern is assumeRole.
  if (target.transferRoleArn === undefined) throw new Error("xacct:pattern assumeRole needs a transfer role");
  return target.transferRoleArn;
}

/**
 * The outputs a `source` stack exports for the `target` stack's StackReference (direct: no
 * stsEndpointId; the internet path: natPublicIp instead of the endpoint ids).
 */
export const SOURCE_STACK_EXPORTS = ["instanceRoleArn", "instanceRoleUniqueId", "s3EndpointId", "stsEndpointId", "natPublicIp"] as const;

/** Account ① as deployed by another stack, read through a StackReference. */
export function referenceSource(source: SourceAccount, sourceStackName: string, pattern: Pattern): SourceHalf {
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
  // Both stacks must agree on the path: the fences this stack writes name the endpoints or the NAT address.
  const internet = source.endpoints === "none";
  const onPath = (name: "s3EndpointId" | "stsEndpointId" | "natPublicIp", why: string) =>
    checked(reference.getOutput(name).apply((value) => {
      if (value === undefined || value === null) throw new Error(`${sourceStack} exports no ${name}: ${why}`);
      return String(value);
    }));
  if (internet) {
    return {
      account: source,
      instanceRoleUniqueId: checked(read("instanceRoleUniqueId")),
      natPublicIp: onPath("natPublicIp", "it was deployed with VPC endpoints, this stack with xacct:source.endpoints none. Make the two stacks' xacct:source.endpoints agree"),
    };
  }
  const noEndpoints = "it was deployed with xacct:source.endpoints none (the internet path): set xacct:source.endpoints: none in this stack too";
  return {
    account: source,
    instanceRoleUniqueId: checked(read("instanceRoleUniqueId")),
    s3EndpointId: onPath("s3EndpointId", noEndpoints),
    stsEndpointId: pattern === "assumeRole"
      ? checked(reference.getOutput("stsEndpointId").apply((id) => {
        if (id === undefined || id === null) {
          throw new Error(`${sourceStack} exports no stsEndpointId: it was deployed with xacct:pattern direct, this stack with assumeRole. Make the two stacks' xacct:pattern agree`);
        }
        return String(id);
      }))
      : undefined,
  };
}
