import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { serviceEndpointName } from "../aws";
import { SourceNetwork } from "./network";

export interface PrivateEndpointsArgs {
  region: string;
  network: SourceNetwork;
  /** `gateway`: an S3 gateway endpoint on the route tables; `interface`: an S3 interface endpoint in the subnets. */
  s3EndpointKind: "gateway" | "interface";
  /** Who may reach the interface endpoints on 443; undefined: the VPC's CIDR. */
  clientCidrs?: string[];
  s3EndpointPolicy: pulumi.Input<string>;
  /** Undefined with xacct:pattern direct: nothing assumes a role, so no STS endpoint is created. */
  stsEndpointPolicy?: pulumi.Input<string>;
  /** More HTTPS destinations of the workload (the Session Manager endpoints, when there is an instance). */
  workloadEgress?: { description: string; securityGroupId: pulumi.Input<string> }[];
}

/**
 * The only ways out of the VPC: S3 through a gateway endpoint, STS through an interface endpoint,
 * each with a policy that names the one principal and the one resource it is for. Also a security
 * group for the workload that reaches exactly these two and nothing else.
 */
export class PrivateEndpoints extends pulumi.ComponentResource {
  readonly s3: aws.ec2.VpcEndpoint;
  /** Absent with xacct:pattern direct. */
  readonly sts?: aws.ec2.VpcEndpoint;
  readonly stsSecurityGroup?: aws.ec2.SecurityGroup;
  /** Only with an S3 interface endpoint. */
  readonly s3SecurityGroup?: aws.ec2.SecurityGroup;
  readonly workloadSecurityGroup: aws.ec2.SecurityGroup;

  constructor(name: string, args: PrivateEndpointsArgs, opts: pulumi.ComponentResourceOptions & { provider: aws.Provider }) {
    super("xacct:source:PrivateEndpoints", name, {}, opts);
    const child = { parent: this, provider: opts.provider };
    const vpcId = args.network.vpcId;

    const clients = args.clientCidrs ?? [args.network.cidr];
    const httpsFromClients = (what: string) => ({
      description: args.clientCidrs ? `HTTPS to the ${what} endpoint from xacct:source.clientCidrs` : "HTTPS from the VPC",
      protocol: "tcp",
      fromPort: 443,
      toPort: 443,
      cidrBlocks: clients,
    });

    if (args.s3EndpointKind === "gateway") {
      this.s3 = new aws.ec2.VpcEndpoint(`${name}-s3`, {
        vpcId,
        serviceName: serviceEndpointName(args.region, "s3"),
        vpcEndpointType: "Gateway",
        routeTableIds: args.network.routeTableIds,
        policy: args.s3EndpointPolicy,
        tags: { Name: `${name}-s3` },
      }, child);
    } else {
      this.s3SecurityGroup = new aws.ec2.SecurityGroup(`${name}-s3`, {
        vpcId,
        description: args.clientCidrs ? "S3 interface endpoint: HTTPS from the configured client networks only" : "S3 interface endpoint: HTTPS from inside the VPC only",
        ingress: [httpsFromClients("S3")],
        egress: [],
        tags: { Name: `${name}-s3` },
      }, child);
      this.s3 = new aws.ec2.VpcEndpoint(`${name}-s3`, {
        vpcId,
        serviceName: serviceEndpointName(args.region, "s3"),
        vpcEndpointType: "Interface",
        // Private DNS makes s3.<region>.amazonaws.com and *.s3.<region>.amazonaws.com resolve to the
        // endpoint. "Only for inbound Resolver endpoints" needs a gateway endpoint for S3 in the VPC,
        // which this design does not have: off, so clients in the VPC use the interface endpoint too.
        // https://docs.aws.amazon.com/AmazonS3/latest/userguide/privatelink-interface-endpoints.html#private-dns
        privateDnsEnabled: true,
        dnsOptions: { dnsRecordIpType: "ipv4", privateDnsOnlyForInboundResolverEndpoint: false },
        subnetIds: args.network.subnetIds,
        securityGroupIds: [this.s3SecurityGroup.id],
        policy: args.s3EndpointPolicy,
        tags: { Name: `${name}-s3` },
      }, child);
    }

    if (args.stsEndpointPolicy !== undefined) {
      this.stsSecurityGroup = new aws.ec2.SecurityGroup(`${name}-sts`, {
        vpcId,
        description: args.clientCidrs ? "STS interface endpoint: HTTPS from the configured client networks only" : "STS interface endpoint: HTTPS from inside the VPC only",
        ingress: [httpsFromClients("STS")],
        egress: [],
        tags: { Name: `${name}-sts` },
      }, child);

      this.sts = new aws.ec2.VpcEndpoint(`${name}-sts`, {
        vpcId,
        serviceName: serviceEndpointName(args.region, "sts"),
        vpcEndpointType: "Interface",
        // Private DNS makes sts.<region>.amazonaws.com resolve to the endpoint inside the VPC.
        privateDnsEnabled: true,
        subnetIds: args.network.subnetIds,
        securityGroupIds: [this.stsSecurityGroup.id],
        policy: args.stsEndpointPolicy,
        tags: { Name: `${name}-sts` },
      }, child);
    }

    this.workloadSecurityGroup = new aws.ec2.SecurityGroup(`${name}-workload`, {
      vpcId,
      description: this.sts ? "Transfer workload: HTTPS to the STS and S3 endpoints only" : "Transfer workload: HTTPS to the S3 endpoint only",
      ingress: [],
      egress: [
        ...(this.stsSecurityGroup ? [{ description: "HTTPS to the STS endpoint", protocol: "tcp", fromPort: 443, toPort: 443, securityGroups: [this.stsSecurityGroup.id] }] : []),
        this.s3SecurityGroup
          ? { description: "HTTPS to the S3 interface endpoint", protocol: "tcp", fromPort: 443, toPort: 443, securityGroups: [this.s3SecurityGroup.id] }
          : { description: "HTTPS to S3 through the gateway endpoint", protocol: "tcp", fromPort: 443, toPort: 443, prefixListIds: [this.s3.prefixListId] },
        ...(args.workloadEgress ?? []).map(({ description, securityGroupId }) => ({ description, protocol: "tcp", fromPort: 443, toPort: 443, securityGroups: [securityGroupId] })),
      ],
      tags: { Name: `${name}-workload` },
    }, child);

    this.registerOutputs({
      s3EndpointId: this.s3.id,
      ...(this.sts ? { stsEndpointId: this.sts.id } : {}),
      workloadSecurityGroupId: this.workloadSecurityGroup.id,
    });
  }
}
