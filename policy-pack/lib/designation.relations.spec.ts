import * as assert from "node:assert/strict";
import { ResourceUnderTest, stackResources, urnOf } from "../testing/harness";
import { TYPE, fixture } from "../testing/fixtures";
import { bucketOfArn, designate } from "./designation";
import { UNKNOWN } from "./unknowns";

const INST = "arn:aws:iam::111111111111:role/inst";
const XFER = "arn:aws:iam::222222222222:role/xfer";
const WRITE = "arn:aws:iam::222222222222:policy/write";

const json = (document: object) => JSON.stringify(document);
const writes = (resource: string) => ({ Statement: [{ Effect: "Allow", Action: "s3:PutObject", Resource: resource }] });
const assumes = (...roles: string[]) => ({ Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: roles }] });
const trusts = (arn: string) => json({ Statement: [{ Effect: "Allow", Principal: { AWS: arn }, Action: "sts:AssumeRole" }] });
const pinned = (account: string) => ({ name: `p${account}`, props: { allowedAccountIds: [account] } });
const nativePinned = (account: string) => ({ name: `n${account}`, type: "pulumi:providers:aws-native", props: { allowedAccountIds: [account] } });
const fence = (bucket: string, vpce: string) =>
  json({ Statement: [{ Effect: "Deny", Principal: "*", Action: "s3:PutObject", Resource: `arn:aws:s3:::${bucket}/*`, Condition: { StringNotEquals: { "aws:SourceVpce": vpce } } }] });
/** The instance role `inst` (ARN {@link INST}) handed to EC2 by an instance profile, with the given inline policy. */
const instanceRole = (policy?: object): ResourceUnderTest[] => [
  { type: TYPE.role, name: "inst", props: { name: "inst", arn: INST, ...(policy ? { inlinePolicies: [{ name: "p", policy: json(policy) }] } : {}) } },
  { type: TYPE.instanceProfile, name: "inst", props: { role: "inst" } },
];
/** `property` of a resource, unknown at preview and computed from `sources`. */
const wired = (property: string, ...sources: ResourceUnderTest[]) => ({ [property]: sources.map(urnOf) });

type D = ReturnType<typeof designate>;
const named = (nodes: { name?: string }[]) => nodes.map((n) => n.name).sort();
const grantsOf = (d: D, resourceName: string) => d.principals.find((p) => p.resource.name === resourceName)!.grants;
const writesInto = (d: D, resourceName: string) =>
  grantsOf(d, resourceName).flatMap((g) => (typeof g.document === "object" ? g.document.statements : [])).flatMap((s) => s.resources ?? []).sort();

describe("designation: which principal a reference denotes", () => {
  it("relates a role named by its ARN, or by its id, in any case", () => {
    const d = designate(stackResources([
      { type: TYPE.role, name: "a", props: { name: "App-Inst", arn: "arn:aws:iam::111111111111:role/App-Inst" } },
      { type: TYPE.instanceProfile, name: "ip-a", props: { role: "arn:aws:iam::111111111111:role/app-inst" } },
      // aws-native, auto-named: known by its id only.
      { type: TYPE.nativeRole, name: "b", props: { id: "Auto-Named-B" } },
      { type: TYPE.nativeInstanceProfile, name: "ip-b", props: { roles: ["auto-named-b"] } },
      { type: TYPE.role, name: "c", props: { name: "unrelated", arn: "arn:aws:iam::111111111111:role/unrelated" } },
    ]));
    assert.deepEqual(d.instanceRoles.map((r) => r.resource.name).sort(), ["a", "b"]);
  });

  it("keeps users and roles apart even when they share a name", () => {
    const d = designate(stackResources([
      { type: TYPE.user, name: "app-user", props: { name: "app" } },
      { type: TYPE.role, name: "app-role", props: { name: "app", arn: "arn:aws:iam::111111111111:role/app" } },
      { type: TYPE.userPolicy, name: "up", props: { user: "app", policy: json(writes("arn:aws:s3:::bkt/user/*")) } },
      { type: TYPE.instanceProfile, name: "ip", props: { role: "app" } },
    ]));
    assert.deepEqual(d.roles.map((r) => r.resource.name), ["app-role"]);
    assert.deepEqual(d.instanceRoles.map((r) => r.resource.name), ["app-role"]);
    assert.deepEqual(writesInto(d, "app-role"), []);
    assert.deepEqual(writesInto(d, "app-user"), ["arn:aws:s3:::bkt/user/*"]);
  });

  it("only an instance profile hands a role to EC2: an instance profile without a role hands none, and attaching policies hands none", () => {
    const d = designate(stackResources([
      { type: TYPE.instanceProfile, name: "empty", props: {} },
      { type: TYPE.role, name: "pending", props: { name: UNKNOWN, arn: UNKNOWN } },
      { type: TYPE.role, name: "xfer", props: { name: "xfer", arn: XFER } },
      { type: TYPE.policy, name: "write", props: { name: "write", arn: WRITE, policy: json(writes("arn:aws:s3:::bkt/*")) } },
      { type: TYPE.policyAttachment, name: "pa", props: { policyArn: WRITE, roles: ["xfer"] } },
      { type: TYPE.nativeManagedPolicy, name: "nmp", props: { managedPolicyName: "m", policyDocument: writes("arn:aws:s3:::bkt/*"), roles: ["xfer"] } },
    ]));
    assert.deepEqual(d.instanceRoles, []);
    assert.deepEqual(d.instanceRoleArns, []);
  });
});

