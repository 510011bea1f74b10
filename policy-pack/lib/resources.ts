/** Which resources carry which IAM documents, and other facts about resource types the rules share. */
import { ReportViolation } from "@pulumi/policy";
import { ParsedDocument, Statement, parsePolicyDocument } from "./iam";
import { containsUnknown, unwrap } from "./unknowns";

export const TYPES = {
  role: "aws:iam/role:Role",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  managedPolicy: "aws:iam/policy:Policy",
  userPolicy: "aws:iam/userPolicy:UserPolicy",
  groupPolicy: "aws:iam/groupPolicy:GroupPolicy",
  bucket: "aws:s3/bucket:Bucket",
  bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
  publicAccessBlock: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
  ownershipControls: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
  encryption: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  versioning: "aws:s3/bucketVersioning:BucketVersioning",
  vpcEndpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
  vpcEndpointPolicy: "aws:ec2/vpcEndpointPolicy:VpcEndpointPolicy",
  vpc: "aws:ec2/vpc:Vpc",
  subnet: "aws:ec2/subnet:Subnet",
  route: "aws:ec2/route:Route",
  routeTable: "aws:ec2/routeTable:RouteTable",
  securityGroup: "aws:ec2/securityGroup:SecurityGroup",
  securityGroupRule: "aws:ec2/securityGroupRule:SecurityGroupRule",
  securityGroupEgressRule: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
  securityGroupIngressRule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  lifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
  replication: "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
  // The internet path (xacct:source.endpoints none).
  internetGateway: "aws:ec2/internetGateway:InternetGateway",
  natGateway: "aws:ec2/natGateway:NatGateway",
  eip: "aws:ec2/eip:Eip",
} as const;

/**
 * - identity: what a principal may do (inline or managed policies);
 * - trust: who may assume a role (no Resource element);
 * - bucket: a bucket's resource policy;
 * - endpoint: a VPC endpoint policy, which caps every request through the endpoint.
 */
/**
 * The AWS service a VPC endpoint's `serviceName` (`com.amazonaws.<region>.<service>`) reaches, in
 * lower case, a FIPS variant (`sts-fips`, `s3-fips`) counted as its service: a FIPS endpoint
 * carries the same API calls to the same service, so it is judged as strictly
 * (https://docs.aws.amazon.com/vpc/latest/privatelink/aws-services-privatelink-support.html).
 */
export function endpointServiceOf(serviceName: unknown): string | undefined {
  if (typeof serviceName !== "string") return undefined;
  return /\.([a-z0-9-]+)$/.exec(serviceName.toLowerCase())?.[1].replace(/-fips$/, "");
}

export type DocumentKind = "identity" | "trust" | "bucket" | "endpoint";

export interface DocumentSource {
  kind: DocumentKind;
  /** The property holding the document, e.g. `assumeRolePolicy` or `inlinePolicies[0].policy`. */
  property: string;
  value: unknown;
  /** Managed (standalone) policies have their own, smaller size limit. */
  managed?: boolean;
}

/** Every IAM document a resource's inputs carry. A missing VPC endpoint policy is returned as undefined. */
export function documentsOf(type: string, proxiedProps: Record<string, any>): DocumentSource[] {
  // Plain values: reading an unknown through @pulumi/policy's proxy would throw and end the rule.
  const props = unwrap(proxiedProps);
  switch (type) {
    case TYPES.role: {
      const documents: DocumentSource[] = [{ kind: "trust", property: "assumeRolePolicy", value: props.assumeRolePolicy }];
      if (Array.isArray(props.inlinePolicies)) (props.inlinePolicies as any[]).forEach((p, i) => p?.policy !== undefined && documents.push({ kind: "identity", property: `inlinePolicies[${i}].policy`, value: p.policy }));
      return documents;
    }
    case TYPES.rolePolicy:
    case TYPES.userPolicy:
    case TYPES.groupPolicy:
      return [{ kind: "identity", property: "policy", value: props.policy }];
    case TYPES.managedPolicy:
      return [{ kind: "identity", property: "policy", value: props.policy, managed: true }];
    case TYPES.bucketPolicy:
      return [{ kind: "bucket", property: "policy", value: props.policy }];
    case TYPES.vpcEndpoint:
    case TYPES.vpcEndpointPolicy:
      return [{ kind: "endpoint", property: "policy", value: props.policy }];
    default:
      return [];
  }
}

export interface ParsedSource extends DocumentSource {
  statements: Statement[];
}

/**
 * Parses each document of the kinds a rule is about. A document that cannot be read fails the
 * rule: a guardrail must never pass what it could not check. An absent document is skipped (the
 * rules that require one say so themselves), and so is one that is unknown or secret, in whole or
 * in part: `xacct-values-known` refuses it unless it is computed from this stack's own resources.
 */
export function readDocuments(
  type: string,
  props: Record<string, any>,
  kinds: readonly DocumentKind[],
  reportViolation: ReportViolation,
): ParsedSource[] {
  const parsed: ParsedSource[] = [];
  for (const source of documentsOf(type, props)) {
    if (!kinds.includes(source.kind) || source.value === undefined || source.value === null || source.value === "") continue;
    if (containsUnknown(source.value)) continue;
    const result: ParsedDocument = parsePolicyDocument(source.value);
    if (!result.ok) {
      reportViolation(`${source.property} ${result.error}; the policy cannot be checked. Fix the document so AWS and this pack can read it.`);
      continue;
    }
    parsed.push({ ...source, statements: result.statements });
  }
  return parsed;
}

/** `Allow` statements only: the ones that grant. */
export function allows(statements: Statement[]): Statement[] {
  return statements.filter((s) => s.effect === "Allow");
}
