/**
 * Which resources of a stack play which part in the transfer, found from how they relate to each
 * other and from pack config, never from names, tags or other markers a program writes:
 *
 * - instance roles: the roles an instance profile hands to EC2 (plus `instanceRoleArns` in config,
 *   and the instance role a StackReference reads from the source half);
 * - direct writers (xacct:pattern direct): instance roles that write into a transfer bucket
 *   themselves, by their own identity policy or by a transfer bucket's policy naming them; they are
 *   held to the writer's contract and must assume no role;
 * - transfer roles: the roles whose trust lets an instance role in (plus `transferRoleArns`), the
 *   exact roles an instance role may assume, and any role granted writes into a transfer bucket
 *   (it then has to meet the transfer role's contract too);
 * - transfer buckets: the buckets transfer roles write to, the buckets whose policy fences writes to
 *   a VPC endpoint or lets a transfer role in, the buckets an S3 endpoint policy opens to a transfer
 *   role (plus `transferBuckets`);
 * - S3 / STS endpoints: VPC endpoints for those services, and any endpoint id a transfer bucket's
 *   policy or a transfer role's trust names in `aws:SourceVpce`.
 *
 * A stack written by hand with the same resources and relations gets the same designation.
 * Every identity document that reaches a principal is collected with it: inline policies, role
 * policies, managed policies attached by any attachment resource or by `managedPolicyArns`, group
 * policies of the groups a user belongs to. `aws-native:` resources are read too.
 */
import { PolicyResource } from "@pulumi/policy";
import { patternsIntersect } from "./arn";
import { Statement, clausesOn, coversAction, parsePolicyDocument } from "./iam";
import { internetPathOf } from "./internet-path";
import { partitionOf } from "./providers";
import { endpointServiceOf } from "./resources";
import { accountOf, isWiredTo, propsOf, stackReferenceOutputs } from "./stack";
import { isUnknown } from "./unknowns";

/** A policy document as a stack holds it: read, unknown at preview, unreadable, or absent. */
export type Document = { statements: Statement[] } | "unknown" | "unreadable" | undefined;

export function readDocument(value: unknown): Document {
  if (value === undefined || value === null || value === "") return undefined;
  if (isUnknown(value)) return "unknown";
  const parsed = parsePolicyDocument(value);
  return parsed.ok ? { statements: parsed.statements } : "unreadable";
}

export function statementsOf(document: Document): Statement[] {
  return typeof document === "object" ? document.statements : [];
}

/** An identity document that applies to a principal, and where it comes from. */
export interface Grant {
  /** The resource holding the document (or the attachment, for a managed policy outside the stack). */
  owner: PolicyResource;
  property: string;
  document: Document;
  /** Set for a managed policy attached by ARN whose document is not in the stack (AWS managed or pre-existing). */
  managedPolicyArn?: string;
  /** The ARN of the managed policy the grant comes from, in the stack or not (whoever can rewrite it can rewrite the grant). */
  policyArn?: string;
}

export type PrincipalKind = "role" | "user" | "group";

export interface PrincipalNode {
  kind: PrincipalKind;
  resource: PolicyResource;
  /** The IAM name, when known. */
  name?: string;
  /** The ARN, when known or computable from name, path and the provider's account. */
  arn?: string;
  /** Roles only: who may assume it. */
  trust: Document;
  grants: Grant[];
}

export interface BucketNode {
  name: string;
  partition: string;
  /** Absent when the bucket lives in another stack (split stacks) and is known by name only. */
  resource?: PolicyResource;
}

export interface EndpointNode {
  resource: PolicyResource;
  id?: string;
  service?: string;
  /** The endpoint's own policy and any separate endpoint-policy resources attached to it. */
  policies: { owner: PolicyResource; document: Document }[];
}

export interface BucketPolicyNode {
  resource: PolicyResource;
  bucket?: string;
  document: Document;
}