describe("designation: lists and documents as stacks hold them", () => {
  it("reads a list given as one value, as null, or as a JSON string that does not parse, losing no grant", () => {
    const d = designate(stackResources([
      { type: TYPE.role, name: "single", props: { name: "single", managedPolicyArns: "arn:aws:iam::aws:policy/ReadOnlyAccess" } },
      { type: TYPE.role, name: "none", props: { name: "none", managedPolicyArns: null } },
      { type: TYPE.role, name: "garbled", props: { name: "garbled", managedPolicyArns: "[arn:aws:iam::aws:policy/ReadOnlyAccess" } },
      { type: TYPE.role, name: "42", props: { name: "42", arn: "arn:aws:iam::111111111111:role/42" } },
      { type: TYPE.nativeInstanceProfile, name: "ip", props: { roles: "42" } },
    ]));
    assert.deepEqual(grantsOf(d, "single").map((g) => g.managedPolicyArn), ["arn:aws:iam::aws:policy/ReadOnlyAccess"]);
    assert.deepEqual(grantsOf(d, "none"), []);
    // Not an ARN the pack can look up, but a grant it cannot read rather than no grant at all.
    assert.deepEqual(grantsOf(d, "garbled").map((g) => g.document), [undefined]);
    assert.deepEqual(d.instanceRoles.map((r) => r.name), ["42"]);
  });

  it("a name recorded as a number is no IAM name: the role is known by its id", () => {
    const d = designate(stackResources([
      { type: TYPE.role, name: "numeric", props: { name: 42, id: "42" } },
      { type: TYPE.instanceProfile, name: "ip", props: { role: "42" } },
    ]));
    assert.deepEqual(d.instanceRoles.map((r) => r.name), ["42"]);
  });

  it("an inline policy entry without a document grants nothing and is not an unreadable document", () => {
    const d = designate(stackResources([
      { type: TYPE.nativeRole, name: "n", props: { roleName: "n", policies: [{ policyName: "empty" }, null] } },
      { type: TYPE.role, name: "c", props: { name: "c", inlinePolicies: [{ name: "null", policy: null }, null] } },
    ]));
    assert.deepEqual(grantsOf(d, "n").map((g) => g.document), [undefined, undefined]);
    assert.deepEqual(grantsOf(d, "c").map((g) => g.document), [undefined]);
  });

  it("says where each document sits in the resource that holds it", () => {
    const d = designate(stackResources([
      { type: TYPE.nativeRole, name: "n", props: { roleName: "n", policies: [{ policyName: "p", policyDocument: writes("arn:aws:s3:::bkt/*") }], managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] } },
      { type: TYPE.nativeRolePolicy, name: "rp", props: { roleName: "n", policyDocument: writes("arn:aws:s3:::bkt/rp/*") } },
    ]));
    assert.deepEqual(grantsOf(d, "n").map((g) => [g.owner.name, g.property]), [["n", "policies[0].policyDocument"], ["n", "managedPolicyArns"], ["rp", "policyDocument"]]);
  });
});

