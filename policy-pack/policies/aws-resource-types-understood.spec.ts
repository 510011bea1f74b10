import * as assert from "node:assert/strict";
import { checkStack, ResourceUnderTest, stackResources, urnOf } from "../testing/harness";
import { assertPasses, assertViolates } from "../testing/expect";
import { fixture, PAIR, resourceOf, TYPE } from "../testing/fixtures";
import { UNKNOWN } from "../lib/unknowns";
import { awsResourceTypesUnderstood } from "./aws-resource-types-understood";

const target = () => resourceOf(fixture("pair"), TYPE.bucket, "target-bucket").provider;
const add = (...extra: ResourceUnderTest[]) => [...fixture("pair"), ...extra];

describe("aws-resource-types-understood", () => {
  it("passes the shipped stacks and ordinary resources (a log group)", async () => {
    for (const stack of ["pair", "source", "target"] as const) assertPasses(await checkStack(awsResourceTypesUnderstood, fixture(stack, "preview")));
    assertPasses(await checkStack(awsResourceTypesUnderstood, add({ type: "aws:cloudwatch/logGroup:LogGroup", name: "logs", props: { name: "/xacct" }, provider: target() })));
  });

  it("refuses types that grant, share or open, in aws:, aws-native: and command: packages, naming the type and the review knob", async () => {
    for (const type of ["aws:s3/accessPoint:AccessPoint", "aws:iam/groupMembership:GroupMembership", "aws:kms/grant:Grant", "aws:ram/resourceShare:ResourceShare", "aws:ec2/egressOnlyInternetGateway:EgressOnlyInternetGateway", "aws:ec2/internetGatewayAttachment:InternetGatewayAttachment", "aws:ec2transitgateway/vpcAttachment:VpcAttachment", "aws:lambda/permission:Permission", "aws:s3/bucketAclV2:BucketAclV2", "aws-native:iam:Role", "aws-native:s3:MultiRegionAccessPoint", "command:local:Command"]) {
      const type_ = type.replace(/[/]/g, "\\/");
      assertViolates(await checkStack(awsResourceTypesUnderstood, add({ type, name: "x", props: {}, provider: target() })), new RegExp(`is a ${type_}.*reviewedTypes`));
    }
  });

  it("refuses other provider packages' custom resources (bridged, dynamic), Cloud Control, Identity Center, Backup, client VPN and aws-native EC2 network types", async () => {
    const via = (pkg: string) => ({ name: "default", type: `pulumi:providers:${pkg}`, props: {} });
    for (const [type, provider] of [["awscc:index/s3BucketPolicy:S3BucketPolicy", via("awscc")], ["pulumi-nodejs:dynamic:Resource", via("pulumi-nodejs")], ["pulumi-python:dynamic:Resource", via("pulumi-python")], ["aws:cloudcontrol/resource:Resource", target()], ["aws-native:sso:Assignment", target()], ["aws:ssoadmin/accountAssignment:AccountAssignment", target()], ["aws:backup/selection:Selection", target()], ["aws:ec2clientvpn/endpoint:Endpoint", target()], ["aws:networkfirewall/firewall:Firewall", target()], ["aws-native:ec2:Route", target()], ["aws-native:ec2:SecurityGroupEgress", target()], ["aws-native:ec2:Instance", target()], ["aws-native:ec2:VPCGatewayAttachment", target()], ["aws:ec2/instanceConnectEndpoint:InstanceConnectEndpoint", target()], ["aws:route53/resolverRule:ResolverRule", target()], ["aws:verifiedaccess/endpoint:Endpoint", target()], ["aws:ec2/trafficMirrorSession:TrafficMirrorSession", target()], ["aws:dms/endpoint:Endpoint", target()]] as const) {
      assertViolates(await checkStack(awsResourceTypesUnderstood, add({ type, name: "x", props: {}, provider })), new RegExp(`is a ${type.replace(/[/]/g, "\\/")}.*reviewedTypes`));
    }
    for (const pkg of ["random", "tls", "time"]) assertPasses(await checkStack(awsResourceTypesUnderstood, add({ type: `${pkg}:index/x:X`, name: "x", props: {}, provider: via(pkg) })));
    assertPasses(await checkStack(awsResourceTypesUnderstood, add({ type: "acme:app:Service", name: "component", props: {}, provider: null })));
    assertPasses(await checkStack(awsResourceTypesUnderstood, add({ type: "aws-native:ec2:KeyPair", name: "k", props: {}, provider: target() })));
  });

  it("refuses an ordinary type that carries a resource policy inline (an SQS queue's policy), and CloudFormation stacks", async () => {
    assertViolates(await checkStack(awsResourceTypesUnderstood, add({ type: "aws:sqs/queue:Queue", name: "q", props: { policy: "{}" }, provider: target() })), /carries a resource policy inline \(policy\)/);
    assertPasses(await checkStack(awsResourceTypesUnderstood, add({ type: "aws:sqs/queue:Queue", name: "q", props: { name: "q" }, provider: target() })));
    assertViolates(await checkStack(awsResourceTypesUnderstood, add({ type: "aws:cloudformation/stack:Stack", name: "cfn", props: {}, provider: target() })), /cloudformation family/);
  });

  it("lets a reviewed type through, by its exact token only", async () => {
    const share = { type: "aws:ram/resourceShare:ResourceShare", name: "share", props: {}, provider: target() };
    assertPasses(await checkStack(awsResourceTypesUnderstood, add(share), { "aws-resource-types-understood": { reviewedTypes: ["aws:ram/resourceShare:ResourceShare"] } }));
    assertViolates(await checkStack(awsResourceTypesUnderstood, add(share), { "aws-resource-types-understood": { reviewedTypes: ["aws:ram/resourcePolicy:ResourcePolicy"] } }), /not judge/);
  });

  it("judges attachments by what they attach: AWS managed or foreign policies only when reviewed, the stack's own policies always", async () => {
    const attach = (policyArn: string) => ({ type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment", name: "a", props: { role: "xacct-transfer", policyArn }, provider: target() });
    assertViolates(await checkStack(awsResourceTypesUnderstood, add(attach("arn:aws:iam::aws:policy/AdministratorAccess"))), /AdministratorAccess, an AWS managed policy/);
    assertPasses(await checkStack(awsResourceTypesUnderstood, add(attach("arn:aws:iam::aws:policy/ReadOnlyAccess")), { "aws-resource-types-understood": { reviewedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] } }));
    const own = { type: "aws:iam/policy:Policy", name: "own", props: { name: "own", policy: "{}" }, provider: target() };
    assertPasses(await checkStack(awsResourceTypesUnderstood, add(own, attach("arn:aws:iam::222222222222:policy/own"))));
    const roleWithManaged = fixture("pair").map((r) => (r.type === TYPE.role && r.name === "target-transfer" ? { ...r, props: { ...r.props, managedPolicyArns: ["arn:aws:iam::aws:policy/AmazonS3FullAccess"] } } : r));
    assertViolates(await checkStack(awsResourceTypesUnderstood, roleWithManaged), /AmazonS3FullAccess/);
  });

  it("refuses a bucket's inline ACL, policy or replication, and endpoint types it does not judge", async () => {
    const inline = fixture("pair").map((r) => (r.type === TYPE.bucket ? { ...r, props: { ...r.props, acl: "public-read", policy: "{}" } } : r));
    assertViolates(await checkStack(awsResourceTypesUnderstood, inline), /inline acl/, /inline policy/);
    const gwlb = { type: TYPE.vpcEndpoint, name: "gwlb", props: { vpcEndpointType: "GatewayLoadBalancer", serviceName: "com.amazonaws.vpce.x" }, provider: target() };
    assertViolates(await checkStack(awsResourceTypesUnderstood, add(gwlb)), /GatewayLoadBalancer VPC endpoint/);
  });
});

describe("aws-resource-types-understood: what counts as set, attached or logged", () => {
  const rule = awsResourceTypesUnderstood;
  const withBucket = (props: Record<string, any>, type: string = TYPE.bucket) => [...fixture("pair"), { type, name: "extra", props: { bucket: "xacct-extra", ...props }, provider: target() }];
  const attach = (policyArn: unknown, propertyDependencies?: Record<string, string[]>) => ({ type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment", name: "a", props: { role: "xacct-transfer", policyArn }, provider: target(), propertyDependencies });
  const policyUrn = "urn:pulumi:test::xacct::aws:iam/policy:Policy::own";
  const own = { type: "aws:iam/policy:Policy", name: "own", urn: policyUrn, props: { name: "own", policy: "{}" }, provider: target() };
  const roleUrn = urnOf(resourceOf(fixture("pair"), TYPE.role, "target-transfer"));

  it("treats empty, null and private inline settings as unset, and refuses them once they hold something", async () => {
    assertPasses(await checkStack(rule, withBucket({ acl: "private", policy: "", grants: [], website: {}, logging: null, corsRules: [], objectLockEnabled: false, objectLockConfiguration: { rule: null } })));
    assertPasses(await checkStack(rule, withBucket({ acl: "private" }, "aws:s3/bucketV2:BucketV2")));
    assertPasses(await checkStack(rule, add({ type: "aws-native:opensearchservice:Domain", name: "d", props: { accessPolicies: {} }, provider: target() })));
    assertViolates(await checkStack(rule, withBucket({ acl: "private", policy: "{}" })), /inline policy/);
    assertViolates(await checkStack(rule, withBucket({ acl: "public-read" }, "aws:s3/bucketV2:BucketV2")), /inline acl/);
    assertViolates(await checkStack(rule, withBucket({ grants: [{ type: "Group", permissions: ["READ"] }], website: { indexDocument: "index.html" } })), /inline grants/, /inline website/);
    assertViolates(await checkStack(rule, withBucket({ objectLockEnabled: true, objectLockConfiguration: { rule: null } })), /inline objectLockConfiguration/);
    assertViolates(await checkStack(rule, withBucket({ objectLockEnabled: false, objectLockConfiguration: { rule: { defaultRetention: { mode: "GOVERNANCE", days: 1 } } } })), /inline objectLockConfiguration/);
    const domain = (accessPolicies: unknown) => add({ type: "aws-native:opensearchservice:Domain", name: "d", props: { accessPolicies }, provider: target() });
    assertViolates(await checkStack(rule, domain({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "es:*" }] })), /inline \(accessPolicies\)/);
    // Fail closed: a malformed (non-document) value in a policy property is not taken for "unset".
    assertViolates(await checkStack(rule, domain(1)), /inline \(accessPolicies\)/);
  });

  it("does not judge the stack's outputs as resources, however they are named", async () => {
    const stack = fixture("pair").map((r) => (r.type === "pulumi:pulumi:Stack" ? { ...r, props: { ...r.props, policy: "{\"Statement\":[]}", managedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"], vpcEndpointType: "GatewayLoadBalancer" } } : r));
    assertPasses(await checkStack(rule, stack));
  });

  it("knows the stack's own policies by ARN or by name and path, and nothing else by those names", async () => {
    const unpinned = { name: "other", props: {} };
    assertPasses(await checkStack(rule, add({ ...own, props: { arn: "arn:aws:iam::333333333333:policy/own" }, provider: unpinned }, attach("arn:aws:iam::333333333333:policy/own"))));
    assertPasses(await checkStack(rule, add({ ...own, props: { name: "own", path: "/team/", policy: "{}" } }, attach("arn:aws:iam::222222222222:policy/team/own"))));
    // In GovCloud (or China) the policy's ARN is in that partition, before the policy exists too.
    const gov = { name: "gov", props: { allowedAccountIds: ["222222222222"], region: "us-gov-west-1" } };
    assertPasses(await checkStack(rule, add({ ...own, provider: gov }, { ...attach("arn:aws-us-gov:iam::222222222222:policy/own"), provider: gov })));
    assertViolates(await checkStack(rule, add({ ...own, provider: gov }, { ...attach("arn:aws:iam::222222222222:policy/own"), provider: gov })), /not in this stack/);
    // A policy named like a role of the stack is not one of its policies.
    assertViolates(await checkStack(rule, add(attach("arn:aws:iam::222222222222:policy/xacct-transfer"))), /a policy that is not in this stack/);
    // A customer policy whose path mimics an AWS managed ARN is not called AWS managed.
    const mimic = await checkStack(rule, add(attach("arn:aws:iam::333333333333:policy/arn:aws:iam::aws:policy/AdministratorAccess")));
    assertViolates(mimic, /a policy that is not in this stack/);
    assert.ok(!mimic.violations.some((v) => /an AWS managed policy/.test(v.message)));
  });

  it("accepts an unknown policy ARN only when it is computed from a managed policy of this stack", async () => {
    assertPasses(await checkStack(rule, add(own, attach(UNKNOWN, { policyArn: [policyUrn] }))));
    assertViolates(await checkStack(rule, add(own, attach(UNKNOWN, { policyArn: [roleUrn] }))), /ARN is unknown/);
    const role = (managedPolicyArns: unknown, deps?: string[]) => [own, ...fixture("pair").map((r) => (r.type === TYPE.role && r.name === "target-transfer" ? { ...r, props: { ...r.props, managedPolicyArns }, propertyDependencies: { ...r.propertyDependencies, ...(deps ? { managedPolicyArns: deps } : {}) } } : r))];
    assertPasses(await checkStack(rule, role(UNKNOWN, [roleUrn, policyUrn])));
    assertPasses(await checkStack(rule, role([UNKNOWN], [policyUrn])));
    assertViolates(await checkStack(rule, role(UNKNOWN)), /ARN is unknown/);
  });

  it("accepts endpoints of the default (Gateway) or an unknown type", async () => {
    assertPasses(await checkStack(rule, add({ type: TYPE.vpcEndpoint, name: "e", props: { serviceName: "com.amazonaws.eu-west-1.s3" }, provider: target() })));
    assertPasses(await checkStack(rule, add({ type: TYPE.vpcEndpoint, name: "e", props: { serviceName: "com.amazonaws.eu-west-1.s3", vpcEndpointType: UNKNOWN }, provider: target() })));
  });

  it("accepts access logs only into a bucket of this stack in the same account", async () => {
    const logging = (type: string, targetBucket: unknown, deps?: string[]) => ({ type, name: "logs", props: { bucket: PAIR.bucket, targetBucket }, provider: target(), propertyDependencies: deps ? { targetBucket: deps } : undefined });
    const v2 = { type: "aws:s3/bucketV2:BucketV2", name: "logs-bucket", props: { bucket: "xacct-logs" }, provider: target() };
    assertPasses(await checkStack(rule, add(v2, logging("aws:s3/bucketLoggingV2:BucketLoggingV2", "xacct-logs"))));
    assertViolates(await checkStack(rule, add(logging("aws:s3/bucketLogging:BucketLogging", "elsewhere-logs"))), /access logs to "elsewhere-logs"/);
    // The stack's bucket in the target account does not take the source account's logs.
    const fromSource = { ...logging("aws:s3/bucketLoggingV2:BucketLoggingV2", PAIR.bucket), provider: resourceOf(fixture("pair"), TYPE.role, "source-instance").provider };
    assertViolates(await checkStack(rule, add(fromSource)), /not a bucket of this stack in the same account/);
    // A bucket policy for a foreign bucket does not make that bucket one of this stack's.
    const foreignPolicy = { type: TYPE.bucketPolicy, name: "foreign", props: { bucket: "elsewhere-logs", policy: "{}" }, provider: target() };
    assertViolates(await checkStack(rule, add(foreignPolicy, logging("aws:s3/bucketLoggingV2:BucketLoggingV2", "elsewhere-logs"))), /access logs to "elsewhere-logs"/);
    const bucketUrn = urnOf(resourceOf(fixture("pair"), TYPE.bucket, "target-bucket"));
    assertPasses(await checkStack(rule, add(logging("aws:s3/bucketLoggingV2:BucketLoggingV2", UNKNOWN, [bucketUrn, roleUrn]))));
    assertViolates(await checkStack(rule, add(logging("aws:s3/bucketLoggingV2:BucketLoggingV2", UNKNOWN, [roleUrn]))), /unknown and not computed from this stack's buckets/);
  });

  it("refuses a pattern in its allow-lists even when the config bypassed schema validation", async () => {
    const messages: string[] = [];
    const config = { reviewedTypes: ["aws:ram/*:*"], reviewedPolicyArns: ["arn:aws:iam::aws:policy/*"] };
    await rule.validateStack({ resources: stackResources(fixture("pair")), stackTags: new Map(), getConfig: <T>() => config as T, notApplicable: () => { throw new Error("not applicable"); } }, (m) => { messages.push(m); });
    assert.equal(messages.filter((m) => /a pattern: allow-lists take exact values only/.test(m)).length, 2, messages.join("\n"));
  });
});
