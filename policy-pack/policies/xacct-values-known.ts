import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { DesignationConfig, designate, designationConfigSchemaProperties } from "../lib/designation";
import { internetPathOf } from "../lib/internet-path";
import { parseType } from "../lib/resource-types";
import { propsOf } from "../lib/stack";
import { describeUnknown, isSecret, unknownsOf } from "../lib/unknowns";

/**
 * For each resource type (package/module/name, lower-case): the properties that decide access,
 * data or network paths, and the kinds of resources of this stack an unknown value there may be
 * computed from (its property dependencies). An empty list: nothing legitimate computes it, so it
 * must be known at preview.
 */
const ROLE = "aws/iam/role";
const POLICY = "aws/iam/policy";
const BUCKET = "aws/s3/bucket";
const ENDPOINT = "aws/ec2/vpcendpoint";
const VPC = "aws/ec2/vpc";
const SUBNET = "aws/ec2/subnet";
const ROUTE_TABLE = "aws/ec2/routetable";
const SECURITY_GROUP = "aws/ec2/securitygroup";
/** The internet path: the fences name the NAT gateway's Elastic IP. */
const EIP = "aws/ec2/eip";
const NAT_GATEWAY = "aws/ec2/natgateway";
const INTERNET_GATEWAY = "aws/ec2/internetgateway";
const DOCUMENT_SOURCES = [ROLE, BUCKET, ENDPOINT, POLICY, EIP];
const NETWORK_SOURCES = [VPC, SUBNET, ROUTE_TABLE, SECURITY_GROUP, ENDPOINT];

