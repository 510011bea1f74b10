import { UNKNOWN } from "../lib/unknowns";
import * as assert from "node:assert/strict";
import { checkStack, ResourceUnderTest, urnOf } from "../testing/harness";
import { assertPasses, assertViolates } from "../testing/expect";
import { editDocument, fixture, GOOD, json, resourceOf, TYPE, withProps } from "../testing/fixtures";
import { vpcEndpointOnlyNetwork } from "./vpc-endpoint-only-network";

const ENDPOINT_POLICY = "aws:ec2/vpcEndpointPolicy:VpcEndpointPolicy";
const S3 = "source-endpoints-s3";
const pair = () => fixture("pair");
const source = () => resourceOf(pair(), TYPE.vpcEndpoint, S3).provider;
const endpointId = (name: string) => String(resourceOf(pair(), TYPE.vpcEndpoint, name).props.id);
const check = (resources: ResourceUnderTest[]) => checkStack(vpcEndpointOnlyNetwork, resources);
/** The pair stack with the S3 endpoint's policy edited. */
const s3Policy = (edit: (document: any) => void) => withProps(pair(), TYPE.vpcEndpoint, S3, editDocument("policy", edit));
const policyResource = (name: string, vpcEndpointId: string, policy: object, extra: Partial<ResourceUnderTest> = {}): ResourceUnderTest => ({ type: ENDPOINT_POLICY, name, props: { vpcEndpointId, policy: json(policy) }, provider: source(), ...extra });
const patternPolicy = () => {
  const document = GOOD.s3EndpointPolicy();
  document.Statement[1].Resource = ["arn:aws:s3:::*/*"];
  return document;
};

