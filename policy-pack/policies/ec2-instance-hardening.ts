import { PolicyResource, ReportViolation, StackValidationPolicy } from "@pulumi/policy";
import { Statement, parsePolicyDocument } from "../lib/iam";
import { principalArnNarrowing } from "../lib/principals";
import { endpointServiceOf } from "../lib/resources";
import { accountOf, designates, isWiredTo, propsOf, roleArnOf } from "../lib/stack";
import { isUnknown } from "../lib/unknowns";

const T = {
  instance: "aws:ec2/instance:Instance",
  spotInstanceRequest: "aws:ec2/spotInstanceRequest:SpotInstanceRequest",
  volume: "aws:ec2/volume:Volume",
  subnet: "aws:ec2/subnet:Subnet",
  role: "aws:iam/role:Role",
  instanceProfile: "aws:iam/instanceProfile:InstanceProfile",
  vpcEndpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
  vpcEndpointPolicy: "aws:ec2/vpcEndpointPolicy:VpcEndpointPolicy",
  eip: "aws:ec2/eip:Eip",
  eipAssociation: "aws:ec2/eipAssociation:EipAssociation",
  vpc: "aws:ec2/vpc:Vpc",
} as const;

/** Both launch an instance from the same arguments. */
const INSTANCE_TYPES: string[] = [T.instance, T.spotInstanceRequest];

/** The Allow statements of a document; none when it is absent or unknown (neither parses). */
function allowStatements(value: unknown): Statement[] {
  const parsed = parsePolicyDocument(value);
  return parsed.ok ? parsed.statements.filter((s) => s.effect === "Allow") : [];
}

/**
 * The roles the design hands to the workload, besides any the pack config lists: the ones the STS
 * endpoint policies let through (the instance role is the one principal that may call STS from the
 * VPC). A stack without an STS endpoint falls back to the roles other roles' trusts name (the
 * transfer role trusts the instance role). The STS endpoint wins when there is one: otherwise any
 * role trusting, say, an admin role would make the admin's profile acceptable. An STS endpoint's
 * policy may be its own or a separate VpcEndpointPolicy's; STS endpoints that let no exact role
 * through designate none, and the trusts are read as if there were no endpoint.
 */
function designatedInstanceRoleArns(resources: PolicyResource[], configured: string[]): Set<string> {
  const arns = new Set(configured);
  const stsEndpoints = resources.filter((r) => r.type === T.vpcEndpoint && endpointServiceOf(propsOf(r).serviceName) === "sts");
  // Stryker disable next-line MethodExpression: equivalent - of the resources naming an endpoint only a VpcEndpointPolicy carries a policy (the ConditionalExpression `true` variant, the same, survives)
  const attached = resources.filter((r) => r.type === T.vpcEndpointPolicy);
  const throughSts = new Set<string>();
  for (const endpoint of stsEndpoints) {
    const policies = [endpoint, ...attached.filter((a) => designates(a, "vpcEndpointId", endpoint))].map((owner) => propsOf(owner).policy);
    for (const statement of policies.flatMap(allowStatements)) principalArnNarrowing(statement)?.forEach((arn) => throughSts.add(arn));
  }
  if (throughSts.size > 0) return new Set([...arns, ...throughSts]);
  // Stryker disable next-line MethodExpression: equivalent - no other aws: type carries an assumeRolePolicy (the ConditionalExpression `true` variant, the same, survives)
  for (const role of resources.filter((r) => r.type === T.role)) {
    for (const statement of allowStatements(propsOf(role).assumeRolePolicy)) statement.principal?.aws.forEach((arn) => arns.add(arn));
  }
  return arns;
}

function checkMetadata(props: Record<string, any>, report: (message: string) => void) {
  if (isUnknown(props.metadataOptions)) return; // computed during preview: judged again at update time
  const options = props.metadataOptions ?? {};
  if (options.httpEndpoint === "disabled") return; // no instance metadata at all: nothing to steal
  if (options.httpTokens !== "required" && !isUnknown(options.httpTokens)) {
    report(`allows IMDSv1 (metadataOptions.httpTokens is ${JSON.stringify(options.httpTokens ?? "unset")}): a server-side request forgery on the instance could read the role's credentials. Set httpTokens: "required".`);
  }
  const hops = options.httpPutResponseHopLimit;
  if (hops !== 1 && !isUnknown(hops)) {
    report(
      `has metadataOptions.httpPutResponseHopLimit ${hops === undefined ? "unset (images that require IMDSv2, such as Amazon Linux 2023, default to 2)" : hops}: ` +
        "a container or a forwarded request on the instance could fetch the role's credentials. Set it to 1.",
    );
  }
}

