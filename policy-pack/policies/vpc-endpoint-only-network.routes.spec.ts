import { UNKNOWN } from "../lib/unknowns";
import { checkStack, ResourceUnderTest, urnOf } from "../testing/harness";
import { assertPasses, assertViolates } from "../testing/expect";
import { fixture, FixtureKind, resourceOf, TYPE, withProps } from "../testing/fixtures";
import { vpcEndpointOnlyNetwork } from "./vpc-endpoint-only-network";

const VPC = "aws:ec2/vpc:Vpc";
const SUBNET = "aws:ec2/subnet:Subnet";
const SG = "aws:ec2/securityGroup:SecurityGroup";
const TABLE = "aws:ec2/routeTable:RouteTable";
const ROUTE = "aws:ec2/route:Route";
const ASSOCIATION = "aws:ec2/routeTableAssociation:RouteTableAssociation";
const IGW = "aws:ec2/internetGateway:InternetGateway";
const NAT = "aws:ec2/natGateway:NatGateway";
const source = () => resourceOf(fixture("pair"), TYPE.vpcEndpoint, "source-endpoints-s3").provider;
const check = (resources: ResourceUnderTest[]) => checkStack(vpcEndpointOnlyNetwork, resources);

/**
 * A second VPC of the stack with no endpoint in it, and everything the source VPC may not have:
 * an internet gateway, a public subnet and route table, a route to a peering connection and an
 * open security group. The transfer cannot be used from it (its trust and bucket policy name the
 * source VPC's endpoints), so the rule leaves it alone.
 */
function vpcWithoutEndpoints(kind: FixtureKind): ResourceUnderTest[] {
  const id = (value: string) => (kind === "export" ? value : UNKNOWN);
  const vpc: ResourceUnderTest = { type: VPC, name: "other", props: { id: id("vpc-0aaaaaaaaaaaaaaa0"), cidrBlock: "10.90.0.0/16" }, provider: source() };
  const inVpc = { vpcId: [urnOf(vpc)] };
  const igw: ResourceUnderTest = { type: IGW, name: "other", props: { id: id("igw-0aaaaaaaaaaaaaaa0"), vpcId: vpc.props.id }, propertyDependencies: inVpc, provider: source() };
  const table: ResourceUnderTest = { type: TABLE, name: "other-public", props: { id: id("rtb-0aaaaaaaaaaaaaaa0"), vpcId: vpc.props.id, routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: igw.props.id }] }, propertyDependencies: inVpc, provider: source() };
  // Exported, the route names its table by id alone; at preview, only its wiring places it.
  const route: ResourceUnderTest = {
    type: ROUTE,
    name: "other-to-peer",
    props: { routeTableId: table.props.id, destinationCidrBlock: "10.91.0.0/16", vpcPeeringConnectionId: "pcx-0aaaaaaaaaaaaaaa0" },
    propertyDependencies: kind === "export" ? {} : { routeTableId: [urnOf(table)] },
    provider: source(),
  };
  const subnet: ResourceUnderTest = { type: SUBNET, name: "other-public", props: { id: id("subnet-0aaaaaaaaaaaaaaa0"), vpcId: vpc.props.id, mapPublicIpOnLaunch: true }, propertyDependencies: inVpc, provider: source() };
  const group: ResourceUnderTest = { type: SG, name: "other-open", props: { id: id("sg-0aaaaaaaaaaaaaaa0"), vpcId: vpc.props.id, egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }] }, propertyDependencies: inVpc, provider: source() };
  return [vpc, igw, table, route, subnet, group];
}

