/**
 * Pure builders of the bootstrap's policy documents: the GitHub OIDC trust of the deploy and
 * preview roles, the deploy policy of each half of xacct, and the read-only preview policy.
 * No Pulumi in here: the program, the tests and IAM Access Analyzer all read these functions.
 */

export type Half = "source" | "target";

export interface BootstrapStatement {
  /** Reads as a sentence. */
  Sid: string;
  Effect: "Allow" | "Deny";
  Principal?: { Federated: string } | { AWS: string[] };
  Action: string[];
  Resource?: string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface BootstrapDocument {
  Version: "2012-10-17";
  Statement: BootstrapStatement[];
}

const doc = (...statements: BootstrapStatement[]): BootstrapDocument => ({ Version: "2012-10-17", Statement: statements });

export const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";
/** The audience configure-aws-credentials asks GitHub for. */
export const GITHUB_OIDC_AUDIENCE = "sts.amazonaws.com";
/** The `Project` tag the xacct program's providers put on every resource (`defaultTags`). */
export const PROJECT_TAG = { key: "Project", value: "xacct" };

export function githubOidcProviderArn(accountId: string): string {
  return `arn:aws:iam::${accountId}:oidc-provider/${GITHUB_OIDC_HOST}`;
}

/**
 * GitHub's `sub` claim for a job: `repo:<owner>/<repo>:environment:<name>` when the job names an
 * environment, `repo:<owner>/<repo>:ref:refs/heads/<branch>` otherwise, and
 * `repo:<owner>/<repo>:pull_request` for pull requests
 * (https://docs.github.com/en/actions/reference/security/oidc#example-subject-claims).
 */
export type GithubSubject = { environment: string } | { branch: string } | { pullRequest: true };

export function githubSubject(repository: string, subject: GithubSubject): string {
  if ("environment" in subject) return `repo:${repository}:environment:${subject.environment}`;
  if ("branch" in subject) return `repo:${repository}:ref:refs/heads/${subject.branch}`;
  return `repo:${repository}:pull_request`;
}

/**
 * Trust for GitHub Actions: only tokens for our audience and for the exact subjects (no wildcard),
 * through the account's GitHub OIDC provider
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html#idp_oidc_Create_GitHub).
 * `operatorRoleArns` may also assume the role (e.g. the operator of a `pair` stack).
 */
export function githubTrustPolicy(input: { accountId: string; subjects: string[]; operatorRoleArns?: string[] }): BootstrapDocument {
  const statements: BootstrapStatement[] = [
    {
      Sid: "AllowOnlyGithubActionsTokensForTheExactRepositoryAndSubject",
      Effect: "Allow",
      Principal: { Federated: githubOidcProviderArn(input.accountId) },
      Action: ["sts:AssumeRoleWithWebIdentity"],
      Condition: {
        StringEquals: {
          [`${GITHUB_OIDC_HOST}:aud`]: GITHUB_OIDC_AUDIENCE,
          [`${GITHUB_OIDC_HOST}:sub`]: input.subjects,
        },
      },
    },
  ];
  if (input.operatorRoleArns && input.operatorRoleArns.length > 0) {
    statements.push({ Sid: "AllowTheNamedOperatorRolesToAssumeThisRole", Effect: "Allow", Principal: { AWS: input.operatorRoleArns }, Action: ["sts:AssumeRole"] });
  }
  return doc(...statements);
}

/** The names the xacct program gives the resources of one account; the deploy policy is scoped to them. */
export interface HalfScope {
  half: Half;
  accountId: string;
  region: string;
  /** source half */
  instanceRoleName?: string;
  /** target half: the transfer role, or with fan-in every tenant's (`<transferRoleName>-<name>`), by exact name */
  transferRoleNames?: string[];
  bucketName?: string;
}

const iamRole = (s: HalfScope, name: string) => `arn:aws:iam::${s.accountId}:role/${name}`;
const ec2 = (s: HalfScope, type: string) => `arn:aws:ec2:${s.region}:${s.accountId}:${type}/*`;

/** The network resource types the source half creates, as EC2 ARNs of this account and region. */
function networkArns(s: HalfScope): string[] {
  return ["vpc", "subnet", "route-table", "security-group", "vpc-endpoint"].map((t) => ec2(s, t));
}

/** What the AWS provider calls to create, read, update and delete an IAM role and its inline policies. */
export const ROLE_LIFECYCLE_ACTIONS = [
  "iam:CreateRole",
  "iam:GetRole",
  "iam:UpdateRole",
  "iam:UpdateRoleDescription",
  "iam:UpdateAssumeRolePolicy",
  "iam:TagRole",
  "iam:UntagRole",
  "iam:DeleteRole",
  "iam:PutRolePolicy",
  "iam:GetRolePolicy",
  "iam:DeleteRolePolicy",
  "iam:ListRolePolicies",
  "iam:ListAttachedRolePolicies",
  "iam:ListInstanceProfilesForRole",
];

export const ROLE_READ_ACTIONS = ["iam:GetRole", "iam:GetRolePolicy", "iam:ListRolePolicies", "iam:ListAttachedRolePolicies", "iam:ListInstanceProfilesForRole"];

export const INSTANCE_PROFILE_ACTIONS = [
  "iam:CreateInstanceProfile",
  "iam:GetInstanceProfile",
  "iam:TagInstanceProfile",
  "iam:UntagInstanceProfile",
  "iam:AddRoleToInstanceProfile",
  "iam:RemoveRoleFromInstanceProfile",
  "iam:DeleteInstanceProfile",
];

/** EC2's Describe calls support no resource-level permissions: they take Resource "*". */
export const EC2_DESCRIBE_ACTIONS = [
  "ec2:DescribeAvailabilityZones",
  "ec2:DescribeVpcs",
  "ec2:DescribeSubnets",
  "ec2:DescribeRouteTables",
  "ec2:DescribeNetworkAcls",
  "ec2:DescribeSecurityGroups",
  "ec2:DescribeSecurityGroupRules",
  "ec2:DescribeNetworkInterfaces",
  "ec2:DescribeVpcEndpoints",
  "ec2:DescribeVpcEndpointServices",
  "ec2:DescribePrefixLists",
  // The optional workload instance (xacct:source.instance), its root volume and its image.
  "ec2:DescribeInstances",
  "ec2:DescribeInstanceTypes",
  "ec2:DescribeInstanceCreditSpecifications",
  "ec2:DescribeIamInstanceProfileAssociations",
  "ec2:DescribeVolumes",
  "ec2:DescribeImages",
];

/** Launching the optional workload instance: RunInstances is authorized on every resource it touches. */
export const EC2_LAUNCH_ACTIONS = ["ec2:RunInstances"];

/**
 * Changing, stopping (the provider stops the instance to change its type) and terminating the
 * workload instance: only when tagged as xacct's. Its tags change with EC2_CHANGE_ACTIONS' CreateTags/DeleteTags.
 */
export const EC2_INSTANCE_CHANGE_ACTIONS = ["ec2:ModifyInstanceAttribute", "ec2:ModifyInstanceMetadataOptions", "ec2:StopInstances", "ec2:StartInstances", "ec2:TerminateInstances"];

/** The instance reads the latest Amazon Linux 2023 image id from AWS's public SSM parameters. */
export const IMAGE_PARAMETER_ACTIONS = ["ssm:GetParameter", "ssm:GetParameters"];

/** The public parameters (no account in their ARN) the workload instance's image id is read from. */
export function imageParameterArns(s: Pick<HalfScope, "region">): string[] {
  return ["x86_64", "arm64"].map((arch) => `arn:aws:ssm:${s.region}::parameter/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-${arch}`);
}

/** Creating a network resource: allowed only when the request tags it as xacct's. */
export const EC2_CREATE_ACTIONS = ["ec2:CreateVpc", "ec2:CreateSubnet", "ec2:CreateRouteTable", "ec2:CreateSecurityGroup", "ec2:CreateVpcEndpoint"];

/** Changing or deleting a network resource, or building on one: allowed only on resources tagged as xacct's. */
export const EC2_CHANGE_ACTIONS = [
  "ec2:CreateSubnet",
  "ec2:CreateRouteTable",
  "ec2:CreateSecurityGroup",
  "ec2:CreateVpcEndpoint",
  "ec2:ModifyVpcAttribute",
  "ec2:ModifySubnetAttribute",
  "ec2:AssociateRouteTable",
  "ec2:DisassociateRouteTable",
  "ec2:ReplaceRouteTableAssociation",
  "ec2:AuthorizeSecurityGroupIngress",
  "ec2:AuthorizeSecurityGroupEgress",
  "ec2:RevokeSecurityGroupIngress",
  "ec2:RevokeSecurityGroupEgress",
  "ec2:ModifyVpcEndpoint",
  "ec2:CreateTags",
  "ec2:DeleteTags",
  "ec2:DeleteVpcEndpoints",
  "ec2:DeleteSecurityGroup",
  "ec2:DeleteRouteTable",
  "ec2:DeleteSubnet",
  "ec2:DeleteVpc",
];

export const BUCKET_READ_ACTIONS = [
  "s3:ListBucket",
  "s3:GetBucketLocation",
  "s3:GetBucketAcl",
  "s3:GetBucketCORS",
  "s3:GetBucketWebsite",
  "s3:GetBucketVersioning",
  "s3:GetAccelerateConfiguration",
  "s3:GetBucketRequestPayment",
  "s3:GetBucketLogging",
  "s3:GetLifecycleConfiguration",
  "s3:GetReplicationConfiguration",
  "s3:GetEncryptionConfiguration",
  "s3:GetBucketObjectLockConfiguration",
  "s3:GetBucketTagging",
  "s3:GetBucketPolicy",
  "s3:GetBucketOwnershipControls",
  "s3:GetBucketPublicAccessBlock",
];

/** Creating the bucket and setting its guards. Deleting the bucket or its policy is never granted. */
export const BUCKET_WRITE_ACTIONS = [
  "s3:CreateBucket",
  "s3:PutBucketTagging",
  "s3:PutBucketOwnershipControls",
  "s3:PutBucketPublicAccessBlock",
  "s3:PutEncryptionConfiguration",
  "s3:PutBucketVersioning",
  "s3:PutLifecycleConfiguration",
  "s3:PutBucketPolicy",
];

/** Denied outright, whatever else is attached to the role: they would lose data or open the bucket. */
export const BUCKET_NEVER_ACTIONS = ["s3:DeleteBucket", "s3:DeleteBucketPolicy", "s3:PutBucketAcl", "s3:PutObjectAcl"];

/** IAM Access Analyzer's policy checks (`npm run policy:analyze`): they read nothing in the account. */
export const ACCESS_ANALYZER_ACTIONS = ["access-analyzer:ValidatePolicy", "access-analyzer:CheckNoPublicAccess", "access-analyzer:CheckAccessNotGranted"];

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} is required for this half`);
  return value;
}

/** Least privilege to deploy one account's half of xacct with `pulumi up`. */
export function deployPolicy(s: HalfScope): BootstrapDocument {
  if (s.half === "source") {
    const role = iamRole(s, required(s.instanceRoleName, "instanceRoleName"));
    const profile = `arn:aws:iam::${s.accountId}:instance-profile/${s.instanceRoleName}`;
    const instance = ec2(s, "instance");
    const tagged = { StringEquals: { [`aws:ResourceTag/${PROJECT_TAG.key}`]: PROJECT_TAG.value } };
    return doc(
      { Sid: "ManageOnlyTheInstanceRoleAndItsInlinePolicy", Effect: "Allow", Action: ROLE_LIFECYCLE_ACTIONS, Resource: [role] },
      // AddRoleToInstanceProfile and RunInstances with the instance profile need iam:PassRole on the
      // role, both as a pass to EC2 (AddRoleToInstanceProfile's associated resource is an EC2 instance ARN:
      // https://docs.aws.amazon.com/IAM/latest/APIReference/API_AddRoleToInstanceProfile.html,
      // https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/permission-to-pass-iam-roles.html).
      {
        Sid: "PassOnlyTheInstanceRoleAndOnlyToEc2",
        Effect: "Allow",
        Action: ["iam:PassRole"],
        Resource: [role],
        Condition: { StringEquals: { "iam:PassedToService": "ec2.amazonaws.com" } },
      },
      { Sid: "ManageOnlyTheInstanceProfileOfTheSameName", Effect: "Allow", Action: INSTANCE_PROFILE_ACTIONS, Resource: [profile] },
      { Sid: "DescribeTheNetworkAndInstancesWhichEc2AllowsOnlyOnEveryResource", Effect: "Allow", Action: EC2_DESCRIBE_ACTIONS, Resource: ["*"] },
      { Sid: "ReadTheAttributesOfVpcsAndInstancesInThisRegion", Effect: "Allow", Action: ["ec2:DescribeVpcAttribute", "ec2:DescribeInstanceAttribute"], Resource: [ec2(s, "vpc"), ec2(s, "instance")] },
      { Sid: "ReadOnlyTheAmazonLinux2023ImageParameters", Effect: "Allow", Action: IMAGE_PARAMETER_ACTIONS, Resource: imageParameterArns(s) },
      {
        Sid: "CreateNetworkResourcesInThisRegionOnlyWhenTaggedAsXacct",
        Effect: "Allow",
        Action: EC2_CREATE_ACTIONS,
        Resource: networkArns(s),
        Condition: { StringEquals: { [`aws:RequestTag/${PROJECT_TAG.key}`]: PROJECT_TAG.value } },
      },
      {
        Sid: "TagResourcesOnlyWhileCreatingOrLaunchingThem",
        Effect: "Allow",
        Action: ["ec2:CreateTags"],
        Resource: [...networkArns(s), instance],
        Condition: { StringEquals: { "ec2:CreateAction": [...EC2_CREATE_ACTIONS, ...EC2_LAUNCH_ACTIONS].map((a) => a.replace("ec2:", "")) } },
      },
      {
        Sid: "ChangeOrDeleteOnlyNetworkResourcesAndInstancesTaggedAsXacct",
        Effect: "Allow",
        Action: [...EC2_CHANGE_ACTIONS, ...EC2_INSTANCE_CHANGE_ACTIONS],
        Resource: [...networkArns(s), instance],
        Condition: tagged,
      },
      // RunInstances is allowed only when every resource it names or creates is allowed, each by its
      // own statement: the instance must be tagged Project=xacct, require IMDSv2 and carry the
      // instance profile (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ExamplePolicies_EC2.html#iam-example-runinstances).
      {
        Sid: "LaunchOnlyInstancesTaggedAsXacctWithImdsv2AndTheInstanceProfile",
        Effect: "Allow",
        Action: EC2_LAUNCH_ACTIONS,
        Resource: [instance],
        Condition: { StringEquals: { [`aws:RequestTag/${PROJECT_TAG.key}`]: PROJECT_TAG.value, "ec2:MetadataHttpTokens": "required", "ec2:InstanceProfile": profile } },
      },
      { Sid: "LaunchOnlyIntoSubnetsAndSecurityGroupsTaggedAsXacct", Effect: "Allow", Action: EC2_LAUNCH_ACTIONS, Resource: [ec2(s, "subnet"), ec2(s, "security-group")], Condition: tagged },
      { Sid: "LaunchOnlyWithEncryptedVolumes", Effect: "Allow", Action: EC2_LAUNCH_ACTIONS, Resource: [ec2(s, "volume")], Condition: { Bool: { "ec2:Encrypted": "true" } } },
      { Sid: "LaunchOnlyFromImagesOwnedByAmazon", Effect: "Allow", Action: EC2_LAUNCH_ACTIONS, Resource: [`arn:aws:ec2:${s.region}::image/*`], Condition: { StringEquals: { "ec2:Owner": "amazon" } } },
      { Sid: "LaunchWithANewNetworkInterfaceInThisRegion", Effect: "Allow", Action: EC2_LAUNCH_ACTIONS, Resource: [ec2(s, "network-interface")] },
    );
  }
  const roles = required(s.transferRoleNames, "transferRoleNames").map((name) => iamRole(s, name));
  const bucket = `arn:aws:s3:::${required(s.bucketName, "bucketName")}`;
  return doc(
    { Sid: "ManageOnlyTheTransferRoleAndItsInlinePolicy", Effect: "Allow", Action: ROLE_LIFECYCLE_ACTIONS, Resource: roles },
    { Sid: "ReadTheTransferBucketConfiguration", Effect: "Allow", Action: BUCKET_READ_ACTIONS, Resource: [bucket] },
    { Sid: "CreateTheTransferBucketAndSetItsGuards", Effect: "Allow", Action: BUCKET_WRITE_ACTIONS, Resource: [bucket] },
    { Sid: "NeverDeleteTheBucketOrItsPolicyOrOpenItsAcls", Effect: "Deny", Action: BUCKET_NEVER_ACTIONS, Resource: [bucket, `${bucket}/*`] },
  );
}

/**
 * What `pulumi preview` (and `--refresh`) and `npm run policy:analyze` need: reads only. Every
 * action is of AWS's Read or List access level; the tests check that against AWS's service data.
 */
