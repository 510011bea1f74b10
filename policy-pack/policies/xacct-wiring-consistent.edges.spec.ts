/**
 * Edges of xacct-wiring-consistent: what the other half's outputs may hold beside the wiring, fences
 * on the internet path and by organization, bucket policies of other buckets, and the endpoint
 * policies' resources.
 */
import * as assert from "node:assert/strict";
import { checkStack, ResourceUnderTest, runPack } from "../testing/harness";
import { policies } from ".";
import { assertPasses, assertViolates } from "../testing/expect";
import { PAIR, TYPE, editDocument, fanIn, fixture, resourceOf, withProps } from "../testing/fixtures";
import { UNKNOWN } from "../lib/unknowns";
import { xacctWiringConsistent } from "./xacct-wiring-consistent";

const REFERENCE = "pulumi:pulumi:StackReference";
const check = (resources: ResourceUnderTest[]) => checkStack(xacctWiringConsistent, resources);

/** A stack with one more StackReference, modelled on `model`. */
function withReference(stack: ResourceUnderTest[], modelName: string, name: string, outputs: Record<string, unknown>) {
  const model = resourceOf(stack, REFERENCE, modelName);
  return [...stack, { ...model, name, urn: `${model.urn}-${name}`, props: { name: `organization/xacct/${name}`, outputs } }];
}

