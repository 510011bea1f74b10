import * as assert from "node:assert/strict";
import { Statement, parsePolicyDocument } from "./iam";
import { NatAddress, elasticIpOf, exactAddress, internetPathOf, sourceIpAllowProblems, sourceIpDenyProblems, transferEndpointsOf } from "./internet-path";
import { UNKNOWN } from "./unknowns";
import { ResourceUnderTest, stackResources, urnOf } from "../testing/harness";

const NAT_IP = "203.0.113.45";
const OTHER_IP = "198.51.100.7";
const ALLOCATION = "eipalloc-0123456789abcdef0";

const eip = (name: string, props: Record<string, unknown>): ResourceUnderTest => ({ type: "aws:ec2/eip:Eip", name, props });
const nat = (props: Record<string, unknown>, wiredTo?: ResourceUnderTest): ResourceUnderTest => ({
  type: "aws:ec2/natGateway:NatGateway",
  name: "nat",
  props,
  propertyDependencies: wiredTo ? { allocationId: [urnOf(wiredTo)] } : undefined,
});
const endpoint = (name: string, serviceName: unknown, type = "aws:ec2/vpcEndpoint:VpcEndpoint"): ResourceUnderTest => ({ type, name, props: { serviceName } });
const reference = (outputs: unknown): ResourceUnderTest => ({ type: "pulumi:pulumi:StackReference", name: "source-stack", props: { outputs }, provider: null });
const THE_EIP = eip("the-eip", { id: ALLOCATION, allocationId: ALLOCATION, publicIp: NAT_IP });
const theNat = () => nat({ allocationId: ALLOCATION }, THE_EIP);

/** The Elastic IP `elasticIpOf` finds for the stack's (last) NAT gateway, by name. */
function eipNameOf(resources: ResourceUnderTest[]): string | undefined {
  const built = stackResources(resources);
  return elasticIpOf(built, built.filter((r) => r.type === "aws:ec2/natGateway:NatGateway").pop()!)?.name;
}
const pathOf = (resources: ResourceUnderTest[]) => internetPathOf(stackResources(resources));
const endpointsOf = (resources: ResourceUnderTest[]) => transferEndpointsOf(stackResources(resources));

