import { checkStack, ResourceUnderTest } from "../testing/harness";
import { assertPasses, assertViolates } from "../testing/expect";
import { editDocument, fixture, resourceOf, TYPE, withProps } from "../testing/fixtures";
import { vpcEndpointOnlyNetwork } from "./vpc-endpoint-only-network";

const SG = "aws:ec2/securityGroup:SecurityGroup";
const pair = () => fixture("pair");
const source = () => resourceOf(pair(), TYPE.vpcEndpoint, "source-endpoints-s3").provider;
const idOf = (type: string, name: string) => String(resourceOf(pair(), type, name).props.id);
const add = (...extra: ResourceUnderTest[]) => [...pair(), ...extra];

describe("vpc-endpoint-only-network", () => {
  it("passes the shipped stacks, exported and at preview", async () => {
    for (const stack of ["pair", "source", "target"] as const) {
      for (const kind of ["export", "preview"] as const) assertPasses(await checkStack(vpcEndpointOnlyNetwork, fixture(stack, kind)));
    }
  });

  it("refuses an endpoint policy of another service naming a resource, principal or aws:PrincipalArn of another account, or any account; accepts the stack's accounts", async () => {
    const sqs = (Resource: string, principalArn: string) => ({ type: TYPE.vpcEndpoint, name: "sqs", provider: source(), props: { serviceName: "com.amazonaws.ap-northeast-1.sqs", vpcEndpointType: "Interface", privateDnsEnabled: true, policy: JSON.stringify({ Statement: [{ Sid: "Send", Effect: "Allow", Principal: "*", Action: "sqs:SendMessage", Resource, Condition: { ArnEquals: { "aws:PrincipalArn": principalArn } } }] }) } });
    assertViolates(await checkStack(vpcEndpointOnlyNetwork, add(sqs("arn:aws:sqs:ap-northeast-1:999999999999:q", "arn:aws:iam::111111111111:role/xacct-instance"))), /names "arn:aws:sqs:ap-northeast-1:999999999999:q", outside this stack's accounts/);
    assertViolates(await checkStack(vpcEndpointOnlyNetwork, add(sqs("arn:aws:sqs:ap-northeast-1:111111111111:q", "arn:aws:iam::999999999999:role/r"))), /999999999999:role\/r/);
    assertViolates(await checkStack(vpcEndpointOnlyNetwork, add(sqs("arn:aws:sqs:ap-northeast-1:*:q", "arn:aws:iam::111111111111:role/xacct-instance"))), /:\*:q/);
    assertPasses(await checkStack(vpcEndpointOnlyNetwork, add(sqs("arn:aws:sqs:ap-northeast-1:111111111111:q", "arn:aws:iam::111111111111:role/xacct-instance"))));
  });

  it("refuses routes to an internet, NAT or egress-only gateway, a peering or a transit gateway", async () => {
    const table = idOf("aws:ec2/routeTable:RouteTable", "source-network-private");
    for (const [key, value] of [["gatewayId", "igw-0123456789abcdef0"], ["natGatewayId", "nat-0123456789abcdef0"], ["egressOnlyGatewayId", "eigw-0123456789abcdef0"], ["vpcPeeringConnectionId", "pcx-0123456789abcdef0"], ["transitGatewayId", "tgw-0123456789abcdef0"]]) {
      const route = { type: "aws:ec2/route:Route", name: "out", props: { routeTableId: table, destinationCidrBlock: "0.0.0.0/0", [key]: value }, provider: source() };
      assertViolates(await checkStack(vpcEndpointOnlyNetwork, add(route)), /^out sends 0\.0\.0\.0\/0 to/);
    }
    const inline = withProps(pair(), "aws:ec2/routeTable:RouteTable", "source-network-private", (p) => ({ ...p, routes: [{ cidrBlock: "0.0.0.0/0", natGatewayId: "nat-0123456789abcdef0" }] }));
    assertViolates(await checkStack(vpcEndpointOnlyNetwork, inline), /route #1 sends traffic to a NAT gateway/);
  });

  it("refuses subnets that map public IPs", async () => {
    assertViolates(await checkStack(vpcEndpointOnlyNetwork, withProps(pair(), "aws:ec2/subnet:Subnet", "source-network-private-1", (p) => ({ ...p, mapPublicIpOnLaunch: true }))), /mapPublicIpOnLaunch/);
  });

  it("refuses workload egress other than TCP 443 to the endpoints", async () => {
    const anywhere = withProps(pair(), SG, "source-endpoints-workload", (p) => ({ ...p, egress: [...p.egress, { protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }] }));
    assertViolates(await checkStack(vpcEndpointOnlyNetwork, anywhere), /egress rule #3: protocol -1 is not tcp; ports 0-0 are not 443 only; it allows addresses \(0\.0\.0\.0\/0\)/);
    const rule = { type: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", name: "extra", props: { securityGroupId: idOf(SG, "source-endpoints-workload"), ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0" }, provider: source() };
    assertViolates(await checkStack(vpcEndpointOnlyNetwork, add(rule)), /extra egress: it allows addresses/);
  });

  it("refuses bucket patterns and look-alike repository buckets in the S3 endpoint policy", async () => {
    const pattern = withProps(pair(), TYPE.vpcEndpoint, "source-endpoints-s3", editDocument("policy", (d) => (d.Statement[1].Resource = ["arn:aws:s3:::al2023-repos-*/*"])));
    assertViolates(await checkStack(vpcEndpointOnlyNetwork, pattern), /a bucket pattern matches buckets anyone can create/);
    const lookalike = withProps(pair(), TYPE.vpcEndpoint, "source-endpoints-s3", editDocument("policy", (d) => d.Statement[1].Resource.push("arn:aws:s3:::amazonlinux-2-repos-us-east-1-attacker/*")));
    assertViolates(await checkStack(vpcEndpointOnlyNetwork, lookalike), /is not an Amazon Linux repository bucket of ap-northeast-1/);
    const writes = withProps(pair(), TYPE.vpcEndpoint, "source-endpoints-s3", editDocument("policy", (d) => (d.Statement[1].Action = ["s3:GetObject", "s3:PutObject"])));
    assertViolates(await checkStack(vpcEndpointOnlyNetwork, writes), /more than s3:GetObject on the Amazon Linux repository/);
    const anonymous = withProps(pair(), TYPE.vpcEndpoint, "source-endpoints-s3", editDocument("policy", (d) => d.Statement[1].Resource.push("arn:aws:s3:::some-public-dataset/*")));
    assertViolates(await checkStack(vpcEndpointOnlyNetwork, anonymous), /lets anyone \(no exact aws:PrincipalArn\) read or write some-public-dataset/);
  });

  it("refuses a second S3 endpoint, in the source VPC or elsewhere", async () => {
    const endpoint = (vpcId: string) => ({ type: TYPE.vpcEndpoint, name: "second", props: { id: "vpce-0eeeeeeeeeeeeeeee", vpcId, serviceName: "com.amazonaws.ap-northeast-1.s3", vpcEndpointType: "Gateway" }, provider: source() });
    assertViolates(await checkStack(vpcEndpointOnlyNetwork, add(endpoint(idOf("aws:ec2/vpc:Vpc", "source-network")))), /second S3 endpoint in the source VPC/);
    assertViolates(await checkStack(vpcEndpointOnlyNetwork, add(endpoint("vpc-0fffffffffffffff0"))), /S3 endpoint outside the source VPC/);
  });
});