describe("vpc-endpoint-only-network: the S3 endpoint's policy names exact buckets", () => {
  it("refuses every bucket, an empty bucket name and NotResource, naming the policy, the statement and the repository buckets to name instead", async () => {
    assertViolates(await check(s3Policy((d) => (d.Statement[1].Resource = "*"))), /^source-endpoints-s3 policy .*AllowReadingTheAmazonLinuxPackageRepositories.* allows \*: a bucket pattern matches buckets anyone can create\. Name the exact buckets \(for the Amazon Linux repositories: al2023-repos-ap-northeast-1-de612dc2, /);
    assertViolates(await check(s3Policy((d) => (d.Statement[1].Resource = "arn:aws:s3:::/*"))), /allows arn:aws:s3:::\/\*: a bucket pattern/);
    assertViolates(await check(s3Policy((d) => { delete d.Statement[0].Resource; d.Statement[0].NotResource = "arn:aws:s3:::nothing/*"; })), /^source-endpoints-s3 policy .* uses NotResource/);
  });

  it("accepts a bucket whose name only contains amazonlinux, for a named principal, and a resource of another service", async () => {
    assertPasses(await check(s3Policy((d) => d.Statement[0].Resource.push("arn:aws:s3:::xacct-amazonlinux-mirror/*", "arn:aws:sqs:ap-northeast-1:111111111111:q"))));
  });

  it("judges a policy attached with a VpcEndpointPolicy resource as the endpoint's own, exported and at preview", async () => {
    assertPasses(await check([...pair(), policyResource("s3-policy", endpointId(S3), GOOD.s3EndpointPolicy())]));
    assertViolates(await check([...pair(), policyResource("s3-policy", endpointId(S3), patternPolicy())]), /^s3-policy policy .* a bucket pattern/);
    const preview = fixture("pair", "preview");
    const wired = policyResource("s3-policy", UNKNOWN, patternPolicy(), { propertyDependencies: { vpcEndpointId: [urnOf(resourceOf(preview, TYPE.vpcEndpoint, S3))] } });
    assertViolates(await check([...preview, wired]), /^s3-policy policy .* a bucket pattern/);
  });

  it("refuses a repository bucket reached with NotAction: only s3:GetObject may be allowed there", async () => {
    assertViolates(await check(s3Policy((d) => { delete d.Statement[1].Action; d.Statement[1].NotAction = "s3:PutObject"; })), /allows more than s3:GetObject on the Amazon Linux repository al2023-repos-ap-northeast-1-/);
  });

  it("treats no bucket as a repository when the endpoint's service name names no region", async () => {
    const regionless = (edit: (document: any) => void) => withProps(s3Policy(edit), TYPE.vpcEndpoint, S3, (p) => ({ ...p, serviceName: "com.amazonaws.s3" }));
    assertViolates(await check(regionless(() => undefined)), /allows al2023-repos-ap-northeast-1-de612dc2, which is not an Amazon Linux repository bucket of the endpoint's region/);
    assertViolates(await check(regionless((d) => (d.Statement[1].Resource = "*"))), /Name the exact buckets \(for the Amazon Linux repositories: their regional names\)/);
    assertViolates(await check(regionless((d) => d.Statement[1].Resource.push("arn:aws:s3:::some-public-dataset/*"))), /read or write some-public-dataset: only the Amazon Linux repository buckets of the endpoint's region may be reached/);
  });

  it("judges bucket names on S3 endpoints only, and leaves a policy unknown at preview to xacct-values-known", async () => {
    assertPasses(await check([...pair(), policyResource("sts-policy", endpointId("source-endpoints-sts"), GOOD.stsEndpointPolicy())]));
    const sqs = { type: TYPE.vpcEndpoint, name: "sqs", props: { id: "vpce-0aaaaaaaaaaaaaaaa", vpcId: resourceOf(pair(), TYPE.vpcEndpoint, S3).props.vpcId, serviceName: "com.amazonaws.ap-northeast-1.sqs", vpcEndpointType: "Interface", privateDnsEnabled: true }, provider: source() };
    assertPasses(await check([...pair(), sqs, policyResource("sqs-policy", "vpce-0aaaaaaaaaaaaaaaa", patternPolicy())]));
    const unknown: ResourceUnderTest = { type: ENDPOINT_POLICY, name: "s3-policy", props: { vpcEndpointId: endpointId(S3), policy: UNKNOWN }, provider: source() };
    assertPasses(await check([...pair(), unknown]));
  });
});

describe("vpc-endpoint-only-network: endpoints of other services stay in the stack's accounts", () => {
  const statement = (extra: object) => ({ Sid: "SendToTheStacksQueue", Effect: "Allow", Principal: "*", Action: "sqs:SendMessage", Resource: "arn:aws:sqs:ap-northeast-1:111111111111:q", ...extra });
  const sqs = (policy?: object): ResourceUnderTest => ({ type: TYPE.vpcEndpoint, name: "sqs", props: { id: "vpce-0aaaaaaaaaaaaaaaa", vpcId: resourceOf(pair(), TYPE.vpcEndpoint, S3).props.vpcId, serviceName: "com.amazonaws.ap-northeast-1.sqs", vpcEndpointType: "Interface", privateDnsEnabled: true, ...(policy ? { policy: json(policy) } : {}) }, provider: source() });

  it("accepts an endpoint with no policy, ARNs with no account, and the stack's account however spelled", async () => {
    assertPasses(await check([...pair(), sqs()]));
    const noAccount = statement({ Resource: ["arn:aws:sqs:ap-northeast-1:111111111111:q", "arn:aws:s3:::xacct-transfer-222222222222-apne1/*", "arn:aws:iam::aws:policy/ReadOnlyAccess"] });
    const ownAccount = statement({ Principal: { AWS: "arn:aws:iam::111111111111:role/123456789012" }, Condition: { StringEquals: { "aws:PrincipalAccount": "111111111111" } } });
    assertPasses(await check([...pair(), sqs({ Statement: [noAccount, ownAccount] })]));
  });

  it("refuses a principal or a bare account id of another account, naming it and the stack's accounts", async () => {
    assertViolates(await check([...pair(), sqs({ Statement: [statement({ Principal: { AWS: "arn:aws:iam::999999999999:root" } })] })]), /^sqs policy .* names "arn:aws:iam::999999999999:root", outside this stack's accounts \([^)]*111111111111[^)]*\)/);
    assertViolates(await check([...pair(), sqs({ Statement: [statement({ Condition: { StringEquals: { "aws:PrincipalAccount": "999999999999" } } })] })]), /names "999999999999", outside/);
  });

  it("accepts an ARN too short to hold an account, a statement with no principal or a service principal, and an ARN in a condition that names no account", async () => {
    const serviceOnly = statement({ Principal: { Service: "sns.amazonaws.com" } });
    const noPrincipal = { Sid: "SendToTheStacksQueue", Effect: "Allow", Action: "sqs:SendMessage", Resource: "arn:aws:sqs" };
    const taggedWithAnArn = statement({ Condition: { StringEquals: { "aws:PrincipalTag/owner": "arn:aws:iam::999999999999:role/owner" } } });
    assertPasses(await check([...pair(), sqs({ Statement: [serviceOnly, noPrincipal, taggedWithAnArn] })]));
  });

  it("names no stack account when no provider pins one", async () => {
    const unpinned = { ...sqs({ Statement: [statement({ Resource: "arn:aws:sqs:ap-northeast-1:999999999999:q" })] }), provider: undefined };
    assertViolates(await check([unpinned]), /outside this stack's accounts \(none pinned\)/);
  });

  it("refuses a principal of another account in a statement with NotResource", async () => {
    const notResource = { Sid: "SendAnywhereButOneQueue", Effect: "Allow", Principal: { AWS: "arn:aws:iam::999999999999:role/r" }, Action: "sqs:SendMessage", NotResource: "arn:aws:sqs:ap-northeast-1:111111111111:q" };
    assertViolates(await check([...pair(), sqs({ Statement: [notResource] })]), /names "arn:aws:iam::999999999999:role\/r", outside/);
  });

  it("leaves the S3 endpoint's policy to the exact checks of xacct-wiring-consistent, attached either way, exported and at preview", async () => {
    const naming = () => {
      const document = GOOD.s3EndpointPolicy();
      document.Statement[0].Condition.StringEquals = { "aws:ResourceAccount": "999999999999" };
      return document;
    };
    assertPasses(await check([...pair(), policyResource("s3-policy", endpointId(S3), naming())]));
    const preview = fixture("pair", "preview");
    const wired = policyResource("s3-policy", UNKNOWN, naming(), { propertyDependencies: { vpcEndpointId: [urnOf(resourceOf(preview, TYPE.vpcEndpoint, S3))] } });
    assertPasses(await check([...preview, wired]));
    assertViolates(await check([...pair(), policyResource("elsewhere-policy", "vpce-0bbbbbbbbbbbbbbbb", naming())]), /^elsewhere-policy policy .* names "999999999999", outside/);
  });

  it("judges a VpcEndpointPolicy of such an endpoint, or of an endpoint the stack does not create", async () => {
    const foreign = { Statement: [statement({ Resource: "arn:aws:sqs:ap-northeast-1:999999999999:q" })] };
    assertViolates(await check([...pair(), sqs(), policyResource("sqs-policy", "vpce-0aaaaaaaaaaaaaaaa", foreign)]), /^sqs-policy policy .* names "arn:aws:sqs:ap-northeast-1:999999999999:q"/);
    assertViolates(await check([...pair(), policyResource("elsewhere-policy", "vpce-0bbbbbbbbbbbbbbbb", foreign)]), /^elsewhere-policy policy .* names "arn:aws:sqs:ap-northeast-1:999999999999:q"/);
  });
});

describe("vpc-endpoint-only-network: one S3 endpoint", () => {
  it("reports the second S3 endpoint only, not the source VPC's own", async () => {
    const second = { type: TYPE.vpcEndpoint, name: "second", props: { id: "vpce-0eeeeeeeeeeeeeeee", vpcId: resourceOf(pair(), TYPE.vpcEndpoint, S3).props.vpcId, serviceName: "com.amazonaws.ap-northeast-1.s3", vpcEndpointType: "Gateway" }, provider: source() };
    const outcome = await check([...pair(), second]);
    assertViolates(outcome, /^second is a second S3 endpoint in the source VPC/);
    assert.deepEqual(outcome.violations.map((v) => v.urn), [urnOf(second)]);
  });
});
