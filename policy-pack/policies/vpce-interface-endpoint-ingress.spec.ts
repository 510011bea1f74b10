import { checkStack, ResourceUnderTest } from "../testing/harness";
import { assertPasses, assertViolates } from "../testing/expect";
import { fixture, resourceOf, TYPE, withProps } from "../testing/fixtures";
import { vpceInterfaceEndpointIngress } from "./vpce-interface-endpoint-ingress";

const SG = "aws:ec2/securityGroup:SecurityGroup";
const pair = () => fixture("pair");
const stsGroupId = () => String(resourceOf(pair(), SG, "source-endpoints-sts").props.id);
const source = () => resourceOf(pair(), TYPE.vpcEndpoint, "source-endpoints-s3").provider;

/** The pair stack with its S3 endpoint turned into an interface endpoint behind the endpoints' group. */
function withS3Interface(dnsOptions: Record<string, unknown> = { dnsRecordIpType: "ipv4", privateDnsOnlyForInboundResolverEndpoint: false }): ResourceUnderTest[] {
  return withProps(pair(), TYPE.vpcEndpoint, "source-endpoints-s3", ({ routeTableIds: _tables, prefixListId: _list, ...p }) => ({
    ...p,
    vpcEndpointType: "Interface",
    privateDnsEnabled: true,
    dnsOptions,
    subnetIds: resourceOf(pair(), TYPE.vpcEndpoint, "source-endpoints-sts").props.subnetIds,
    securityGroupIds: [stsGroupId()],
  }));
}