export interface Designation {
  /** The stack's resources, as given. */
  resources: readonly PolicyResource[];
  principals: PrincipalNode[];
  roles: PrincipalNode[];
  instanceRoles: PrincipalNode[];
  transferRoles: PrincipalNode[];
  /** Instance roles of the stack that write into a transfer bucket themselves (xacct:pattern direct). */
  directWriters: PrincipalNode[];
  /** Their ARNs, with instance roles outside the stack that a transfer bucket's policy lets write. */
  directWriterArns: string[];
  /** Every instance / transfer role ARN known: in the stack, in config, or named by a relation. */
  instanceRoleArns: string[];
  transferRoleArns: string[];
  transferBuckets: BucketNode[];
  buckets: BucketNode[];
  bucketPolicies: BucketPolicyNode[];
  endpoints: EndpointNode[];
  s3Endpoints: EndpointNode[];
  stsEndpoints: EndpointNode[];
}

/** Pack config that names the parts of the transfer the stack cannot show (e.g. the other half of a split pair). */
export interface DesignationConfig {
  instanceRoleArns?: string[];
  transferRoleArns?: string[];
  transferBuckets?: string[];
}

/** The `configSchema` properties of {@link DesignationConfig}, for every rule that designates. */
export const DESIGNATION_CONFIG_SCHEMA = {
  // Exact values only (no `*` or `?`): an allow-list entry must not match what nobody reviewed.
  instanceRoleArns: { type: "array", items: { type: "string", pattern: "^arn:aws(-cn|-us-gov)?:iam::\\d{12}:role/[^*?]+$" }, default: [], description: "Exact ARNs of instance roles outside this stack (e.g. the source half of a split pair). Loosens: these roles are trusted as the instance role." },
  transferRoleArns: { type: "array", items: { type: "string", pattern: "^arn:aws(-cn|-us-gov)?:iam::\\d{12}:role/[^*?]+$" }, default: [], description: "Exact ARNs of transfer roles outside this stack (e.g. the target half, for a source stack). Loosens: these roles may be named by the endpoint policies." },
  transferBuckets: { type: "array", items: { type: "string", pattern: "^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$" }, default: [], description: "Exact names of transfer buckets outside this stack. Loosens: the S3 endpoint policy may open these buckets." },
} as const;

/** The same, as a mutable object for a rule's configSchema. */
export const designationConfigSchemaProperties: Record<string, any> = JSON.parse(JSON.stringify(DESIGNATION_CONFIG_SCHEMA));

const T = {
  role: "aws:iam/role:Role",
  user: "aws:iam/user:User",
  group: "aws:iam/group:Group",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  userPolicy: "aws:iam/userPolicy:UserPolicy",
  groupPolicy: "aws:iam/groupPolicy:GroupPolicy",
  managedPolicy: "aws:iam/policy:Policy",
  rolePolicyAttachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  userPolicyAttachment: "aws:iam/userPolicyAttachment:UserPolicyAttachment",
  groupPolicyAttachment: "aws:iam/groupPolicyAttachment:GroupPolicyAttachment",
  policyAttachment: "aws:iam/policyAttachment:PolicyAttachment",
  groupMembership: "aws:iam/groupMembership:GroupMembership",
  userGroupMembership: "aws:iam/userGroupMembership:UserGroupMembership",
  instanceProfile: "aws:iam/instanceProfile:InstanceProfile",
  bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
  vpcEndpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
  vpcEndpointPolicy: "aws:ec2/vpcEndpointPolicy:VpcEndpointPolicy",
  nativeRole: "aws-native:iam:Role",
  nativeRolePolicy: "aws-native:iam:RolePolicy",
  nativeManagedPolicy: "aws-native:iam:ManagedPolicy",
  nativeUser: "aws-native:iam:User",
  nativeGroup: "aws-native:iam:Group",
  nativeInstanceProfile: "aws-native:iam:InstanceProfile",
  nativeBucketPolicy: "aws-native:s3:BucketPolicy",
  nativeVpcEndpoint: "aws-native:ec2:VpcEndpoint",
} as const;