const RELEVANT: Record<string, Record<string, string[]>> = {
  "aws/iam/role": { assumeRolePolicy: [ROLE, ENDPOINT, EIP], inlinePolicies: DOCUMENT_SOURCES, maxSessionDuration: [], managedPolicyArns: [POLICY], permissionsBoundary: [POLICY] },
  "aws/iam/rolepolicy": { policy: DOCUMENT_SOURCES, role: [ROLE] },
  "aws/iam/policy": { policy: DOCUMENT_SOURCES },
  "aws/iam/rolepolicyattachment": { policyArn: [POLICY], role: [ROLE] },
  "aws/iam/instanceprofile": { role: [ROLE] },
  "aws/s3/bucket": { forceDestroy: [], acl: [], grants: [], policy: [], website: [], replicationConfiguration: [], lifecycleRules: [], logging: [], objectLockConfiguration: [] },
  "aws/kms/key": { policy: DOCUMENT_SOURCES },
  "aws/kms/keypolicy": { policy: DOCUMENT_SOURCES, keyId: ["aws/kms/key"] },
  "aws/s3/bucketlogging": { targetBucket: [BUCKET], bucket: [BUCKET] },
  "aws/s3/bucketloggingv2": { targetBucket: [BUCKET], bucket: [BUCKET] },
  "aws/s3/bucketversioningv2": { versioningConfiguration: [], bucket: [BUCKET] },
  "aws/s3/bucketlifecycleconfigurationv2": { rules: [], bucket: [BUCKET] },
  "aws/s3/bucketserversideencryptionconfigurationv2": { rules: [], bucket: [BUCKET] },
  "aws/ec2/instance": { associatePublicIpAddress: [], iamInstanceProfile: ["aws/iam/instanceprofile"], subnetId: [SUBNET], vpcSecurityGroupIds: [SECURITY_GROUP] },
  "aws/s3/bucketpolicy": { policy: DOCUMENT_SOURCES, bucket: [BUCKET] },
  "aws/s3/bucketpublicaccessblock": { blockPublicAcls: [], blockPublicPolicy: [], ignorePublicAcls: [], restrictPublicBuckets: [], bucket: [BUCKET] },
  "aws/s3/bucketownershipcontrols": { rule: [], bucket: [BUCKET] },
  "aws/s3/bucketserversideencryptionconfiguration": { rules: [], bucket: [BUCKET] },
  "aws/s3/bucketversioning": { versioningConfiguration: [], bucket: [BUCKET] },
  "aws/s3/bucketlifecycleconfiguration": { rules: [], bucket: [BUCKET] },
  "aws/s3/bucketreplicationconfig": { rules: [BUCKET], role: [ROLE], bucket: [BUCKET] },
  "aws/ec2/vpcendpoint": {
    policy: DOCUMENT_SOURCES,
    serviceName: [],
    vpcEndpointType: [],
    privateDnsEnabled: [],
    vpcId: [VPC],
    routeTableIds: [ROUTE_TABLE],
    subnetIds: [SUBNET],
    securityGroupIds: [SECURITY_GROUP],
  },
  "aws/ec2/vpcendpointpolicy": { policy: DOCUMENT_SOURCES, vpcEndpointId: [ENDPOINT] },
  "aws/ec2/subnet": { mapPublicIpOnLaunch: [], assignIpv6AddressOnCreation: [], vpcId: [VPC] },
  "aws/ec2/routetable": { routes: [ENDPOINT], vpcId: [VPC] },
  "aws/ec2/route": {
    routeTableId: [ROUTE_TABLE],
    destinationCidrBlock: [VPC, SUBNET],
    gatewayId: [ENDPOINT, INTERNET_GATEWAY],
    natGatewayId: [NAT_GATEWAY],
    egressOnlyGatewayId: [],
    transitGatewayId: [],
    vpcPeeringConnectionId: [],
    networkInterfaceId: [],
    carrierGatewayId: [],
    localGatewayId: [],
    coreNetworkArn: [],
    vpcEndpointId: [ENDPOINT],
  },
  "aws/ec2/natgateway": { allocationId: [EIP], subnetId: [SUBNET], connectivityType: [], availabilityMode: [], secondaryAllocationIds: [] },
  "aws/ec2/internetgateway": { vpcId: [VPC] },
  "aws/ec2/routetableassociation": { routeTableId: [ROUTE_TABLE], subnetId: [SUBNET], gatewayId: [] },
  "aws/ec2/securitygroup": { ingress: NETWORK_SOURCES, egress: NETWORK_SOURCES, vpcId: [VPC] },
  "aws/ec2/securitygrouprule": {
    type: [],
    fromPort: [],
    toPort: [],
    protocol: [],
    cidrBlocks: NETWORK_SOURCES,
    ipv6CidrBlocks: NETWORK_SOURCES,
    prefixListIds: [ENDPOINT],
    sourceSecurityGroupId: [SECURITY_GROUP],
    securityGroupId: [SECURITY_GROUP],
    self: [],
  },
  "aws/vpc/securitygroupingressrule": { cidrIpv4: NETWORK_SOURCES, cidrIpv6: NETWORK_SOURCES, fromPort: [], toPort: [], ipProtocol: [], prefixListId: [ENDPOINT], referencedSecurityGroupId: [SECURITY_GROUP], securityGroupId: [SECURITY_GROUP] },
  "aws/vpc/securitygroupegressrule": { cidrIpv4: NETWORK_SOURCES, cidrIpv6: NETWORK_SOURCES, fromPort: [], toPort: [], ipProtocol: [], prefixListId: [ENDPOINT], referencedSecurityGroupId: [SECURITY_GROUP], securityGroupId: [SECURITY_GROUP] },
  "pulumi/providers/aws": { allowedAccountIds: [], forbiddenAccountIds: [], assumeRole: [], assumeRoles: [] },
  "pulumi/providers/aws-native": { allowedAccountIds: [], forbiddenAccountIds: [], assumeRole: [] },
};

function relevantOf(type: string): Record<string, string[]> | undefined {
  if (type.startsWith("pulumi:providers:")) return RELEVANT[`pulumi/providers/${type.slice("pulumi:providers:".length)}`];
  const token = parseType(type);
  return RELEVANT[`${token.package}/${token.module}/${token.name}`];
}

/** Properties holding documents: on the transfer's own parts, an unknown one must come from the transfer's own parts. */
const DOCUMENT_PROPERTIES = new Set(["assumeRolePolicy", "inlinePolicies", "policy"]);

function kindOf(resource: PolicyResource): string {
  const token = parseType(resource.type);
  return `${token.package}/${token.module}/${token.name}`;
}