describe("vpc-endpoint-only-network: routes, gateways, subnets and instances", () => {
  it("leaves alone a second VPC of the stack that holds no endpoint, exported and at preview", async () => {
    for (const kind of ["export", "preview"] as const) assertPasses(await check([...fixture("pair", kind), ...vpcWithoutEndpoints(kind)]));
  });

  it("judges a second VPC of the stack that holds an endpoint (of any service) as a source VPC", async () => {
    const other = vpcWithoutEndpoints("export");
    const logs = { type: TYPE.vpcEndpoint, name: "logs", props: { id: "vpce-0aaaaaaaaaaaaaaaa", vpcId: other[0].props.id, serviceName: "com.amazonaws.ap-northeast-1.logs", vpcEndpointType: "Interface", privateDnsEnabled: true }, provider: source() };
    assertPasses(await check([...fixture("pair"), other[0], logs]));
    assertViolates(await check([...fixture("pair"), ...other, logs]), /^other \(aws:ec2\/internetGateway:InternetGateway\) opens a path out of the source VPC/, /^other-public sets mapPublicIpOnLaunch/);
  });

  it("refuses, at preview, a route the stack adds to the source VPC's route table (known only by its wiring)", async () => {
    const preview = fixture("pair", "preview");
    const table = resourceOf(preview, TABLE, "source-network-private");
    const route = { type: ROUTE, name: "to-peer", props: { routeTableId: UNKNOWN, destinationCidrBlock: "10.90.0.0/16", vpcPeeringConnectionId: "pcx-0123456789abcdef0" }, propertyDependencies: { routeTableId: [urnOf(table)] }, provider: source() };
    assertViolates(await check([...preview, route]), /^to-peer sends 10\.90\.0\.0\/16 to a VPC peering connection \(vpcPeeringConnectionId\)/);
  });

  it("accepts the local route and inline routes as the provider records them, with every other target empty or null", async () => {
    const empty = { natGatewayId: "", egressOnlyGatewayId: "", vpcPeeringConnectionId: "", transitGatewayId: "", carrierGatewayId: "", localGatewayId: "", coreNetworkArn: "", networkInterfaceId: "", instanceId: "", vpcEndpointId: "" };
    const nulls = Object.fromEntries(Object.keys(empty).map((key) => [key, null]));
    const routes = [null, { cidrBlock: "10.80.0.0/16", gatewayId: "local" }, { cidrBlock: "10.80.0.0/16", gatewayId: "local", ...empty }, { cidrBlock: "10.80.0.0/16", gatewayId: "local", ...nulls }];
    assertPasses(await check(withProps(fixture("pair"), TABLE, "source-network-private", (p) => ({ ...p, routes }))));
  });

  it("refuses a route to any other gateway, naming the table, the route and whether it is an internet gateway", async () => {
    const vgw = withProps(fixture("pair"), TABLE, "source-network-private", (p) => ({ ...p, routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: "vgw-0123456789abcdef0" }] }));
    assertViolates(await check(vgw), /^source-network-private route #1 sends traffic to gateway vgw-0123456789abcdef0: /);
    const igw = withProps(fixture("pair"), TABLE, "source-network-private", (p) => ({ ...p, routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: "igw-0123456789abcdef0" }] }));
    assertViolates(await check(igw), /^source-network-private route #1 sends traffic to gateway igw-0123456789abcdef0 \(an internet gateway\): /);
  });

  it("does not take another resource's instanceId (a volume attachment) for a route", async () => {
    const attachment = { type: "aws:ec2/volumeAttachment:VolumeAttachment", name: "data", props: { instanceId: "i-0123456789abcdef0", volumeId: "vol-0123456789abcdef0", deviceName: "/dev/sdf" }, provider: source() };
    assertPasses(await check([...fixture("pair"), attachment]));
  });

  it("refuses subnets that assign IPv6 or customer-owned addresses, or set an unreadable value", async () => {
    for (const [key, value] of [["assignIpv6AddressOnCreation", true], ["mapCustomerOwnedIpOnLaunch", "true"], ["mapPublicIpOnLaunch", "yes"]] as const) {
      const stack = withProps(fixture("pair"), SUBNET, "source-network-private-1", (p) => ({ ...p, [key]: value }));
      assertViolates(await check(stack), new RegExp(`^source-network-private-1 sets ${key}`));
    }
    assertPasses(await check(withProps(fixture("pair"), SUBNET, "source-network-private-1", (p) => ({ ...p, assignIpv6AddressOnCreation: "false", mapCustomerOwnedIpOnLaunch: false }))));
  });

  it("refuses an instance, launch template or launch configuration asking for a public IP, on itself or on a network interface; accepts false", async () => {
    const template = (associatePublicIpAddress: unknown) => ({ type: "aws:ec2/launchTemplate:LaunchTemplate", name: "workload", props: { networkInterfaces: [{ deviceIndex: 0, associatePublicIpAddress }] }, provider: source() });
    assertViolates(await check([...fixture("pair"), template("true")]), /^workload asks for a public IP address/);
    assertPasses(await check([...fixture("pair"), template("false")]));
    const instance = (associatePublicIpAddress: unknown) => ({ type: "aws:ec2/instance:Instance", name: "workload", props: { associatePublicIpAddress }, provider: source() });
    assertViolates(await check([...fixture("pair"), instance("yes")]), /^workload asks for a public IP address/);
    assertPasses(await check([...fixture("pair"), instance(false)]));
    const launchConfiguration = (associatePublicIpAddress: unknown) => ({ type: "aws:ec2/launchConfiguration:LaunchConfiguration", name: "workload", props: { imageId: "ami-0123456789abcdef0", instanceType: "t3.micro", associatePublicIpAddress }, provider: source() });
    assertViolates(await check([...fixture("pair"), launchConfiguration(true)]), /^workload asks for a public IP address/);
    assertPasses(await check([...fixture("pair"), launchConfiguration(false)]));
  });
});

