import { checkStack, ResourceUnderTest } from "../testing/harness";
import { assertPasses, assertViolates } from "../testing/expect";
import { editDocument, fixture, FixtureKind, FixtureStack, PAIR, TYPE, withProps } from "../testing/fixtures";
import { xacctWiringConsistent } from "./xacct-wiring-consistent";

const REFERENCE = "pulumi:pulumi:StackReference";
const STACK = "pulumi:pulumi:Stack";
const check = (resources: ResourceUnderTest[]) => checkStack(xacctWiringConsistent, resources);
const edit = (stack: ResourceUnderTest[], type: string, name: string, property: string, change: (document: any) => void) => withProps(stack, type, name, editDocument(property, change));
const pair = () => fixture("pair");
const OTHER_ROLE = "arn:aws:iam::222222222222:role/other";

describe("xacct-wiring-consistent: the documents of one stack", () => {
  it("passes the direct and internet stacks, exported and at preview", async () => {
    for (const stack of ["direct", "internet"] as FixtureStack[]) {
      for (const kind of ["export", "preview"] as FixtureKind[]) assertPasses(await check(fixture(stack, kind)));
    }
  });

  it("leaves alone what it does not wire: an STS endpoint without a policy, and a bucket policy's Allow to another principal", async () => {
    assertPasses(await check(withProps(pair(), TYPE.vpcEndpoint, "source-endpoints-sts", ({ policy: _p, ...props }) => props)));
    const auditor = edit(pair(), TYPE.bucketPolicy, "target-bucket", "policy", (d) => d.Statement.push({ Sid: "AllowTheAuditorToReadObjects", Effect: "Allow", Principal: { AWS: "arn:aws:iam::222222222222:role/auditor" }, Action: "s3:GetObject", Resource: `arn:aws:s3:::${PAIR.bucket}/*` }));
    assertPasses(await check(auditor));
  });

  it("refuses a transfer role grant that the bucket policy's fences do not cover, whatever action spells the write", async () => {
    // (A wildcard is refused by iam-no-wildcard-actions too, unless pack config allows it; this rule does not rely on that.)
    for (const action of ["s3:PutObject", "s3:*", "*", "S3:PutObject", "s3:Put*", "s3:PutObjec?", "s3:*Object"]) {
      const stack = edit(pair(), TYPE.rolePolicy, "target-transfer-write-prefix", "policy", (d) => d.Statement.push({ Sid: "AllowWritingElsewhere", Effect: "Allow", Action: action, Resource: `arn:aws:s3:::${PAIR.bucket}/other/*` }));
      assertViolates(await check(stack), new RegExp(`^target-bucket does not deny writes to arn:aws:s3:::${PAIR.bucket}/other/\\* from outside the S3 endpoint, though the transfer role may write there`));
    }
    const reads = edit(pair(), TYPE.rolePolicy, "target-transfer-write-prefix", "policy", (d) => d.Statement.push({ Sid: "AllowReadingElsewhere", Effect: "Allow", Action: "s3:GetObject", Resource: `arn:aws:s3:::${PAIR.bucket}/other/*` }));
    assertPasses(await check(reads));
  });

  it("accepts a further endpoint fence on another prefix: the transfer role's writes stay covered by the fence that names them", async () => {
    const archive = edit(pair(), TYPE.bucketPolicy, "target-bucket", "policy", (d) =>
      d.Statement.push({ ...d.Statement[0], Sid: "DenyArchiveWritesThatDoNotComeThroughTheS3Endpoint", Resource: [`arn:aws:s3:::${PAIR.bucket}/archive/*`] }),
    );
    assertPasses(await check(archive));
  });

  it("refuses an S3 endpoint policy naming a role other than the transfer role, or another bucket; accepts the bucket itself", async () => {
    const stranger = edit(pair(), TYPE.vpcEndpoint, "source-endpoints-s3", "policy", (d) => d.Statement[0].Condition.ArnEquals["aws:PrincipalArn"].push(OTHER_ROLE));
    assertViolates(await check(stranger), new RegExp(`^source-endpoints-s3 policy .* names ${OTHER_ROLE}, not the transfer role \\(${PAIR.transferRoleArn}\\)`));
    // (Another bucket opened to the transfer role becomes a transfer bucket, held to the prefix by s3-writes-confined-to-prefix.)
    const elsewhere = edit(pair(), TYPE.vpcEndpoint, "source-endpoints-s3", "policy", (d) => d.Statement.push({ ...d.Statement[0], Sid: "AllowAnotherRole", Resource: "arn:aws:s3:::other-bucket/*", Condition: { ArnEquals: { "aws:PrincipalArn": OTHER_ROLE } } }));
    assertViolates(await check(elsewhere), /^source-endpoints-s3 policy .*AllowAnotherRole.* grants on arn:aws:s3:::other-bucket\/\*, outside the transfer bucket \(xacct-transfer-222222222222-apne1\)/);
    assertPasses(await check(edit(pair(), TYPE.vpcEndpoint, "source-endpoints-s3", "policy", (d) => d.Statement[0].Resource.push(`arn:aws:s3:::${PAIR.bucket}`))));
  });

  it("refuses an STS endpoint policy letting another principal, or anyone, call STS, or assuming another role, or any", async () => {
    const sts = (change: (document: any) => void) => edit(pair(), TYPE.vpcEndpoint, "source-endpoints-sts", "policy", change);
    assertViolates(await check(sts((d) => d.Statement[0].Condition.ArnEquals["aws:PrincipalArn"].push(OTHER_ROLE))), new RegExp(`lets ${PAIR.instanceRoleArn}, ${OTHER_ROLE} call STS, not only the instance role`));
    assertViolates(await check(sts((d) => delete d.Statement[0].Condition)), /^source-endpoints-sts policy .* lets any principal call STS, not only the instance role/);
    assertViolates(await check(sts((d) => d.Statement[0].Resource.push(OTHER_ROLE))), new RegExp(`allows assuming ${PAIR.transferRoleArn}, ${OTHER_ROLE}, not only the transfer role`));
    assertViolates(await check(sts((d) => { delete d.Statement[0].Resource; d.Statement[0].NotResource = OTHER_ROLE; })), /allows assuming any role, not only the transfer role/);
  });

  it("judges a second STS or S3 endpoint spelt as its FIPS variant (sts-fips, S3-FIPS) as that service", async () => {
    const second = (name: string, service: string, policy: object) => {
      const original = pair().find((r) => r.type === TYPE.vpcEndpoint && r.name === name)!;
      return [...pair(), { ...original, name: "fips", props: { ...original.props, id: "vpce-0fffffffffffffff1", serviceName: `com.amazonaws.ap-northeast-1.${service}`, policy: JSON.stringify(policy) } }];
    };
    const assumeOther = { Statement: [{ Sid: "AllowTheInstanceRoleToAssumeAnother", Effect: "Allow", Principal: "*", Action: "sts:AssumeRole", Resource: OTHER_ROLE, Condition: { ArnEquals: { "aws:PrincipalArn": PAIR.instanceRoleArn } } }] };
    for (const service of ["sts-fips", "STS-FIPS", "sts"]) {
      assertViolates(await check(second("source-endpoints-sts", service, assumeOther)), new RegExp(`^fips policy .* allows assuming ${OTHER_ROLE}, not only the transfer role`));
    }
    const writeOther = { Statement: [{ Sid: "AllowTheTransferRoleToWriteAnotherBucket", Effect: "Allow", Principal: "*", Action: "s3:PutObject", Resource: "arn:aws:s3:::other-bucket/*", Condition: { ArnEquals: { "aws:PrincipalArn": PAIR.transferRoleArn } } }] };
    assertViolates(await check(second("source-endpoints-s3", "s3-fips", writeOther)), /^target-bucket statement .* \(aws:SourceVpce\) does not name fips \(vpce-0fffffffffffffff1\)/);
    // Another service whose name merely contains "sts" is not STS.
    assertPasses(await check(second("source-endpoints-sts", "sts-fipsx", { Statement: [] })));
  });

  it("refuses a trust pinning aws:userid to another role's unique id, even one as long as the instance role's", async () => {
    const pinned = edit(pair(), TYPE.role, "target-transfer", "assumeRolePolicy", (d) => (d.Statement[0].Condition.StringLike["aws:userid"] = "AROAOTHERROLEEXAMPLE0:*"));
    assertViolates(await check(pinned), /pins aws:userid to AROAOTHERROLEEXAMPLE0:\*, not the source instance role's unique id/);
  });

  it("at preview, refuses a trust that is unknown and not computed from the STS endpoint and the instance role", async () => {
    const unwired = fixture("pair", "preview").map((r) => (r.type === TYPE.role && r.name === "target-transfer" ? { ...r, propertyDependencies: {} } : r));
    assertViolates(await check(unwired), /^target-transfer assumeRolePolicy is not known yet and is not computed from source-endpoints-sts/, /^target-transfer assumeRolePolicy is not known yet and is not computed from source-instance/);
  });
});

describe("xacct-wiring-consistent: the internet path's fences name exactly the NAT gateway's Elastic IP", () => {
  const internet = (kind: FixtureKind = "export") => fixture("internet", kind);
  const bucketFence = (values: string[]) => edit(internet(), TYPE.bucketPolicy, "target-bucket", "policy", (d) => (d.Statement[0].Condition.NotIpAddress["aws:SourceIp"] = values));

  it("refuses another address or a network beside the Elastic IP in the bucket policy", async () => {
    assertViolates(await check(bucketFence(["203.0.113.45/32", "198.51.100.7"])), /^target-bucket .* names 198\.51\.100\.7, which is not the NAT gateway's Elastic IP \(203\.0\.113\.45\): another way in/);
    assertViolates(await check(bucketFence(["203.0.113.45/32", "203.0.113.0/24"])), /names 203\.0\.113\.0\/24, which is not the NAT gateway's Elastic IP/);
    assertViolates(await check(bucketFence(["198.51.100.7/32"])), /does not name source-internet \(203\.0\.113\.45\): requests from the NAT gateway would be denied/);
  });

  it("refuses a trust without aws:SourceIp, or with another address", async () => {
    const trust = (change: (document: any) => void) => edit(internet(), TYPE.role, "target-transfer", "assumeRolePolicy", change);
    assertViolates(await check(trust((d) => delete d.Statement[0].Condition.IpAddress)), /^target-transfer trust .* has no aws:SourceIp condition: on the internet path the role could be assumed from anywhere/);
    assertViolates(await check(trust((d) => (d.Statement[0].Condition.IpAddress["aws:SourceIp"] = ["198.51.100.7/32"]))), /^target-transfer trust .* \(aws:SourceIp\) does not name source-internet/);
  });

  it("at preview, refuses a literal address before the Elastic IP exists, and an unknown policy not computed from it", async () => {
    const known = fixture("internet").find((r) => r.type === TYPE.bucketPolicy)!;
    const literal = internet("preview").map((r) => (r.type === TYPE.bucketPolicy ? { ...r, props: { ...r.props, policy: known.props.policy }, propertyDependencies: {} } : r));
    assertViolates(await check(literal), /^target-bucket .* names 203\.0\.113\.45\/32 literally, but source-internet has no address yet/);
    const unwired = internet("preview").map((r) => (r.type === TYPE.bucketPolicy ? { ...r, propertyDependencies: {} } : r));
    assertViolates(await check(unwired), /^target-bucket policy is not known yet and is not computed from source-internet: it cannot be checked against the NAT gateway's address/);
  });
});

describe("xacct-wiring-consistent: split stacks", () => {
  const target = (change: (outputs: Record<string, unknown>) => Record<string, unknown>) =>
    fixture("target").map((r) => (r.type === REFERENCE ? { ...r, props: { ...r.props, outputs: change({ ...(r.props.outputs as object) }) } } : r));
  const source = (change: (outputs: Record<string, unknown>) => Record<string, unknown>) =>
    fixture("source").map((r) => (r.type === STACK ? { ...r, props: change({ ...r.props }) } : r));

  it("ignores a secret output that names nothing to judge, and refuses an endpoint id whose output name says no service", async () => {
    assertPasses(await check(target((o) => ({ ...o, uploadCommand: "[secret]" }))));
    assertViolates(await check(target((o) => ({ ...o, logsEndpointId: "vpce-0123456789abcdef0" }))), /^source-stack output logsEndpointId is an endpoint id whose service its name does not say/);
  });

  it("judges the trust's aws:userid pin against the unique id the source exports", async () => {
    assertViolates(await check(target((o) => ({ ...o, instanceRoleUniqueId: "AROAOTHERROLEEXAMPLE0" }))), /pins aws:userid to AROAM1EVPQTTCIUGPQNZ4:\*, not the source instance role's unique id \(AROAOTHERROLEEXAMPLE0\)/);
  });

  it("refuses two StackReferences naming different instance roles, naming both", async () => {
    const reference = fixture("target").find((r) => r.type === REFERENCE)!;
    const second = { ...reference, name: "second", urn: `${reference.urn}-second`, props: { ...reference.props, outputs: { ...(reference.props.outputs as object), instanceRoleArn: "arn:aws:iam::111111111111:role/other" } } };
    assertViolates(await check([...fixture("target"), second]), /^the StackReference outputs name 2 different instance roles \(arn:aws:iam::111111111111:role\/xacct-instance, arn:aws:iam::111111111111:role\/other\)/);
  });

  it("in a source stack without pack config, designates the target half by the stack's own outputs only when it has them", async () => {
    assertPasses(await check(source(({ transferRoleArn: _r, bucketName: _b, ...o }) => o)));
    assertViolates(await check(source((o) => ({ ...o, bucketName: "other-bucket" }))), new RegExp(`^the source stack's documents open the bucket ${PAIR.bucket}, which neither pack config \\(transferBuckets\\) nor the stack's outputs designate \\(other-bucket\\)`));
    const { bucketName: _b, ...withoutName } = (fixture("source").find((r) => r.type === STACK)!.props) as Record<string, unknown>;
    assertViolates(await check(source(() => ({ ...withoutName, bucket: "other-bucket" }))), /open the bucket .* designate \(other-bucket\)/);
  });

  it("refuses a source stack whose documents name transfer roles in two accounts", async () => {
    const two = edit(source(({ transferRoleArn: _r, ...o }) => o), TYPE.rolePolicy, "source-instance-assume-transfer-role", "policy", (d) => d.Statement[0].Resource.push("arn:aws:iam::333333333333:role/xacct-transfer"));
    assertViolates(await check(two), /^the source stack's documents name transfer roles in 2 accounts \(222222222222, 333333333333\)/);
  });
});
