/**
 * The pack's own fixtures: the shipped stacks as `pulumi stack export` documents and `pulumi
 * preview --json` output (written from the program by `npm run -s fixtures:pack`), read into the
 * shape the harness validates, plus small builders for single resources. Nothing here imports
 * from outside the pack.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ResourceUnderTest } from "./harness";
import { readStateDocument } from "./state-files";

export type FixtureStack = "pair" | "source" | "target" | "direct" | "internet" | "fanin-target";
export type FixtureKind = "export" | "preview";

/** Resources of a stack export (`deployment.resources`) or a preview (`steps[].newState`), read as `policy:check` reads them. */
export function readState(document: unknown): ResourceUnderTest[] {
  return readStateDocument(document).resources;
}

const cache = new Map<string, ResourceUnderTest[]>();

/** A shipped stack, read once per process. Treat the result as read-only: edit with {@link withProps}. */
export function fixture(stack: FixtureStack, kind: FixtureKind = "export"): ResourceUnderTest[] {
  const key = `${stack}.${kind}`;
  let resources = cache.get(key);
  if (!resources) {
    resources = readState(JSON.parse(readFileSync(join(__dirname, "fixtures", `${key}.json`), "utf8")));
    cache.set(key, resources);
  }
  return resources;
}

/** The one resource of `type` named `name` in a stack. */
export function resourceOf(resources: ResourceUnderTest[], type: string, name: string): ResourceUnderTest {
  const found = resources.find((r) => r.type === type && r.name === name);
  if (!found) throw new Error(`no ${type} named ${name}`);
  return found;
}

/** A copy of `resources` with the one named `name` (of `type`) given new props. */
export function withProps(resources: ResourceUnderTest[], type: string, name: string, change: (props: Record<string, any>) => Record<string, any>): ResourceUnderTest[] {
  resourceOf(resources, type, name);
  return resources.map((r) => (r.type === type && r.name === name ? { ...r, props: change(r.props) } : r));
}

/** Rewrites the JSON policy document held in `property` (a deep copy is edited). */
export function editDocument(property: string, edit: (document: any) => void) {
  return (props: Record<string, any>) => {
    const value = props[property];
    const document = JSON.parse(typeof value === "string" ? value : JSON.stringify(value));
    edit(document);
    return { ...props, [property]: JSON.stringify(document) };
  };
}

export const json = (document: object) => JSON.stringify(document);

// The pair stack's facts, read from its export.
const pair = () => fixture("pair");
const docOf = (type: string, name: string, property: string) => JSON.parse(String(resourceOf(pair(), type, name).props[property]));
const outputOf = (type: string, name: string, property: string) => String(resourceOf(pair(), type, name).props[property]);

export const TYPE = {
  role: "aws:iam/role:Role",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  bucket: "aws:s3/bucket:Bucket",
  bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
  vpcEndpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
  user: "aws:iam/user:User",
  group: "aws:iam/group:Group",
  userPolicy: "aws:iam/userPolicy:UserPolicy",
  policy: "aws:iam/policy:Policy",
  rolePolicyAttachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  userPolicyAttachment: "aws:iam/userPolicyAttachment:UserPolicyAttachment",
  groupPolicyAttachment: "aws:iam/groupPolicyAttachment:GroupPolicyAttachment",
  policyAttachment: "aws:iam/policyAttachment:PolicyAttachment",
  groupMembership: "aws:iam/groupMembership:GroupMembership",
  userGroupMembership: "aws:iam/userGroupMembership:UserGroupMembership",
  instanceProfile: "aws:iam/instanceProfile:InstanceProfile",
  vpcEndpointPolicy: "aws:ec2/vpcEndpointPolicy:VpcEndpointPolicy",
  nativeRole: "aws-native:iam:Role",
  nativeRolePolicy: "aws-native:iam:RolePolicy",
  nativeManagedPolicy: "aws-native:iam:ManagedPolicy",
  nativeInstanceProfile: "aws-native:iam:InstanceProfile",
  nativeBucket: "aws-native:s3:Bucket",
  stackReference: "pulumi:pulumi:StackReference",
} as const;

