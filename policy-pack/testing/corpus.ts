/**
 * The pack's adversarial corpus: single edits of the good `pair` stack export. A bypass is an
 * edit that is insecure under AWS's real semantics and must be refused by the rule named; a
 * harmless addition is an ordinary change that must be accepted. Each case changes one thing.
 */
import { PAIR, TYPE, editDocument, fixture, resourceOf, withProps } from "./fixtures";
import { PackConfig, ResourceUnderTest } from "./harness";

export interface CorpusCase {
  name: string;
  /** The rule that must refuse it; undefined: it must be accepted. */
  refusedBy?: string;
  /** Pack config the case is judged under (e.g. a type reviewed and allowed by config). */
  config?: PackConfig;
  edit: (resources: ResourceUnderTest[]) => ResourceUnderTest[];
}

const T = {
  ...TYPE,
  managedPolicy: "aws:iam/policy:Policy",
  rolePolicyAttachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  group: "aws:iam/group:Group",
  groupPolicy: "aws:iam/groupPolicy:GroupPolicy",
  user: "aws:iam/user:User",
  groupMembership: "aws:iam/groupMembership:GroupMembership",
  accessPoint: "aws:s3/accessPoint:AccessPoint",
  kmsKey: "aws:kms/key:Key",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  publicAccessBlock: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
  ownershipControls: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
  encryption: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  versioning: "aws:s3/bucketVersioning:BucketVersioning",
  oidcProvider: "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
  nativeRole: "aws-native:iam:Role",
};

const OTHER_ACCOUNT = "333333333333";
const SSM_CORE = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore";
const BUCKET_ARN = () => `arn:aws:s3:::${PAIR.bucket}`;
const PREFIX_OBJECTS = () => `${BUCKET_ARN()}/example/*`;
const GITHUB = `arn:aws:iam::${"222222222222"}:oidc-provider/token.actions.githubusercontent.com`;

/** A resource deployed with the pair stack's provider for `side`. */
function on(side: "source" | "target", resource: Omit<ResourceUnderTest, "provider">): ResourceUnderTest {
  const pattern = side === "source" ? resourceOf(fixture("pair"), TYPE.role, "source-instance") : resourceOf(fixture("pair"), TYPE.role, "target-transfer");
  return { ...resource, provider: pattern.provider, urn: `urn:pulumi:pair::xacct::${resource.type}::${resource.name}` };
}

/** A resource of another provider package, deployed through that package's provider. */
function via(pkg: string, resource: Omit<ResourceUnderTest, "provider">): ResourceUnderTest {
  const type = `pulumi:providers:${pkg}`;
  return { ...resource, provider: { name: "default", type, urn: `urn:pulumi:pair::xacct::${type}::default`, props: {} }, urn: `urn:pulumi:pair::xacct::${resource.type}::${resource.name}` };
}

const targetProvider = (change: (p: Record<string, any>) => Record<string, any>) => (r: ResourceUnderTest[]) => withProps(r, "pulumi:providers:aws", "target", change);

const bucketKey = (kmsMasterKeyId: string, sseAlgorithm = "aws:kms") => (r: ResourceUnderTest[]) =>
  withProps(r, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "target-bucket", (p) => ({ ...p, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm, kmsMasterKeyId }, bucketKeyEnabled: true }] }));

/** The workload instance in the pair's first private subnet, hardened; `change` edits its props. */
const workload = (change: (p: Record<string, any>) => Record<string, any> = (p) => p) => (r: ResourceUnderTest[]) => add(on("source", {
  type: "aws:ec2/instance:Instance",
  name: "workload",
  props: change({
    ami: "ami-0123456789abcdef0",
    instanceType: "t4g.micro",
    subnetId: resourceOf(r, "aws:ec2/subnet:Subnet", "source-network-private-0").props.id,
    vpcSecurityGroupIds: [resourceOf(r, "aws:ec2/securityGroup:SecurityGroup", "source-endpoints-workload").props.id],
    iamInstanceProfile: "xacct-instance",
    associatePublicIpAddress: false,
    metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
    rootBlockDevice: { encrypted: true, volumeType: "gp3" },
  }),
}))(r);

/** An aws-native provider pinned to the source account. */
const NATIVE_SOURCE = { name: "source-native", type: "pulumi:providers:aws-native", urn: "urn:pulumi:pair::xacct::pulumi:providers:aws-native::source-native", props: { allowedAccountIds: ["111111111111"], region: "ap-northeast-1" } };