describe("designation: ARNs and managed policies", () => {
  it("computes a role's ARN only from a known name and the provider's one pinned account, with the default path for an empty one", () => {
    const d = designate(stackResources([
      { type: TYPE.role, name: "pathless", provider: pinned("111111111111"), props: { name: "pathless", path: "" } },
      { type: TYPE.role, name: "unpinned", props: { name: "unpinned" } },
      { type: TYPE.role, name: "prefixed", provider: pinned("111111111111"), props: { name: UNKNOWN, namePrefix: "app-" } },
    ]));
    assert.deepEqual(d.roles.map((r) => [r.resource.name, r.arn]), [["pathless", "arn:aws:iam::111111111111:role/pathless"], ["unpinned", undefined], ["prefixed", undefined]]);
  });

  it("a managed policy's ARN comes from its outputs or its name and pinned account; attachments by that ARN read its document", () => {
    const nativeArn = "arn:aws:iam::222222222222:policy/native-write";
    const d = designate(stackResources([
      { type: TYPE.role, name: "r", props: { name: "r", arn: XFER } },
      { type: TYPE.nativeManagedPolicy, name: "by-output", props: { managedPolicyName: "native-write", policyArn: nativeArn, policyDocument: writes("arn:aws:s3:::bkt/native/*") } },
      { type: TYPE.rolePolicyAttachment, name: "a", props: { role: "r", policyArn: nativeArn } },
      { type: TYPE.nativeManagedPolicy, name: "by-name", provider: nativePinned("222222222222"), props: { managedPolicyName: "computed", policyDocument: writes("arn:aws:s3:::bkt/computed/*"), roles: ["r"] } },
      { type: TYPE.nativeManagedPolicy, name: "unpinned", props: { managedPolicyName: "unpinned", policyDocument: writes("arn:aws:s3:::bkt/unpinned/*"), roles: ["r"] } },
      { type: TYPE.nativeManagedPolicy, name: "unnamed", provider: nativePinned("222222222222"), props: { managedPolicyName: UNKNOWN, policyDocument: writes("arn:aws:s3:::bkt/unnamed/*"), roles: ["r"] } },
    ]));
    assert.deepEqual(grantsOf(d, "r").map((g) => [g.owner.name, g.policyArn]), [
      ["by-output", nativeArn],
      ["by-name", "arn:aws:iam::222222222222:policy/computed"],
      ["unpinned", undefined],
      ["unnamed", undefined],
    ]);
    assert.deepEqual(writesInto(d, "r"), ["arn:aws:s3:::bkt/computed/*", "arn:aws:s3:::bkt/native/*", "arn:aws:s3:::bkt/unnamed/*", "arn:aws:s3:::bkt/unpinned/*"]);
  });

  it("an attachment naming no policy is not taken for a managed policy whose ARN is not known yet", () => {
    const d = designate(stackResources([
      { type: TYPE.role, name: "r", props: { name: "r" } },
      { type: TYPE.policy, name: "pending", props: { name: UNKNOWN, policy: json(writes("arn:aws:s3:::bkt/*")) } },
      { type: TYPE.rolePolicyAttachment, name: "a", props: { role: "r" } },
    ]));
    assert.deepEqual(grantsOf(d, "r").map((g) => [g.owner.name, g.document]), [["a", undefined]]);
  });
});