/**
 * A value that is unknown at preview (or secret, in offline input) is accepted only where it is
 * computed from this stack's own resources of the kinds that property is built from — the engine's
 * property dependencies say which — because then it will be that resource's id or ARN, and the rules
 * judge it again at `pulumi up` when it is known. Anything else (computed from another stack, a
 * command, a random value, a data source, or a secret) cannot be judged, and is refused with the
 * property that could not be judged. One unknown property never hides the others: every other rule
 * reads each property on its own.
 *
 * Severity: critical. Why: Pulumi docs, CrossGuard core concepts (policies run during preview, when
 * some values are not yet known)
 * (https://www.pulumi.com/docs/iac/using-pulumi/crossguard/core-concepts/)
 * — a rule cannot see an unknown value, so the pack must not treat it as a pass.
 */
export const xacctValuesKnown: StackValidationPolicy = {
  name: "xacct-values-known",
  description: "Security-relevant values unknown at preview or secret are computed only from this stack's own roles, endpoints, buckets and network; otherwise refused.",
  enforcementLevel: "mandatory",
  severity: "critical",
  configSchema: { properties: { ...designationConfigSchemaProperties } },
  validateStack: (args, reportViolation) => {
    const urns = new Set(args.resources.map((r) => r.urn));
    // The transfer's own parts (by relation): their documents may be computed only from each other.
    const designation = designate(args.resources, args.getConfig<DesignationConfig>());
    const parts = new Set<string>([
      ...(internetPathOf(args.resources)?.addresses.flatMap((a) => (a.resource ? [a.resource.urn] : [])) ?? []),
      ...designation.instanceRoles.map((r) => r.resource.urn),
      ...designation.transferRoles.map((r) => r.resource.urn),
      ...designation.transferBuckets.flatMap((b) => (b.resource ? [b.resource.urn] : [])),
      ...designation.s3Endpoints.map((e) => e.resource.urn),
      ...designation.stsEndpoints.map((e) => e.resource.urn),
    ]);
    const transferBucketNames = new Set(designation.transferBuckets.map((b) => b.name));
    const isPart = (resource: PolicyResource) =>
      parts.has(resource.urn) ||
      designation.bucketPolicies.some((p) => p.resource === resource && p.bucket !== undefined && transferBucketNames.has(p.bucket)) ||
      [...designation.instanceRoles, ...designation.transferRoles].some((role) => role.grants.some((g) => g.owner === resource));
    for (const resource of args.resources) {
      const relevant = relevantOf(resource.type);
      if (!relevant) continue;
      const props = propsOf(resource);
      for (const [property, sources] of Object.entries(relevant)) {
        const unknowns = unknownsOf(props[property]);
        if (unknowns.length === 0) continue;
        const dependencies = resource.propertyDependencies[property] ?? [];
        // A secret is never accepted, so it is the one shown.
        const shown = unknowns.find((unknown) => isSecret(unknown.value)) ?? unknowns[0];
        const secret = isSecret(shown.value);
        const strict = DOCUMENT_PROPERTIES.has(property) && isPart(resource);
        const strangers = dependencies.filter((d) => !urns.has(d.urn) || !sources.includes(kindOf(d)) || (strict && !parts.has(d.urn)));
        if (!secret && sources.length > 0 && dependencies.length > 0 && strangers.length === 0) continue;
        const from =
          secret
            ? ""
            : dependencies.length === 0
              ? " and is not computed from any resource of this stack"
              : ` and is computed from ${strangers.map((d) => `${d.name} (${d.type})`).join(", ")}, which is not ${strict ? "one of the transfer's own roles, endpoints or buckets" : sources.length ? `one of this stack's ${sources.map((s) => s.split("/").pop()).join("/")} resources` : "something this value may depend on"}`;
        reportViolation(
          `${resource.name} (${resource.type}): ${property}${shown.path} is ${describeUnknown(shown.value)}${from}, so the pack cannot judge it. Make it a known value, or compute it only from this stack's own ${sources.length ? sources.map((s) => s.split("/").pop()).join("/") : "config"}.`,
          resource.urn,
        );
      }
    }
  },
};
