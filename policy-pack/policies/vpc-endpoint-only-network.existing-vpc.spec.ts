import * as assert from "node:assert/strict";
import { UNKNOWN } from "../lib/unknowns";
import { checkStack, ResourceUnderTest } from "../testing/harness";
import { assertPasses, assertViolates } from "../testing/expect";
import { fixture, resourceOf, TYPE, withProps } from "../testing/fixtures";
import { vpcEndpointOnlyNetwork } from "./vpc-endpoint-only-network";

const VPC = "aws:ec2/vpc:Vpc";
const SG = "aws:ec2/securityGroup:SecurityGroup";
const NETWORK_TYPES = [VPC, "aws:ec2/subnet:Subnet", "aws:ec2/routeTable:RouteTable", "aws:ec2/routeTableAssociation:RouteTableAssociation"];
const EXISTING_VPC = "vpc-0a1b2c3d4e5f60718";
const EXISTING_TABLE = "rtb-0a1b2c3d4e5f6071b";

/**
 * The pair stack as it is with xacct:source.vpc: the same endpoints, roles and bucket, but the VPC,
 * its subnets and route tables exist already, so the stack holds only their ids.
 */
function existingVpcStack(): ResourceUnderTest[] {
  const pair = fixture("pair");
  const vpcId = String(resourceOf(pair, VPC, "source-network").props.id);
  const tableId = String(resourceOf(pair, "aws:ec2/routeTable:RouteTable", "source-network-private").props.id);
  return pair
    .filter((r) => !NETWORK_TYPES.includes(r.type))
    .map((r) => {
      const props = { ...r.props };
      if (props.vpcId === vpcId) props.vpcId = EXISTING_VPC;
      if (Array.isArray(props.routeTableIds)) props.routeTableIds = props.routeTableIds.map((id: string) => (id === tableId ? EXISTING_TABLE : id));
      return { ...r, props };
    });
}
const source = () => resourceOf(fixture("pair"), TYPE.vpcEndpoint, "source-endpoints-s3").provider;
const add = (...extra: ResourceUnderTest[]) => [...existingVpcStack(), ...extra];
const s3Endpoint = (name: string, vpcId: string) => ({ type: TYPE.vpcEndpoint, name, props: { id: "vpce-0eeeeeeeeeeeeeeee", vpcId, serviceName: "com.amazonaws.ap-northeast-1.s3", vpcEndpointType: "Gateway" }, provider: source() });

describe("vpc-endpoint-only-network, endpoints in an existing VPC (xacct:source.vpc)", () => {
  it("passes the transfer with its endpoints in an existing VPC", async () => {
    const stack = existingVpcStack();
    if (stack.some((r) => NETWORK_TYPES.includes(r.type))) throw new Error("the stack still creates network resources");
    assertPasses(await checkStack(vpcEndpointOnlyNetwork, stack));
  });

  it("refuses a route the stack adds to the existing route table towards an internet, NAT or transit gateway", async () => {
    for (const [key, value] of [["gatewayId", "igw-0123456789abcdef0"], ["natGatewayId", "nat-0123456789abcdef0"], ["transitGatewayId", "tgw-0123456789abcdef0"]]) {
      const route = { type: "aws:ec2/route:Route", name: "out", props: { routeTableId: EXISTING_TABLE, destinationCidrBlock: "0.0.0.0/0", [key]: value }, provider: source() };
      assertViolates(await checkStack(vpcEndpointOnlyNetwork, add(route)), /^out sends 0\.0\.0\.0\/0 to/);
    }
  });

  it("refuses an internet gateway the stack attaches to the existing VPC", async () => {
    const gateway = { type: "aws:ec2/internetGateway:InternetGateway", name: "igw", props: { vpcId: EXISTING_VPC }, provider: source() };
    assertViolates(await checkStack(vpcEndpointOnlyNetwork, add(gateway)), /igw \(aws:ec2\/internetGateway:InternetGateway\) opens a path out of the source VPC/);
  });

  it("refuses workload egress other than TCP 443 to the endpoints, in the existing VPC", async () => {
    const anywhere = withProps(existingVpcStack(), SG, "source-endpoints-workload", (p) => ({ ...p, egress: [...p.egress, { protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }] }));
    assertViolates(await checkStack(vpcEndpointOnlyNetwork, anywhere), /source-endpoints-workload egress rule #3: protocol -1 is not tcp/);
  });

  it("refuses a second S3 endpoint in the existing VPC, and endpoints spread over two existing VPCs", async () => {
    assertViolates(await checkStack(vpcEndpointOnlyNetwork, add(s3Endpoint("second", EXISTING_VPC))), /second is a second S3 endpoint in the source VPC/);
    assertViolates(await checkStack(vpcEndpointOnlyNetwork, add(s3Endpoint("elsewhere", "vpc-0fffffffffffffff0"))), /attach to more than one existing VPC \(vpc-0a1b2c3d4e5f60718, vpc-0fffffffffffffff0\)/);
  });

  it("opens nothing for the default design: with the VPC in the stack, an S3 endpoint in an existing VPC is still outside", async () => {
    const pair = [...fixture("pair"), s3Endpoint("elsewhere", EXISTING_VPC)];
    assertViolates(await checkStack(vpcEndpointOnlyNetwork, pair), /elsewhere is an S3 endpoint outside the source VPC/);
  });

  it("refuses a stack that creates a VPC (here with an internet gateway) and puts its endpoints in another, existing one", async () => {
    const vpc = { type: VPC, name: "made", props: { id: "vpc-0123456789abcdef0", cidrBlock: "10.1.0.0/16" }, provider: source() };
    const gateway = { type: "aws:ec2/internetGateway:InternetGateway", name: "igw", props: { vpcId: "vpc-0123456789abcdef0" }, provider: source() };
    assertViolates(await checkStack(vpcEndpointOnlyNetwork, add(vpc, gateway)), /source-endpoints-s3 is an S3 endpoint outside the source VPC/);
  });
  it("reports each endpoint, and only the endpoints, when they attach to two existing VPCs (not as a second endpoint of one VPC)", async () => {
    const stack = add(s3Endpoint("elsewhere", "vpc-0fffffffffffffff0"));
    const outcome = await checkStack(vpcEndpointOnlyNetwork, stack);
    const endpoints = stack.filter((r) => r.type === TYPE.vpcEndpoint).map((r) => r.name);
    assert.deepEqual(outcome.violations.map((v) => v.message.split(" ")[0]).sort(), [...endpoints].sort());
    assert.ok(outcome.violations.every((v) => /attach to more than one existing VPC/.test(v.message)));
  });

  it("leaves alone an internet gateway attached to another existing VPC, which holds no endpoint", async () => {
    const gateway = { type: "aws:ec2/internetGateway:InternetGateway", name: "igw", props: { vpcId: "vpc-0fffffffffffffff0" }, provider: source() };
    assertPasses(await checkStack(vpcEndpointOnlyNetwork, add(gateway)));
  });

  it("does not count an endpoint whose VPC is unknown (preview) or empty as a second existing VPC", async () => {
    for (const vpcId of [UNKNOWN, ""]) {
      const logs = { type: TYPE.vpcEndpoint, name: "logs", props: { vpcId, serviceName: "com.amazonaws.ap-northeast-1.logs", vpcEndpointType: "Interface", privateDnsEnabled: true }, provider: source() };
      assertPasses(await checkStack(vpcEndpointOnlyNetwork, add(logs)));
    }
  });
});