function checkPublicIp(instance: PolicyResource, subnets: PolicyResource[], report: (message: string) => void) {
  const props = propsOf(instance);
  const associate = props.associatePublicIpAddress;
  if (associate === true || associate === "true") {
    report("gets a public IP address (associatePublicIpAddress: true). The workload lives in a private subnet and leaves the VPC only through its endpoints.");
    return;
  }
  if (associate === false || associate === "false" || isUnknown(associate)) return;
  const subnet = subnets.find((s) => designates(instance, "subnetId", s));
  if (!subnet) {
    report("does not set associatePublicIpAddress, and its subnet is not in this stack, so whether it maps public IPs cannot be checked. Set associatePublicIpAddress: false.");
  } else if (propsOf(subnet).mapPublicIpOnLaunch === true) {
    report(`does not set associatePublicIpAddress, and its subnet ${subnet.name} maps public IPs on launch. Set associatePublicIpAddress: false, or turn mapPublicIpOnLaunch off.`);
  }
}

function checkVolumes(props: Record<string, any>, report: (message: string) => void) {
  const encrypted = (device: any) => device?.encrypted === true || device?.encrypted === "true" || isUnknown(device?.encrypted);
  if (!isUnknown(props.rootBlockDevice) && !encrypted(props.rootBlockDevice)) {
    report("has an unencrypted root volume (rootBlockDevice.encrypted is not true; the account's default EBS encryption is not part of the deployment). Set rootBlockDevice: { encrypted: true }.");
  }
  const devices: any[] = Array.isArray(props.ebsBlockDevices) ? props.ebsBlockDevices : [];
  devices.forEach((device, index) => {
    if (!encrypted(device)) report(`has an unencrypted EBS volume (ebsBlockDevices[${index}]${device?.deviceName ? `, ${device.deviceName}` : ""}). Set encrypted: true.`);
  });
}

/** Checks the instance's profile; true when it runs with the designated instance role's profile. */
function checkProfile(instance: PolicyResource, designatedProfiles: PolicyResource[], designatedNames: unknown[], roleArns: Set<string>, report: (message: string) => void): boolean {
  const given = propsOf(instance).iamInstanceProfile;
  if (given === undefined || given === null || given === "") return false; // no credentials at all
  // A profile may also be given by ARN (arn:aws:iam::<account>:instance-profile/<path/>name).
  const arn = typeof given === "string" ? /^arn:[^:]+:iam::(\d{12}):instance-profile\/(?:.*\/)?([^/]+)$/.exec(given) : null;
  const otherAccount = arn !== null && accountOf(instance) !== undefined && arn[1] !== accountOf(instance);
  const profile = arn && !otherAccount ? arn[2] : given;
  const ok = isUnknown(profile)
    ? designatedProfiles.some((p) => isWiredTo(instance, "iamInstanceProfile", p))
    : designatedNames.includes(profile) || designatedProfiles.some((p) => designates(instance, "iamInstanceProfile", p, propsOf(p).name));
  if (!ok) {
    report(
      `runs with instance profile ${isUnknown(profile) ? "(not known yet, and not computed from the designated one)" : JSON.stringify(given)}, not the profile of the designated instance role (${[...roleArns].join(", ")}). ` +
        "Only that role is fenced by the endpoint and trust policies; give the instance its profile.",
    );
  }
  return ok;
}

/** Is the known subnet id one of those an endpoint's network interfaces are placed in? */
function inSubnetsOf(endpoint: PolicyResource, subnetId: unknown): boolean {
  const ids = propsOf(endpoint).subnetIds;
  return Array.isArray(ids) && ids.includes(subnetId);
}

/**
 * The workload (an instance with the designated instance role's profile) runs in a subnet of this
 * stack, in a VPC that holds the stack's endpoints: elsewhere (a default subnet, another VPC) it has
 * neither the endpoint-only network nor the workload security group, and may get a public address.
 */
function checkWorkloadSubnet(instance: PolicyResource, resources: PolicyResource[], subnets: PolicyResource[], report: (message: string) => void) {
  const subnetId = propsOf(instance).subnetId;
  const subnet = subnets.find((s) => designates(instance, "subnetId", s));
  const endpoints = resources.filter((r) => r.type === T.vpcEndpoint);
  if (!subnet) {
    // A VPC the stack does not create (xacct:source.vpc): the subnets its own interface endpoints sit in are the workload's.
    if (!isUnknown(subnetId) && endpoints.some((e) => inSubnetsOf(e, subnetId))) return;
    const what = subnetId === undefined || subnetId === null || subnetId === "" ? "no subnetId (the account's default subnet)" : isUnknown(subnetId) ? "a subnet that is unknown and not computed from a subnet of this stack" : `subnet ${JSON.stringify(subnetId)}, which this stack does not hold`;
    report(`runs the designated instance role in ${what}: the workload must run in the stack's private subnets, behind its endpoints and security groups. Set subnetId to one of them.`);
    return;
  }
  const vpcs = resources.filter((r) => r.type === T.vpc && endpoints.some((e) => designates(e, "vpcId", r)));
  if (vpcs.length > 0 && !vpcs.some((vpc) => designates(subnet, "vpcId", vpc))) {
    report(`runs the designated instance role in subnet ${subnet.name}, which is not in the VPC of the stack's endpoints. Set subnetId to one of that VPC's private subnets.`);
  }
}

