/**
 * The internet path (xacct:source.endpoints none) as the whole pack judges it: its address fence is
 * accepted there and only there, each weakening of it is refused by a mandatory rule, and the path
 * itself is reported once, as an advisory.
 */
import * as assert from "node:assert/strict";
import { ResourceUnderTest, checkStack, runPack } from "../testing/harness";
import { assertPasses } from "../testing/expect";
import { TYPE, editDocument, fixture, resourceOf, withProps } from "../testing/fixtures";
import { policies } from "./index";
import { xacctInternetPathIsWeaker } from "./xacct-internet-path-is-weaker";

const internet = () => fixture("internet");
const NAT_IP = () => String(resourceOf(internet(), "aws:ec2/eip:Eip", "source-internet").props.publicIp);
const OTHER_IP = "198.51.100.7";

const mandatory = async (resources: ResourceUnderTest[]) => (await runPack(policies, resources)).violations.filter((v) => v.level === "mandatory");
const trust = (change: (statement: any) => void, stack = internet()) => withProps(stack, TYPE.role, "target-transfer", editDocument("assumeRolePolicy", (d) => change(d.Statement[0])));
const bucketDenies = (change: (statement: any) => void, stack = internet()) =>
  withProps(stack, TYPE.bucketPolicy, "target-bucket", editDocument("policy", (d) => d.Statement.slice(0, 2).forEach(change)));

async function assertRefused(resources: ResourceUnderTest[], rule: string, message: RegExp) {
  const violations = await mandatory(resources);
  assert.ok(violations.some((v) => v.policy === rule && message.test(v.message)), `expected ${rule} ${message}, got:\n${violations.map((v) => `${v.policy}: ${v.message}`).join("\n")}`);
}