const statement = (raw: object): Statement => {
  const parsed = parsePolicyDocument({ Statement: raw });
  assert.ok(parsed.ok);
  return parsed.statements[0];
};
const allow = (Condition: object) => statement({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:role/x" }, Action: "sts:AssumeRole", Condition });
const deny = (Condition: object) => statement({ Effect: "Deny", Principal: "*", Action: "s3:PutObject", Resource: "arn:aws:s3:::b/*", Condition });
const KNOWN: NatAddress[] = [{ name: "the-eip", value: NAT_IP }];

describe("internet-path", () => {
  describe("an S3 or STS endpoint takes the stack off the internet path", () => {
    it("counts S3 and STS endpoints of either provider, and no other endpoint or resource", () => {
      const region = "com.amazonaws.ap-northeast-1";
      assert.deepEqual(endpointsOf([endpoint("s3", `${region}.s3`), endpoint("sts", `${region}.sts`), endpoint("native-s3", `${region}.s3`, "aws-native:ec2:VpcEndpoint")]), ["s3", "sts", "native-s3"]);
      const others = [endpoint("ec2", `${region}.ec2`), endpoint("bucket-named", `${region}.mys3`), endpoint("unnamed", undefined), endpoint("not-an-endpoint", `${region}.s3`, "aws:ec2/vpcEndpointService:VpcEndpointService")];
      assert.deepEqual(endpointsOf(others), []);
      assert.ok(pathOf([...others, THE_EIP, theNat()]), "an EC2 endpoint beside the NAT gateway leaves the stack on the internet path");
      assert.equal(pathOf([endpoint("s3", `${region}.s3`), THE_EIP, theNat()]), undefined);
    });

    it("counts the S3 and STS endpoint ids a StackReference reads, not other values under such keys", () => {
      const read = reference({ s3EndpointId: "vpce-0aaaaaaaaaaaaaaa1", STSEndpointId: "vpce-0aaaaaaaaaaaaaaa2", ec2EndpointId: "vpce-0aaaaaaaaaaaaaaa3", s3Bucket: "xacct-vpce-logs", s3EndpointCount: 1 });
      assert.deepEqual(endpointsOf([read]), ["source-stack.s3EndpointId", "source-stack.STSEndpointId"]);
      assert.deepEqual(endpointsOf([reference({ s3EndpointIds: [UNKNOWN, "vpce-0aaaaaaaaaaaaaaa1"], stsEndpointIds: ["xacct-vpce-logs"] })]), ["source-stack.s3EndpointIds"]);
      assert.deepEqual(endpointsOf([reference(UNKNOWN)]), []);
    });
  });

  describe("the NAT gateway's Elastic IP", () => {
    it("is the one its allocationId is wired to, or names by id or allocation id, never another", () => {
      const association = { type: "aws:ec2/eipAssociation:EipAssociation", name: "association", props: { id: ALLOCATION, allocationId: ALLOCATION } };
      const other = eip("other", { id: "eipalloc-0ffffffffffffffff", allocationId: "eipalloc-0ffffffffffffffff" });
      assert.equal(eipNameOf([association, other, THE_EIP, theNat()]), "the-eip");
      assert.equal(eipNameOf([other, eip("by-id", { id: ALLOCATION }), nat({ allocationId: ALLOCATION })]), "by-id");
      assert.equal(eipNameOf([other, eip("by-allocation", { allocationId: ALLOCATION }), nat({ allocationId: ALLOCATION })]), "by-allocation");
      assert.equal(eipNameOf([association, other, nat({ allocationId: ALLOCATION })]), undefined);
    });

    it("is not guessed from a missing or unknown allocationId (preview) when nothing wires it", () => {
      assert.equal(eipNameOf([eip("preview", {}), nat({})]), undefined);
      assert.equal(eipNameOf([eip("preview", { allocationId: UNKNOWN }), nat({ allocationId: UNKNOWN })]), undefined);
      assert.equal(eipNameOf([eip("preview", { allocationId: UNKNOWN }), nat({ allocationId: UNKNOWN }, eip("preview", {}))]), "preview");
    });

    it("gives its address only when publicIp is one plain IPv4 address", () => {
      const addressOf = (publicIp: unknown) => pathOf([eip("the-eip", { id: ALLOCATION, publicIp }), theNat()])?.addresses[0];
      assert.deepEqual(addressOf(NAT_IP)?.value, NAT_IP);
      for (const publicIp of [UNKNOWN, [NAT_IP], `${NAT_IP}/32`]) assert.equal(addressOf(publicIp)?.value, undefined, JSON.stringify(publicIp));
      assert.equal(addressOf(UNKNOWN)?.name, "the-eip");
    });
  });

  it("puts a target stack on the internet path by the NAT address it reads from the source half", () => {
    const read = reference({ natPublicIp: NAT_IP, natGatewayId: "nat-0123456789abcdef0", natCount: 1, webIp: OTHER_IP });
    assert.deepEqual(pathOf([read]), { natGateways: [], addresses: [{ name: "source-stack.natPublicIp", value: NAT_IP }] });
    assert.equal(pathOf([reference(UNKNOWN)]), undefined);
    assert.equal(pathOf([reference({ natPublicIps: [NAT_IP] })]), undefined, "a list is not the one NAT address");
    assert.equal(pathOf([read, reference({ s3EndpointId: "vpce-0aaaaaaaaaaaaaaa1" })]), undefined);
  });

  it("takes exactly one IPv4 address, bare or /32, as a pinned address", () => {
    assert.equal(exactAddress(NAT_IP), NAT_IP);
    assert.equal(exactAddress(`${NAT_IP}/32`), NAT_IP);
    for (const value of [`${NAT_IP}/32/x`, `${NAT_IP}/31`, "203.0.113.256", "::1/128", "nat/32"]) assert.equal(exactAddress(value), undefined, value);
  });

  describe("an Allow's aws:SourceIp guard", () => {
    it("is sound when one of its clauses admits only NAT addresses (the clauses are ANDed)", () => {
      assert.deepEqual(sourceIpAllowProblems(allow({ IpAddress: { "aws:SourceIp": NAT_IP }, IpAddressIfExists: { "aws:SourceIp": "0.0.0.0/0" } }), KNOWN), []);
      assert.deepEqual(sourceIpAllowProblems(allow({ IpAddress: { "aws:SourceIp": [] } }), KNOWN), [], "an empty list admits no address");
    });

    it("names each clause's flaw when none is sound", () => {
      const problems = sourceIpAllowProblems(allow({ "ForAnyValue:IpAddress": { "aws:SourceIp": NAT_IP }, IpAddressIfExists: { "aws:SourceIp": NAT_IP } }), KNOWN);
      assert.equal(problems.length, 2, problems.join("; "));
      assert.match(problems.join("; "), /ForAnyValue:IpAddress uses a set qualifier.*IpAddressIfExists passes requests without aws:SourceIp/);
    });

    it("accepts an address it cannot check while some NAT address is unknown (preview), and lists the known ones otherwise", () => {
      const guard = allow({ IpAddress: { "aws:SourceIp": `${OTHER_IP}/32` } });
      assert.deepEqual(sourceIpAllowProblems(guard, [...KNOWN, { name: "second-eip" }]), []);
      assert.match(sourceIpAllowProblems(guard, [...KNOWN, { name: "second-eip", value: "203.0.113.46" }]).join(), /198\.51\.100\.7\/32 is not the NAT gateway's Elastic IP \(203\.0\.113\.45, 203\.0\.113\.46\)/);
    });
  });

  describe("a Deny's aws:SourceIp guard", () => {
    const notIp = { NotIpAddress: { "aws:SourceIp": NAT_IP } };
    it("must be there", () => {
      assert.match(sourceIpDenyProblems(deny({ StringNotEquals: { "aws:SourceVpce": "vpce-0aaaaaaaaaaaaaaa1" } }), KNOWN, []).join(), /no condition on aws:SourceIp/);
    });

    it("takes only the allowed other keys, and names each narrowing key once", () => {
      const scoped = deny({ ...notIp, ArnEquals: { "aws:PrincipalArn": "arn:aws:iam::222222222222:role/x" } });
      assert.deepEqual(sourceIpDenyProblems(scoped, KNOWN, ["aws:principalarn"]), []);
      assert.match(sourceIpDenyProblems(scoped, KNOWN, []).join(), /extra condition on aws:principalarn narrows/);
      const narrowed = deny({ ...notIp, StringEquals: { "aws:PrincipalAccount": "111111111111", "aws:UserAgent": "x" }, StringLike: { "aws:PrincipalAccount": "1*" } });
      assert.match(sourceIpDenyProblems(narrowed, KNOWN, []).join(), /extra condition on aws:principalaccount, aws:useragent narrows/);
    });
  });
});