export const PAIR = {
  get sourceAccount() { return "111111111111"; },
  get targetAccount() { return "222222222222"; },
  get instanceRoleArn() { return outputOf(TYPE.role, "source-instance", "arn"); },
  get transferRoleArn() { return outputOf(TYPE.role, "target-transfer", "arn"); },
  get bucket() { return outputOf(TYPE.bucket, "target-bucket", "bucket"); },
  get s3EndpointId() { return outputOf(TYPE.vpcEndpoint, "source-endpoints-s3", "id"); },
  get stsEndpointId() { return outputOf(TYPE.vpcEndpoint, "source-endpoints-sts", "id"); },
};

/** The program's own documents, as the pair stack holds them. */
export const GOOD = {
  bucketPolicy: () => docOf(TYPE.bucketPolicy, "target-bucket", "policy"),
  transferTrust: () => docOf(TYPE.role, "target-transfer", "assumeRolePolicy"),
  transferPolicy: () => docOf(TYPE.rolePolicy, "target-transfer-write-prefix", "policy"),
  instanceTrust: () => docOf(TYPE.role, "source-instance", "assumeRolePolicy"),
  instancePolicy: () => docOf(TYPE.rolePolicy, "source-instance-assume-transfer-role", "policy"),
  s3EndpointPolicy: () => docOf(TYPE.vpcEndpoint, "source-endpoints-s3", "policy"),
  stsEndpointPolicy: () => docOf(TYPE.vpcEndpoint, "source-endpoints-sts", "policy"),
};

/** Insecure documents as published examples of this transfer write them. */
export const COMMON_MISTAKES = {
  /** A bucket policy granting s3:* to a role of the other account. */
  get bucketPolicyGrantingS3Star() {
    return { Version: "2012-10-17", Statement: [{ Sid: "Example", Effect: "Allow", Principal: { AWS: PAIR.instanceRoleArn }, Action: "s3:*", Resource: [`arn:aws:s3:::${PAIR.bucket}/*`, `arn:aws:s3:::${PAIR.bucket}`] }] };
  },
  /** A role policy with a single-object Statement granting s3:*. */
  get rolePolicyS3Star() {
    return { Version: "2012-10-17", Statement: { Effect: "Allow", Action: "s3:*", Resource: [`arn:aws:s3:::${PAIR.bucket}/*`, `arn:aws:s3:::${PAIR.bucket}`] } };
  },
  /** Trust in the whole other account. */
  get rootTrust() {
    return { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${PAIR.sourceAccount}:root` }, Action: "sts:AssumeRole" }] };
  },
  /** A bucket policy for an IAM user with s3:Get* / s3:List*. */
  get userBucketPolicy() {
    return {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${PAIR.sourceAccount}:user/cliuser` }, Action: ["s3:Get*", "s3:List*"], Resource: [`arn:aws:s3:::${PAIR.bucket}`, `arn:aws:s3:::${PAIR.bucket}/*`] }],
    };
  },
  /** The S3 endpoint policy naming the *source* EC2 role (S3 sees the transfer role's session), with Action "*". */
  get s3EndpointPolicyNamingInstanceRole() {
    return {
      Statement: [{ Sid: "xxxxxxxx", Effect: "Allow", Principal: "*", Action: "*", Resource: [`arn:aws:s3:::${PAIR.bucket}/example/*`], Condition: { ArnEquals: { "aws:PrincipalArn": PAIR.instanceRoleArn } } }],
    };
  },
  /** The STS endpoint policy with Action "*" and a StringLike principal condition. */
  get stsEndpointPolicyActionStar() {
    return { Statement: [{ Action: "*", Effect: "Allow", Principal: "*", Resource: [PAIR.transferRoleArn], Condition: { StringLike: { "aws:PrincipalArn": [PAIR.instanceRoleArn] } } }] };
  },
};

export function role(name: string, assumeRolePolicy: unknown, extra: Record<string, unknown> = {}): ResourceUnderTest {
  return { type: TYPE.role, name, props: { name, assumeRolePolicy, ...extra } };
}
export function rolePolicy(name: string, policy: unknown): ResourceUnderTest {
  return { type: TYPE.rolePolicy, name, props: { role: name, policy } };
}
export function bucketPolicy(policy: unknown): ResourceUnderTest {
  return { type: TYPE.bucketPolicy, name: "target-bucket", props: { bucket: PAIR.bucket, policy } };
}
export function endpoint(service: "s3" | "sts", policy: unknown, extra: Record<string, unknown> = {}): ResourceUnderTest {
  return {
    type: TYPE.vpcEndpoint,
    name: `source-endpoints-${service}`,
    props: {
      serviceName: `com.amazonaws.ap-northeast-1.${service}`,
      vpcEndpointType: service === "s3" ? "Gateway" : "Interface",
      ...(service === "sts" ? { privateDnsEnabled: true } : {}),
      policy,
      ...extra,
    },
  };
}

