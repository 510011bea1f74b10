import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface NatEgressArgs {
  vpcId: pulumi.Input<string>;
  /** The public subnet's CIDR: the NAT gateway's only neighbour. */
  publicSubnetCidr: string;
  availabilityZone: pulumi.Input<string>;
  /** The route table of the workload's private subnets: its default route goes to the NAT gateway. */
  privateRouteTableId: pulumi.Input<string>;
}

/**
 * The internet path (`xacct:source.endpoints: none`): S3 and STS are reached over their public
 * regional endpoints through one zonal NAT gateway with one Elastic IP, so every request of the
 * workload leaves from that one address, which the bucket policy and the trust pin in
 * aws:SourceIp. The NAT gateway sits alone in a public subnet (routed to the internet gateway,
 * no public addresses mapped on launch); the private subnets send 0.0.0.0/0 to it. The workload's
 * security group allows HTTPS out to anywhere: S3 and STS have no fixed addresses. This is weaker
 * than an endpoint (anything in the VPC leaves from the same address), so the pack reports it as
 * an advisory.
 * https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-scenarios.html#public-nat-internet-access
 */
export class NatEgress extends pulumi.ComponentResource {
  readonly internetGateway: aws.ec2.InternetGateway;
  readonly publicSubnet: aws.ec2.Subnet;
  readonly elasticIp: aws.ec2.Eip;
  readonly natGateway: aws.ec2.NatGateway;
  readonly workloadSecurityGroup: aws.ec2.SecurityGroup;

  constructor(name: string, args: NatEgressArgs, opts: pulumi.ComponentResourceOptions & { provider: aws.Provider }) {
    super("xacct:source:NatEgress", name, {}, opts);
    const child = { parent: this, provider: opts.provider };

    this.internetGateway = new aws.ec2.InternetGateway(name, { vpcId: args.vpcId, tags: { Name: name } }, child);
    const publicTable = new aws.ec2.RouteTable(`${name}-public`, { vpcId: args.vpcId, tags: { Name: `${name}-public` } }, child);
    new aws.ec2.Route(`${name}-public-default`, {
      routeTableId: publicTable.id,
      destinationCidrBlock: "0.0.0.0/0",
      gatewayId: this.internetGateway.id,
    }, child);
    this.publicSubnet = new aws.ec2.Subnet(`${name}-public`, {
      vpcId: args.vpcId,
      cidrBlock: args.publicSubnetCidr,
      availabilityZone: args.availabilityZone,
      // Only the NAT gateway lives here, with its Elastic IP: nothing launched here gets an address.
      mapPublicIpOnLaunch: false,
      tags: { Name: `${name}-public` },
    }, child);
    new aws.ec2.RouteTableAssociation(`${name}-public`, { subnetId: this.publicSubnet.id, routeTableId: publicTable.id }, child);

    this.elasticIp = new aws.ec2.Eip(name, { domain: "vpc", tags: { Name: name } }, child);
    // Zonal, one address: a regional NAT gateway or secondary addresses would add addresses the fence does not name.
    this.natGateway = new aws.ec2.NatGateway(name, {
      connectivityType: "public",
      availabilityMode: "zonal",
      allocationId: this.elasticIp.allocationId,
      subnetId: this.publicSubnet.id,
      tags: { Name: name },
    }, { ...child, dependsOn: [this.internetGateway] });
    new aws.ec2.Route(`${name}-private-default`, {
      routeTableId: args.privateRouteTableId,
      destinationCidrBlock: "0.0.0.0/0",
      natGatewayId: this.natGateway.id,
    }, child);

    this.workloadSecurityGroup = new aws.ec2.SecurityGroup(`${name}-workload`, {
      vpcId: args.vpcId,
      description: "Transfer workload: HTTPS out through the NAT gateway only",
      ingress: [],
      egress: [{ description: "HTTPS to the public S3 and STS endpoints through the NAT gateway", protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }],
      tags: { Name: `${name}-workload` },
    }, child);

    this.registerOutputs({ natGatewayId: this.natGateway.id, natPublicIp: this.elasticIp.publicIp, workloadSecurityGroupId: this.workloadSecurityGroup.id });
  }
}
