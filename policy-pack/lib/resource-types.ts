/**
 * Which resource types this pack understands, and which it must refuse because they can grant
 * access, move data or open a network path without the pack judging them. Types are compared by
 * package, module and name, so `aws:iam/role:Role` and `aws-native:iam:Role` are both (aws, iam, role).
 */

export interface TypeToken {
  package: string;
  module: string;
  name: string;
}

/** `aws:iam/rolePolicy:RolePolicy` → (aws, iam, rolepolicy); `aws-native:s3:AccessPoint` → (aws-native, s3, accesspoint). */
export function parseType(type: string): TypeToken {
  // split always yields a first part ("" for ""): only the module and name can be missing.
  const [pkg, middle = "", name = ""] = type.split(":");
  return { package: pkg.toLowerCase(), module: middle.split("/")[0].toLowerCase(), name: name.toLowerCase() };
}

/**
 * `aws:` types whose every access-, data- or network-relevant property some rule of this pack judges.
 * (Lower-case module/name.) Anything else in a sensitive family is refused unless reviewed.
 */
const UNDERSTOOD_AWS = new Set([
  "iam/role",
  "iam/rolepolicy",
  "iam/policy",
  "iam/instanceprofile",
  "iam/rolepolicyattachment",
  "iam/openidconnectprovider",
  // Key policies are judged by s3-transfer-bucket-reached-only-by-transfer-roles; grants are not understood.
  "kms/key",
  "kms/keypolicy",
  "kms/replicakey",
  "s3/bucket",
  "s3/bucketv2",
  "s3/bucketpolicy",
  "s3/bucketpublicaccessblock",
  "s3/bucketownershipcontrols",
  "s3/bucketserversideencryptionconfiguration",
  "s3/bucketserversideencryptionconfigurationv2",
  "s3/bucketversioning",
  "s3/bucketversioningv2",
  "s3/bucketlifecycleconfiguration",
  "s3/bucketlifecycleconfigurationv2",
  "s3/bucketreplicationconfig",
  // Settings that neither grant, copy nor delete (CORS only tells browsers what a grant already allows).
  "s3/bucketcorsconfiguration",
  "s3/bucketcorsconfigurationv2",
  "s3/bucketmetric",
  "s3/bucketintelligenttieringconfiguration",
  "s3/bucketaccelerateconfiguration",
  "s3/bucketaccelerateconfigurationv2",
  "s3/bucketrequestpaymentconfiguration",
  "s3/bucketrequestpaymentconfigurationv2",
  // Access logs: judged by aws-resource-types-understood (the target bucket must be one of this stack's).
  "s3/bucketlogging",
  "s3/bucketloggingv2",
  "ec2/vpc",
  "ec2/subnet",
  "ec2/routetable",
  "ec2/routetableassociation",
  "ec2/route",
  "ec2/vpcendpoint",
  "ec2/vpcendpointpolicy",
  "ec2/securitygroup",
  "ec2/securitygrouprule",
  // The internet path: vpc-endpoint-only-network accepts them only as its one NAT gateway with its
  // Elastic IP (ec2-instance-hardening refuses an Elastic IP on an instance).
  "ec2/internetgateway",
  "ec2/natgateway",
  "ec2/eip",
  "vpc/securitygroupingressrule",
  "vpc/securitygroupegressrule",
]);

/** Modules where every type can grant access, share or move data, or connect networks. */
const SENSITIVE_MODULES = new Set([
  "iam",
  "kms",
  "ram",
  "s3",
  "s3control",
  "s3outposts",
  "s3tables",
  "organizations",
  "ssoadmin",
  "identitystore",
  "ec2transitgateway",
  "directconnect",
  "networkmanager",
  "datasync",
  "transfer",
  "lakeformation",
  "vpclattice",
  // Identity Center (aws-native spells the module "sso"): assignments hand people roles in the accounts.
  "sso",
  // Copy data elsewhere with a role of their own: backup plans and selections (cross-account copy
  // actions), database migration, AppFlow flows, Storage Gateway file shares (FSx data repository
  // associations by name, below).
  "backup",
  "dms",
  "appflow",
  "storagegateway",
  // Open a network path into or out of a VPC: client VPN, Verified Access, Network Firewall,
  // Global Accelerator, Route 53 Resolver endpoints and forwarding rules (also by name, below, with
  // EC2 Instance Connect endpoints and App Runner VPC ingress connections).
  "ec2clientvpn",
  "verifiedaccess",
  "networkfirewall",
  "globalaccelerator",
  "route53resolver",
  // Put desktops or streaming fleets for people outside into a VPC.
  "workspaces",
  "workspacesweb",
  "appstream",
  // Creates any CloudFormation type (an IAM role, a bucket policy, a route) from a JSON desired state.
  "cloudcontrol",
  // Create whatever their templates say, outside this pack's view.
  "cloudformation",
  "servicecatalog",
]);

