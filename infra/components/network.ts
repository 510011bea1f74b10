import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { subnetCidrs } from "../aws";

export interface PrivateNetworkArgs {
  cidr: string;
  /** Configured zones, or undefined to take the first two available zones of the region. */
  availabilityZones?: string[];
}

/**
 * A VPC with private subnets only: no internet gateway, no NAT, so the endpoints are the only way
 * out. DNS support and hostnames are on because the STS endpoint's private DNS needs both.
 */
export class PrivateNetwork extends pulumi.ComponentResource {
  readonly vpc: aws.ec2.Vpc;
  readonly subnets: aws.ec2.Subnet[];
  readonly routeTable: aws.ec2.RouteTable;

  constructor(name: string, args: PrivateNetworkArgs, opts: pulumi.ComponentResourceOptions & { provider: aws.Provider }) {
    super("xacct:source:PrivateNetwork", name, {}, opts);
    const child = { parent: this, provider: opts.provider };

    const zones: pulumi.Input<string>[] = args.availabilityZones ?? firstTwoAvailableZones(opts.provider);
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

    this.registerOutputs({
      vpcId: this.vpc.id,
      subnetIds: this.subnets.map((s) => s.id),
      routeTableId: this.routeTable.id,
    });
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