describe("xacct-internet-path-is-weaker (and the internet path's fences across the pack)", () => {
  it("passes the internet stack, exported and at preview, with exactly one advisory on its NAT gateway", async () => {
    for (const kind of ["export", "preview"] as const) {
      const result = await runPack(policies, fixture("internet", kind));
      assert.deepEqual(result.violations.map((v) => `${v.level} ${v.policy}`), ["advisory xacct-internet-path-is-weaker"]);
      const from = kind === "export" ? NAT_IP().replace(/\./g, "\\.") : "the Elastic IP source-internet";
      assert.match(result.violations[0].message, new RegExp(`over the internet from ${from}, fenced by aws:SourceIp instead of a VPC endpoint`));
      assert.match(String(result.violations[0].urn), /natGateway:NatGateway::source-internet$/);
    }
  });

  describe("in a target stack, which reads the NAT address from the source half", () => {
    const reads = (outputs: object) => ({ type: "pulumi:pulumi:StackReference", name: "source-stack", props: { outputs }, provider: null });
    const policyOf = (name: string) => ({ type: TYPE.bucketPolicy, name, props: { bucket: name, policy: "{}" } });

    it("reports the advisory on each bucket policy, naming every NAT address read", async () => {
      const outcome = await checkStack(xacctInternetPathIsWeaker, [reads({ natPublicIp: NAT_IP(), natSecondIp: OTHER_IP }), policyOf("a"), policyOf("b")]);
      assert.deepEqual(outcome.violations.map((v) => v.urn), ["urn:pulumi:test::xacct::aws:s3/bucketPolicy:BucketPolicy::a", "urn:pulumi:test::xacct::aws:s3/bucketPolicy:BucketPolicy::b"]);
      assert.match(outcome.violations[0].message, new RegExp(`from ${NAT_IP().replace(/\./g, "\\.")}, 198\\.51\\.100\\.7, fenced by aws:SourceIp`));
      assert.match(outcome.violations[0].message, /no endpoint policy limits who may use the path.*Prefer xacct:source\.endpoints gateway/);
    });

    it("reports it once on the stack when the stack has no bucket policy", async () => {
      const outcome = await checkStack(xacctInternetPathIsWeaker, [reads({ natPublicIp: NAT_IP() })]);
      assert.deepEqual(outcome.violations.map((v) => v.urn), [undefined]);
    });
  });

  it("says nothing about the stacks with endpoints, nor about a NAT gateway beside them (refused as a way out instead)", async () => {
    for (const stack of ["pair", "source", "target", "direct"] as const) assertPasses(await checkStack(xacctInternetPathIsWeaker, fixture(stack)));
    const nat = resourceOf(internet(), "aws:ec2/natGateway:NatGateway", "source-internet");
    const eip = resourceOf(internet(), "aws:ec2/eip:Eip", "source-internet");
    const pairWithNat = [...fixture("pair"), eip, nat];
    assertPasses(await checkStack(xacctInternetPathIsWeaker, pairWithNat));
    await assertRefused(pairWithNat, "vpc-endpoint-only-network", /source-internet \(aws:ec2\/natGateway:NatGateway\) opens a path out of the source VPC/);
  });

  it("passes the same fences spelt otherwise: a bare address, a string for a list, NotIpAddressIfExists in a Deny, an extra Deny", async () => {
    const ip = NAT_IP();
    const respelt = bucketDenies((s) => {
      s.Condition = { ...s.Condition, NotIpAddressIfExists: { "aws:SourceIp": ip } };
      delete s.Condition.NotIpAddress;
    }, trust((s) => (s.Condition.IpAddress["aws:SourceIp"] = ip)));
    const extraDeny = withProps(respelt, TYPE.bucketPolicy, "target-bucket", editDocument("policy", (d) => d.Statement.push({ Effect: "Deny", Principal: "*", Action: "s3:DeleteObject", Resource: "arn:aws:s3:::xacct-transfer-222222222222-apne1/*" })));
    assert.deepEqual(await mandatory(extraDeny), []);
  });

  describe("refuses a weakened trust", () => {
    const cases: [string, (s: any) => void, RegExp][] = [
      ["IpAddressIfExists (a call through any VPC endpoint has no aws:SourceIp and passes)", (s) => { s.Condition.IpAddressIfExists = s.Condition.IpAddress; delete s.Condition.IpAddress; }, /IpAddressIfExists passes requests without aws:SourceIp/],
      ["no address fence at all (the bucket policy still has one)", (s) => delete s.Condition.IpAddress, /has no aws:SourceIp condition/],
      ["0.0.0.0/0", (s) => (s.Condition.IpAddress["aws:SourceIp"] = ["0.0.0.0/0"]), /"0\.0\.0\.0\/0" is not one IPv4 address/],
      ["IPv6 ::/0 beside the NAT address", (s) => s.Condition.IpAddress["aws:SourceIp"].push("::/0"), /"::\/0" is not one IPv4 address/],
      ["a /24 around the NAT address", (s) => (s.Condition.IpAddress["aws:SourceIp"] = [`${NAT_IP().replace(/\.\d+$/, ".0")}/24`]), /is not one IPv4 address/],
      ["a second address", (s) => s.Condition.IpAddress["aws:SourceIp"].push(`${OTHER_IP}/32`), /198\.51\.100\.7\/32 is not the NAT gateway's Elastic IP/],
      ["another address instead of the NAT's", (s) => (s.Condition.IpAddress["aws:SourceIp"] = [OTHER_IP]), /198\.51\.100\.7 is not the NAT gateway's Elastic IP/],
      ["NotIpAddress (every address but one)", (s) => { s.Condition.NotIpAddress = s.Condition.IpAddress; delete s.Condition.IpAddress; }, /NotIpAddress is not IpAddress/],
      ["an operator in the wrong case", (s) => { s.Condition.ipaddress = s.Condition.IpAddress; delete s.Condition.IpAddress; }, /ipaddress is not IpAddress/],
    ];
    for (const [how, change, message] of cases) {
      it(how, async () => {
        await assertRefused(trust(change), "iam-transfer-role-trusts-only-the-instance-role", message);
      });
    }
  });

  describe("refuses a weakened bucket policy fence", () => {
    const cases: [string, (s: any) => void, RegExp][] = [
      ["IpAddress in the Deny (it then denies only the NAT address)", (s) => { s.Condition.IpAddress = s.Condition.NotIpAddress; delete s.Condition.NotIpAddress; }, /IpAddress is not NotIpAddress/],
      ["NotIpAddress spelt notIpAddress (not an operator AWS knows)", (s) => { s.Condition.notIpAddress = s.Condition.NotIpAddress; delete s.Condition.NotIpAddress; }, /notIpAddress is not NotIpAddress/],
      ["ForAnyValue:NotIpAddress", (s) => { s.Condition["ForAnyValue:NotIpAddress"] = s.Condition.NotIpAddress; delete s.Condition.NotIpAddress; }, /set qualifier/],
      ["0.0.0.0/0 (the deny never fires)", (s) => (s.Condition.NotIpAddress["aws:SourceIp"] = ["0.0.0.0/0"]), /"0\.0\.0\.0\/0" is not one IPv4 address/],
      ["::/0 beside the NAT address", (s) => s.Condition.NotIpAddress["aws:SourceIp"].push("::/0"), /"::\/0" is not one IPv4 address/],
      ["a second address", (s) => s.Condition.NotIpAddress["aws:SourceIp"].push(OTHER_IP), /198\.51\.100\.7 is not the NAT gateway's Elastic IP/],
      ["an extra condition that narrows it", (s) => (s.Condition.StringEquals = { "aws:PrincipalAccount": "111111111111" }), /narrows whom the deny covers/],
    ];
    for (const [how, change, message] of cases) {
      it(how, async () => {
        await assertRefused(bucketDenies(change), "s3-bucket-policy-requires-vpce", message);
      });
    }

    it("another address in every fence, the trust's too: the wiring names the NAT's", async () => {
      const moved = bucketDenies((s) => (s.Condition.NotIpAddress["aws:SourceIp"] = [`${OTHER_IP}/32`]), trust((s) => (s.Condition.IpAddress["aws:SourceIp"] = [`${OTHER_IP}/32`])));
      await assertRefused(moved, "xacct-wiring-consistent", /does not name source-internet \(203\.0\.113\.\d+\): requests from the NAT gateway would be denied/);
    });
  });

  describe("accepts the address fence only on the internet path", () => {
    it("refuses it in a stack with endpoints (pair): the bucket policy and the trust fenced by an address", async () => {
      const byAddress = withProps(
        withProps(fixture("pair"), TYPE.bucketPolicy, "target-bucket", editDocument("policy", (d) => d.Statement.slice(0, 2).forEach((s: any) => { s.Condition.NotIpAddress = { "aws:SourceIp": ["203.0.113.45/32"] }; delete s.Condition.StringNotEquals; }))),
        TYPE.role, "target-transfer", editDocument("assumeRolePolicy", (d) => { d.Statement[0].Condition.IpAddress = { "aws:SourceIp": "203.0.113.45/32" }; delete d.Statement[0].Condition.StringEquals; }),
      );
      await assertRefused(byAddress, "s3-bucket-policy-requires-vpce", /an address fence is accepted only on the internet path/);
      await assertRefused(byAddress, "iam-transfer-role-trusts-only-the-instance-role", /has no aws:SourceVpce condition.*Its aws:SourceIp condition is no fence here/);
    });

    it("refuses it once the internet stack gets an S3 endpoint (through it, requests carry no aws:SourceIp)", async () => {
      const s3 = resourceOf(fixture("pair"), TYPE.vpcEndpoint, "source-endpoints-s3");
      const vpcId = resourceOf(internet(), "aws:ec2/vpc:Vpc", "source-network").props.id;
      const withEndpoint = [...internet(), { ...s3, props: { ...s3.props, vpcId } }];
      await assertRefused(withEndpoint, "s3-bucket-policy-requires-vpce", /has no statement that denies s3:PutObject unless aws:SourceVpce/);
      await assertRefused(withEndpoint, "vpc-endpoint-only-network", /sends 0\.0\.0\.0\/0 to a NAT gateway/);
      assertPasses(await checkStack(xacctInternetPathIsWeaker, withEndpoint));
    });
  });

  describe("refuses a NAT gateway or network that adds ways out", () => {
    const nat = (change: (p: any) => any) => withProps(internet(), "aws:ec2/natGateway:NatGateway", "source-internet", change);
    it("a regional NAT gateway, secondary addresses, private connectivity", async () => {
      await assertRefused(nat((p) => ({ ...p, availabilityMode: "regional" })), "vpc-endpoint-only-network", /availabilityMode is "regional"/);
      await assertRefused(nat((p) => ({ ...p, secondaryAllocationIds: ["eipalloc-0123456789abcdef0"] })), "vpc-endpoint-only-network", /sets secondaryAllocationIds, which adds addresses/);
      await assertRefused(nat((p) => ({ ...p, connectivityType: "private" })), "vpc-endpoint-only-network", /connectivityType is "private"/);
    });

    it("workload egress beyond HTTPS over IPv4, and a route to a peering connection", async () => {
      const egress = (rule: any) => withProps(internet(), "aws:ec2/securityGroup:SecurityGroup", "source-internet-workload", (p) => ({ ...p, egress: [...p.egress, rule] }));
      await assertRefused(egress({ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }), "vpc-endpoint-only-network", /ports 22-22 are not 443 only/);
      await assertRefused(egress({ protocol: "tcp", fromPort: 443, toPort: 443, ipv6CidrBlocks: ["::/0"] }), "vpc-endpoint-only-network", /it allows addresses \(::\/0\), not only the NAT gateway/);
      const table = resourceOf(internet(), "aws:ec2/routeTable:RouteTable", "source-network-private");
      const peering = { type: "aws:ec2/route:Route", name: "to-peer", props: { routeTableId: table.props.id, destinationCidrBlock: "10.90.0.0/16", vpcPeeringConnectionId: "pcx-0123456789abcdef0" }, provider: table.provider };
      await assertRefused([...internet(), peering], "vpc-endpoint-only-network", /to-peer sends 10\.90\.0\.0\/16 to a VPC peering connection/);
    });

    it("a workload subnet's route table sending traffic to the internet gateway (only the NAT gateway's subnet may), and the NAT's table made the VPC's main table", async () => {
      const stack = internet();
      const privateTable = resourceOf(stack, "aws:ec2/routeTable:RouteTable", "source-network-private");
      const publicTable = resourceOf(stack, "aws:ec2/routeTable:RouteTable", "source-internet-public");
      const igw = resourceOf(stack, "aws:ec2/internetGateway:InternetGateway", "source-internet");
      const toIgw = { type: "aws:ec2/route:Route", name: "private-to-igw", props: { routeTableId: privateTable.props.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: igw.props.id }, provider: privateTable.provider };
      await assertRefused([...stack, toIgw], "vpc-endpoint-only-network", /private-to-igw sends 0\.0\.0\.0\/0 to the internet gateway from a route table that serves a subnet other than the NAT gateway's/);
      const inline = withProps(stack, "aws:ec2/routeTable:RouteTable", "source-network-private", (p) => ({ ...p, routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: igw.props.id }] }));
      await assertRefused(inline, "vpc-endpoint-only-network", /source-network-private route #1 sends .* to the internet gateway/);
      const main = { type: "aws:ec2/mainRouteTableAssociation:MainRouteTableAssociation", name: "main", props: { vpcId: publicTable.props.vpcId, routeTableId: publicTable.props.id }, provider: publicTable.provider };
      await assertRefused([...stack, main], "vpc-endpoint-only-network", /source-internet-public-default sends 0\.0\.0\.0\/0 to the internet gateway/);
      assert.deepEqual(await mandatory(stack), []);
    });
  });
});