/**
 * EC2 instances are hardened the way the workload is: IMDSv2 required with a hop limit of 1, no
 * public IP (associatePublicIpAddress false, or left unset in a subnet of this stack that does not
 * map public IPs; no Elastic IP on it), encrypted root and EBS volumes (standalone `ec2.Volume`s
 * too), and, in a stack that designates an instance role (the role the STS endpoint policy lets
 * through, else the role a transfer role trusts, or pack config `instanceRoleArns`), an instance
 * profile only of that role, in a subnet of this stack in the VPC of its endpoints. An instance
 * without a profile has no credentials and passes that check. A stack rule, because the subnet and
 * the profile are separate resources. Instances from a launch template are refused: the template's
 * settings are not checked here.
 *
 * Severity: high. Why: Amazon EC2 User Guide, "Use IMDSv2"
 * (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-IMDS-existing-instances.html),
 * "Amazon EBS encryption" (https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html).
 */
export const ec2InstanceHardening: StackValidationPolicy = {
  name: "ec2-instance-hardening",
  description: "EC2 instances require IMDSv2 (hop limit 1), get no public IP, encrypt their volumes, and use only the designated instance role's profile.",
  enforcementLevel: "mandatory",
  severity: "high",
  configSchema: {
    properties: {
      instanceRoleArns: {
        type: "array",
        items: { type: "string" },
        default: [],
        description: "Role ARNs whose instance profiles instances may use, besides the roles the stack's trust and STS endpoint policies designate.",
      },
    },
  },
  validateStack: (args, reportViolation: ReportViolation) => {
    const { instanceRoleArns } = args.getConfig<{ instanceRoleArns: string[] }>();
    const resources = args.resources;
    const subnets = resources.filter((r) => r.type === T.subnet);
    const roleArns = designatedInstanceRoleArns(resources, instanceRoleArns);
    // Stryker disable next-line StringLiteral: equivalent - a stand-in for a role without a known ARN is no ARN the endpoint or config names
    const designatedRoles = resources.filter((r) => r.type === T.role && roleArns.has(roleArnOf(r) ?? ""));
    // Roles of other stacks (pack config, a source stack's role named by a target's trust) are matched by name.
    const namesFromArns = [...roleArns].map((arn) => /:role\/(?:.*\/)?([^/]+)$/.exec(arn)?.[1]).filter((n): n is string => n !== undefined);
    const designatedProfiles = resources.filter(
      (p) => p.type === T.instanceProfile && (designatedRoles.some((role) => designates(p, "role", role, propsOf(role).name)) || namesFromArns.includes(propsOf(p).role)),
    );
    // An absent or unknown name is never a known profile name the instance gives.
    const designatedProfileNames: unknown[] = designatedProfiles.map((p) => propsOf(p).name);

    for (const instance of resources.filter((r) => INSTANCE_TYPES.includes(r.type))) {
      const props = propsOf(instance);
      const report = (message: string) => reportViolation(`${instance.name} ${message}`, instance.urn);
      if (props.launchTemplate !== undefined && props.launchTemplate !== null) {
        report("is launched from a launch template, whose metadata, network and volume settings this pack does not check. Set them on the instance itself.");
      }
      checkMetadata(props, report);
      checkPublicIp(instance, subnets, report);
      checkVolumes(props, report);
      if (roleArns.size > 0 && checkProfile(instance, designatedProfiles, designatedProfileNames, roleArns, report)) checkWorkloadSubnet(instance, resources, subnets, report);
    }
    // An Elastic IP is a public IP too, whatever the instance's own settings say.
    for (const eip of resources.filter((r) => r.type === T.eip || r.type === T.eipAssociation)) {
      const target = resources.find((r) => INSTANCE_TYPES.includes(r.type) && designates(eip, "instance", r));
      if (target) reportViolation(`${eip.name} gives instance ${target.name} a public IP address (an Elastic IP). The workload has no public address.`, eip.urn);
    }
    for (const volume of resources.filter((r) => r.type === T.volume)) {
      const encrypted = propsOf(volume).encrypted;
      if (encrypted !== true && encrypted !== "true" && !isUnknown(encrypted)) {
        reportViolation(`${volume.name} is an unencrypted EBS volume. Set encrypted: true.`, volume.urn);
      }
    }
  },
};