const add = (...extra: ResourceUnderTest[]) => (resources: ResourceUnderTest[]) => [...resources, ...extra];
const doc = (...Statement: object[]) => JSON.stringify({ Version: "2012-10-17", Statement });
const trustService = (service: string) => doc({ Sid: "AllowTheServiceToAssumeTheRole", Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" });

function roleWithPolicy(side: "source" | "target", name: string, trust: string, policy: string): ResourceUnderTest[] {
  return [
    on(side, { type: T.role, name, props: { name, assumeRolePolicy: trust } }),
    on(side, { type: T.rolePolicy, name: `${name}-policy`, props: { role: name, name: "policy", policy } }),
  ];
}
const lambdaWith = (side: "source" | "target", ...statements: object[]) => add(...roleWithPolicy(side, "app-lambda", trustService("lambda.amazonaws.com"), doc(...statements)));

const edit = (type: string, name: string, property: string, change: (d: any) => void) => (r: ResourceUnderTest[]) => withProps(r, type, name, editDocument(property, change));
const transferPolicy = (change: (d: any) => void) => edit(T.rolePolicy, "target-transfer-write-prefix", "policy", change);
const instancePolicy = (change: (d: any) => void) => edit(T.rolePolicy, "source-instance-assume-transfer-role", "policy", change);
const transferTrust = (change: (d: any) => void) => edit(T.role, "target-transfer", "assumeRolePolicy", change);
const bucketPolicy = (change: (d: any) => void) => edit(T.bucketPolicy, "target-bucket", "policy", change);
const s3EndpointPolicy = (change: (d: any) => void) => edit(T.vpcEndpoint, "source-endpoints-s3", "policy", change);
const stsEndpointPolicy = (change: (d: any) => void) => edit(T.vpcEndpoint, "source-endpoints-sts", "policy", change);
const fence = (d: any) => d.Statement.find((s: any) => s.Sid === "DenyWritesIntoThePrefixThatDoNotComeThroughTheS3Endpoint");
const tls = (d: any) => d.Statement.find((s: any) => s.Sid === "DenyEveryRequestThatDoesNotUseTls");
const dropStatement = (sid: string) => bucketPolicy((d) => {
  d.Statement = d.Statement.filter((s: any) => s.Sid !== sid);
});

/** A second bucket with every guard on, and (by default) a bucket policy that only refuses plain HTTP. */
function hardenedLogsBucket(bucket = "xacct-logs-222222222222-apne1", withPolicy = true): ResourceUnderTest[] {
  const arn = `arn:aws:s3:::${bucket}`;
  const name = bucket.split("-")[1];
  const all = [
    { ...on("target", { type: T.bucket, name: "logs", props: { bucket, forceDestroy: false, id: bucket, arn } }), opts: { protect: true } },
    on("target", { type: T.publicAccessBlock, name: "logs", props: { bucket, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true } }),
    on("target", { type: T.ownershipControls, name: "logs", props: { bucket, rule: { objectOwnership: "BucketOwnerEnforced" } } }),
    on("target", { type: T.encryption, name: "logs", props: { bucket, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] } }),
    on("target", { type: T.versioning, name: "logs", props: { bucket, versioningConfiguration: { status: "Enabled" } } }),
    on("target", {
      type: T.bucketPolicy,
      name: "logs",
      props: { bucket, policy: doc({ Sid: "DenyEveryRequestThatDoesNotUseTls", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [arn, `${arn}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } } }) },
    }),
  ];
  return (withPolicy ? all : all.slice(0, -1)).map((r) => ({ ...r, name, urn: `urn:pulumi:pair::xacct::${r.type}::${name}` }));
}

/** The weakenings the pack has refused since it was written (issue 5), on the pair export. */
export const WEAKENINGS: CorpusCase[] = [
  { name: "bucket policy without the S3 endpoint deny", refusedBy: "s3-bucket-policy-requires-vpce", edit: dropStatement("DenyWritesIntoThePrefixThatDoNotComeThroughTheS3Endpoint") },
  { name: "bucket policy without the TLS deny", refusedBy: "s3-bucket-policy-requires-tls", edit: dropStatement("DenyEveryRequestThatDoesNotUseTls") },
  { name: "bucket policy naming another endpoint", refusedBy: "xacct-wiring-consistent", edit: bucketPolicy((d) => (fence(d).Condition.StringNotEquals["aws:SourceVpce"] = ["vpce-0fedcba9876543210"])) },
  { name: "trust in the source account's :root", refusedBy: "iam-trust-exact-principals", edit: transferTrust((d) => (d.Statement[0].Principal.AWS = "arn:aws:iam::111111111111:root")) },
  { name: "trust naming another role", refusedBy: "xacct-wiring-consistent", edit: transferTrust((d) => (d.Statement[0].Principal.AWS = "arn:aws:iam::111111111111:role/other")) },
  { name: "s3:* on the transfer role", refusedBy: "iam-no-wildcard-actions", edit: transferPolicy((d) => (d.Statement[0].Action = "s3:*")) },
  { name: "writes on Resource *", refusedBy: "iam-no-star-resource-for-writes", edit: transferPolicy((d) => (d.Statement[0].Resource = "*")) },
  { name: "NotResource on the transfer role", refusedBy: "iam-no-not-elements-in-allow", edit: transferPolicy((d) => {
    d.Statement[0].NotResource = d.Statement[0].Resource;
    delete d.Statement[0].Resource;
  }) },
  { name: "instance role may assume any role", refusedBy: "iam-assume-role-exact-targets", edit: instancePolicy((d) => (d.Statement[0].Resource = ["arn:aws:iam::222222222222:role/*"])) },
  { name: "12-hour sessions", refusedBy: "iam-role-max-session-1h", edit: (r) => withProps(r, T.role, "target-transfer", (p) => ({ ...p, maxSessionDuration: 43200 })) },
  { name: "a trust policy over the size quota", refusedBy: "iam-policy-size-limits", edit: transferTrust((d) => (d.Statement = Array.from({ length: 12 }, () => d.Statement[0]))) },
  { name: "S3 endpoint with the default (full access) policy", refusedBy: "vpce-policy-least-privilege", edit: (r) => withProps(r, T.vpcEndpoint, "source-endpoints-s3", (p) => ({ ...p, policy: undefined })) },
  { name: "S3 endpoint policy principal widened", refusedBy: "vpce-policy-least-privilege", edit: s3EndpointPolicy((d) => delete d.Statement[0].Condition.ArnEquals) },
  { name: "S3 endpoint policy naming the instance role", refusedBy: "xacct-wiring-consistent", edit: s3EndpointPolicy((d) => (d.Statement[0].Condition.ArnEquals["aws:PrincipalArn"] = [PAIR.instanceRoleArn])) },
  { name: "STS endpoint without private DNS", refusedBy: "vpce-interface-private-dns", edit: (r) => withProps(r, T.vpcEndpoint, "source-endpoints-sts", (p) => ({ ...p, privateDnsEnabled: false })) },
  { name: "public access block with one flag off", refusedBy: "s3-bucket-hardening", edit: (r) => withProps(r, T.publicAccessBlock, "target-bucket", (p) => ({ ...p, blockPublicPolicy: false })) },
  { name: "unprotected bucket", refusedBy: "s3-bucket-hardening", edit: (r) => r.map((x) => (x.type === T.bucket ? { ...x, opts: { ...x.opts, protect: false } } : x)) },
  { name: "bucket on the default provider", refusedBy: "aws-explicit-provider", edit: (r) => r.map((x) => (x.type === T.bucket ? { ...x, provider: { name: "default_7_48_0" } } : x)) },
  { name: "an IAM user with an access key", refusedBy: "iam-no-users-or-access-keys", edit: add(on("target", { type: T.user, name: "cliuser", props: { name: "cliuser" } }), on("target", { type: "aws:iam/accessKey:AccessKey", name: "cliuser-key", props: { user: "cliuser" } })) },
  { name: "bucket policy granting s3:* to the instance role", refusedBy: "iam-no-wildcard-actions", edit: bucketPolicy((d) => d.Statement.push({ Sid: "Example", Effect: "Allow", Principal: { AWS: PAIR.instanceRoleArn }, Action: "s3:*", Resource: [`${BUCKET_ARN()}/*`, BUCKET_ARN()] })) },
];

/** Insecure single edits that spell an old hole another way, or take another path to the bucket. */
export const BYPASSES: CorpusCase[] = [
  // Other principals in the bucket policy.
  { name: "bucket policy lets a role of a third account write into the prefix", refusedBy: "s3-transfer-bucket-reached-only-by-transfer-roles",
    edit: bucketPolicy((d) => d.Statement.push({ Sid: "AllowPartner", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:role/partner` }, Action: "s3:PutObject", Resource: PREFIX_OBJECTS() })) },
  { name: "bucket policy lets \"*\" in with an organization condition", refusedBy: "s3-transfer-bucket-reached-only-by-transfer-roles",
    edit: bucketPolicy((d) => d.Statement.push({ Sid: "AllowTheOrganization", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: PREFIX_OBJECTS(), Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abcdef1234" } } })) },
  { name: "bucket policy lets a service write into the bucket", refusedBy: "s3-transfer-bucket-reached-only-by-transfer-roles",
    edit: bucketPolicy((d) => d.Statement.push({ Sid: "AllowLogDelivery", Effect: "Allow", Principal: { Service: "logging.s3.amazonaws.com" }, Action: "s3:PutObject", Resource: PREFIX_OBJECTS() })) },
  { name: "bucket policy lets \"*\" in, narrowed only by aws:PrincipalArn IfExists", refusedBy: "s3-transfer-bucket-reached-only-by-transfer-roles",
    edit: bucketPolicy((d) => d.Statement.push({ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: PREFIX_OBJECTS(), Condition: { ArnEqualsIfExists: { "aws:PrincipalArn": PAIR.transferRoleArn } } })) },
  // Other principals of the stack, by identity policy.
  { name: "a Lambda role in the target account reads the transfer bucket", refusedBy: "s3-transfer-bucket-reached-only-by-transfer-roles",
    edit: lambdaWith("target", { Sid: "ReadTransfers", Effect: "Allow", Action: "s3:GetObject", Resource: PREFIX_OBJECTS() }) },
  { name: "a Lambda role reads every bucket's objects through a wildcard bucket name", refusedBy: "s3-transfer-bucket-reached-only-by-transfer-roles",
    edit: lambdaWith("target", { Effect: "Allow", Action: ["s3:GetObject"], Resource: "arn:aws:s3:::xacct-transfer-*/*" }) },
  { name: "a customer managed policy reading the bucket, attached to another role", refusedBy: "s3-transfer-bucket-reached-only-by-transfer-roles",
    edit: add(
      on("target", { type: T.role, name: "reporting", props: { name: "reporting", assumeRolePolicy: trustService("lambda.amazonaws.com") } }),
      on("target", { type: T.managedPolicy, name: "read-transfers", props: { name: "read-transfers", policy: doc({ Effect: "Allow", Action: "s3:GetObject", Resource: PREFIX_OBJECTS() }) } }),
      on("target", { type: T.rolePolicyAttachment, name: "reporting-read", props: { role: "reporting", policyArn: "arn:aws:iam::222222222222:policy/read-transfers" } }),
    ) },
  { name: "a group policy reading the bucket", refusedBy: "s3-transfer-bucket-reached-only-by-transfer-roles",
    edit: add(
      on("target", { type: T.group, name: "auditors", props: { name: "auditors" } }),
      on("target", { type: T.groupPolicy, name: "auditors-read", props: { group: "auditors", policy: doc({ Effect: "Allow", Action: "s3:ListBucket", Resource: BUCKET_ARN() }) } }),
    ) },
  { name: "an aws-native role whose inline policy reads the bucket (policy as an object)", refusedBy: "s3-transfer-bucket-reached-only-by-transfer-roles",
    edit: add(on("target", {
      type: T.nativeRole,
      name: "native-reader",
      props: { roleName: "native-reader", assumeRolePolicyDocument: JSON.parse(trustService("lambda.amazonaws.com")), policies: [{ policyName: "read", policyDocument: { Statement: { Effect: "Allow", Action: "S3:GetObject", Resource: PREFIX_OBJECTS() } } }] },
    })) },
  { name: "an access point on the transfer bucket", refusedBy: "s3-transfer-bucket-reached-only-by-transfer-roles",
    edit: add(on("target", { type: T.accessPoint, name: "side-door", props: { bucket: PAIR.bucket, name: "side-door" } })) },
  { name: "a KMS key whose policy lets anyone decrypt", refusedBy: "s3-transfer-bucket-reached-only-by-transfer-roles",
    edit: add(on("target", { type: T.kmsKey, name: "data", props: { policy: doc({ Sid: "Everyone", Effect: "Allow", Principal: { AWS: "*" }, Action: "kms:Decrypt", Resource: "*" }) } })) },
  { name: "the S3 endpoint policy lets the instance role itself read the bucket", refusedBy: "s3-transfer-bucket-reached-only-by-transfer-roles",
    edit: s3EndpointPolicy((d) => d.Statement.push({ Sid: "AlsoTheInstance", Effect: "Allow", Principal: { AWS: PAIR.instanceRoleArn }, Action: "s3:GetObject", Resource: PREFIX_OBJECTS() })) },
  // Meaning, not spelling: resources.
  { name: "transfer writes on every object of every bucket (arn:aws:s3:::*/*)", refusedBy: "iam-no-star-resource-for-writes", edit: transferPolicy((d) => (d.Statement[0].Resource = "arn:aws:s3:::*/*")) },
  { name: "transfer writes on a bucket-name pattern with ?", refusedBy: "iam-no-star-resource-for-writes", edit: transferPolicy((d) => (d.Statement[0].Resource = [`arn:aws:s3:::${PAIR.bucket.slice(0, -1)}?/example/*`])) },
  { name: "transfer reads every secret", refusedBy: "iam-no-star-resource-for-writes", edit: transferPolicy((d) => d.Statement.push({ Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: "*" })) },
  { name: "transfer writes on the whole bucket", refusedBy: "s3-writes-confined-to-prefix", edit: transferPolicy((d) => (d.Statement[0].Resource = `${BUCKET_ARN()}/*`)) },
  { name: "transfer writes under a policy-variable key", refusedBy: "s3-writes-confined-to-prefix", edit: transferPolicy((d) => (d.Statement[0].Resource = `${BUCKET_ARN()}/\${aws:userid}/*`)) },
  { name: "transfer role may set the bucket's lifecycle (expire everything)", refusedBy: "s3-writes-confined-to-prefix", edit: transferPolicy((d) => d.Statement.push({ Effect: "Allow", Action: "s3:PutLifecycleConfiguration", Resource: BUCKET_ARN() })) },
  { name: "bucket policy lets the transfer role suspend versioning", refusedBy: "s3-writes-confined-to-prefix",
    edit: bucketPolicy((d) => d.Statement.push({ Sid: "AllowVersioningChanges", Effect: "Allow", Principal: { AWS: PAIR.transferRoleArn }, Action: "s3:PutBucketVersioning", Resource: BUCKET_ARN() })) },
  { name: "S3 endpoint policy opens the whole bucket to the transfer role", refusedBy: "s3-writes-confined-to-prefix", edit: s3EndpointPolicy((d) => (d.Statement[0].Resource = [`${BUCKET_ARN()}/*`])) },
  // A listing is confined by s3:prefix, not by its resource (the bucket).
  { name: "transfer role lists the whole bucket", refusedBy: "s3-writes-confined-to-prefix", edit: transferPolicy((d) => d.Statement.push({ Effect: "Allow", Action: "s3:ListBucket", Resource: BUCKET_ARN() })) },
  { name: "transfer role lists every version in the bucket (s3:List*)", refusedBy: "s3-writes-confined-to-prefix", edit: transferPolicy((d) => d.Statement.push({ Effect: "Allow", Action: "s3:List*", Resource: BUCKET_ARN() })) },
  { name: "transfer role lists any prefix (s3:prefix *)", refusedBy: "s3-writes-confined-to-prefix",
    edit: transferPolicy((d) => d.Statement.push({ Effect: "Allow", Action: "s3:ListBucket", Resource: BUCKET_ARN(), Condition: { StringLike: { "s3:prefix": "*" } } })) },
  { name: "transfer role lists the bucket's top level (s3:prefix empty)", refusedBy: "s3-writes-confined-to-prefix",
    edit: transferPolicy((d) => d.Statement.push({ Effect: "Allow", Action: "s3:ListBucket", Resource: BUCKET_ARN(), Condition: { StringEquals: { "s3:prefix": ["", "example/"] } } })) },
  { name: "transfer role lists with a prefix condition a request without a prefix passes (IfExists)", refusedBy: "s3-writes-confined-to-prefix",
    edit: transferPolicy((d) => d.Statement.push({ Effect: "Allow", Action: "s3:ListBucket", Resource: BUCKET_ARN(), Condition: { StringLikeIfExists: { "s3:prefix": "example/*" } } })) },
  { name: "transfer role lists under a policy-variable prefix", refusedBy: "s3-writes-confined-to-prefix",
    edit: transferPolicy((d) => d.Statement.push({ Effect: "Allow", Action: "s3:ListBucket", Resource: BUCKET_ARN(), Condition: { StringLike: { "s3:prefix": "${aws:userid}/*" } } })) },
  { name: "S3 endpoint policy lets the transfer role list the whole bucket", refusedBy: "s3-writes-confined-to-prefix",
    edit: s3EndpointPolicy((d) => d.Statement.push({ Effect: "Allow", Principal: { AWS: PAIR.transferRoleArn }, Action: "s3:ListBucket", Resource: BUCKET_ARN() })) },
  { name: "bucket policy lets the transfer role list the whole bucket", refusedBy: "s3-writes-confined-to-prefix",
    edit: bucketPolicy((d) => d.Statement.push({ Sid: "AllowListing", Effect: "Allow", Principal: { AWS: PAIR.transferRoleArn }, Action: "s3:ListBucket", Resource: BUCKET_ARN() })) },
  // Meaning, not spelling: actions.
  { name: "transfer role gets S3:Put* (mixed case, partial wildcard)", refusedBy: "iam-no-wildcard-actions", edit: transferPolicy((d) => (d.Statement[0].Action = ["S3:Put*"])) },
  { name: "transfer role gets NotAction", refusedBy: "iam-no-not-elements-in-allow", edit: transferPolicy((d) => {
    d.Statement[0].NotAction = "iam:*";
    delete d.Statement[0].Action;
  }) },
  // Privilege escalation.
  { name: "transfer role may rewrite its own policy", refusedBy: "iam-no-privilege-escalation", edit: transferPolicy((d) => d.Statement.push({ Effect: "Allow", Action: "iam:PutRolePolicy", Resource: PAIR.transferRoleArn })) },
  { name: "transfer role may rewrite the bucket policy", refusedBy: "iam-no-privilege-escalation", edit: transferPolicy((d) => d.Statement.push({ Effect: "Allow", Action: "s3:PutBucketPolicy", Resource: BUCKET_ARN() })) },
  { name: "instance role may pass the transfer role", refusedBy: "iam-no-privilege-escalation", edit: instancePolicy((d) => d.Statement.push({ Effect: "Allow", Action: "iam:PassRole", Resource: PAIR.transferRoleArn })) },
  { name: "instance role may also assume another exact role", refusedBy: "iam-no-privilege-escalation", edit: instancePolicy((d) => d.Statement[0].Resource.push("arn:aws:iam::222222222222:role/admin")) },
  { name: "instance role may swap an OIDC provider's thumbprint (trusting another identity provider)", refusedBy: "iam-no-privilege-escalation", edit: instancePolicy((d) => d.Statement.push({ Effect: "Allow", Action: "iam:UpdateOpenIDConnectProviderThumbprint", Resource: "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com" })) },
  { name: "instance role may rewrite an endpoint (ec2:ModifyVpcEndpoint)", refusedBy: "iam-no-privilege-escalation", edit: instancePolicy((d) => d.Statement.push({ Effect: "Allow", Action: "ec2:ModifyVpcEndpoint", Resource: "arn:aws:ec2:ap-northeast-1:111111111111:vpc-endpoint/*" })) },
  { name: "a customer managed policy attached to the transfer role grants iam:AttachRolePolicy", refusedBy: "iam-no-privilege-escalation",
    edit: add(
      on("target", { type: T.managedPolicy, name: "ops", props: { name: "ops", arn: "arn:aws:iam::222222222222:policy/ops", policy: doc({ Effect: "Allow", Action: "iam:AttachRolePolicy", Resource: PAIR.transferRoleArn }) } }),
      on("target", { type: T.rolePolicyAttachment, name: "transfer-ops", props: { role: "xacct-transfer", policyArn: "arn:aws:iam::222222222222:policy/ops" } }),
    ) },
  { name: "a Lambda role may publish a new version of a policy attached to the transfer role", refusedBy: "iam-no-privilege-escalation",
    edit: (r) => lambdaWith("target", { Effect: "Allow", Action: "iam:CreatePolicyVersion", Resource: "arn:aws:iam::222222222222:policy/transfer-extra" })(add(
      on("target", { type: T.managedPolicy, name: "transfer-extra", props: { name: "transfer-extra", policy: doc({ Effect: "Allow", Action: "s3:AbortMultipartUpload", Resource: PREFIX_OBJECTS() }) } }),
      on("target", { type: T.rolePolicyAttachment, name: "transfer-extra", props: { role: "xacct-transfer", policyArn: "arn:aws:iam::222222222222:policy/transfer-extra" } }),
    )(r)) },
  { name: "a Lambda role may attach policies to the transfer role", refusedBy: "iam-no-privilege-escalation", edit: lambdaWith("target", { Effect: "Allow", Action: "iam:AttachRolePolicy", Resource: "arn:aws:iam::222222222222:role/xacct-*" }) },
  // Trust: other principals, loose guards.
  { name: "trust of \"*\" narrowed by a PrincipalArn pattern", refusedBy: "iam-trust-exact-principals", edit: transferTrust((d) => {
    d.Statement[0].Principal = "*";
    d.Statement[0].Condition.ArnLike = { "aws:PrincipalArn": "arn:aws:iam::111111111111:role/*" };
  }) },
  { name: "trust allows sts:* to the instance role", refusedBy: "iam-trust-exact-principals", edit: transferTrust((d) => (d.Statement[0].Action = ["sts:*"])) },
  { name: "trust's aws:SourceVpce guard made IfExists", refusedBy: "iam-transfer-role-trusts-only-the-instance-role", edit: transferTrust((d) => {
    d.Statement[0].Condition.StringEqualsIfExists = d.Statement[0].Condition.StringEquals;
    delete d.Statement[0].Condition.StringEquals;
  }) },
  { name: "trust's aws:SourceVpce guard made a vpce-* pattern", refusedBy: "iam-transfer-role-trusts-only-the-instance-role", edit: transferTrust((d) => {
    d.Statement[0].Condition.StringLike["aws:SourceVpce"] = "vpce-*";
    delete d.Statement[0].Condition.StringEquals;
  }) },
  { name: "trust's aws:SourceVpce guard with a set qualifier", refusedBy: "iam-transfer-role-trusts-only-the-instance-role", edit: transferTrust((d) => {
    d.Statement[0].Condition["ForAnyValue:StringEquals"] = d.Statement[0].Condition.StringEquals;
    delete d.Statement[0].Condition.StringEquals;
  }) },
  { name: "a Lambda role (trusted by Lambda) writes into the prefix", refusedBy: "iam-transfer-role-trusts-only-the-instance-role", edit: lambdaWith("target", { Effect: "Allow", Action: "s3:PutObject", Resource: PREFIX_OBJECTS() }) },
  { name: "trust also lets in a role of a third account", refusedBy: "iam-transfer-role-trusts-only-the-instance-role", edit: transferTrust((d) => (d.Statement[0].Principal.AWS = [PAIR.instanceRoleArn, `arn:aws:iam::${OTHER_ACCOUNT}:role/partner`])) },
  { name: "a GitHub OIDC trust without a pinned sub", refusedBy: "iam-trust-exact-principals",
    edit: add(on("target", { type: T.role, name: "ci", props: { name: "ci", assumeRolePolicy: doc({ Effect: "Allow", Principal: { Federated: GITHUB }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" }, StringLike: { "token.actions.githubusercontent.com:sub": "repo:example/*" } } }) } })) },
  // The write fence, judged by operator and key.
  { name: "fence narrowed by a Null check (requests without aws:SourceVpce escape)", refusedBy: "s3-bucket-policy-requires-vpce", edit: bucketPolicy((d) => (fence(d).Condition.Null = { "aws:SourceVpce": "false" })) },
  { name: "fence exempts principals with NotPrincipal", refusedBy: "s3-bucket-policy-requires-vpce", edit: bucketPolicy((d) => {
    delete fence(d).Principal;
    fence(d).NotPrincipal = { AWS: PAIR.transferRoleArn };
  }) },
  { name: "fence carves out AbortMultipartUpload with NotAction", refusedBy: "s3-bucket-policy-requires-vpce", edit: bucketPolicy((d) => {
    delete fence(d).Action;
    fence(d).NotAction = "s3:AbortMultipartUpload";
  }) },
  { name: "fence with a vpce-* pattern", refusedBy: "s3-bucket-policy-requires-vpce", edit: bucketPolicy((d) => (fence(d).Condition = { StringNotLike: { "aws:SourceVpce": "vpce-*" } })) },
  { name: "fence with a ForAnyValue qualifier", refusedBy: "s3-bucket-policy-requires-vpce", edit: bucketPolicy((d) => (fence(d).Condition = { "ForAnyValue:StringNotEquals": { "aws:SourceVpce": PAIR.s3EndpointId } })) },
  { name: "TLS deny carves out GetObject with NotAction", refusedBy: "s3-bucket-policy-requires-tls", edit: bucketPolicy((d) => {
    delete tls(d).Action;
    tls(d).NotAction = "s3:GetObject";
  }) },
  { name: "TLS deny checks the key with BoolIfExists \"true\"", refusedBy: "s3-bucket-policy-requires-tls", edit: bucketPolicy((d) => (tls(d).Condition = { BoolIfExists: { "aws:SecureTransport": "true" } })) },
  { name: "a second bucket policy on the transfer bucket (the last applied replaces the fence)", refusedBy: "s3-bucket-policy-requires-vpce",
    edit: add(on("target", { type: T.bucketPolicy, name: "second", props: { bucket: PAIR.bucket, policy: doc({ Sid: "DenyEveryRequestThatDoesNotUseTls", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [BUCKET_ARN(), `${BUCKET_ARN()}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } } }) } })) },
  { name: "bucket policy lets the transfer role rewrite the bucket policy", refusedBy: "iam-no-privilege-escalation",
    edit: bucketPolicy((d) => d.Statement.push({ Sid: "AllowPolicyChanges", Effect: "Allow", Principal: { AWS: PAIR.transferRoleArn }, Action: "s3:PutBucketPolicy", Resource: BUCKET_ARN() })) },
  { name: "the instance role writes into the bucket directly", refusedBy: "s3-direct-writer-contract", edit: instancePolicy((d) => d.Statement.push({ Effect: "Allow", Action: "s3:PutObject", Resource: PREFIX_OBJECTS() })) },
  { name: "bucket policy lets the transfer role read the whole bucket", refusedBy: "s3-writes-confined-to-prefix",
    edit: bucketPolicy((d) => d.Statement.push({ Sid: "AllowReading", Effect: "Allow", Principal: { AWS: PAIR.transferRoleArn }, Action: "s3:GetObject", Resource: `${BUCKET_ARN()}/*` })) },
  { name: "transfer writes to a bucket-name prefix pattern without a slash", refusedBy: "iam-no-star-resource-for-writes", edit: transferPolicy((d) => (d.Statement[0].Resource = `${BUCKET_ARN()}*`)) },
  { name: "transfer role may also write into a bucket of another account", refusedBy: "s3-writes-confined-to-prefix",
    edit: transferPolicy((d) => d.Statement.push({ Effect: "Allow", Action: "s3:PutObject", Resource: "arn:aws:s3:::exfiltration-333333333333/example/*" })) },
  { name: "the instance role is also trusted by a role of a third account", refusedBy: "iam-transfer-role-trusts-only-the-instance-role",
    edit: edit(T.role, "source-instance", "assumeRolePolicy", (d) => d.Statement.push({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:role/partner` }, Action: "sts:AssumeRole" })) },
  { name: "a Lambda role reads every parameter of its account", refusedBy: "iam-no-star-resource-for-writes", edit: lambdaWith("source", { Effect: "Allow", Action: "ssm:GetParameter", Resource: "arn:aws:ssm:ap-northeast-1:111111111111:parameter/*" }) },
  { name: "an SSM endpoint policy lets the instance role write to S3 anywhere", refusedBy: "vpce-policy-least-privilege", edit: add(on("source", {
    type: T.vpcEndpoint,
    name: "ssm-api",
    props: { serviceName: "com.amazonaws.ap-northeast-1.ssm", vpcEndpointType: "Interface", privateDnsEnabled: true, id: "vpce-0123456789abcdef1", policy: doc({ Effect: "Allow", Principal: { AWS: PAIR.instanceRoleArn }, Action: ["ssm:UpdateInstanceInformation", "s3:PutObject"], Resource: "*" }) },
  })) },
  { name: "an AWS managed policy attached to the instance role, not reviewed", refusedBy: "aws-resource-types-understood",
    edit: add(on("source", { type: T.rolePolicyAttachment, name: "instance-ssm", props: { role: "xacct-instance", policyArn: SSM_CORE } })) },
  // Endpoint policies.
  { name: "STS endpoint narrowed by aws:PrincipalArn IfExists", refusedBy: "vpce-policy-least-privilege", edit: stsEndpointPolicy((d) => {
    d.Statement[0].Condition = { ArnEqualsIfExists: d.Statement[0].Condition.ArnEquals };
  }) },
  { name: "S3 endpoint repository read on a bucket-name pattern", refusedBy: "vpce-policy-least-privilege", edit: s3EndpointPolicy((d) => (d.Statement[1].Resource = ["arn:aws:s3:::al2023-repos-*-de612dc2/*"])) },
  // Other provider packages and families that grant access, copy data or open a network path.
  { name: "a Cloud Control resource creating an admin role for another account", refusedBy: "aws-resource-types-understood",
    edit: add(on("target", { type: "aws:cloudcontrol/resource:Resource", name: "support-role", props: { typeName: "AWS::IAM::Role", desiredState: JSON.stringify({ RoleName: "support", AssumeRolePolicyDocument: JSON.parse(doc({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:root` }, Action: "sts:AssumeRole" })) }) } })) },
  { name: "a Node.js dynamic provider resource (arbitrary code with the deployer's credentials)", refusedBy: "aws-resource-types-understood",
    edit: add(via("pulumi-nodejs", { type: "pulumi-nodejs:dynamic:Resource", name: "bucket-tweak", props: { __provider: "exports.handler = __f0;" } })) },
  { name: "a Python dynamic provider resource", refusedBy: "aws-resource-types-understood",
    edit: add(via("pulumi-python", { type: "pulumi-python:dynamic:Resource", name: "bucket-tweak", props: { __provider: "gASV..." } })) },
  { name: "a bridged awscc bucket policy on the transfer bucket", refusedBy: "aws-resource-types-understood",
    edit: add(via("awscc", { type: "awscc:index/s3BucketPolicy:S3BucketPolicy", name: "bucket-extra", props: { bucket: PAIR.bucket, policyDocument: doc({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:root` }, Action: "s3:GetObject", Resource: `${BUCKET_ARN()}/*` }) } })) },
  { name: "an Identity Center assignment in the target account (aws-native sso)", refusedBy: "aws-resource-types-understood",
    edit: add({ ...on("target", { type: "aws-native:sso:Assignment", name: "admins", props: { instanceArn: "arn:aws:sso:::instance/ssoins-1111111111111111", permissionSetArn: "arn:aws:sso:::permissionSet/ssoins-1111111111111111/ps-1111111111111111", principalType: "GROUP", principalId: "g-1", targetType: "AWS_ACCOUNT", targetId: "222222222222" } }), provider: { name: "target-native", type: "pulumi:providers:aws-native", props: { allowedAccountIds: ["222222222222"] } } }) },
  { name: "a backup plan and selection copying the transfer bucket to another account's vault", refusedBy: "aws-resource-types-understood",
    edit: add(
      on("target", { type: "aws:backup/plan:Plan", name: "daily", props: { name: "daily", rules: [{ ruleName: "daily", targetVaultName: "local", copyActions: [{ destinationVaultArn: `arn:aws:backup:ap-northeast-1:${OTHER_ACCOUNT}:backup-vault:collector` }] }] } }),
      on("target", { type: "aws:backup/selection:Selection", name: "transfer", props: { name: "transfer", planId: "plan-1", iamRoleArn: "arn:aws:iam::222222222222:role/backup", resources: [BUCKET_ARN()] } }),
    ) },
  { name: "a client VPN endpoint into the source VPC", refusedBy: "aws-resource-types-understood",
    edit: add(
      on("source", { type: "aws:ec2clientvpn/endpoint:Endpoint", name: "vpn", props: { clientCidrBlock: "10.100.0.0/22", serverCertificateArn: "arn:aws:acm:ap-northeast-1:111111111111:certificate/x" } }),
      on("source", { type: "aws:ec2clientvpn/authorizationRule:AuthorizationRule", name: "vpn-all", props: { clientVpnEndpointId: "cvpn-endpoint-1", targetNetworkCidr: "0.0.0.0/0", authorizeAllGroups: true } }),
    ) },
  { name: "a Verified Access endpoint", refusedBy: "aws-resource-types-understood",
    edit: add(on("source", { type: "aws:verifiedaccess/endpoint:Endpoint", name: "va", props: { attachmentType: "vpc", endpointType: "network-interface" } })) },
  { name: "aws-native: an existing internet gateway attached to the source VPC and a default route to it", refusedBy: "aws-resource-types-understood",
    edit: add(
      { ...on("source", { type: "aws-native:ec2:VPCGatewayAttachment", name: "igw", props: { vpcId: "vpc-0123456789abcdef0", internetGatewayId: "igw-0123456789abcdef0" } }), provider: NATIVE_SOURCE },
      { ...on("source", { type: "aws-native:ec2:Route", name: "default", props: { routeTableId: "rtb-0123456789abcdef0", destinationCidrBlock: "0.0.0.0/0", gatewayId: "igw-0123456789abcdef0" } }), provider: NATIVE_SOURCE },
    ) },
  { name: "aws-native: workload egress to anywhere, and a route to a transit gateway", refusedBy: "aws-resource-types-understood",
    edit: add(
      { ...on("source", { type: "aws-native:ec2:SecurityGroupEgress", name: "any", props: { groupId: "sg-0123456789abcdef0", ipProtocol: "-1", cidrIp: "0.0.0.0/0" } }), provider: NATIVE_SOURCE },
      { ...on("source", { type: "aws-native:ec2:Route", name: "tgw", props: { routeTableId: "rtb-0123456789abcdef0", destinationCidrBlock: "0.0.0.0/0", transitGatewayId: "tgw-0123456789abcdef0" } }), provider: NATIVE_SOURCE },
    ) },
  { name: "aws-native: an instance with the instance role's profile and a public IP", refusedBy: "aws-resource-types-understood",
    edit: add({ ...on("source", { type: "aws-native:ec2:Instance", name: "workload", props: { iamInstanceProfile: "xacct-instance", networkInterfaces: [{ deviceIndex: "0", associatePublicIpAddress: true, subnetId: "subnet-0123456789abcdef0" }] } }), provider: NATIVE_SOURCE }) },
  // Reads on "*": only of services that hold none of the transfer's guards, with optional resource types.
  { name: "an ops role reads every object and decrypts with every key (s3:GetObject, kms:Decrypt on *)", refusedBy: "iam-no-star-resource-for-writes",
    edit: add(...roleWithPolicy("target", "ops-metrics", trustService("lambda.amazonaws.com"), doc({ Effect: "Allow", Action: ["cloudwatch:GetMetricData", "s3:GetObject", "kms:Decrypt"], Resource: "*" }))) },
  { name: "an ops role reads every SSM parameter (ssm:GetParameters on *)", refusedBy: "iam-no-star-resource-for-writes",
    edit: add(...roleWithPolicy("source", "ops-params", trustService("lambda.amazonaws.com"), doc({ Effect: "Allow", Action: "ssm:GetParameters", Resource: "*" }))) },
  // Endpoint policies stay in the stack's accounts.
  { name: "an SQS endpoint whose policy opens another account's queue to another account's role", refusedBy: "vpc-endpoint-only-network", edit: add(on("source", {
    type: T.vpcEndpoint,
    name: "sqs",
    props: { serviceName: "com.amazonaws.ap-northeast-1.sqs", vpcEndpointType: "Interface", privateDnsEnabled: true, id: "vpce-0123456789abcdef2", policy: doc({ Sid: "AllowOnlyTheReportQueue", Effect: "Allow", Principal: "*", Action: "sqs:SendMessage", Resource: `arn:aws:sqs:ap-northeast-1:${OTHER_ACCOUNT}:reports`, Condition: { ArnEquals: { "aws:PrincipalArn": `arn:aws:iam::${OTHER_ACCOUNT}:role/reporter` } } }) },
  })) },
  { name: "a Kinesis endpoint whose policy opens a stream in any account", refusedBy: "vpc-endpoint-only-network", edit: add(on("source", {
    type: T.vpcEndpoint,
    name: "kinesis",
    props: { serviceName: "com.amazonaws.ap-northeast-1.kinesis-streams", vpcEndpointType: "Interface", privateDnsEnabled: true, id: "vpce-0123456789abcdef3", policy: doc({ Effect: "Allow", Principal: { AWS: PAIR.instanceRoleArn }, Action: "kinesis:PutRecord", Resource: "arn:aws:kinesis:ap-northeast-1:*:stream/reports" }) },
  })) },
  // The workload stays in the stack's network, with its credentials kept from the instance's users.
  { name: "the workload instance in a subnet the stack does not hold (no public IP asked for)", refusedBy: "ec2-instance-hardening", edit: workload((p) => ({ ...p, subnetId: "subnet-0aaaabbbbccccdddd" })) },
  { name: "the workload instance with IMDSv1 and a hop limit of 64", refusedBy: "ec2-instance-hardening", edit: workload((p) => ({ ...p, metadataOptions: { httpTokens: "optional", httpPutResponseHopLimit: 64 } })) },
  // Encryption keys stay in the stack's accounts.
  { name: "the transfer bucket encrypted by default with another account's KMS key", refusedBy: "s3-bucket-hardening", edit: bucketKey(`arn:aws:kms:ap-northeast-1:${OTHER_ACCOUNT}:key/11111111-2222-3333-4444-555555555555`) },
  { name: "the transfer bucket encrypted (DSSE) under another account's key alias", refusedBy: "s3-bucket-hardening", edit: bucketKey(`arn:aws:kms:ap-northeast-1:${OTHER_ACCOUNT}:alias/collector`, "aws:kms:dsse") },
  // Providers that talk to someone other than AWS.
  { name: "target provider with TLS verification off and a proxy", refusedBy: "aws-explicit-provider", edit: targetProvider((p) => ({ ...p, insecure: "true", httpsProxy: "http://10.0.0.5:3128" })) },
  { name: "target provider with STS and IAM endpoints elsewhere (the account pin learns the account there)", refusedBy: "aws-explicit-provider",
    edit: targetProvider((p) => ({ ...p, endpoints: JSON.stringify([{ sts: "https://sts.example.net", iam: "https://iam.example.net" }]) })) },
  { name: "target provider with a custom CA bundle", refusedBy: "aws-explicit-provider", edit: targetProvider((p) => ({ ...p, customCaBundle: "/tmp/ca.pem" })) },
];

/** Ordinary additions that must pass. */
export const HARMLESS: CorpusCase[] = [
  { name: "a Lambda role with a narrow logs policy", edit: lambdaWith("source", { Sid: "WriteItsOwnLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: "arn:aws:logs:ap-northeast-1:111111111111:log-group:/aws/lambda/app:*" }) },
  { name: "a hardened logs bucket with a TLS-only policy", edit: add(...hardenedLogsBucket()) },
  { name: "a Lambda role that creates its log group, as AWS's basic execution policy writes it", edit: lambdaWith("source",
    { Effect: "Allow", Action: "logs:CreateLogGroup", Resource: "arn:aws:logs:ap-northeast-1:111111111111:*" },
    { Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: ["arn:aws:logs:ap-northeast-1:111111111111:log-group:/aws/lambda/app:*"] }) },
  { name: "an SSM endpoint whose policy lets only the instance role call SSM", edit: add(on("source", {
    type: T.vpcEndpoint,
    name: "ssm-api",
    props: {
      serviceName: "com.amazonaws.ap-northeast-1.ssm",
      vpcEndpointType: "Interface",
      privateDnsEnabled: true,
      id: "vpce-0123456789abcdef1",
      policy: doc({ Sid: "AllowOnlyTheInstanceRole", Effect: "Allow", Principal: { AWS: PAIR.instanceRoleArn }, Action: ["ssm:UpdateInstanceInformation", "ssm:ListInstanceAssociations", "ssm:DescribeInstanceProperties"], Resource: "*" }),
    },
  })) },
  { name: "a second EC2 role with its own instance profile and a narrow logs policy", edit: add(
    ...roleWithPolicy("source", "batch", trustService("ec2.amazonaws.com"), doc({ Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: "arn:aws:logs:ap-northeast-1:111111111111:log-group:/batch:*" })),
    on("source", { type: "aws:iam/instanceProfile:InstanceProfile", name: "batch", props: { name: "batch", role: "batch" } }),
  ) },
  { name: "an application bucket and a Lambda role that reads and writes all of it", edit: add(
    ...hardenedLogsBucket("xacct-app-222222222222-apne1", false),
    ...roleWithPolicy("target", "app", trustService("lambda.amazonaws.com"), doc(
      { Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: "arn:aws:s3:::xacct-app-222222222222-apne1/*" },
      { Effect: "Allow", Action: "s3:ListBucket", Resource: "arn:aws:s3:::xacct-app-222222222222-apne1" },
    )),
  ) },
  { name: "a log group", edit: add(on("source", { type: T.logGroup, name: "app", props: { name: "/xacct/app", retentionInDays: 30 } })) },
  { name: "tags on the roles and the bucket", edit: (r) => r.map((x) => (x.type === T.role || x.type === T.bucket ? { ...x, props: { ...x.props, tags: { Team: "platform", CostCenter: "1234" } } } : x)) },
  { name: "an SSM endpoint limited to the instance role", edit: add(on("source", {
    type: T.vpcEndpoint,
    name: "ssm",
    props: {
      serviceName: "com.amazonaws.ap-northeast-1.ssmmessages",
      vpcEndpointType: "Interface",
      privateDnsEnabled: true,
      id: "vpce-0123456789abcdef0",
      policy: doc({ Sid: "AllowOnlyTheInstanceRoleToOpenSessions", Effect: "Allow", Principal: "*", Action: ["ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"], Resource: "*", Condition: { ArnEquals: { "aws:PrincipalArn": PAIR.instanceRoleArn } } }),
    },
  })) },
  { name: "sts:SetSourceIdentity beside sts:AssumeRole, in the trust and the instance policy", edit: (r) => instancePolicy((d) => (d.Statement[0].Action = ["sts:AssumeRole", "sts:SetSourceIdentity"]))(transferTrust((d) => (d.Statement[0].Action = ["sts:AssumeRole", "sts:SetSourceIdentity"]))(r)) },
  { name: "a read-only CI role trusted by GitHub OIDC with pinned sub and aud", edit: add(
    on("target", { type: T.oidcProvider, name: "github", props: { url: "https://token.actions.githubusercontent.com", clientIdLists: ["sts.amazonaws.com"], arn: GITHUB } }),
    ...roleWithPolicy("target", "ci-read-only",
      doc({ Sid: "AllowTheMainBranchOfOneRepository", Effect: "Allow", Principal: { Federated: GITHUB }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com", "token.actions.githubusercontent.com:sub": "repo:example/xacct:ref:refs/heads/main" } } }),
      doc({ Sid: "AllowDescribingTheNetwork", Effect: "Allow", Action: ["ec2:DescribeVpcs", "ec2:DescribeVpcEndpoints", "ec2:Describe*"], Resource: "*" })),
  ) },
  { name: "an extra Deny in the bucket policy", edit: bucketPolicy((d) => d.Statement.push({ Sid: "DenyDeletingObjects", Effect: "Deny", Principal: "*", Action: ["s3:DeleteObject", "s3:DeleteObjectVersion"], Resource: `${BUCKET_ARN()}/*` })) },
  { name: "an extra, narrower endpoint Deny beside the fence", edit: bucketPolicy((d) => d.Statement.push({ Sid: "DenyDirectUploadsThatDoNotComeThroughTheEndpoint", Effect: "Deny", Principal: "*", Action: "s3:PutObject", Resource: `${BUCKET_ARN()}/*`, Condition: { StringNotEquals: { "aws:SourceVpce": PAIR.s3EndpointId }, Bool: { "aws:ViaAWSService": "false" } } })) },
  { name: "an extra Deny in the transfer role's policy", edit: transferPolicy((d) => d.Statement.push({ Sid: "DenyEverythingOutsideTheRegion", Effect: "Deny", NotAction: "s3:PutObject", Resource: "*", Condition: { StringNotEquals: { "aws:RequestedRegion": "ap-northeast-1" } } })) },
  { name: "a wider write fence (the whole bucket)", edit: bucketPolicy((d) => (fence(d).Resource = `${BUCKET_ARN()}/*`)) },
  { name: "the transfer policy spelled differently: one statement object, upper-case actions, strings", edit: transferPolicy((d) => {
    d.Statement = { ...d.Statement[0], Action: ["S3:PUTOBJECT", "s3:abortMultipartUpload"], Resource: d.Statement[0].Resource[0] };
  }) },
  { name: "the bucket policy as an object rather than a JSON string", edit: (r) => withProps(r, T.bucketPolicy, "target-bucket", (p) => ({ ...p, policy: JSON.parse(p.policy) })) },
  { name: "a CloudWatch agent policy on the instance role", edit: instancePolicy((d) => d.Statement.push({ Sid: "AllowPublishingMetrics", Effect: "Allow", Action: "cloudwatch:PutMetricData", Resource: "*", Condition: { StringEquals: { "cloudwatch:namespace": "xacct" } } })) },
  { name: "an extra Deny in the S3 endpoint policy", edit: s3EndpointPolicy((d) => d.Statement.push({ Sid: "DenyDeletes", Effect: "Deny", Principal: "*", Action: "s3:DeleteObject", Resource: "*" })) },
  { name: "a read-only CI role that reads the transfer bucket's configuration", edit: add(...roleWithPolicy("target", "ci-audit",
    doc({ Effect: "Allow", Principal: { Federated: GITHUB }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com", "token.actions.githubusercontent.com:sub": "repo:example/xacct:environment:audit" } } }),
    doc({ Effect: "Allow", Action: ["s3:GetBucketPolicy", "s3:GetBucketVersioning", "s3:GetEncryptionConfiguration"], Resource: BUCKET_ARN() }, { Effect: "Allow", Action: "s3:ListAllMyBuckets", Resource: "*" }))) },
  { name: "the transfer role may list its prefix", edit: transferPolicy((d) => d.Statement.push({ Sid: "AllowListingThePrefix", Effect: "Allow", Action: "s3:ListBucket", Resource: BUCKET_ARN(), Condition: { StringLike: { "s3:prefix": "example/*" } } })) },
  { name: "the transfer role may list exactly its prefix (StringEquals), beside a delimiter condition", edit: transferPolicy((d) => d.Statement.push({ Sid: "AllowListingThePrefixFolder", Effect: "Allow", Action: "s3:ListBucket", Resource: BUCKET_ARN(), Condition: { StringEquals: { "s3:prefix": ["example/"], "s3:delimiter": "/" } } })) },
  { name: "an AWS managed policy attached to the instance role after review (pack config)", config: { "aws-resource-types-understood": { reviewedPolicyArns: [SSM_CORE] } },
    edit: add(on("source", { type: T.rolePolicyAttachment, name: "instance-ssm", props: { role: "xacct-instance", policyArn: SSM_CORE } })) },
  { name: "a KMS key usable by its own account and the transfer role", edit: add(on("target", { type: T.kmsKey, name: "data", props: { policy: doc(
    { Sid: "EnableIamPolicies", Effect: "Allow", Principal: { AWS: "arn:aws:iam::222222222222:root" }, Action: "kms:*", Resource: "*" },
    { Sid: "AllowTheTransferRoleToEncrypt", Effect: "Allow", Principal: { AWS: PAIR.transferRoleArn }, Action: ["kms:GenerateDataKey", "kms:Encrypt"], Resource: "*" },
  ) } })) },
  { name: "random, tls and time resources (local-only packages)", edit: add(
    via("random", { type: "random:index/randomPassword:RandomPassword", name: "suffix", props: { length: 16 } }),
    via("tls", { type: "tls:index/privateKey:PrivateKey", name: "key", props: { algorithm: "ED25519" } }),
    via("time", { type: "time:index/rotating:Rotating", name: "rotation", props: { rotationDays: 30 } }),
  ) },
  { name: "a dynamic provider resource after review (pack config)", config: { "aws-resource-types-understood": { reviewedTypes: ["pulumi-nodejs:dynamic:Resource"] } },
    edit: add(via("pulumi-nodejs", { type: "pulumi-nodejs:dynamic:Resource", name: "reviewed", props: { __provider: "exports.handler = __f0;" } })) },
  { name: "a component of the program (no provider) in its own package", edit: add({ type: "acme:app:Service", name: "app", props: {}, provider: null }) },
  { name: "an aws-native log group and key pair (no access, data or network path)", edit: add(
    { ...on("source", { type: "aws-native:logs:LogGroup", name: "native-logs", props: { logGroupName: "/xacct/native", retentionInDays: 30 } }), provider: NATIVE_SOURCE },
    { ...on("source", { type: "aws-native:ec2:KeyPair", name: "native-key", props: { keyName: "xacct-break-glass", keyType: "ed25519" } }), provider: NATIVE_SOURCE },
  ) },
  { name: "an ops role that reads CloudWatch metrics (cloudwatch:GetMetricData on *, the only value that works)",
    edit: add(...roleWithPolicy("target", "ops-metrics", trustService("lambda.amazonaws.com"), doc({ Sid: "AllowReadingMetrics", Effect: "Allow", Action: ["cloudwatch:GetMetricData", "cloudwatch:ListMetrics"], Resource: "*" }))) },
  { name: "an SQS endpoint whose policy lets the instance role send to a queue of the source account", edit: add(on("source", {
    type: T.vpcEndpoint,
    name: "sqs",
    props: { serviceName: "com.amazonaws.ap-northeast-1.sqs", vpcEndpointType: "Interface", privateDnsEnabled: true, id: "vpce-0123456789abcdef2", policy: doc({ Sid: "AllowOnlyTheReportQueue", Effect: "Allow", Principal: "*", Action: "sqs:SendMessage", Resource: "arn:aws:sqs:ap-northeast-1:111111111111:reports", Condition: { ArnEquals: { "aws:PrincipalArn": PAIR.instanceRoleArn } } }) },
  })) },
  { name: "the hardened workload instance in the stack's private subnet", edit: workload() },
  { name: "the transfer bucket encrypted with a KMS key of its own account", edit: bucketKey("arn:aws:kms:ap-northeast-1:222222222222:key/11111111-2222-3333-4444-555555555555") },
  { name: "the transfer bucket encrypted with the AWS managed key by alias", edit: bucketKey("alias/aws/s3") },
  { name: "target provider with skipRequestingAccountId (the pin then refuses the empty account id)", edit: targetProvider((p) => ({ ...p, skipRequestingAccountId: "true", skipCredentialsValidation: "true" })) },
  { name: "target provider through a reviewed corporate proxy (pack config)", config: { "aws-explicit-provider": { allowedTransportSettings: ["httpsProxy=http://proxy.corp.example:3128"] } },
    edit: targetProvider((p) => ({ ...p, httpsProxy: "http://proxy.corp.example:3128", noProxy: "169.254.169.254" })) },
];

export const CORPUS: CorpusCase[] = [...WEAKENINGS, ...BYPASSES, ...HARMLESS];
