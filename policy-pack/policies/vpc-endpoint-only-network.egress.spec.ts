import { UNKNOWN } from "../lib/unknowns";
import { checkStack, ResourceUnderTest, urnOf } from "../testing/harness";
import { assertPasses, assertViolates } from "../testing/expect";
import { fixture, FixtureKind, resourceOf, TYPE, withProps } from "../testing/fixtures";
import { vpcEndpointOnlyNetwork } from "./vpc-endpoint-only-network";

const SG = "aws:ec2/securityGroup:SecurityGroup";
const SG_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";
const EGRESS_RULE = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
const WORKLOAD = "source-endpoints-workload";
const STS_GROUP = "source-endpoints-sts";
const pair = (kind: FixtureKind = "export") => fixture("pair", kind);
const source = () => resourceOf(pair(), TYPE.vpcEndpoint, "source-endpoints-s3").provider;
const prefixList = () => String(resourceOf(pair(), TYPE.vpcEndpoint, "source-endpoints-s3").props.prefixListId);
const check = (resources: ResourceUnderTest[]) => checkStack(vpcEndpointOnlyNetwork, resources);
/** The pair stack with one more inline egress rule on the workload's security group. */
const withEgress = (rule: object) => withProps(pair(), SG, WORKLOAD, (p) => ({ ...p, egress: [...p.egress, rule] }));
const https = { protocol: "tcp", fromPort: 443, toPort: 443 };
/** A standalone rule resource on the workload's security group (by id when exported, by its wiring at preview). */
function ruleResource(type: string, name: string, props: object, kind: FixtureKind = "export", deps: Record<string, string[]> = {}): ResourceUnderTest {
  const group = resourceOf(pair(kind), SG, WORKLOAD);
  return { type, name, props: { securityGroupId: group.props.id, ...props }, propertyDependencies: { securityGroupId: [urnOf(group)], ...deps }, provider: source() };
}

