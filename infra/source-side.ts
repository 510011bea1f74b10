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

const VPC_ENDPOINT_ID = /^vpce-([0-9a-f]{8}|[0-9a-f]{17})$/;

/** How a split fan-in target (xacct:sourceStacks) expects source stack `index` to describe itself. */
export interface TenantStack {
  /** `xacct:sourceStacks[i]`, as written. */
  stackName: string;
  index: number;
  /** The tenant's transfer role and the bucket: the source stack's endpoint policies must name these. */
  transferRoleArn: string;
  bucketName: string;
}

/** What a tenant's source stack exports, as the target checks it. */
const TENANT_STACK_EXPORTS = [...SOURCE_STACK_EXPORTS, "transferRoleArn", "bucketName"] as const;
type TenantExports = Partial<Record<(typeof TENANT_STACK_EXPORTS)[number], string>>;

/**
 * Why source stack `stack` is not the stack of fan-in source `source` (undefined: it is). Its
 * instance role must be the entry's (account and name), its endpoints VPC endpoint ids, and the
 * transfer role and bucket its endpoint policies name must be this tenant's.
 */
export function tenantStackMismatch(source: SourceAccount, stack: TenantStack & { qualifiedName: string }, value: TenantExports): string | undefined {
  const entry = `xacct:sources[${stack.index}] (${source.key})`;
  const at = `${stack.qualifiedName} (xacct:sourceStacks[${stack.index}])`;
  const roleArn = value.instanceRoleArn;
  if (roleArn !== source.instanceRoleArn) {
    const account = roleArn?.split(":")[4];
    const order = account !== undefined && account !== source.accountId ? `: it is a role of account ${account}, not ${source.accountId}; xacct:sourceStacks[i] is the stack of xacct:sources[i], in the same order` : "";
    return `${at} exports instanceRoleArn ${roleArn ?? "nothing"}, but ${entry} describes ${source.instanceRoleArn}${order}`;
  }
  if (value.natPublicIp !== undefined) return `${at} exports natPublicIp: it was deployed with xacct:source.endpoints none (the internet path), which xacct:sources does not take. Deploy it with gateway or interface endpoints`;
  for (const name of ["s3EndpointId", "stsEndpointId"] as const) {
    if (value[name] === undefined || !VPC_ENDPOINT_ID.test(value[name])) {
      return `${at} exports ${name} ${value[name] ?? "nothing"}, not a VPC endpoint id (vpce- and 8 or 17 hex characters): ${entry} is fenced to its source stack's own endpoints`;
    }
  }
  if (value.instanceRoleUniqueId === undefined) return `${at} exports no instanceRoleUniqueId: the trust pins ${entry}'s instance role by its unique id`;
  if (value.transferRoleArn !== stack.transferRoleArn) {
    return `${at} exports transferRoleArn ${value.transferRoleArn ?? "nothing"}, but ${entry}'s transfer role is ${stack.transferRoleArn}: set xacct:target.transferRoleName: ${stack.transferRoleArn.split("/").pop()} in that stack`;
  }
  if (value.bucketName !== stack.bucketName) return `${at} exports bucketName ${value.bucketName ?? "nothing"}, but this stack's bucket is ${stack.bucketName}: set xacct:target.bucketName: ${stack.bucketName} in that stack`;
  return undefined;
}

/**
 * Account ① of one fan-in source, deployed by its own `source` stack and read through a
 * StackReference. Every export is checked at once, so a stack that is not this source's fails with
 * one error naming the stack, xacct:sourceStacks[i] and the key that differs.
 */
export function referenceTenantSource(source: SourceAccount, stack: TenantStack): SourceHalf {
  const qualifiedName = qualifiedStackName(stack.stackName, { organization: pulumi.getOrganization(), project: pulumi.getProject() });
  const reference = new pulumi.StackReference(`${source.key}-stack`, { name: qualifiedName });
  const verified = pulumi.all(TENANT_STACK_EXPORTS.map((name) => reference.getOutput(name))).apply((values) => {
    const value: TenantExports = Object.fromEntries(TENANT_STACK_EXPORTS.flatMap((name, i) => (values[i] === undefined || values[i] === null ? [] : [[name, String(values[i])]])));
    const mismatch = tenantStackMismatch(source, { ...stack, qualifiedName }, value);
    if (mismatch) throw new Error(mismatch);
    return value as Required<TenantExports>;
  });
  return {
    account: source,
    instanceRoleUniqueId: verified.apply((v) => v.instanceRoleUniqueId),
    s3EndpointId: verified.apply((v) => v.s3EndpointId),
    stsEndpointId: verified.apply((v) => v.stsEndpointId),
  };
}