describe("designation at preview: unknown references relate by what they are computed from", () => {
  const instA: ResourceUnderTest = { type: TYPE.role, name: "inst-a", props: { name: UNKNOWN, arn: UNKNOWN } };
  const instB: ResourceUnderTest = { type: TYPE.role, name: "inst-b", props: { name: UNKNOWN, arn: UNKNOWN } };
  const roleC: ResourceUnderTest = { type: TYPE.role, name: "c", props: { name: UNKNOWN } };
  const roleD: ResourceUnderTest = { type: TYPE.nativeRole, name: "d", props: { roleName: UNKNOWN } };
  const user: ResourceUnderTest = { type: TYPE.user, name: "u", props: { name: UNKNOWN } };
  const member: ResourceUnderTest = { type: TYPE.user, name: "member", props: { name: UNKNOWN } };
  const group: ResourceUnderTest = { type: TYPE.group, name: "g", props: { name: UNKNOWN } };
  const policy = (name: string, prefix: string): ResourceUnderTest => ({ type: TYPE.policy, name, props: { name: UNKNOWN, arn: UNKNOWN, policy: json(writes(`arn:aws:s3:::bkt/${prefix}/*`)) } });
  const [pRole, pUser, pGroup, pAll] = [policy("p-role", "role"), policy("p-user", "user"), policy("p-group", "group"), policy("p-all", "all")];
  const bucket: ResourceUnderTest = { type: TYPE.bucket, name: "bkt", props: { bucket: "bkt" } };
  const s3: ResourceUnderTest = { type: TYPE.vpcEndpoint, name: "s3", props: { id: UNKNOWN, serviceName: "com.amazonaws.ap-northeast-1.s3" } };
  const stack: ResourceUnderTest[] = [
    instA, instB, roleC, roleD, user, member, group, pRole, pUser, pGroup, pAll, bucket, s3,
    { type: TYPE.instanceProfile, name: "ip-a", props: { role: UNKNOWN }, propertyDependencies: wired("role", instA) },
    { type: TYPE.nativeInstanceProfile, name: "ip-b", props: { roles: [UNKNOWN] }, propertyDependencies: wired("roles", instB) },
    { type: TYPE.rolePolicyAttachment, name: "rpa", props: { role: UNKNOWN, policyArn: UNKNOWN }, propertyDependencies: { ...wired("role", roleC), ...wired("policyArn", pRole) } },
    { type: TYPE.userPolicyAttachment, name: "upa", props: { user: UNKNOWN, policyArn: UNKNOWN }, propertyDependencies: { ...wired("user", user), ...wired("policyArn", pUser) } },
    { type: TYPE.groupPolicyAttachment, name: "gpa", props: { group: UNKNOWN, policyArn: UNKNOWN }, propertyDependencies: { ...wired("group", group), ...wired("policyArn", pGroup) } },
    { type: TYPE.policyAttachment, name: "pa", props: { roles: [UNKNOWN], users: [UNKNOWN], groups: [UNKNOWN], policyArn: UNKNOWN }, propertyDependencies: { ...wired("roles", roleD), ...wired("users", user), ...wired("groups", group), ...wired("policyArn", pAll) } },
    { type: TYPE.nativeManagedPolicy, name: "nmp", props: { managedPolicyName: "nmp", policyDocument: writes("arn:aws:s3:::bkt/native/*"), roles: [UNKNOWN], users: [UNKNOWN], groups: [UNKNOWN] }, propertyDependencies: { ...wired("roles", roleC), ...wired("users", user), ...wired("groups", group) } },
    { type: TYPE.nativeRolePolicy, name: "nrp", props: { roleName: UNKNOWN, policyDocument: writes("arn:aws:s3:::bkt/inline/*") }, propertyDependencies: wired("roleName", roleD) },
    { type: TYPE.groupMembership, name: "gm", props: { group: UNKNOWN, users: [UNKNOWN] }, propertyDependencies: { ...wired("group", group), ...wired("users", member) } },
    { type: TYPE.userGroupMembership, name: "ugm", props: { user: UNKNOWN, groups: [UNKNOWN] }, propertyDependencies: { ...wired("user", user), ...wired("groups", group) } },
    { type: TYPE.bucketPolicy, name: "bp", props: { bucket: UNKNOWN, policy: fence("bkt", "vpce-0a") }, propertyDependencies: wired("bucket", bucket) },
    { type: TYPE.vpcEndpointPolicy, name: "ep", props: { vpcEndpointId: UNKNOWN, policy: json({ Statement: [] }) }, propertyDependencies: wired("vpcEndpointId", s3) },
  ];

  it("hands the wired roles to EC2", () => {
    assert.deepEqual(designate(stackResources(stack)).instanceRoles.map((r) => r.resource.name).sort(), ["inst-a", "inst-b"]);
  });

  it("gives each principal the documents wired to it by attachments, managed policies, role policies and group memberships", () => {
    const d = designate(stackResources(stack));
    assert.deepEqual(writesInto(d, "c"), ["arn:aws:s3:::bkt/native/*", "arn:aws:s3:::bkt/role/*"]);
    assert.deepEqual(writesInto(d, "d"), ["arn:aws:s3:::bkt/all/*", "arn:aws:s3:::bkt/inline/*"]);
    assert.deepEqual(writesInto(d, "g"), ["arn:aws:s3:::bkt/all/*", "arn:aws:s3:::bkt/group/*", "arn:aws:s3:::bkt/native/*"]);
    assert.deepEqual(writesInto(d, "member"), ["arn:aws:s3:::bkt/all/*", "arn:aws:s3:::bkt/group/*", "arn:aws:s3:::bkt/native/*"]);
    assert.deepEqual(writesInto(d, "u"), [
      "arn:aws:s3:::bkt/all/*", "arn:aws:s3:::bkt/all/*", "arn:aws:s3:::bkt/group/*", "arn:aws:s3:::bkt/native/*", "arn:aws:s3:::bkt/native/*", "arn:aws:s3:::bkt/user/*",
    ]);
    assert.deepEqual(grantsOf(d, "c").map((g) => [g.owner.name, g.property]), [["p-role", "policy"], ["nmp", "policyDocument"]]);
  });

  it("relates the bucket policy and the endpoint policy wired to their bucket and endpoint", () => {
    const d = designate(stackResources(stack));
    assert.deepEqual(d.bucketPolicies.map((p) => p.bucket), ["bkt"]);
    assert.deepEqual(d.transferBuckets.map((b) => b.name), ["bkt"]);
    assert.deepEqual(d.endpoints.map((e) => e.policies.map((p) => p.owner.name)), [["s3", "ep"]]);
  });

  it("an unknown policy ARN wired to no policy of the stack is a grant not known yet; an unknown bucket or service names nothing", () => {
    const d = designate(stackResources([
      { type: TYPE.role, name: "r", props: { name: "r" } },
      { type: TYPE.rolePolicyAttachment, name: "a", props: { role: "r", policyArn: UNKNOWN } },
      { type: TYPE.bucket, name: "pending", props: { bucket: UNKNOWN } },
      { type: TYPE.bucketPolicy, name: "bp", props: { bucket: UNKNOWN, policy: fence("pending", "vpce-0a") } },
      { type: TYPE.vpcEndpoint, name: "e", props: { id: "vpce-0a", serviceName: UNKNOWN } },
    ]));
    assert.deepEqual(grantsOf(d, "r").map((g) => g.document), ["unknown"]);
    assert.deepEqual(d.buckets, []);
    assert.deepEqual(d.transferBuckets, []);
    assert.deepEqual(d.endpoints.map((e) => e.service), [undefined]);
  });
});