/** Properties that carry a resource policy inline (e.g. an SQS queue's `policy`, an OpenSearch domain's `accessPolicies`). */
export const INLINE_POLICY_PROPERTIES = ["policy", "accessPolicy", "accessPolicies", "resourcePolicy", "policyDocument", "keyPolicy"];

/** Type names that grant, share or open, in any module: resource policies, permissions, grants, shares, gateways, peering. */
const SENSITIVE_NAMES =
  /policy|permission|grant|share|acl$|principal|internetgateway|natgateway|egressonly|peering|transitgateway|vpngateway|vpnconnection|customergateway|eip$|eipassociation|endpointservice|endpointconnection|accesspoint|functionurl|trust|replication|networkinterfaceattachment|instanceconnectendpoint|resolverendpoint|resolverrule|vpcingressconnection|datarepositoryassociation|defaultroute|defaultsecuritygroup|defaultvpc|defaultsubnet|mainroutetable|vpcendpoint/;

/** Packages whose resources can run anything (e.g. the AWS CLI) with the deployer's credentials. */
const ARBITRARY_PACKAGES = new Set(["command", "pulumi-nodejs", "pulumi-python"]);

/**
 * Packages whose resources only compute values inside their own provider process: random values,
 * keys and certificates, timestamps and delays. Their providers take no cloud credentials and call
 * no cloud API, so they cannot grant access, move data or open a network path. Every other package
 * (a bridged Terraform provider such as `awscc`, another cloud, a dynamic provider) is refused
 * unless its exact type is reviewed.
 */
const LOCAL_ONLY_PACKAGES = new Set(["random", "tls", "time"]);

/**
 * aws-native EC2 types that carry no route, address, rule or workload. Every other aws-native EC2
 * type is refused: the network and instance rules judge the aws: EC2 resources only.
 */
const ORDINARY_NATIVE_EC2 = new Set(["keypair", "placementgroup"]);

export type TypeVerdict = { kind: "understood" | "ordinary" } | { kind: "sensitive"; why: string };

/**
 * How the pack treats a type: judged by its rules, ordinary (no access, data or network path), or
 * refused unless reviewed. `custom` says whether the resource is deployed through a provider: a
 * component of the program (`xacct:source:PrivateNetwork`) has none and creates nothing itself
 * (its children are judged), while every custom resource of a package other than `aws`,
 * `aws-native`, `pulumi` and the local-only ones is refused.
 */
export function classifyType(type: string, custom = true): TypeVerdict {
  const token = parseType(type);
  if (token.package === "pulumi") return { kind: "ordinary" };
  if (ARBITRARY_PACKAGES.has(token.package)) return { kind: "sensitive", why: "runs arbitrary code with the deployer's credentials" };
  if (token.package !== "aws" && token.package !== "aws-native") {
    if (!custom || LOCAL_ONLY_PACKAGES.has(token.package)) return { kind: "ordinary" };
    return { kind: "sensitive", why: `belongs to the ${token.package} package, which this pack does not judge and which may reach AWS (or anything else) with credentials of its own` };
  }
  const key = `${token.module}/${token.name}`;
  if (token.package === "aws" && UNDERSTOOD_AWS.has(key)) return { kind: "understood" };
  if (SENSITIVE_MODULES.has(token.module)) return { kind: "sensitive", why: `is in the ${token.module} family, which grants access or moves or shares data` };
  if (SENSITIVE_NAMES.test(token.name)) return { kind: "sensitive", why: "can grant access, share or move data, or open a network path" };
  if (token.module === "ec2" && /route|gateway|vpn|verifiedaccess|peering|trafficmirror/.test(token.name)) return { kind: "sensitive", why: "can open a network path" };
  if (token.package === "aws-native" && token.module === "ec2" && !ORDINARY_NATIVE_EC2.has(token.name)) {
    return { kind: "sensitive", why: "is an aws-native network or workload resource (routes, gateways, security-group rules, subnets, instances), which the network and instance rules judge only as aws: resources" };
  }
  return { kind: "ordinary" };
}

/** Allow-list entries are exact values: a `*` or `?` would match types or ARNs nobody reviewed. */
export const EXACT_VALUE_PATTERN = "^[^*?]+$";