describe("vpc-endpoint-only-network: the internet path", () => {
  const internet = () => fixture("internet");
  const idIn = (type: string, name: string) => String(resourceOf(internet(), type, name).props.id);
  const vpcId = () => idIn(VPC, "source-network");
  const igwId = () => idIn(IGW, "source-internet");

  it("accepts its NAT gateway with the defaults left unset and no secondary addresses", async () => {
    const defaults = withProps(internet(), NAT, "source-internet", ({ connectivityType: _c, availabilityMode: _a, ...p }) => ({ ...p, secondaryAllocationIds: [], availabilityZoneAddresses: null }));
    assertPasses(await check(defaults));
  });

  it("refuses a NAT gateway with addresses in other zones, and a second NAT gateway with no Elastic IP", async () => {
    const zones = withProps(internet(), NAT, "source-internet", (p) => ({ ...p, availabilityZoneAddresses: [{ availabilityZone: "ap-northeast-1c", allocationIds: ["eipalloc-0123456789abcdef0"] }] }));
    assertViolates(await check(zones), /^source-internet is the internet path's NAT gateway, but it sets availabilityZoneAddresses/);
    const second = { type: NAT, name: "second", props: { id: "nat-0123456789abcdef0", subnetId: idIn(SUBNET, "source-internet-public") }, provider: source() };
    assertViolates(await check([...internet(), second]), /^second \(aws:ec2\/natGateway:NatGateway\) opens a path out of the source VPC/);
  });

  it("accepts a NAT gateway in each of two zones, each with its Elastic IP and its own public subnet", async () => {
    const eip = { type: "aws:ec2/eip:Eip", name: "second", props: { id: "eipalloc-0aaaaaaaaaaaaaaa0", allocationId: "eipalloc-0aaaaaaaaaaaaaaa0", domain: "vpc", publicIp: "203.0.113.46" }, provider: source() };
    const subnet = { type: SUBNET, name: "second-public", props: { id: "subnet-0aaaaaaaaaaaaaaa0", vpcId: vpcId(), availabilityZone: "ap-northeast-1b", cidrBlock: "10.80.48.0/20", mapPublicIpOnLaunch: false }, provider: source() };
    const nat = { type: NAT, name: "second", props: { id: "nat-0aaaaaaaaaaaaaaa0", allocationId: eip.props.id, subnetId: subnet.props.id, connectivityType: "public", availabilityMode: "zonal" }, provider: source() };
    const table = { type: TABLE, name: "second-public", props: { id: "rtb-0aaaaaaaaaaaaaaa0", vpcId: vpcId(), routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: igwId() }] }, provider: source() };
    const association = { type: ASSOCIATION, name: "second-public", props: { routeTableId: table.props.id, subnetId: subnet.props.id }, provider: source() };
    const privateRoute = { type: ROUTE, name: "second-private-default", props: { routeTableId: idIn(TABLE, "source-network-private"), destinationCidrBlock: "0.0.0.0/0", natGatewayId: nat.props.id }, provider: source() };
    assertPasses(await check([...internet(), eip, subnet, nat, table, association, privateRoute]));
  });

  it("lets only a table serving the NAT gateway's subnet alone route to the internet gateway", async () => {
    const alsoPrivate = { type: ASSOCIATION, name: "public-to-private-0", props: { routeTableId: idIn(TABLE, "source-internet-public"), subnetId: idIn(SUBNET, "source-network-private-0") }, provider: source() };
    assertViolates(await check([...internet(), alsoPrivate]), /^source-internet-public-default sends 0\.0\.0\.0\/0 to the internet gateway from a route table that serves a subnet other than the NAT gateway's/);
    const unassociated = { type: TABLE, name: "spare", props: { id: "rtb-0123456789abcdef0", vpcId: vpcId(), routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: igwId() }] }, provider: source() };
    assertViolates(await check([...internet(), unassociated]), /^spare route #1 sends traffic to the internet gateway from a route table that serves a subnet other than/);
    const elsewhere = { type: ROUTE, name: "elsewhere", props: { routeTableId: "rtb-0fffffffffffffff0", destinationCidrBlock: "0.0.0.0/0", gatewayId: igwId() }, provider: source() };
    assertViolates(await check([...internet(), elsewhere]), /^elsewhere sends 0\.0\.0\.0\/0 to the internet gateway from a route table that serves no known subnet/);
  });

  it("judges every VPC of the stack: a second, empty VPC changes nothing, and a weakening of the first is still refused", async () => {
    const other = { type: VPC, name: "other", props: { id: "vpc-0aaaaaaaaaaaaaaa0", cidrBlock: "10.90.0.0/16" }, provider: source() };
    assertPasses(await check([...internet(), other]));
    let weakened = withProps([...internet(), other], SUBNET, "source-network-private-0", (p) => ({ ...p, mapPublicIpOnLaunch: true }));
    weakened = withProps(weakened, TABLE, "source-network-private", (p) => ({ ...p, routes: [{ cidrBlock: "10.91.0.0/16", vpcPeeringConnectionId: "pcx-0123456789abcdef0" }] }));
    weakened = withProps(weakened, SG, "source-internet-workload", (p) => ({ ...p, egress: [...p.egress, { protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }] }));
    const eigw = { type: "aws:ec2/egressOnlyInternetGateway:EgressOnlyInternetGateway", name: "eigw", props: { vpcId: vpcId() }, provider: source() };
    assertViolates(await check([...weakened, eigw]), /sets mapPublicIpOnLaunch/, /route #1 sends traffic to a VPC peering connection/, /egress rule #2: ports 22-22/, /^eigw .* opens a path out/);
  });

  it("lets the workload send HTTPS to any IPv4 range, but not to IPv6 (an embedded IPv4 included)", async () => {
    const egress = (rule: object) => withProps(internet(), SG, "source-internet-workload", (p) => ({ ...p, egress: [rule] }));
    assertPasses(await check(egress({ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["52.219.168.0/24", "3.5.0.0/16"] })));
    assertViolates(await check(egress({ protocol: "tcp", fromPort: 443, toPort: 443, ipv6CidrBlocks: ["::ffff:0.0.0.0/96"] })), /it allows addresses \(::ffff:0\.0\.0\.0\/96\), not only the NAT gateway/);
  });
});
