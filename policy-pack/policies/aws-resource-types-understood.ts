import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { EXACT_VALUE_PATTERN, INLINE_POLICY_PROPERTIES, classifyType, parseType } from "../lib/resource-types";
import { partitionOf } from "../lib/providers";
import { accountOf, propsOf } from "../lib/stack";
import { booleanOf, isUnknown } from "../lib/unknowns";

interface Config {
  reviewedTypes: string[];
  reviewedPolicyArns: string[];
}

/** Inline settings of a bucket that this pack does not judge (their separate resources are judged or refused). */
const BUCKET_INLINE = ["acl", "grants", "policy", "website", "replicationConfiguration", "lifecycleRules", "logging", "corsRules", "objectLockConfiguration"];

const ENDPOINT_TYPES = ["Gateway", "Interface"];

function isSet(value: unknown): boolean {
  if (value === undefined || value === null || value === "") return false;
  // An array is an object whose keys are its indices.
  if (typeof value === "object") return Object.keys(value as object).length > 0;
  return true;
}

/** The ARN a managed policy of this stack has or will have (`arn:<partition>:iam::<account>:policy<path><name>`, the partition of its provider's region). */
function policyArnsOf(policy: PolicyResource): string[] {
  const props = propsOf(policy);
  // Stryker disable next-line ArrayDeclaration: a placeholder entry no attachment's ARN equals
  const arns: string[] = [];
  // An unknown or non-string entry is never looked up (unknown attachment ARNs are judged before the lookup): the ConditionalExpression `true` variants survive.
  // Stryker disable next-line LogicalOperator: as above
  if (typeof props.arn === "string" && !isUnknown(props.arn)) arns.push(props.arn);
  const account = accountOf(policy);
  // An entry with an unknown name or no account ("…::undefined:…", "…policy/<unknown>") equals no attachment's known ARN: the ConditionalExpression `true` variants survive.
  // Stryker disable next-line LogicalOperator: as above
  if (account && typeof props.name === "string" && !isUnknown(props.name)) {
    const path = typeof props.path === "string" && !isUnknown(props.path) ? props.path : "/";
    // Stryker disable next-line OptionalChaining: the account is known here, so the policy has a provider
    arns.push(`arn:${partitionOf(policy.provider?.props)}:iam::${account}:policy${path}${props.name}`);
  }
  return arns;
}

/**
 * Fail closed. Every resource that can grant access, move or share data, or open a network path is
 * either understood by this pack's rules or refused, in every provider package (`aws:`,
 * `aws-native:`, and packages that run arbitrary code such as `command:` and the dynamic providers
 * `pulumi-nodejs:dynamic:Resource` / `pulumi-python:dynamic:Resource`). A custom resource of any
 * other package (a bridged Terraform provider such as `awscc`, another cloud, a remote component) is
 * refused too: its provider may hold AWS credentials of its own and the pack cannot read what it
 * does. Only `random`, `tls` and `time` pass by default: their providers take no credentials and call
 * no API, they only compute values (random strings, keys, timestamps) in their own process. A
 * resource without a provider is a component of the program: it creates nothing, its children are
 * judged. Families refused include IAM (users, groups,
 * memberships, attachments, identity providers), S3 (ACLs, access points, multi-region and
 * object-lambda access points, object lock), KMS (keys, grants), VPC (gateways, peering, transit
 * gateway attachments, endpoint services, client VPN, Verified Access, Instance Connect endpoints,
 * Network Firewall, Resolver endpoints; every aws-native EC2 type but key pairs and placement
 * groups, since the network and instance rules read aws: EC2 only), Cloud Control (any
 * CloudFormation type), Identity Center assignments (aws:ssoadmin, aws-native:sso), services that
 * copy data with a role of their own (AWS Backup, DataSync, DMS, AppFlow), Lambda permissions and
 * function URLs, resource shares, and every resource policy. A refused type may be allowed after a security review by listing its exact
 * type token in this rule's `reviewedTypes`.
 *
 * Understood types are judged in full, or refused where they are not: a bucket's inline ACL, policy,
 * website, replication, lifecycle or logging; a VPC endpoint other than Gateway or Interface; an
 * attachment of a policy that is not a managed policy of this stack (an AWS managed policy such as
 * AdministratorAccess, or another account's) unless its exact ARN is in `reviewedPolicyArns`.
 *
 * Severity: critical. Why: AWS IAM User Guide, "Policies and permissions"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html): every resource-based
 * policy, attachment and share grants access, so a type the pack cannot read must not pass.
 */