export function previewPolicy(s: HalfScope): BootstrapDocument {
  const analyze: BootstrapStatement = { Sid: "RunIamAccessAnalyzerPolicyChecksWhichReadNothingInTheAccount", Effect: "Allow", Action: ACCESS_ANALYZER_ACTIONS, Resource: ["*"] };
  if (s.half === "source") {
    return doc(
      { Sid: "ReadTheInstanceRoleAndItsInlinePolicy", Effect: "Allow", Action: ROLE_READ_ACTIONS, Resource: [iamRole(s, required(s.instanceRoleName, "instanceRoleName"))] },
      { Sid: "ReadTheInstanceProfile", Effect: "Allow", Action: ["iam:GetInstanceProfile"], Resource: [`arn:aws:iam::${s.accountId}:instance-profile/${s.instanceRoleName}`] },
      { Sid: "DescribeTheNetworkAndInstancesWhichEc2AllowsOnlyOnEveryResource", Effect: "Allow", Action: EC2_DESCRIBE_ACTIONS, Resource: ["*"] },
      { Sid: "ReadTheAttributesOfVpcsAndInstancesInThisRegion", Effect: "Allow", Action: ["ec2:DescribeVpcAttribute", "ec2:DescribeInstanceAttribute"], Resource: [ec2(s, "vpc"), ec2(s, "instance")] },
      { Sid: "ReadOnlyTheAmazonLinux2023ImageParameters", Effect: "Allow", Action: IMAGE_PARAMETER_ACTIONS, Resource: imageParameterArns(s) },
      analyze,
    );
  }
  return doc(
    { Sid: "ReadTheTransferRoleAndItsInlinePolicy", Effect: "Allow", Action: ROLE_READ_ACTIONS, Resource: required(s.transferRoleNames, "transferRoleNames").map((name) => iamRole(s, name)) },
    { Sid: "ReadTheTransferBucketConfiguration", Effect: "Allow", Action: BUCKET_READ_ACTIONS, Resource: [`arn:aws:s3:::${required(s.bucketName, "bucketName")}`] },
    analyze,
  );
}

/** Compact JSON: what IAM receives and what its size quotas measure. */
export function toJson(document: BootstrapDocument): string {
  return JSON.stringify(document);
}