describe("designation: the instance role read from the source half", () => {
  const reading = (outputs: unknown) => designate(stackResources([
    { type: TYPE.stackReference, name: "source", props: { name: "org/xacct/source", outputs } },
    { type: TYPE.role, name: "xfer", props: { name: "xfer", arn: XFER, assumeRolePolicy: trusts(INST) } },
  ]));

  it("takes an instance role ARN from a StackReference output named for it, and the role trusting it is the transfer role", () => {
    for (const key of ["instanceRoleArn", "sourceInstanceRole", "SourceInstanceRoleARN"]) {
      const d = reading({ [key]: INST, vpcId: "vpc-0a" });
      assert.deepEqual(d.instanceRoleArns, [INST], key);
      assert.deepEqual(d.transferRoles.map((r) => r.name), ["xfer"], key);
    }
  });

  it("takes no other output, no pattern, no list and nothing at preview for the instance role", () => {
    for (const outputs of [
      { instanceRoleTarget: INST },
      { instanceRoleArn: "arn:aws:iam::111111111111:role/xacct-*" },
      { instanceRoleArn: "*arn:aws:iam::111111111111:role/inst" },
      { instanceRoleArn: [INST] },
      { instanceRoleArn: "arn:aws:iam::111111111111:user/inst" },
      UNKNOWN,
    ]) {
      const d = reading(outputs);
      assert.deepEqual(d.instanceRoleArns, [], JSON.stringify(outputs));
      assert.deepEqual(d.transferRoles, [], JSON.stringify(outputs));
    }
  });
});