describe("vpce-interface-endpoint-ingress", () => {
  it("passes the shipped stacks, exported and at preview, and an S3 interface endpoint with private DNS for the VPC", async () => {
    for (const stack of ["pair", "source", "target"] as const) {
      for (const kind of ["export", "preview"] as const) assertPasses(await checkStack(vpceInterfaceEndpointIngress, fixture(stack, kind)));
    }
    assertPasses(await checkStack(vpceInterfaceEndpointIngress, withS3Interface()));
  });

  it("passes named client networks (a peered VPC, on premises) on 443", async () => {
    const clients = withProps(pair(), SG, "source-endpoints-sts", (p) => ({ ...p, ingress: [{ ...p.ingress[0], cidrBlocks: ["10.80.0.0/16", "10.0.0.0/8", "192.168.10.5/32"], ipv6CidrBlocks: ["2001:db8::/32"] }] }));
    assertPasses(await checkStack(vpceInterfaceEndpointIngress, clients));
  });

  it("refuses an endpoint group open to everywhere, on other ports, or to every protocol", async () => {
    const everywhere = withProps(pair(), SG, "source-endpoints-sts", (p) => ({ ...p, ingress: [{ ...p.ingress[0], cidrBlocks: ["0.0.0.0/0"] }] }));
    assertViolates(await checkStack(vpceInterfaceEndpointIngress, everywhere), /^source-endpoints-sts ingress rule #1: it admits 0\.0\.0\.0\/0, wider than a \/8 \(everywhere\)/);
    const halves = withProps(pair(), SG, "source-endpoints-sts", (p) => ({ ...p, ingress: [{ ...p.ingress[0], cidrBlocks: ["0.0.0.0/1", "128.0.0.0/1"] }] }));
    assertViolates(await checkStack(vpceInterfaceEndpointIngress, halves), /it admits 0\.0\.0\.0\/1, wider than a \/8; 128\.0\.0\.0\/1, wider than a \/8/);
    const garbage = withProps(pair(), SG, "source-endpoints-sts", (p) => ({ ...p, ingress: [{ ...p.ingress[0], cidrBlocks: ["anywhere"] }] }));
    assertViolates(await checkStack(vpceInterfaceEndpointIngress, garbage), /anywhere, which is not a CIDR/);
    const ipv6 = withProps(pair(), SG, "source-endpoints-sts", (p) => ({ ...p, ingress: [{ ...p.ingress[0], cidrBlocks: [], ipv6CidrBlocks: ["::/0"] }] }));
    assertViolates(await checkStack(vpceInterfaceEndpointIngress, ipv6), /it admits ::\/0, wider than a \/32 \(everywhere\)/);
    const ports = withProps(pair(), SG, "source-endpoints-sts", (p) => ({ ...p, ingress: [...p.ingress, { protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["10.80.0.0/16"] }] }));
    assertViolates(await checkStack(vpceInterfaceEndpointIngress, ports), /ingress rule #2: protocol -1 is not tcp; ports 0-0 are not 443 only/);
  });

  it("refuses a separate ingress rule that opens an endpoint group, in either resource type", async () => {
    const modern = { type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", name: "open", props: { securityGroupId: stsGroupId(), ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0" }, provider: source() };
    assertViolates(await checkStack(vpceInterfaceEndpointIngress, [...pair(), modern]), /^open ingress: it admits 0\.0\.0\.0\/0, wider/);
    const classic = { type: "aws:ec2/securityGroupRule:SecurityGroupRule", name: "ssh", props: { type: "ingress", securityGroupId: stsGroupId(), protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["10.80.0.0/16"] }, provider: source() };
    assertViolates(await checkStack(vpceInterfaceEndpointIngress, [...pair(), classic]), /^ssh ingress: ports 22-22 are not 443 only/);
    // The same rule on a group no endpoint uses is another rule's business.
    const elsewhere = { ...modern, props: { ...modern.props, securityGroupId: "sg-0123456789abcdef0" } };
    assertPasses(await checkStack(vpceInterfaceEndpointIngress, [...pair(), elsewhere]));
  });

  it("judges a prefix list an endpoint group admits by its entries: everywhere refused, named networks passed, a list from outside the stack refused", async () => {
    const LIST = "aws:ec2/managedPrefixList:ManagedPrefixList";
    const listId = "pl-0123456789abcdef0";
    const list = (entries: { cidr: string }[]) => ({ type: LIST, name: "clients", props: { id: listId, name: "clients", addressFamily: "IPv4", maxEntries: 5, entries }, provider: source() });
    const entry = (cidr: string) => ({ type: "aws:ec2/managedPrefixListEntry:ManagedPrefixListEntry", name: `entry-${cidr}`, props: { prefixListId: listId, cidr }, provider: source() });
    const inline = withProps(pair(), SG, "source-endpoints-sts", (p) => ({ ...p, ingress: [{ ...p.ingress[0], cidrBlocks: [], prefixListIds: [listId] }] }));
    const modern = [...pair(), { type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", name: "from-list", props: { securityGroupId: stsGroupId(), ipProtocol: "tcp", fromPort: 443, toPort: 443, prefixListId: listId }, provider: source() }];
    const classic = [...pair(), { type: "aws:ec2/securityGroupRule:SecurityGroupRule", name: "from-list", props: { type: "ingress", securityGroupId: stsGroupId(), protocol: "tcp", fromPort: 443, toPort: 443, prefixListIds: [listId] }, provider: source() }];
    for (const [stack, owner] of [[inline, "source-endpoints-sts ingress rule #1"], [modern, "from-list ingress"], [classic, "from-list ingress"]] as const) {
      assertViolates(await checkStack(vpceInterfaceEndpointIngress, [...stack, list([{ cidr: "10.90.0.0/16" }, { cidr: "0.0.0.0/0" }])]), new RegExp(`^${owner}: it admits 0\\.0\\.0\\.0/0 \\(in the prefix list ${listId}\\), wider than a /8 \\(everywhere\\)`));
      assertViolates(await checkStack(vpceInterfaceEndpointIngress, [...stack, list([{ cidr: "10.90.0.0/16" }]), entry("::/0")]), /it admits ::\/0 \(in the prefix list pl-0123456789abcdef0\), wider than a \/32/);
      assertViolates(await checkStack(vpceInterfaceEndpointIngress, stack), new RegExp(`^${owner}: it admits the prefix list ${listId}, which is no managed prefix list of this stack: its entries cannot be judged`));
      assertPasses(await checkStack(vpceInterfaceEndpointIngress, [...stack, list([{ cidr: "10.90.0.0/16" }]), entry("192.168.10.0/24")]));
    }
  });

  it("refuses an S3 interface endpoint whose private DNS serves inbound Resolver endpoints only", async () => {
    assertViolates(await checkStack(vpceInterfaceEndpointIngress, withS3Interface({ privateDnsOnlyForInboundResolverEndpoint: true })), /^source-endpoints-s3 sets dnsOptions\.privateDnsOnlyForInboundResolverEndpoint/);
    assertViolates(await checkStack(vpceInterfaceEndpointIngress, withS3Interface({ privateDnsOnlyForInboundResolverEndpoint: "yes" })), /privateDnsOnlyForInboundResolverEndpoint/);
  });
});
