import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { InstanceArchitecture } from "../config";
import { SESSION_MANAGER_SERVICES, SessionManagerService } from "../policies";
import { SourceNetwork } from "./network";

export interface SessionManagerEndpointsArgs {
  region: string;
  network: SourceNetwork;
  /** One endpoint policy per service, each letting only the instance role's agent through. */
  policies: Record<SessionManagerService, pulumi.Input<string>>;
}

/**
 * Session Manager without internet: interface endpoints for ssm, ssmmessages and ec2messages with
 * private DNS (so the agent's default service names resolve inside the VPC), behind a security
 * group that accepts HTTPS from the VPC only (AWS Systems Manager user guide, "Improve the security
 * of EC2 instances by using VPC endpoints for Systems Manager",
 * https://docs.aws.amazon.com/systems-manager/latest/userguide/setup-create-vpc.html).
 */
export class SessionManagerEndpoints extends pulumi.ComponentResource {
  readonly securityGroup: aws.ec2.SecurityGroup;
  readonly endpoints: Record<SessionManagerService, aws.ec2.VpcEndpoint>;

  constructor(name: string, args: SessionManagerEndpointsArgs, opts: pulumi.ComponentResourceOptions & { provider: aws.Provider }) {
    super("xacct:source:SessionManagerEndpoints", name, {}, opts);
    const child = { parent: this, provider: opts.provider };
    const vpcId = args.network.vpcId;

    this.securityGroup = new aws.ec2.SecurityGroup(name, {
      vpcId,
      description: "Session Manager interface endpoints: HTTPS from inside the VPC only",
      ingress: [{ description: "HTTPS from the VPC", protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: [args.network.cidr] }],
      egress: [],
      tags: { Name: name },
    }, child);

    const endpoint = (service: SessionManagerService) =>
      new aws.ec2.VpcEndpoint(`${name}-${service}`, {
        vpcId,
        serviceName: `com.amazonaws.${args.region}.${service}`,
        vpcEndpointType: "Interface",
        privateDnsEnabled: true,
        subnetIds: args.network.subnetIds,
        securityGroupIds: [this.securityGroup.id],
        policy: args.policies[service],
        tags: { Name: `${name}-${service}` },
      }, child);
    this.endpoints = Object.fromEntries(SESSION_MANAGER_SERVICES.map((service) => [service, endpoint(service)])) as Record<SessionManagerService, aws.ec2.VpcEndpoint>;

    this.registerOutputs({
      securityGroupId: this.securityGroup.id,
      endpointIds: Object.fromEntries(SESSION_MANAGER_SERVICES.map((service) => [service, this.endpoints[service].id])),
    });
  }
}

/** AWS's public parameter naming the latest Amazon Linux 2023 image for an architecture. */
export function amazonLinux2023Parameter(architecture: InstanceArchitecture): string {
  return `/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-${architecture}`;
}

export interface WorkloadInstanceArgs {
  instanceType: string;
  architecture: InstanceArchitecture;
  subnetId: pulumi.Input<string>;
  securityGroupId: pulumi.Input<string>;
  instanceProfileName: pulumi.Input<string>;
  /** The instance role, which gets the SSM agent's policy. */
  roleName: pulumi.Input<string>;
  agentPolicy: string;
  userData: string;
  /** What the first boot needs in place: the endpoints it calls through. */
  dependsOn: pulumi.Resource[];
}

/**
 * The workload: Amazon Linux 2023 in a private subnet, reachable only through Session Manager.
 * IMDSv2 only with a hop limit of 1 (a container or a forwarded request on the host cannot reach
 * the role's credentials), no public IP, an encrypted root volume, and user data that proves the
 * transfer path on the first boot. The image is read once: a newer Amazon Linux release does not
 * replace a running instance (`pulumi up --replace` does).
 */
export class WorkloadInstance extends pulumi.ComponentResource {
  readonly instance: aws.ec2.Instance;

  constructor(name: string, args: WorkloadInstanceArgs, opts: pulumi.ComponentResourceOptions & { provider: aws.Provider }) {
    super("xacct:source:WorkloadInstance", name, {}, opts);
    const child = { parent: this, provider: opts.provider };

    const agentPolicy = new aws.iam.RolePolicy(`${name}-ssm-agent`, {
      role: args.roleName,
      name: "ssm-agent",
      policy: args.agentPolicy,
    }, child);
    const image = aws.ssm.getParameterOutput({ name: amazonLinux2023Parameter(args.architecture) }, { provider: opts.provider, parent: this });

    this.instance = new aws.ec2.Instance(name, {
      ami: image.value,
      instanceType: args.instanceType,
      subnetId: args.subnetId,
      vpcSecurityGroupIds: [args.securityGroupId],
      iamInstanceProfile: args.instanceProfileName,
      associatePublicIpAddress: false,
      metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1, instanceMetadataTags: "disabled" },
      rootBlockDevice: { encrypted: true, volumeType: "gp3", deleteOnTermination: true },
      userData: args.userData,
      // The proof runs on the first boot only: a changed script needs a new instance to run.
      userDataReplaceOnChange: true,
      tags: { Name: name },
    }, { ...child, dependsOn: [agentPolicy, ...args.dependsOn], ignoreChanges: ["ami"] });

    this.registerOutputs({ instanceId: this.instance.id });
  }
}