const BUCKET_TYPES = new Set(["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2", "aws-native:s3:Bucket"]);

function known(value: unknown): string | undefined {
  return typeof value === "string" && !isUnknown(value) && value !== "" ? value : undefined;
}

function list(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  if (typeof value === "string" && value.startsWith("[")) {
    try {
      return JSON.parse(value);
    } catch {
      // Not JSON: the one value it is (below).
    }
  }
  return Array.isArray(value) ? value : [value];
}

function principalKind(type: string): PrincipalKind | undefined {
  if (type === T.role || type === T.nativeRole) return "role";
  if (type === T.user || type === T.nativeUser) return "user";
  if (type === T.group || type === T.nativeGroup) return "group";
  return undefined;
}

function principalNode(resource: PolicyResource, kind: PrincipalKind): PrincipalNode {
  const props = propsOf(resource);
  const native = resource.type.startsWith("aws-native:");
  const name = known(native ? props[`${kind}Name`] : props.name) ?? known(native ? undefined : props.id);
  const path = known(props.path) ?? "/";
  const account = accountOf(resource);
  const arn =
    // Stryker disable next-line OptionalChaining: equivalent - `account` comes from the same provider, so without one the ARN is never built
    known(props.arn) ?? (name && account ? `arn:${partitionOf(resource.provider?.props)}:iam::${account}:${kind}${path}${name}` : undefined);
  const trust = kind === "role" ? readDocument(native ? props.assumeRolePolicyDocument : props.assumeRolePolicy) : undefined;
  const grants: Grant[] = [];
  if (native) {
    list(props.policies).forEach((p: any, i) => grants.push({ owner: resource, property: `policies[${i}].policyDocument`, document: readDocument(p?.policyDocument) }));
  } else {
    list(props.inlinePolicies).forEach((p: any, i) => p?.policy !== undefined && grants.push({ owner: resource, property: `inlinePolicies[${i}].policy`, document: readDocument(p.policy) }));
  }
  return { kind, resource, name, arn, trust, grants };
}

/** Does the value of `owner[property]` (a name, ARN or id) refer to `node`? Unknown values refer to what they are computed from. */
function refersTo(owner: PolicyResource, property: string, value: unknown, node: { resource: PolicyResource; name?: string; arn?: string; id?: string }): boolean {
  if (isUnknown(value)) return isWiredTo(owner, property, node.resource);
  const text = known(value);
  if (text === undefined) return false;
  return text === node.name || text === node.arn || text === (node.id ?? known(propsOf(node.resource).id));
}

/** A principal's name, ARN and id lower-cased, for {@link refersTo} with a lower-cased value. */
function lowerCased(node: PrincipalNode): { resource: PolicyResource; name?: string; arn?: string; id?: string } {
  return { resource: node.resource, name: node.name?.toLowerCase(), arn: node.arn?.toLowerCase(), id: known(propsOf(node.resource).id)?.toLowerCase() };
}

function managedPolicyArn(resource: PolicyResource): string | undefined {
  const props = propsOf(resource);
  const native = resource.type === T.nativeManagedPolicy;
  const name = known(native ? props.managedPolicyName : props.name);
  const account = accountOf(resource);
  const path = known(props.path) ?? "/";
  // Stryker disable next-line OptionalChaining: equivalent - `account` comes from the same provider, so without one the ARN is never built
  return known(props.arn) ?? known(props.policyArn) ?? (name && account ? `arn:${partitionOf(resource.provider?.props)}:iam::${account}:policy${path}${name}` : undefined);
}

function bucketNameOf(resource: PolicyResource): string | undefined {
  const props = propsOf(resource);
  return known(props.bucket) ?? known(props.bucketName) ?? known(props.id);
}

/** The bucket an S3 ARN pattern names exactly (no wildcard in the bucket name), if any. */
export function bucketOfArn(resource: string): string | undefined {
  const match = /^arn:[^:]*:s3:::([^/]+)(\/|$)/.exec(resource);
  return match && !/[*?$]/.test(match[1]) ? match[1] : undefined;
}