describe("designation: the roles an instance role may assume", () => {
  it("only sts:AssumeRole on an exact role ARN designates the transfer role of a source stack", () => {
    const d = designate(stackResources(instanceRole({
      Statement: [
        { Effect: "Allow", Action: "sts:AssumeRole", Resource: XFER },
        { Effect: "Allow", Action: "iam:PassRole", Resource: "arn:aws:iam::222222222222:role/passed" },
        { Effect: "Allow", Action: "sts:AssumeRole", Resource: "arn:aws:iam::222222222222:role/xacct-*" },
        { Effect: "Allow", Action: "sts:AssumeRole", Resource: "*arn:aws:iam::222222222222:role/xacct-transfer" },
      ],
    })));
    assert.deepEqual(d.transferRoleArns, [XFER]);
  });

  it("never takes a role of the stack itself for the transfer role outside it", () => {
    const d = designate(stackResources([
      ...instanceRole(assumes(INST, XFER)),
      { type: TYPE.role, name: "logger", props: { name: "logger", arn: "arn:aws:iam::111111111111:role/logger" } },
    ]));
    assert.deepEqual(d.transferRoleArns, [XFER]);
  });

  it("relates a trust by any positive exact operator on aws:PrincipalArn, and by no operator AWS does not know", () => {
    const trustBy = (operator: string) => json({ Statement: [{ Effect: "Allow", Principal: "*", Action: "sts:AssumeRole", Condition: { [operator]: { "aws:PrincipalArn": INST } } }] });
    const d = designate(stackResources([
      ...instanceRole(),
      ...["ArnEquals", "StringEquals", "ArnLike", "StringLike", "ArnMatches"].map((operator): ResourceUnderTest => ({
        type: TYPE.role, name: operator, props: { name: operator, arn: `arn:aws:iam::222222222222:role/${operator}`, assumeRolePolicy: trustBy(operator) },
      })),
    ]));
    assert.deepEqual(d.transferRoles.map((r) => r.name).sort(), ["ArnEquals", "ArnLike", "StringEquals", "StringLike"]);
  });
});

describe("designation: buckets and endpoints", () => {
  it("a bucket ARN an endpoint policy opens to the transfer role is a transfer bucket", () => {
    const d = designate(stackResources([
      { type: TYPE.vpcEndpoint, name: "s3", props: { id: "vpce-0a", serviceName: "com.amazonaws.ap-northeast-1.s3", policy: json({ Statement: [{ Effect: "Allow", Principal: { AWS: XFER }, Action: "s3:ListBucket", Resource: "arn:aws:s3:::listed" }] }) } },
    ]), { transferRoleArns: [XFER] });
    assert.deepEqual(d.transferBuckets.map((b) => b.name), ["listed"]);
    assert.equal(bucketOfArn("arn:aws:s3:::listed"), "listed");
    assert.equal(bucketOfArn("arn:aws:s3:::listed-*/in/*"), undefined);
  });

  it("only endpoint policies add to an endpoint's policies, not its route table associations", () => {
    const d = designate(stackResources([
      { type: TYPE.vpcEndpoint, name: "s3", props: { id: "vpce-0a", serviceName: "com.amazonaws.ap-northeast-1.s3", policy: json({ Statement: [] }) } },
      { type: "aws:ec2/vpcEndpointRouteTableAssociation:VpcEndpointRouteTableAssociation", name: "rta", props: { vpcEndpointId: "vpce-0a", routeTableId: "rtb-0a" } },
    ]));
    assert.deepEqual(d.endpoints.map((e) => e.policies.map((p) => p.owner.name)), [["s3"]]);
  });

  it("a deny by source address fences a transfer bucket only on the internet path", () => {
    const ipDeny = json({ Statement: [{ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "arn:aws:s3:::office/*", Condition: { NotIpAddress: { "aws:SourceIp": "203.0.113.0/24" } } }] });
    const tlsDeny = json({ Statement: [{ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "arn:aws:s3:::logs/*", Condition: { Bool: { "aws:SecureTransport": "false" } } }] });
    const extra: ResourceUnderTest[] = [
      { type: TYPE.bucketPolicy, name: "office", props: { bucket: "office", policy: ipDeny } },
      { type: TYPE.bucketPolicy, name: "logs", props: { bucket: "logs", policy: tlsDeny } },
    ];
    assert.deepEqual(designate(stackResources(extra)).transferBuckets, []);
    const internet = designate(stackResources([...fixture("internet"), ...extra])).transferBuckets.map((b) => b.name);
    assert.ok(internet.includes("office"), JSON.stringify(internet));
    assert.ok(!internet.includes("logs"), JSON.stringify(internet));
  });

  it("reads aws-native buckets, and places a bucket known by name only in the partition of the stack's roles, whatever provides them", () => {
    const nativeOnly = designate(stackResources([
      { type: TYPE.nativeBucket, name: "nb", props: { bucketName: "native-bucket" } },
      { type: TYPE.nativeRole, name: "r", props: { roleName: "r" } },
    ]), { transferBuckets: ["elsewhere"] });
    assert.deepEqual(nativeOnly.buckets.map((b) => [b.name, b.partition]), [["native-bucket", "aws"]]);
    assert.deepEqual(nativeOnly.transferBuckets.map((b) => [b.name, b.partition]), [["elsewhere", "aws"]]);
    const noRoles = designate(stackResources([]), { transferBuckets: ["elsewhere"] });
    assert.deepEqual(noRoles.transferBuckets.map((b) => [b.name, b.partition]), [["elsewhere", "aws"]]);
  });
});