describe("vpc-endpoint-only-network: the workload's egress", () => {
  it("accepts protocol 6 for tcp", async () => {
    assertPasses(await check(withEgress({ protocol: "6", fromPort: 443, toPort: 443, prefixListIds: [prefixList()] })));
  });

  it("refuses a port range wider than 443 at either end, and a rule with no protocol", async () => {
    assertViolates(await check(withEgress({ protocol: "tcp", fromPort: 443, toPort: 444, prefixListIds: [prefixList()] })), /egress rule #3: ports 443-444 are not 443 only/);
    assertViolates(await check(withEgress({ protocol: "tcp", fromPort: 0, toPort: 443, prefixListIds: [prefixList()] })), /egress rule #3: ports 0-443 are not 443 only/);
    assertViolates(await check([...pair(), ruleResource(EGRESS_RULE, "any", { fromPort: 443, toPort: 443, prefixListId: prefixList() })]), /^any egress: protocol \(any\) is not tcp/);
  });

  it("lists every problem of one rule, and every address, group and prefix list it names, telling what the workload may reach", async () => {
    const wide = { protocol: "-1", cidrBlocks: ["10.0.0.0/8", "192.168.0.0/16"], securityGroups: ["sg-0bbbbbbbbbbbbbbb0", "sg-0ccccccccccccccc0"], prefixListIds: ["pl-0bbbbbbbbbbbbbbb0", "pl-0ccccccccccccccc0"] };
    assertViolates(await check(withEgress(wide)), new RegExp([
      "egress rule #3: protocol -1 is not tcp; ports \\(any\\)-\\(any\\) are not 443 only; ",
      "it allows addresses \\(10\\.0\\.0\\.0/8, 192\\.168\\.0\\.0/16\\), not only the endpoints; ",
      "it allows security groups sg-0bbbbbbbbbbbbbbb0, sg-0ccccccccccccccc0, which are not the endpoints'; ",
      "it allows prefix lists pl-0bbbbbbbbbbbbbbb0, pl-0ccccccccccccccc0, which are not the S3 endpoint's\\. ",
      "The workload may reach only the VPC endpoints, on TCP 443\\.$",
    ].join("")));
  });

  it("refuses security groups other than the endpoints', however the rule names them", async () => {
    assertViolates(await check(withEgress({ ...https, securityGroups: ["sg-0bbbbbbbbbbbbbbb0"] })), /egress rule #3: it allows security groups sg-0bbbbbbbbbbbbbbb0, which are not the endpoints'/);
    assertViolates(await check([...pair(), ruleResource(SG_RULE, "rule", { type: "egress", protocol: "tcp", fromPort: 443, toPort: 443, sourceSecurityGroupId: "sg-0bbbbbbbbbbbbbbb0" })]), /^rule egress: it allows security groups sg-0bbbbbbbbbbbbbbb0/);
    assertViolates(await check([...pair(), ruleResource(EGRESS_RULE, "rule", { ipProtocol: "tcp", fromPort: 443, toPort: 443, referencedSecurityGroupId: "sg-0bbbbbbbbbbbbbbb0" })]), /^rule egress: it allows security groups sg-0bbbbbbbbbbbbbbb0/);
  });

  it("refuses prefix lists other than the S3 endpoint's, the group itself and IPv6 addresses", async () => {
    assertViolates(await check(withEgress({ ...https, prefixListIds: ["pl-0bbbbbbbbbbbbbbb0"] })), /it allows prefix lists pl-0bbbbbbbbbbbbbbb0, which are not the S3 endpoint's/);
    assertViolates(await check([...pair(), ruleResource(EGRESS_RULE, "rule", { ipProtocol: "tcp", fromPort: 443, toPort: 443, prefixListId: "pl-0bbbbbbbbbbbbbbb0" })]), /^rule egress: it allows prefix lists pl-0bbbbbbbbbbbbbbb0/);
    assertViolates(await check(withEgress({ ...https, self: true })), /egress rule #3: it allows the group itself/);
    assertViolates(await check([...pair(), ruleResource(EGRESS_RULE, "rule", { ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv6: "::/0" })]), /^rule egress: it allows addresses \(::\/0\), not only the endpoints/);
    assertViolates(await check([...pair(), ruleResource(SG_RULE, "rule", { type: "egress", protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] })]), /^rule egress: it allows addresses \(0\.0\.0\.0\/0\)/);
  });

  it("accepts an egress rule to a security group of an endpoint that the stack does not create", async () => {
    const existing = "sg-0cccccccccccccccc0";
    const stack = withProps(withEgress({ ...https, securityGroups: [existing] }), TYPE.vpcEndpoint, "source-endpoints-sts", (p) => ({ ...p, securityGroupIds: [...p.securityGroupIds, existing] }));
    assertPasses(await check(stack));
  });

  it("refuses egress to the security group of an endpoint outside the source VPC", async () => {
    const outside = { type: TYPE.vpcEndpoint, name: "sqs", props: { id: "vpce-0dddddddddddddddd", vpcId: "vpc-0ddddddddddddddd0", serviceName: "com.amazonaws.ap-northeast-1.sqs", vpcEndpointType: "Interface", securityGroupIds: ["sg-0dddddddddddddddd0"] }, provider: source() };
    assertViolates(await check([...withEgress({ ...https, securityGroups: ["sg-0dddddddddddddddd0"] }), outside]), /it allows security groups sg-0dddddddddddddddd0/);
  });

  it("judges only egress: an ingress rule on the workload's group, and egress rules on the endpoint's own group, are not the workload's way out", async () => {
    assertPasses(await check([...pair(), ruleResource(SG_RULE, "in", { type: "ingress", protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.80.0.0/16"] })]));
    for (const kind of ["export", "preview"] as const) {
      const sts = resourceOf(pair(kind), SG, STS_GROUP);
      const onEndpoint = (type: string, props: object): ResourceUnderTest => ({ type, name: "endpoint-out", props: { securityGroupId: sts.props.id, fromPort: 443, toPort: 443, ...props }, propertyDependencies: kind === "export" ? {} : { securityGroupId: [urnOf(sts)] }, provider: source() });
      assertPasses(await check([...pair(kind), onEndpoint(SG_RULE, { type: "egress", protocol: "tcp", cidrBlocks: ["0.0.0.0/0"] })]));
      assertPasses(await check([...pair(kind), onEndpoint(EGRESS_RULE, { ipProtocol: "tcp", cidrIpv4: "0.0.0.0/0" })]));
    }
  });

  it("refuses an egress rule on a security group it cannot place (fail closed)", async () => {
    const rule = { type: EGRESS_RULE, name: "unplaced", props: { securityGroupId: "sg-0eeeeeeeeeeeeeeee0", ipProtocol: "-1", cidrIpv4: "0.0.0.0/0" }, provider: source() };
    assertViolates(await check([...pair(), rule]), /^unplaced egress: protocol -1 is not tcp/);
  });

  it("at preview, accepts a rule to a group computed from the endpoint's, and refuses one to an unknown group computed from anything else", async () => {
    const sts = urnOf(resourceOf(pair("preview"), SG, STS_GROUP));
    const viaRule = ruleResource(SG_RULE, "to-sts", { type: "egress", protocol: "tcp", fromPort: 443, toPort: 443, sourceSecurityGroupId: UNKNOWN }, "preview", { sourceSecurityGroupId: [sts] });
    const viaEgressRule = ruleResource(EGRESS_RULE, "to-sts-2", { ipProtocol: "tcp", fromPort: 443, toPort: 443, referencedSecurityGroupId: UNKNOWN }, "preview", { referencedSecurityGroupId: [sts] });
    assertPasses(await check([...pair("preview"), viaRule, viaEgressRule]));
    const elsewhere = ruleResource(EGRESS_RULE, "to-other", { ipProtocol: "tcp", fromPort: 443, toPort: 443, referencedSecurityGroupId: UNKNOWN }, "preview");
    assertViolates(await check([...pair("preview"), elsewhere]), /^to-other egress: it names a security group that is unknown and not computed from an endpoint's group/);
  });

  it("at preview, leaves alone a security group of the default VPC (no vpcId)", async () => {
    const group = { type: SG, name: "default-vpc", props: { id: UNKNOWN, egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }] }, provider: source() };
    assertPasses(await check([...pair("preview"), group]));
  });

  it("accepts a security group with no egress list", async () => {
    const group = { type: SG, name: "spare", props: { id: "sg-0fffffffffffffff0", vpcId: resourceOf(pair(), SG, WORKLOAD).props.vpcId, egress: undefined }, provider: source() };
    const nulls = withProps(pair(), SG, WORKLOAD, (p) => ({ ...p, egress: [...p.egress, null] }));
    assertPasses(await check([...nulls, group]));
  });
});
