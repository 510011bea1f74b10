import { checkStack, ResourceUnderTest } from "../testing/harness";
import { assertPasses, assertViolates } from "../testing/expect";
import { fixture, resourceOf, TYPE } from "../testing/fixtures";
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