describe("designation: direct writers", () => {
  const letIn = (bucket: string) =>
    json({ Statement: [{ Effect: "Allow", Principal: { AWS: INST }, Action: "s3:PutObject", Resource: `arn:aws:s3:::${bucket}/*` }, ...JSON.parse(fence(bucket, "vpce-0a")).Statement] });

  it("an instance role a transfer bucket's policy lets in writes directly, though its own policy grants nothing", () => {
    const d = designate(stackResources([
      ...instanceRole(),
      { type: TYPE.bucket, name: "bkt", props: { bucket: "bkt" } },
      { type: TYPE.bucketPolicy, name: "bp", props: { bucket: "bkt", policy: letIn("bkt") } },
    ]));
    assert.deepEqual(d.directWriters.map((r) => r.name), ["inst"]);
    assert.deepEqual(d.directWriterArns, [INST]);
  });

  it("an instance role writing into any one of several transfer buckets writes directly", () => {
    const d = designate(stackResources(instanceRole(writes("arn:aws:s3:::bkt/in/*"))), { transferBuckets: ["first"] });
    assert.deepEqual(d.directWriters.map((r) => r.name), ["inst"]);
  });

  it("a bucket policy of a bucket not known yet lets no instance role in", () => {
    const d = designate(stackResources([
      ...instanceRole(),
      { type: TYPE.bucketPolicy, name: "bp", props: { bucket: UNKNOWN, policy: letIn("pending") } },
    ]));
    assert.deepEqual(d.directWriters, []);
    assert.deepEqual(d.directWriterArns, []);
  });
});

describe("designation: once per stack and config", () => {
  it("designates the same resources once per config, and anew for another value of any setting", () => {
    const resources = stackResources([
      { type: TYPE.role, name: "a", props: { name: "a", arn: "arn:aws:iam::111111111111:role/a" } },
      { type: TYPE.role, name: "b", props: { name: "b", arn: "arn:aws:iam::111111111111:role/b" } },
    ]);
    assert.equal(designate(resources), designate(resources));
    assert.equal(designate(resources, { instanceRoleArns: ["arn:aws:iam::111111111111:role/a"] }), designate(resources, { instanceRoleArns: ["arn:aws:iam::111111111111:role/a"] }));
    assert.deepEqual(named(designate(resources, { instanceRoleArns: ["arn:aws:iam::111111111111:role/b"] }).instanceRoles), ["b"]);
    assert.deepEqual(named(designate(resources, { transferRoleArns: ["arn:aws:iam::111111111111:role/a"] }).transferRoles), ["a"]);
    assert.deepEqual(named(designate(resources, { transferRoleArns: ["arn:aws:iam::111111111111:role/b"] }).transferRoles), ["b"]);
    assert.deepEqual(designate(resources, { transferBuckets: ["one"] }).transferBuckets.map((b) => b.name), ["one"]);
    assert.deepEqual(designate(resources, { transferBuckets: ["two"] }).transferBuckets.map((b) => b.name), ["two"]);
  });

  it("leaves the caller's list of resources as it was given", () => {
    const resources = stackResources(instanceRole());
    designate(resources);
    assert.equal(Object.isFrozen(resources), false);
  });
});