/** Exact role ARNs a statement names as principals: `Principal.AWS`, or `*` narrowed by a positive exact `aws:PrincipalArn`. */
function namedRoleArns(statement: Statement): string[] {
  const narrowed = clausesOn(statement, "aws:PrincipalArn")
    .filter((c) => (["ArnEquals", "StringEquals", "ArnLike", "StringLike"] as (string | undefined)[]).includes(c.base) && !c.ifExists && !c.qualifier)
    .flatMap((c) => c.values);
  // Stryker disable next-line ArrayDeclaration: equivalent - a stand-in string is no role ARN, so never one of the instance or transfer roles it is compared with
  const principals = statement.principal?.aws ?? [];
  return [...principals, ...narrowed];
}

function allowsOf(document: Document): Statement[] {
  return statementsOf(document).filter((s) => s.effect === "Allow");
}

const designations = new WeakMap<readonly PolicyResource[], Map<string, Designation>>();

/**
 * The transfer's parts in `resources`. Every stack rule designates; a list of resources handed to
 * several rules (the offline harness shares one per run) is designated once per config, and the
 * result's lists are frozen so that no rule can change what the next one sees.
 */
export function designate(resources: readonly PolicyResource[], config: DesignationConfig = {}): Designation {
  const key = JSON.stringify([config.instanceRoleArns ?? [], config.transferRoleArns ?? [], config.transferBuckets ?? []]);
  let byConfig = designations.get(resources);
  if (!byConfig) designations.set(resources, (byConfig = new Map()));
  let designation = byConfig.get(key);
  if (!designation) {
    designation = designateAfresh(resources, config);
    for (const [name, value] of Object.entries(designation)) if (name !== "resources" && Array.isArray(value)) Object.freeze(value);
    byConfig.set(key, designation);
  }
  return designation;
}