describe("xacct-wiring-consistent: edges", () => {
  describe("a target's StackReference outputs", () => {
    const target = () => fixture("target");

    it("does not read a list output as an endpoint id, and accepts a second reference exporting only the same S3 endpoint", async () => {
      const listed = target().map((r) => (r.type === REFERENCE ? { ...r, props: { ...r.props, outputs: { ...(r.props.outputs as object), s3EndpointIds: [PAIR.s3EndpointId] } } } : r));
      assertPasses(await check(listed));
      assertPasses(await check(withReference(target(), "source-stack", "endpoints-stack", { s3EndpointId: PAIR.s3EndpointId })));
    });

    it("in a split fan-in target, refuses a reference exporting an STS endpoint or a unique id but no instance role, and two such references naming different S3 endpoints", async () => {
      const split = () => fixture("fanin-target");
      assertViolates(await check(withReference(split(), "team-a-stack", "sts-stack", { stsEndpointId: "vpce-0123456789abcdef0" })), /^sts-stack \(StackReference\) exports endpoints but not one instance role/);
      assertViolates(await check(withReference(split(), "team-a-stack", "id-stack", { instanceRoleUniqueId: "AROAOTHERROLEEXAMPLE0" })), /^id-stack \(StackReference\) exports endpoints but not one instance role/);
      const two = withReference(withReference(split(), "team-a-stack", "one", { s3EndpointId: "vpce-0123456789abcdef0" }), "team-a-stack", "two", { s3EndpointId: "vpce-0123456789abcdef1" });
      assertViolates(await check(two), /name 2 different S3 endpoints of no one source account \(vpce-0123456789abcdef0, vpce-0123456789abcdef1\): a target stack has exactly one source half per source account/, /^one /, /^two /);
    });
  });

  it("on the internet path, refuses a transfer role grant the bucket policy's fences do not cover", async () => {
    const stack = withProps(fixture("internet"), TYPE.rolePolicy, "target-transfer-write-prefix", editDocument("policy", (d) => d.Statement.push({ Sid: "AllowWritingElsewhere", Effect: "Allow", Action: "s3:PutObject", Resource: `arn:aws:s3:::${PAIR.bucket}/other/*` })));
    assertViolates(await check(stack), /^target-bucket does not deny writes to .*\/other\/\* not coming from the NAT gateway's address, though the transfer role may write there/);
  });

  it("with an organization fence, skips a grant whose document is not known yet", async () => {
    const fenced = withProps(fanIn(), TYPE.bucketPolicy, "target-bucket", editDocument("policy", (d) => {
      for (const s of d.Statement.slice(0, 2)) {
        delete s.Condition.StringNotEquals["aws:SourceVpce"];
        s.Condition.StringNotEquals["aws:VpceOrgID"] = ["o-a1b2c3d4e5"];
      }
    }));
    assertPasses(await check(withProps(fenced, TYPE.rolePolicy, "b-target-transfer-write-prefix", (p) => ({ ...p, policy: UNKNOWN }))));
  });

  it("leaves alone the policy of another bucket (e.g. for logs), which has its own rules", async () => {
    const model = resourceOf(fixture("pair"), TYPE.bucketPolicy, "target-bucket");
    const tls = { Version: "2012-10-17", Statement: [{ Sid: "DenyEveryRequestThatDoesNotUseTls", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: ["arn:aws:s3:::logs-bucket", "arn:aws:s3:::logs-bucket/*"], Condition: { Bool: { "aws:SecureTransport": "false" } } }] };
    const logs = { ...model, name: "logs-bucket", urn: `${model.urn}-logs`, props: { ...model.props, bucket: "logs-bucket", policy: JSON.stringify(tls) }, propertyDependencies: {} };
    assertPasses(await check([...fixture("pair"), logs]));
  });

  it("in fan-in, refuses an unpinned write grant of a transfer role trusted by no tenant: it has no S3 endpoint of its own", async () => {
    const orphan = withProps(withProps(fanIn(), TYPE.role, "b-target-transfer", editDocument("assumeRolePolicy", (d) => (d.Statement[0].Principal.AWS = "arn:aws:iam::444444444444:role/xacct-instance"))),
      TYPE.rolePolicy, "b-target-transfer-write-prefix", editDocument("policy", (d) => delete d.Statement[0].Condition));
    assertViolates(await check(orphan), /^b-target-transfer trust .* trusts arn:aws:iam::444444444444/, /^b-target-transfer policy .* grants writes without pinning aws:SourceVpce to its own source's S3 endpoint \(none\)/);
  });

  it("at the internet path's preview, names the literal addresses of a fence written before the Elastic IP exists, or says it names none", async () => {
    const known = resourceOf(fixture("internet"), TYPE.bucketPolicy, "target-bucket");
    const literal = (addresses: string[]) => fixture("internet", "preview").map((r) => (r.type === TYPE.bucketPolicy
      ? { ...r, props: { ...r.props, policy: editDocument("policy", (d) => (d.Statement[0].Condition.NotIpAddress["aws:SourceIp"] = addresses))(known.props).policy }, propertyDependencies: {} }
      : r));
    assertViolates(await check(literal(["203.0.113.45/32", "198.51.100.7/32"])), /names 203\.0\.113\.45\/32, 198\.51\.100\.7\/32 literally, but source-internet has no address yet/);
    assertViolates(await check(literal([])), /names no address literally, but source-internet has no address yet/);
  });

  it("at the direct pattern's preview, refuses a known grant naming no endpoint before the endpoint exists", async () => {
    const known = resourceOf(fixture("direct"), TYPE.bucketPolicy, "target-bucket");
    const literal = fixture("direct", "preview").map((r) => (r.type === TYPE.bucketPolicy ? { ...r, props: { ...r.props, policy: known.props.policy }, propertyDependencies: {} } : r));
    const unpinned = withProps(literal, TYPE.bucketPolicy, "target-bucket", editDocument("policy", (d) => {
      for (const s of d.Statement) if (s.Effect === "Allow" && s.Condition) for (const op of Object.keys(s.Condition)) delete s.Condition[op]["aws:SourceVpce"];
    }));
    assertViolates(await check(unpinned), /names no endpoint literally, but source-endpoints-s3 is not created yet/);
  });
});

describe("xacct-wiring-consistent: endpoint policies and pack config", () => {
  const OUTSIDE = "arn:aws:iam::222222222222:role/xacct-transfer-outside";
  const config = { "xacct-wiring-consistent": { transferRoleArns: [OUTSIDE] } };

  it("refuses an S3 endpoint policy granting the transfer role on NotResource: everything else, outside the transfer bucket", async () => {
    const stack = withProps(fixture("pair"), TYPE.vpcEndpoint, "source-endpoints-s3", editDocument("policy", (d) => {
      d.Statement[0].NotResource = "arn:aws:s3:::other-bucket/*";
      delete d.Statement[0].Resource;
    }));
    assertViolates(await check(stack), /^source-endpoints-s3 policy .* grants on everything but arn:aws:s3:::other-bucket\/\* \(NotResource\), outside the transfer bucket/);
  });

  it("refuses an S3 endpoint policy grant with no Resource at all: every resource, outside the transfer bucket", async () => {
    const stack = withProps(fixture("pair"), TYPE.vpcEndpoint, "source-endpoints-s3", editDocument("policy", (d) => delete d.Statement[0].Resource));
    assertViolates(await check(stack), /^source-endpoints-s3 policy .* grants on every resource \(no Resource\), outside the transfer bucket/);
  });

  it("leaves an S3 endpoint policy's NotPrincipal grant, which names no principal it could compare, to the rules refusing NotPrincipal", async () => {
    const notPrincipal = { Sid: "AllowEveryoneButTheInstanceRole", Effect: "Allow", NotPrincipal: { AWS: PAIR.instanceRoleArn }, Action: "s3:PutObject", Resource: `arn:aws:s3:::${PAIR.bucket}/*` };
    const stack = withProps(fixture("pair"), TYPE.vpcEndpoint, "source-endpoints-s3", editDocument("policy", (d) => d.Statement.push(notPrincipal)));
    assertPasses(await check(stack));
    const refusedBy = new Set((await runPack(policies, stack)).violations.map((v) => v.policy));
    assert.ok(refusedBy.has("iam-no-not-elements-in-allow"), [...refusedBy].join(", "));
  });

  it("in fan-in, lets a tenant's endpoint policies name a transfer role pack config designates outside the stack", async () => {
    const s3 = withProps(fanIn(), TYPE.vpcEndpoint, "source-endpoints-s3", editDocument("policy", (d) => d.Statement[0].Condition.ArnEquals["aws:PrincipalArn"].push(OUTSIDE)));
    assertPasses(await checkStack(xacctWiringConsistent, s3, config));
    const sts = withProps(fanIn(), TYPE.vpcEndpoint, "source-endpoints-sts", editDocument("policy", (d) => d.Statement[0].Resource.push(OUTSIDE)));
    assertPasses(await checkStack(xacctWiringConsistent, sts, config));
    assertViolates(await check(s3), new RegExp(`names ${OUTSIDE}, not the transfer role`));
  });
});

describe("xacct-wiring-consistent: what designates the target half of a source stack", () => {
  const STACK = "pulumi:pulumi:Stack";
  const source = (change: (outputs: Record<string, unknown>) => Record<string, unknown>) =>
    fixture("source").map((r) => (r.type === STACK ? { ...r, props: change({ ...r.props }) } : r));

  it("reads only a string output named for the transfer role, and only bucket outputs holding a bucket name", async () => {
    // Without those outputs nothing designates the target half: nothing to compare with.
    assertPasses(await check(source(({ transferRoleArn: r, ...o }) => ({ ...o, transferRoleArns: [r] }))));
    for (const extra of [{ logsBucket: "logs-bucket" }, { bucketRegion: "ap-northeast-1" }, { bucketName: `s3://${PAIR.bucket}` }, { bucketName: `${PAIR.bucket}/` }]) {
      assertPasses(await check(source(({ bucketName: _b, ...o }) => ({ ...o, ...extra }))));
    }
    assertViolates(await check(source((o) => ({ ...o, bucketName: "other-bucket" }))), /open the bucket .* designate \(other-bucket\)/);
  });

  it("reports on the instance role", async () => {
    const result = await check(source((o) => ({ ...o, bucketName: "other-bucket" })));
    assertViolates(result, /open the bucket/);
    for (const v of result.violations) if (v.urn !== resourceOf(fixture("source"), TYPE.role, "source-instance").urn) throw new Error(`reported on ${v.urn}`);
  });
});

it("xacct-wiring-consistent: does not judge an aws:userid pin against an instance role whose unique id is not known", async () => {
  assertPasses(await check(withProps(fixture("pair"), TYPE.role, "source-instance", (p) => ({ ...p, uniqueId: UNKNOWN }))));
  assertPasses(await check(withProps(fixture("pair"), TYPE.role, "source-instance", ({ uniqueId: _u, ...p }) => p)));
});

it("xacct-wiring-consistent: refuses a trust letting in any principal (Principal \"*\"), even with the instance role's conditions", async () => {
  const anyone = withProps(fixture("pair"), TYPE.role, "target-transfer", editDocument("assumeRolePolicy", (d) => (d.Statement[0].Principal = "*")));
  assertViolates(await check(anyone), /^target-transfer trust .* trusts \*, not the instance role/);
  const beside = withProps(fixture("pair"), TYPE.role, "target-transfer", editDocument("assumeRolePolicy", (d) => (d.Statement[0].Principal = { AWS: [PAIR.instanceRoleArn, "*"] })));
  assertViolates(await check(beside), /^target-transfer trust .* trusts \*, not the instance role/);
});

it("xacct-wiring-consistent: in a split fan-in target, a reference exporting two instance roles belongs to no one source account", async () => {
  const double = withReference(fixture("fanin-target"), "team-a-stack", "double-stack", { instanceRoleArn: "arn:aws:iam::666666666666:role/xacct-instance", otherInstanceRoleArn: "arn:aws:iam::777777777777:role/xacct-instance" });
  assertViolates(await check(double), /name 2 different instance roles of no one source account \(arn:aws:iam::666666666666:role\/xacct-instance, arn:aws:iam::777777777777:role\/xacct-instance\)/);
});

it("xacct-wiring-consistent: refuses a transfer role write grant on NotResource, which the bucket policy's fences cannot cover", async () => {
  const stack = withProps(fixture("pair"), TYPE.rolePolicy, "target-transfer-write-prefix", editDocument("policy", (d) => d.Statement.push({ Sid: "AllowWritingAnywhereElse", Effect: "Allow", Action: "s3:PutObject", NotResource: "arn:aws:s3:::other-bucket/*" })));
  assertViolates(await check(stack), /^target-bucket does not deny writes to \* from outside the S3 endpoint, though the transfer role may write there/);
});

it("xacct-wiring-consistent: judges a direct grant naming the instance role beside another principal", async () => {
  const stack = withProps(fixture("direct"), TYPE.bucketPolicy, "target-bucket", editDocument("policy", (d) => {
    d.Statement[0].Principal = { AWS: [PAIR.instanceRoleArn, "arn:aws:iam::111111111111:role/other"] };
    d.Statement[0].Condition.StringLike = { ...d.Statement[0].Condition.StringLike, "aws:userid": "AROAOTHERROLEEXAMPLE00:*" };
  }));
  assertViolates(await check(stack), /pins aws:userid to AROAOTHERROLEEXAMPLE00:\*, not the source instance role's unique id/);
});

it("xacct-wiring-consistent: passes a stack holding no half of the transfer (only a bucket)", async () => {
  assertPasses(await check(fixture("pair").filter((r) => r.type === TYPE.bucket || r.type === "pulumi:providers:aws")));
});
