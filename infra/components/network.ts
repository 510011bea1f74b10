import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { subnetCidrs } from "../aws";

/** Where the endpoints and the workload go: a VPC this program creates, or one that exists already. */
export interface SourceNetwork {
  vpcId: pulumi.Input<string>;
  subnetIds: pulumi.Input<string>[];
  routeTableIds: pulumi.Input<string>[];
  /** The VPC's CIDR: who may reach the interface endpoints. */
  cidr: pulumi.Input<string>;
}

export interface PrivateNetworkArgs {
  cidr: string;
  /** Configured zones, or undefined to take the first two available zones of the region. */
  availabilityZones?: string[];
}

/**
 * A VPC with private subnets only: no internet gateway, no NAT, so the endpoints are the only way
 * out (on the internet path, NatEgress adds the one way out beside it). DNS support and hostnames are on because the STS endpoint's private DNS needs both.
 */
export class PrivateNetwork extends pulumi.ComponentResource implements SourceNetwork {
  readonly vpc: aws.ec2.Vpc;
  readonly subnets: aws.ec2.Subnet[];
  readonly routeTable: aws.ec2.RouteTable;
  /** The zone of each private subnet, in order. */
  readonly zones: pulumi.Input<string>[];

  constructor(name: string, args: PrivateNetworkArgs, opts: pulumi.ComponentResourceOptions & { provider: aws.Provider }) {
    super("xacct:source:PrivateNetwork", name, {}, opts);
    const child = { parent: this, provider: opts.provider };

    const zones: pulumi.Input<string>[] = args.availabilityZones ?? firstTwoAvailableZones(opts.provider);
    this.zones = zones;
    this.vpc = new aws.ec2.Vpc(name, {
      cidrBlock: args.cidr,
      enableDnsSupport: true,
      enableDnsHostnames: true,
      tags: { Name: name },
    }, child);
    this.routeTable = new aws.ec2.RouteTable(`${name}-private`, {
      vpcId: this.vpc.id,
      tags: { Name: `${name}-private` },
    }, child);
    this.subnets = subnetCidrs(args.cidr, zones.length).map((cidrBlock, index) => {
      const subnet = new aws.ec2.Subnet(`${name}-private-${index}`, {
        vpcId: this.vpc.id,
        cidrBlock,
        availabilityZone: zones[index],
        mapPublicIpOnLaunch: false,
        tags: { Name: `${name}-private-${index}` },
      }, child);
      new aws.ec2.RouteTableAssociation(`${name}-private-${index}`, {
        subnetId: subnet.id,
        routeTableId: this.routeTable.id,
      }, child);
      return subnet;
    });

    this.cidr = args.cidr;
    this.registerOutputs({
      vpcId: this.vpc.id,
      subnetIds: this.subnets.map((s) => s.id),
      routeTableId: this.routeTable.id,
    });
  }

  readonly cidr: string;
  get vpcId() { return this.vpc.id; }
  get subnetIds() { return this.subnets.map((s) => s.id); }
  get routeTableIds() { return [this.routeTable.id]; }
}

export interface ExistingNetworkArgs {
  vpcId: string;
  subnetIds: string[];
  routeTableIds: string[];
}

/**
 * A VPC of the source account that exists already (`xacct:source.vpc`): nothing is created, the
 * VPC is only read, for its CIDR (who may reach the interface endpoints) and its DNS attributes:
 * private DNS of an interface endpoint needs both DNS support and DNS hostnames on
 * (https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-access-aws-services.html#private-dns).
 * Its routes, subnets and other endpoints are the owner's: the policy pack cannot see them.
 */
export class ExistingNetwork extends pulumi.ComponentResource implements SourceNetwork {
  readonly vpcId: pulumi.Output<string>;
  readonly subnetIds: string[];
  readonly routeTableIds: string[];
  readonly cidr: pulumi.Output<string>;

  constructor(name: string, args: ExistingNetworkArgs, opts: pulumi.ComponentResourceOptions & { provider: aws.Provider }) {
    super("xacct:source:ExistingNetwork", name, {}, opts);
    this.subnetIds = args.subnetIds;
    this.routeTableIds = args.routeTableIds;
    const flags = { enableDnsSupport: "--enable-dns-support", enableDnsHostnames: "--enable-dns-hostnames" } as const;
    const checked = aws.ec2.getVpcOutput({ id: args.vpcId }, { provider: opts.provider, parent: this }).apply((found) => {
      const off = (Object.keys(flags) as (keyof typeof flags)[]).filter((attribute) => found[attribute] !== true);
      if (off.length > 0) {
        const fixes = off.map((attribute) => `aws ec2 modify-vpc-attribute --vpc-id ${args.vpcId} ${flags[attribute]} '{"Value":true}'`).join("; ");
        throw new Error(`xacct:source.vpc: ${args.vpcId} has ${off.join(" and ")} off; the endpoints' private DNS needs both on. Turn them on: ${fixes}`);
      }
      return found;
    });
    // Every endpoint and security group takes the VPC id from here: none is created unless the check passed.
    this.vpcId = checked.apply(() => args.vpcId);
    this.cidr = checked.cidrBlock;
    this.registerOutputs({ vpcId: this.vpcId, subnetIds: this.subnetIds, routeTableIds: this.routeTableIds, cidr: this.cidr });
  }
}

function firstTwoAvailableZones(provider: aws.Provider): pulumi.Output<string>[] {
  const zones = aws.getAvailabilityZonesOutput({ state: "available" }, { provider });
  return [0, 1].map((index) =>
    zones.names.apply((names) => {
      if (names.length <= index) {
        throw new Error(`the region offers fewer than two available zones; set xacct:source.availabilityZones`);
      }
      return names[index];
    }),
  );
}
