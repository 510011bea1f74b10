import * as assert from "node:assert/strict";
import { UNKNOWN } from "../lib/unknowns";
import { checkStack, ResourceUnderTest, urnOf } from "../testing/harness";
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

  describe("on small stacks", () => {
    const STS = "com.amazonaws.ap-northeast-1.sts";
    const S3 = "com.amazonaws.ap-northeast-1.s3";
    const HTTPS = { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.80.0.0/16"] };
    const OPEN = { protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] };
    const LIST = "aws:ec2/managedPrefixList:ManagedPrefixList";
    const group = (name: string, ingress: unknown[] = [HTTPS], extra: Partial<ResourceUnderTest> = {}): ResourceUnderTest => ({ type: SG, name, props: { id: `sg-${name}`, ingress }, ...extra });
    const iface = (name: string, securityGroupIds: unknown[], props: Record<string, unknown> = {}, extra: Partial<ResourceUnderTest> = {}): ResourceUnderTest => ({
      type: TYPE.vpcEndpoint, name, props: { vpcEndpointType: "Interface", serviceName: STS, securityGroupIds, ...props }, ...extra,
    });
    const list = (name: string, entries: unknown[]): ResourceUnderTest => ({ type: LIST, name, props: { id: `pl-${name}`, entries } });
    /** The owners (and rule numbers) of the violations, e.g. `g ingress rule #2`. */
    const refused = async (resources: ResourceUnderTest[]) => (await checkStack(vpceInterfaceEndpointIngress, resources)).violations.map((v) => v.message.split(":")[0]);

    it("judges every group of every interface endpoint, and no group of another endpoint type or resource", async () => {
      const resolver = { type: "aws:route53/resolverEndpoint:ResolverEndpoint", name: "resolver", props: { direction: "INBOUND", securityGroupIds: ["sg-other"] } };
      const resource = iface("lattice", ["sg-other"], { vpcEndpointType: "Resource" });
      const stack = [group("sts"), group("s3"), group("s3-second", [OPEN]), group("other", [OPEN]), iface("sts", ["sg-sts"]), iface("s3", ["sg-s3", "sg-s3-second"], { serviceName: S3 }), resolver, resource];
      assert.deepEqual(await refused(stack), ["s3-second ingress rule #1"]);
    });

    it("judges at preview the groups an endpoint's unknown securityGroupIds are computed from", async () => {
      const open = group("open", [OPEN]);
      const stack = [group("sts"), open, group("unrelated", [OPEN]), iface("sts", [UNKNOWN], {}, { propertyDependencies: { securityGroupIds: [urnOf(group("sts")), urnOf(open)] } })];
      assert.deepEqual(await refused(stack), ["open ingress rule #1"]);
    });

    it("judges separate ingress rules on any endpoint group, never egress rules", async () => {
      const rule = (type: string, name: string, props: Record<string, unknown>) => ({ type, name, props: { securityGroupId: "sg-s3", ...props } });
      const stack = [
        group("sts"), group("s3"), iface("sts", ["sg-sts"]), iface("s3", ["sg-s3"], { serviceName: S3 }),
        rule("aws:ec2/securityGroupRule:SecurityGroupRule", "classic-egress", { type: "egress", protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }),
        rule("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "modern-egress", { ipProtocol: "-1", cidrIpv4: "0.0.0.0/0" }),
        rule("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "ssh", { ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv4: "10.80.0.0/16" }),
      ];
      assert.deepEqual(await refused(stack), ["ssh ingress"]);
    });

    it("takes TCP as tcp or 6 and 443 as both ends of the range; no protocol is any protocol", async () => {
      const { protocol: _tcp, ...anyProtocol } = HTTPS;
      const g = group("g", [{ ...HTTPS, protocol: "6" }, anyProtocol, { ...HTTPS, fromPort: 0 }, { ...HTTPS, toPort: 444 }]);
      const outcome = await checkStack(vpceInterfaceEndpointIngress, [g, iface("sts", ["sg-g"])]);
      assert.deepEqual(outcome.violations.map((v) => v.message.split(":")[0]), ["g ingress rule #2", "g ingress rule #3", "g ingress rule #4"]);
      assertViolates(outcome, /#2: protocol \(any\) is not tcp/, /#3: ports 0-443 are not 443 only/, /#4: ports 443-444 are not 443 only/);
    });

    it("refuses text around a CIDR; passes a null list, and a rule or CIDR unknown at preview", async () => {
      const g = group("g", [{ ...HTTPS, cidrBlocks: ["x10.0.0.0/16"] }, { ...HTTPS, cidrBlocks: ["10.0.0.0/16x"] }, { ...HTTPS, cidrBlocks: [UNKNOWN], ipv6CidrBlocks: null }, UNKNOWN]);
      assert.deepEqual(await refused([g, iface("sts", ["sg-g"])]), ["g ingress rule #1", "g ingress rule #2"]);
    });

    it("judges each entry of the stack's prefix list, however written, and no other list's entries", async () => {
      const entries = [null, "0.0.0.0/0", { description: "no cidr" }, { cidr: null }, { cidr: UNKNOWN }, { cidr: "10.0.0.0/16" }];
      const otherEntry = { type: "aws:ec2/managedPrefixListEntry:ManagedPrefixListEntry", name: "other-entry", props: { prefixListId: "pl-other", cidr: "::/0" } };
      const stack = [list("ours", entries), list("other", []), otherEntry, group("g", [{ ...HTTPS, cidrBlocks: [], prefixListIds: ["pl-ours"] }]), iface("sts", ["sg-g"])];
      const outcome = await checkStack(vpceInterfaceEndpointIngress, stack);
      assert.deepEqual(outcome.violations.map((v) => v.message.split(":")[0]), ["g ingress rule #1"]);
      assertViolates(outcome, /it admits 0\.0\.0\.0\/0 \(in the prefix list pl-ours\), wider than a \/8 \(everywhere\)\. An interface/);
      const elsewhere = [list("ours", [{ cidr: "10.0.0.0/16" }]), group("g", [{ ...HTTPS, cidrBlocks: [], prefixListIds: ["pl-shared"] }]), iface("sts", ["sg-g"])];
      assertViolates(await checkStack(vpceInterfaceEndpointIngress, elsewhere), /it admits the prefix list pl-shared, which is no managed prefix list of this stack/);
    });

    it("judges at preview the prefix list an unknown id is computed from, and refuses one computed from none", async () => {
      const vpc = { type: "aws:ec2/vpc:Vpc", name: "vpc", props: { id: "vpc-1" } };
      const wide = list("wide", [{ cidr: "0.0.0.0/0" }]);
      const fromList = (ingress: string[]) => group("g", [{ ...HTTPS, cidrBlocks: [], prefixListIds: [UNKNOWN] }], { propertyDependencies: { vpcId: [urnOf(vpc)], ingress } });
      assertViolates(await checkStack(vpceInterfaceEndpointIngress, [vpc, wide, fromList([urnOf(vpc), urnOf(wide)]), iface("sts", ["sg-g"])]), /it admits 0\.0\.0\.0\/0 \(in a prefix list not known yet\), wider/);
      assertViolates(await checkStack(vpceInterfaceEndpointIngress, [vpc, wide, fromList([urnOf(vpc)]), iface("sts", ["sg-g"])]), /it admits a prefix list not known yet, which is no managed prefix list of this stack/);
    });

    it("judges the inbound-Resolver-only DNS of S3 interface endpoints only, and passes one without dnsOptions", async () => {
      const inboundOnly = { dnsOptions: { privateDnsOnlyForInboundResolverEndpoint: true } };
      const gateway = { type: TYPE.vpcEndpoint, name: "s3-gateway", props: { vpcEndpointType: "Gateway", serviceName: S3, ...inboundOnly } };
      assert.deepEqual(await refused([group("g"), iface("s3", ["sg-g"], { serviceName: S3 }), iface("sts", ["sg-g"], inboundOnly), gateway]), []);
    });
  });
});