/** The pair's S3 endpoint id, and team b's in {@link fanIn}. */
export const FAN_IN = {
  s3EndpointA: "vpce-6f854a8f9bd58ca90",
  s3EndpointB: "vpce-bf854a8f9bd58ca90",
  stsEndpointB: "vpce-b9f7b67868a097128",
  instanceRoleB: "arn:aws:iam::333333333333:role/xacct-instance",
  transferRoleB: "arn:aws:iam::222222222222:role/xacct-transfer-b",
  prefixB: "team-b/",
};

/** Team b's copy of a pair resource: account 333333333333, its own ids, names, transfer role (`xacct-transfer-b`) and prefix (`team-b/`). */
function teamB(resource: ResourceUnderTest): ResourceUnderTest {
  const text = JSON.stringify(resource)
    .replace(/111111111111/g, "333333333333")
    .replace(/\b(vpc|vpce|subnet|sg|rtb|rtbassoc|pl)-[0-9a-f]/g, "$1-b")
    .replace(/AROAM1EVPQTTCIUGPQNZ4/g, "AROAB1EVPQTTCIUGPQNZ4")
    .replace(/AROACTNORWNWFTODYOJU5/g, "AROABTNORWNWFTODYOJU5")
    .replace(/role\/xacct-transfer(?![-\w])/g, "role/xacct-transfer-b")
    .replace(/"xacct-transfer"/g, '"xacct-transfer-b"')
    .replace(/\/example\//g, `/${FAN_IN.prefixB}`)
    .replace(/::(source|target)-/g, "::b-$1-")
    .replace(/"name":"(source|target)-/g, '"name":"b-$1-')
    .replace(/"name":"source"/g, '"name":"team-b"')
    .replace(/::source"/g, '::team-b"');
  return JSON.parse(text);
}

/**
 * Fan-in as `xacct:sources` builds it, from the pair: a second source account (team b, with its
 * own provider, VPC, endpoints and instance role) and its own transfer role in the target account;
 * each transfer role's grant is pinned to its own source's S3 endpoint, and the bucket policy's
 * fences name both endpoints, both prefixes and both transfer roles.
 */
export function fanIn(): ResourceUnderTest[] {
  const pinned = (props: Record<string, any>, vpce: string) =>
    editDocument("policy", (d) => d.Statement.forEach((s: any) => (s.Condition = { StringEquals: { "aws:SourceVpce": vpce } })))(props);
  const isSourceHalf = (r: ResourceUnderTest) => r.provider?.name === "source" || (r.type === "pulumi:providers:aws" && r.name === "source");
  const isTransfer = (r: ResourceUnderTest) => r.name === "target-transfer" || r.name === "target-transfer-write-prefix";
  const b = pair().filter((r) => isSourceHalf(r) || isTransfer(r)).map(teamB);
  return [...pair(), ...b].map((r) => {
    if (r.type === TYPE.rolePolicy && r.name === "target-transfer-write-prefix") return { ...r, props: pinned(r.props, FAN_IN.s3EndpointA) };
    if (r.type === TYPE.rolePolicy && r.name === "b-target-transfer-write-prefix") return { ...r, props: pinned(r.props, FAN_IN.s3EndpointB) };
    if (r.type !== TYPE.bucketPolicy) return r;
    return {
      ...r,
      props: editDocument("policy", (d) => {
        d.Statement[0].Resource = [`arn:aws:s3:::${PAIR.bucket}/example/*`, `arn:aws:s3:::${PAIR.bucket}/${FAN_IN.prefixB}*`];
        for (const s of d.Statement.slice(0, 2)) s.Condition.StringNotEquals["aws:SourceVpce"] = [FAN_IN.s3EndpointA, FAN_IN.s3EndpointB];
        d.Statement[1].Condition.ArnEquals["aws:PrincipalArn"] = [PAIR.transferRoleArn, FAN_IN.transferRoleB];
      })(r.props),
    };
  });
}
