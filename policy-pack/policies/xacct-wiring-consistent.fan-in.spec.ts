import { checkStack, ResourceUnderTest } from "../testing/harness";
import { assertPasses, assertViolates } from "../testing/expect";
import { editDocument, FAN_IN, fanIn, fixture, PAIR, TYPE, withProps } from "../testing/fixtures";
import { xacctWiringConsistent } from "./xacct-wiring-consistent";

const check = (resources: ResourceUnderTest[]) => checkStack(xacctWiringConsistent, resources);
const grantA = (edit: (document: any) => void) => withProps(fanIn(), TYPE.rolePolicy, "target-transfer-write-prefix", editDocument("policy", edit));
const grantB = (edit: (document: any) => void) => withProps(fanIn(), TYPE.rolePolicy, "b-target-transfer-write-prefix", editDocument("policy", edit));
const objects = (prefix: string) => `arn:aws:s3:::${PAIR.bucket}/${prefix}*`;
/** Both write fences of the bucket policy by organization (aws:VpceOrgID) instead of endpoint ids. */
const organizationFence = (resources: ResourceUnderTest[]) =>
  withProps(resources, TYPE.bucketPolicy, "target-bucket", editDocument("policy", (d) => {
    for (const s of d.Statement.slice(0, 2)) {
      delete s.Condition.StringNotEquals["aws:SourceVpce"];
      s.Condition.StringNotEquals["aws:VpceOrgID"] = ["o-a1b2c3d4e5"];
    }
  }));

describe("xacct-wiring-consistent, fan-in: each source account is a tenant of its own", () => {
  it("passes two sources, each wired to its own transfer role, endpoints and prefix", async () => {
    assertPasses(await check(fanIn()));
  });

  it("refuses an object writable by the transfer roles of two sources: the other's prefix, a prefix nested in it, the whole bucket", async () => {
    const shared = /^target-transfer \(of 111111111111\) may write .*, where b-target-transfer \(of 333333333333\) may write too/;
    assertViolates(await check(grantA((d) => d.Statement[0].Resource.push(objects(FAN_IN.prefixB)))), shared);
    assertViolates(await check(grantB((d) => d.Statement[0].Resource.push(objects("example/sub/")))), shared);
    assertViolates(await check(grantB((d) => (d.Statement[0].Resource = [objects("")]))), shared);
  });

  it("refuses a grant that names another tenant's S3 endpoint, or none", async () => {
    assertViolates(await check(grantA((d) => (d.Statement[0].Condition.StringEquals["aws:SourceVpce"] = FAN_IN.s3EndpointB))), new RegExp(`^target-transfer policy .* lets its session in through ${FAN_IN.s3EndpointB}, not its own source's S3 endpoint \\(${FAN_IN.s3EndpointA}\\)`));
    assertViolates(await check(grantB((d) => delete d.Statement[0].Condition)), new RegExp(`^b-target-transfer policy .* grants writes without pinning aws:SourceVpce to its own source's S3 endpoint \\(${FAN_IN.s3EndpointB}\\)`));
  });

  it("refuses a transfer role trusted by two source accounts, and one trusting no known instance role", async () => {
    const both = withProps(fanIn(), TYPE.role, "b-target-transfer", editDocument("assumeRolePolicy", (d) => (d.Statement[0].Principal.AWS = [FAN_IN.instanceRoleB, PAIR.instanceRoleArn])));
    assertViolates(await check(both), new RegExp(`^b-target-transfer trust .* trusts ${FAN_IN.instanceRoleB}, not the instance role \\(${PAIR.instanceRoleArn}\\)`));
    const stranger = withProps(fanIn(), TYPE.role, "b-target-transfer", editDocument("assumeRolePolicy", (d) => (d.Statement[0].Principal.AWS = "arn:aws:iam::444444444444:role/xacct-instance")));
    assertViolates(
      await check(stranger),
      /^b-target-transfer trust .* trusts arn:aws:iam::444444444444:role\/xacct-instance, not the instance role/,
      // Trusted by no tenant, it has no source's S3 endpoint of its own to be let in through.
      new RegExp(`^b-target-transfer policy .* lets its session in through ${FAN_IN.s3EndpointB}, not its own source's S3 endpoint \\(none\\)`),
    );
  });

  it("refuses a tenant's endpoint policies naming the other tenant's transfer role", async () => {
    const s3 = withProps(fanIn(), TYPE.vpcEndpoint, "source-endpoints-s3", editDocument("policy", (d) => d.Statement[0].Condition.ArnEquals["aws:PrincipalArn"].push(FAN_IN.transferRoleB)));
    assertViolates(await check(s3), new RegExp(`^source-endpoints-s3 policy .* names ${FAN_IN.transferRoleB}, not the transfer role \\(${PAIR.transferRoleArn}\\)`));
    const sts = withProps(fanIn(), TYPE.vpcEndpoint, "source-endpoints-sts", editDocument("policy", (d) => d.Statement[0].Resource.push(FAN_IN.transferRoleB)));
    assertViolates(await check(sts), new RegExp(`^source-endpoints-sts policy .* allows assuming ${PAIR.transferRoleArn}, ${FAN_IN.transferRoleB}, not only the transfer role`));
  });

  it("refuses a trust pinned to the other tenant's STS endpoint", async () => {
    const endpoint = withProps(fanIn(), TYPE.role, "b-target-transfer", editDocument("assumeRolePolicy", (d) => (d.Statement[0].Condition.StringEquals["aws:SourceVpce"] = "vpce-89f7b67868a097128")));
    assertViolates(await check(endpoint), /^b-target-transfer trust .* names vpce-89f7b67868a097128, which is not b-source-endpoints-sts/);
  });

  it("accepts an organization fence when every tenant's grant pins its own S3 endpoint; refuses it when a grant does not, and in a one-source pair", async () => {
    assertPasses(await check(organizationFence(fanIn())));
    const unpinned = withProps(organizationFence(fanIn()), TYPE.rolePolicy, "b-target-transfer-write-prefix", editDocument("policy", (d) => delete d.Statement[0].Condition));
    assertViolates(await check(unpinned), /^target-bucket .* fences writes by organization \(aws:VpceOrgID\), any VPC endpoint of it, but b-target-transfer .* does not pin aws:SourceVpce/);
    assertViolates(await check(organizationFence(fixture("pair"))), /fences writes by organization \(aws:VpceOrgID\), any VPC endpoint of it, but target-transfer .* does not pin aws:SourceVpce/);
  });
});