function designateAfresh(resources: readonly PolicyResource[], config: DesignationConfig): Designation {
  const principals: PrincipalNode[] = [];
  for (const resource of resources) {
    const kind = principalKind(resource.type);
    if (kind) principals.push(principalNode(resource, kind));
  }
  const ofKind = (kind: PrincipalKind) => principals.filter((p) => p.kind === kind);
  const roles = ofKind("role");

  // Managed policies of the stack, by ARN, and every attachment of a policy to principals.
  const managed = resources
    .filter((r) => r.type === T.managedPolicy || r.type === T.nativeManagedPolicy)
    .map((resource) => ({ resource, arn: managedPolicyArn(resource), document: readDocument(propsOf(resource)[resource.type === T.nativeManagedPolicy ? "policyDocument" : "policy"]) }));
  const attach = (owner: PolicyResource, property: string, value: unknown, to: PrincipalNode[]) => {
    if (to.length === 0) return;
    const policy = managed.find((m) => (isUnknown(value) ? isWiredTo(owner, property, m.resource) : known(value) !== undefined && known(value) === m.arn));
    for (const principal of to) {
      principal.grants.push(
        policy
          ? { owner: policy.resource, property: "policy", document: policy.document, policyArn: policy.arn }
          : { owner, property, document: isUnknown(value) ? "unknown" : undefined, managedPolicyArn: known(value), policyArn: known(value) },
      );
    }
  };
  // IAM names are not distinguished by case (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html):
  // a name or ARN spelt in another case can denote no principal but this one.
  const matching = (owner: PolicyResource, property: string, values: unknown[], candidates: PrincipalNode[]) =>
    candidates.filter((p) => values.some((v) => refersTo(owner, property, typeof v === "string" && !isUnknown(v) ? v.toLowerCase() : v, lowerCased(p))));

  for (const principal of principals) {
    const props = propsOf(principal.resource);
    for (const arn of list(props.managedPolicyArns)) attach(principal.resource, "managedPolicyArns", arn, [principal]);
  }
  for (const resource of resources) {
    const props = propsOf(resource);
    switch (resource.type) {
      case T.rolePolicy:
      case T.userPolicy:
      case T.groupPolicy: {
        const property = resource.type === T.rolePolicy ? "role" : resource.type === T.userPolicy ? "user" : "group";
        const kind = property as PrincipalKind;
        for (const p of matching(resource, property, [props[property]], ofKind(kind))) p.grants.push({ owner: resource, property: "policy", document: readDocument(props.policy) });
        break;
      }
      case T.nativeRolePolicy:
        for (const p of matching(resource, "roleName", [props.roleName], roles)) p.grants.push({ owner: resource, property: "policyDocument", document: readDocument(props.policyDocument) });
        break;
      case T.rolePolicyAttachment:
        attach(resource, "policyArn", props.policyArn, matching(resource, "role", [props.role], roles));
        break;
      case T.userPolicyAttachment:
        attach(resource, "policyArn", props.policyArn, matching(resource, "user", [props.user], ofKind("user")));
        break;
      case T.groupPolicyAttachment:
        attach(resource, "policyArn", props.policyArn, matching(resource, "group", [props.group], ofKind("group")));
        break;
      case T.policyAttachment:
        attach(resource, "policyArn", props.policyArn, [
          ...matching(resource, "roles", list(props.roles), roles),
          ...matching(resource, "users", list(props.users), ofKind("user")),
          ...matching(resource, "groups", list(props.groups), ofKind("group")),
        ]);
        break;
      case T.nativeManagedPolicy: {
        const document = readDocument(props.policyDocument);
        for (const p of [
          ...matching(resource, "roles", list(props.roles), roles),
          ...matching(resource, "users", list(props.users), ofKind("user")),
          ...matching(resource, "groups", list(props.groups), ofKind("group")),
        ]) p.grants.push({ owner: resource, property: "policyDocument", document, policyArn: managedPolicyArn(resource) });
        break;
      }
    }
  }
  // A user gets what its groups get.
  for (const resource of resources) {
    const props = propsOf(resource);
    let pairs: [PrincipalNode[], PrincipalNode[]] | undefined;
    if (resource.type === T.groupMembership) pairs = [matching(resource, "group", [props.group], ofKind("group")), matching(resource, "users", list(props.users), ofKind("user"))];
    if (resource.type === T.userGroupMembership) pairs = [matching(resource, "groups", list(props.groups), ofKind("group")), matching(resource, "user", [props.user], ofKind("user"))];
    if (!pairs) continue;
    for (const group of pairs[0]) for (const user of pairs[1]) user.grants.push(...group.grants);
  }

  // Instance roles: handed to EC2 by an instance profile.
  const instanceRoles = new Set<PrincipalNode>();
  for (const resource of resources) {
    const props = propsOf(resource);
    if (resource.type === T.instanceProfile) matching(resource, "role", [props.role], roles).forEach((r) => instanceRoles.add(r));
    if (resource.type === T.nativeInstanceProfile) matching(resource, "roles", list(props.roles), roles).forEach((r) => instanceRoles.add(r));
  }
  const configured = (arns: string[] | undefined) => new Set(arns ?? []);
  const instanceConfig = configured(config.instanceRoleArns);
  roles.filter((r) => r.arn && instanceConfig.has(r.arn)).forEach((r) => instanceRoles.add(r));
  // A target stack reads its source half's instance role through a StackReference (an output named for it).
  const referenced = stackReferenceOutputs(resources).flatMap(({ outputs }) =>
    outputs === "unknown" ? [] : Object.entries(outputs).filter(([key, value]) => /instancerole(arn)?$/i.test(key) && typeof value === "string" && /^arn:[^:]+:iam::\d{12}:role\/[^*?]+$/.test(value)).map(([, value]) => value as string),
  );
  const instanceRoleArns = unique([...[...instanceRoles].map((r) => r.arn), ...instanceConfig, ...referenced]);

  // Transfer roles: trust an instance role, are configured, or are what an instance role may assume.
  const transferConfig = configured(config.transferRoleArns);
  const assumable = unique(
    [...instanceRoles].flatMap((r) => r.grants.flatMap((g) => allowsOf(g.document))).filter((s) => coversAction(s, "sts:AssumeRole")).flatMap((s) => s.resources ?? []).filter((arn) => /^arn:[^:]+:iam::\d{12}:role\/[^*?]+$/.test(arn)),
  );
  const transferRoles = new Set<PrincipalNode>(
    roles.filter(
      (r) =>
        !instanceRoles.has(r) &&
        ((r.arn && (transferConfig.has(r.arn) || assumable.includes(r.arn))) || allowsOf(r.trust).some((s) => namedRoleArns(s).some((arn) => instanceRoleArns.includes(arn)))),
    ),
  );
  // Without a transfer role in the stack (a `source` stack), the roles the instance role may assume
  // are the transfer roles; with one, another assumable role outside the stack is a way out, not a transfer role.
  const external = transferRoles.size === 0 ? assumable.filter((arn) => !roles.some((r) => r.arn === arn)) : [];
  const transferRoleArns = () => unique([...[...transferRoles].map((r) => r.arn), ...transferConfig, ...external]);

  // Buckets, bucket policies, endpoints.
  const buckets: BucketNode[] = resources
    .filter((r) => BUCKET_TYPES.has(r.type))
    .map((resource) => ({ resource, name: bucketNameOf(resource) ?? "", partition: partitionOf(resource.provider?.props) }))
    .filter((b) => b.name !== "");
  const bucketPolicies: BucketPolicyNode[] = resources
    .filter((r) => r.type === T.bucketPolicy || r.type === T.nativeBucketPolicy)
    .map((resource) => {
      const props = propsOf(resource);
      const target = buckets.find((b) => b.resource && refersTo(resource, "bucket", props.bucket, { resource: b.resource, name: b.name }));
      return { resource, bucket: target?.name ?? known(props.bucket), document: readDocument(resource.type === T.nativeBucketPolicy ? props.policyDocument : props.policy) };
    });
  const endpoints: EndpointNode[] = resources
    .filter((r) => r.type === T.vpcEndpoint || r.type === T.nativeVpcEndpoint)
    .map((resource) => {
      const props = propsOf(resource);
      const service = endpointServiceOf(known(props.serviceName));
      return { resource, id: known(props.id), service, policies: [{ owner: resource, document: readDocument(resource.type === T.nativeVpcEndpoint ? props.policyDocument : props.policy) }] };
    });
  for (const resource of resources.filter((r) => r.type === T.vpcEndpointPolicy)) {
    const props = propsOf(resource);
    for (const endpoint of endpoints.filter((e) => refersTo(resource, "vpcEndpointId", props.vpcEndpointId, { resource: e.resource, name: e.id }))) {
      endpoint.policies.push({ owner: resource, document: readDocument(props.policy) });
    }
  }

  // Transfer buckets: what transfer roles write to, what a bucket policy fences or opens to a transfer role, what config names.
  const transferBucketNames = new Set<string>(config.transferBuckets ?? []);
  const internet = internetPathOf(resources) !== undefined;
  const writesOf = (principal: PrincipalNode) =>
    // Stryker disable next-line ArrayDeclaration: equivalent - a statement without Resource writes to no ARN; a stand-in string is no S3 ARN, so meets no bucket's objects
    principal.grants.flatMap((g) => allowsOf(g.document)).filter((s) => coversAction(s, "s3:PutObject")).flatMap((s) => s.resources ?? []);
  // An instance role that writes into a bucket itself is the direct pattern: that bucket is a transfer bucket too.
  for (const role of [...transferRoles, ...instanceRoles]) writesOf(role).map(bucketOfArn).forEach((b) => b && transferBucketNames.add(b));
  for (const policy of bucketPolicies) {
    if (!policy.bucket) continue;
    const statements = statementsOf(policy.document);
    // A fence by endpoint, or on the internet path by the NAT gateway's address (elsewhere an address deny is an ordinary bucket's).
    const fences = statements.some((s) => s.effect === "Deny" && (clausesOn(s, "aws:SourceVpce").length > 0 || (internet && clausesOn(s, "aws:SourceIp").length > 0)));
    const opens = statements.some((s) => s.effect === "Allow" && namedRoleArns(s).some((arn) => transferRoleArns().includes(arn) || instanceRoleArns.includes(arn)));
    if (fences || opens) transferBucketNames.add(policy.bucket);
  }
  for (const endpoint of endpoints) {
    for (const { document } of endpoint.policies) {
      for (const statement of allowsOf(document).filter((s) => namedRoleArns(s).some((arn) => transferRoleArns().includes(arn)))) {
        // Stryker disable next-line ArrayDeclaration: equivalent - a stand-in string for a missing Resource is no S3 ARN, so names no bucket
        (statement.resources ?? []).map(bucketOfArn).forEach((b) => b && transferBucketNames.add(b));
      }
    }
  }
  const transferBuckets: BucketNode[] = [...transferBucketNames].map(
    (name) => buckets.find((b) => b.name === name) ?? { name, partition: partitionOf(roles[0]?.resource.provider?.props) },
  );

  // Whoever else may write into a transfer bucket is held to the transfer role's contract.
  const objectsOf = (b: BucketNode) => `arn:${b.partition}:s3:::${b.name}/*`;
  for (const role of roles.filter((r) => !instanceRoles.has(r) && !transferRoles.has(r))) {
    if (writesOf(role).some((w) => transferBuckets.some((b) => patternsIntersect(w, objectsOf(b))))) transferRoles.add(role);
  }

  // Direct writers: instance roles that write into a transfer bucket, or that a transfer bucket's policy lets in.
  // Stryker disable next-line LogicalOperator: equivalent - a policy of a known bucket that lets an instance role in has made that bucket a transfer bucket above ("opens")
  const transferBucketPolicies = bucketPolicies.filter((p) => p.bucket && transferBucketNames.has(p.bucket));
  const letInByBucketPolicy = new Set<string | undefined>(transferBucketPolicies.flatMap((p) => allowsOf(p.document)).flatMap(namedRoleArns).filter((arn) => instanceRoleArns.includes(arn)));
  const directWriters = [...instanceRoles].filter(
    (r) => writesOf(r).some((w) => transferBuckets.some((b) => patternsIntersect(w, objectsOf(b)))) || letInByBucketPolicy.has(r.arn),
  );
  const directWriterArns = unique([...directWriters.map((r) => r.arn), ...letInByBucketPolicy]);

  // Endpoints: by service, and by the ids the fence and the trust name.
  const named = (documents: Document[]) => new Set<string | undefined>(documents.flatMap(statementsOf).flatMap((s) => clausesOn(s, "aws:SourceVpce")).flatMap((c) => c.values));
  const fenceIds = named(bucketPolicies.filter((p) => p.bucket && transferBucketNames.has(p.bucket)).map((p) => p.document));
  const trustIds = named([...transferRoles].map((r) => r.trust));
  const s3Endpoints = endpoints.filter((e) => e.service === "s3" || fenceIds.has(e.id));
  const stsEndpoints = endpoints.filter((e) => e.service === "sts" || trustIds.has(e.id));

  return {
    resources,
    principals,
    roles,
    instanceRoles: [...instanceRoles],
    transferRoles: [...transferRoles],
    directWriters,
    directWriterArns,
    instanceRoleArns,
    transferRoleArns: transferRoleArns(),
    transferBuckets,
    buckets,
    bucketPolicies,
    endpoints,
    s3Endpoints,
    stsEndpoints,
  };
}

function unique(values: (string | undefined)[]): string[] {
  return [...new Set(values.filter((v): v is string => v !== undefined))];
}