export const awsResourceTypesUnderstood: StackValidationPolicy = {
  name: "aws-resource-types-understood",
  description: "Resource types that can grant access, move data or open a network path are understood by the pack or refused unless reviewed.",
  enforcementLevel: "mandatory",
  severity: "critical",
  configSchema: {
    properties: {
      reviewedTypes: {
        type: "array",
        items: { type: "string", pattern: "^[A-Za-z0-9-]+:[A-Za-z0-9/._-]+:[A-Za-z0-9._-]+$" },
        uniqueItems: true,
        default: [],
        description: "Exact resource type tokens (e.g. \"aws:sqs/queuePolicy:QueuePolicy\") allowed after a security review. Loosens: resources of these types are no longer judged at all.",
      },
      reviewedPolicyArns: {
        type: "array",
        items: { type: "string", pattern: `^arn:aws(-cn|-us-gov)?:iam::(aws|\\d{12}):policy/[^*?]+$` },
        uniqueItems: true,
        default: [],
        description: "Exact ARNs of managed policies (AWS managed or from another stack) that may be attached after review, e.g. arn:aws:iam::aws:policy/ReadOnlyAccess. Loosens: what they grant is not judged.",
      },
    },
  },
  validateStack: (args, reportViolation) => {
    const config = args.getConfig<Config>();
    // Stryker disable next-line ArrayDeclaration: getConfig always holds the schema defaults, and a placeholder entry names no type or ARN
    const reviewedTypes = new Set(config.reviewedTypes ?? []);
    // Stryker disable next-line ArrayDeclaration: as above
    const reviewedArns = new Set(config.reviewedPolicyArns ?? []);
    // The exact-value rule also holds for input that bypassed schema validation.
    for (const value of [...reviewedTypes, ...reviewedArns]) {
      if (!new RegExp(EXACT_VALUE_PATTERN).test(value)) reportViolation(`pack config lists ${JSON.stringify(value)}, a pattern: allow-lists take exact values only.`);
    }
    const policies = args.resources.filter((r) => r.type === "aws:iam/policy:Policy");
    const stackPolicyArns = new Set(policies.flatMap(policyArnsOf));
    const judgeAttachment = (resource: PolicyResource, property: string, arn: unknown) => {
      if (isUnknown(arn)) {
        // Stryker disable next-line ArrayDeclaration: a placeholder string is no dependency, just as an empty list
        const wired = (resource.propertyDependencies[property] ?? []).some((d) => d.type === "aws:iam/policy:Policy");
        if (!wired) reportViolation(`${resource.name} (${resource.type}) attaches a policy whose ARN is unknown and not computed from a managed policy of this stack: what it grants cannot be judged.`, resource.urn);
        return;
      }
      const value = String(arn);
      if (stackPolicyArns.has(value) || reviewedArns.has(value)) return;
      const managedByAws = /^arn:[^:]+:iam::aws:policy\//.test(value);
      reportViolation(
        `${resource.name} (${resource.type}) attaches ${value}, ${managedByAws ? "an AWS managed policy" : "a policy that is not in this stack"}: the pack cannot read what it grants. Use a customer managed policy in this stack, or, after a security review, list the exact ARN in aws-resource-types-understood.reviewedPolicyArns (pack config).`,
        resource.urn,
      );
    };

    for (const resource of args.resources) {
      const props = propsOf(resource);
      const verdict = classifyType(resource.type, resource.provider !== undefined);
      if (reviewedTypes.has(resource.type)) continue;
      if (verdict.kind === "sensitive") {
        reportViolation(
          `${resource.name} is a ${resource.type}, which ${verdict.why}, and this pack does not judge it. Remove it, or after a security review list the exact type "${resource.type}" in aws-resource-types-understood.reviewedTypes (pack config).`,
          resource.urn,
        );
        continue;
      }
      const token = parseType(resource.type);
      const kind = `${token.package}/${token.module}/${token.name}`;
      if (verdict.kind === "ordinary" && (token.package === "aws" || token.package === "aws-native")) {
        for (const property of INLINE_POLICY_PROPERTIES.filter((p) => isSet(props[p]))) {
          reportViolation(
            `${resource.name} (${resource.type}) carries a resource policy inline (${property}), which this pack does not judge. Remove it, or after a security review list "${resource.type}" in aws-resource-types-understood.reviewedTypes (pack config).`,
            resource.urn,
          );
        }
      }
      if (kind === "aws/s3/bucket" || kind === "aws/s3/bucketv2") {
        for (const property of BUCKET_INLINE.filter((p) => isSet(props[p]))) {
          if (property === "acl" && props.acl === "private") continue;
          // Stryker disable next-line OptionalChaining: objectLockConfiguration is set here (filtered by isSet)
          if (property === "objectLockConfiguration" && booleanOf(props.objectLockEnabled) !== true && !isSet(props.objectLockConfiguration?.rule)) continue;
          reportViolation(
            `${resource.name} sets the bucket's inline ${property}, which this pack does not judge. Use the separate resource (e.g. aws.s3.BucketPolicy, BucketLifecycleConfiguration), or remove it.`,
            resource.urn,
          );
        }
      }
      if (kind === "aws/ec2/vpcendpoint" && !isUnknown(props.vpcEndpointType) && !ENDPOINT_TYPES.includes(props.vpcEndpointType ?? "Gateway")) {
        reportViolation(`${resource.name} is a ${props.vpcEndpointType} VPC endpoint; the pack judges only Gateway and Interface endpoints. Review it and list "${resource.type}" in reviewedTypes only if every endpoint of that type is acceptable.`, resource.urn);
      }
      if (kind === "aws/iam/rolepolicyattachment") judgeAttachment(resource, "policyArn", props.policyArn);
      if (kind === "aws/s3/bucketlogging" || kind === "aws/s3/bucketloggingv2") {
        const target = props.targetBucket;
        const ours = args.resources.some(
          // Stryker disable next-line ArrayDeclaration: a placeholder string is no dependency, just as an empty list
          (b) => (b.type === "aws:s3/bucket:Bucket" || b.type === "aws:s3/bucketV2:BucketV2") && (isUnknown(target) ? (resource.propertyDependencies.targetBucket ?? []).some((d) => d.urn === b.urn) : propsOf(b).bucket === target && accountOf(b) === accountOf(resource)),
        );
        if (!ours) reportViolation(`${resource.name} sends the bucket's access logs to ${isUnknown(target) ? "a bucket that is unknown and not computed from this stack's buckets" : JSON.stringify(target)}, which is not a bucket of this stack in the same account.`, resource.urn);
      }
      if (kind === "aws/iam/role") {
        const arns = props.managedPolicyArns;
        if (isUnknown(arns)) judgeAttachment(resource, "managedPolicyArns", arns);
        else if (Array.isArray(arns)) for (const arn of arns) judgeAttachment(resource, "managedPolicyArns", arn);
      }
    }
  },
};
