import * as assert from "node:assert/strict";
import { stackResources } from "../testing/harness";
import { PAIR, TYPE, editDocument, fixture, withProps } from "../testing/fixtures";
import { designate } from "./designation";

const names = (nodes: { resource?: { name: string } }[]) => nodes.map((n) => n.resource?.name).sort();

describe("designation by relation", () => {
  it("finds the instance role, transfer role, bucket and endpoints of the pair stack", () => {
    const d = designate(stackResources(fixture("pair")));
    assert.deepEqual(names(d.instanceRoles), ["source-instance"]);
    assert.deepEqual(names(d.transferRoles), ["target-transfer"]);
    assert.deepEqual(d.transferRoleArns, [PAIR.transferRoleArn]);
    assert.deepEqual(d.transferBuckets.map((b) => b.name), [PAIR.bucket]);
    assert.deepEqual(d.s3Endpoints.map((e) => e.id), [PAIR.s3EndpointId]);
    assert.deepEqual(d.stsEndpoints.map((e) => e.id), [PAIR.stsEndpointId]);
    const transfer = d.transferRoles[0];
    assert.equal(transfer.grants.length, 1);
  });

  it("gives the same answer when every name and tag is changed", () => {
    const renamed = fixture("pair").map((r) => ({ ...r, name: `x${Math.abs(hash(r.urn ?? ""))}`, urn: r.urn?.replace(/::([^:]+)$/, (_m, n) => `::renamed-${n}`), props: { ...r.props, tags: undefined, description: undefined } }));
    const d = designate(stackResources(renamed));
    assert.equal(d.instanceRoles.length, 1);
    assert.equal(d.transferRoles.length, 1);
    assert.deepEqual(d.transferBuckets.map((b) => b.name), [PAIR.bucket]);
  });

  it("designates from the split halves: the source names the transfer role and bucket, the target the bucket", () => {
    const source = designate(stackResources(fixture("source")));
    assert.deepEqual(source.transferRoleArns, [PAIR.transferRoleArn]);
    assert.deepEqual(source.transferBuckets.map((b) => b.name), [PAIR.bucket]);
    const target = designate(stackResources(fixture("target")));
    assert.deepEqual(target.transferBuckets.map((b) => b.name), [PAIR.bucket]);
    assert.deepEqual(names(target.transferRoles), ["target-transfer"]);
  });

  it("holds any other role that writes into the transfer bucket to the transfer role's contract", () => {
    const extra = [
      ...fixture("pair"),
      { type: TYPE.role, name: "lambda", props: { name: "lambda", assumeRolePolicy: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }) } },
      { type: TYPE.rolePolicy, name: "lambda-write", props: { role: "lambda", policy: JSON.stringify({ Statement: [{ Effect: "Allow", Action: "s3:PutObject", Resource: `arn:aws:s3:::${PAIR.bucket}/other/*` }] }) } },
    ];
    assert.deepEqual(names(designate(stackResources(extra)).transferRoles), ["lambda", "target-transfer"]);
  });

  it("does not designate a role by a trust it does not have", () => {
    const untrusting = withProps(fixture("pair"), TYPE.role, "target-transfer", editDocument("assumeRolePolicy", (d) => {
      d.Statement[0].Principal = { Service: "lambda.amazonaws.com" };
    }));
    // Still a transfer role: the instance role may assume it, and it writes into the bucket.
    assert.deepEqual(names(designate(stackResources(untrusting)).transferRoles), ["target-transfer"]);
  });
});

describe("designation of a stack written by hand", () => {
  const INST = "arn:aws:iam::111111111111:role/inst";
  const XFER = "arn:aws:iam::222222222222:role/xfer";
  const WRITE = "arn:aws:iam::222222222222:policy/write";
  const trustEc2 = { Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] };
  const writes = (resource: string) => ({ Statement: [{ Effect: "Allow", Action: "s3:PutObject", Resource: resource }] });
  const grantsOf = (d: ReturnType<typeof designate>, name: string) => d.principals.find((p) => p.name === name)!.grants;
  const writesInto = (d: ReturnType<typeof designate>, name: string) =>
    grantsOf(d, name).flatMap((g) => (typeof g.document === "object" ? g.document.statements : [])).flatMap((s) => s.resources ?? []);

  it("aws-native roles, instance profiles and policies, and a managed policy attached to a classic role, relate as the classic ones do", () => {
    const d = designate(stackResources([
      { type: "aws-native:iam:Role", name: "a", props: { roleName: "inst", arn: INST, assumeRolePolicyDocument: trustEc2, policies: [{ policyName: "p", policyDocument: { Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: XFER }] } }] } },
      { type: "aws-native:iam:InstanceProfile", name: "b", props: { roles: ["inst"] } },
      { type: TYPE.role, name: "c", props: { name: "xfer", arn: XFER, assumeRolePolicy: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { AWS: INST }, Action: "sts:AssumeRole" }] }) } },
      { type: "aws:iam/policy:Policy", name: "d", props: { name: "write", arn: WRITE, policy: JSON.stringify(writes("arn:aws:s3:::bkt/in/*")) } },
      { type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment", name: "e", props: { role: "xfer", policyArn: WRITE } },
      { type: TYPE.bucket, name: "f", props: { bucket: "bkt" } },
      { type: TYPE.bucket, name: "g", props: { bucket: "logs" } },
    ]));
    assert.deepEqual(d.instanceRoles.map((r) => r.arn), [INST]);
    assert.deepEqual(d.transferRoles.map((r) => r.arn), [XFER]);
    assert.deepEqual(d.transferBuckets.map((b) => b.name), ["bkt"]);
    assert.deepEqual(d.buckets.map((b) => b.name), ["bkt", "logs"]);
    assert.deepEqual(grantsOf(d, "xfer").map((g) => g.policyArn), [WRITE]);
  });

  it("collects every document that reaches a principal: inline, managed by any attachment, and its groups' policies", () => {
    const groupWrite = JSON.stringify(writes("arn:aws:s3:::bkt/group/*"));
    const d = designate(stackResources([
      { type: "aws:iam/user:User", name: "u1", props: { name: "u1" } },
      { type: "aws:iam/user:User", name: "u2", props: { name: "u2" } },
      { type: "aws:iam/user:User", name: "u3", props: { name: "u3" } },
      { type: "aws:iam/user:User", name: "u4", props: { name: "u4" } },
      { type: "aws:iam/group:Group", name: "ops", props: { name: "ops" } },
      { type: "aws:iam/role:Role", name: "r1", props: { name: "r1", managedPolicyArns: [WRITE] } },
      { type: "aws:iam/groupPolicy:GroupPolicy", name: "gp", props: { group: "ops", policy: groupWrite } },
      { type: "aws:iam/groupMembership:GroupMembership", name: "gm", props: { group: "ops", users: ["u1"] } },
      { type: "aws:iam/userGroupMembership:UserGroupMembership", name: "ugm", props: { user: "u2", groups: ["ops"] } },
      { type: "aws:iam/policy:Policy", name: "write", props: { name: "write", arn: WRITE, policy: JSON.stringify(writes("arn:aws:s3:::bkt/managed/*")) } },
      { type: "aws:iam/policyAttachment:PolicyAttachment", name: "pa", props: { policyArn: WRITE, users: ["u3"] } },
      { type: "aws:iam/userPolicyAttachment:UserPolicyAttachment", name: "upa", props: { user: "u4", policyArn: WRITE } },
      { type: "aws:iam/userPolicy:UserPolicy", name: "up", props: { user: "u4", policy: JSON.stringify(writes("arn:aws:s3:::bkt/inline/*")) } },
    ]));
    assert.deepEqual(writesInto(d, "u1"), ["arn:aws:s3:::bkt/group/*"]);
    assert.deepEqual(writesInto(d, "u2"), ["arn:aws:s3:::bkt/group/*"]);
    assert.deepEqual(writesInto(d, "u3"), ["arn:aws:s3:::bkt/managed/*"]);
    assert.deepEqual(writesInto(d, "u4").sort(), ["arn:aws:s3:::bkt/inline/*", "arn:aws:s3:::bkt/managed/*"]);
    assert.deepEqual(writesInto(d, "r1"), ["arn:aws:s3:::bkt/managed/*"]);
  });

  it("a managed policy attached by ARN but not in the stack is a grant the pack cannot read", () => {
    const d = designate(stackResources([
      { type: TYPE.role, name: "r", props: { name: "r", arn: XFER } },
      { type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment", name: "a", props: { role: "r", policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" } },
    ]));
    assert.deepEqual(grantsOf(d, "r").map((g) => [g.managedPolicyArn, g.document]), [["arn:aws:iam::aws:policy/AdministratorAccess", undefined]]);
  });

  it("pack config designates what the stack cannot show", () => {
    const d = designate(
      stackResources([
        { type: TYPE.role, name: "a", props: { name: "inst", arn: INST } },
        { type: TYPE.role, name: "b", props: { name: "xfer", arn: XFER } },
        { type: TYPE.role, name: "c", props: { name: "other", arn: "arn:aws:iam::222222222222:role/other" } },
      ]),
      { instanceRoleArns: [INST], transferRoleArns: [XFER], transferBuckets: ["elsewhere"] },
    );
    assert.deepEqual(d.instanceRoles.map((r) => r.arn), [INST]);
    assert.deepEqual(d.transferRoles.map((r) => r.arn), [XFER]);
    assert.deepEqual(d.transferBuckets.map((b) => b.name), ["elsewhere"]);
  });

  it("designates the same resources anew under another pack config, and no rule can change what the next one is given", () => {
    const resources = stackResources([
      { type: TYPE.role, name: "a", props: { name: "inst", arn: INST } },
      { type: TYPE.role, name: "b", props: { name: "xfer", arn: XFER } },
    ]);
    assert.deepEqual(designate(resources).instanceRoles, []);
    const configured = designate(resources, { instanceRoleArns: [INST] });
    assert.deepEqual(configured.instanceRoles.map((r) => r.arn), [INST]);
    assert.deepEqual(designate(resources, { transferRoleArns: [XFER] }).transferRoles.map((r) => r.arn), [XFER]);
    assert.throws(() => configured.instanceRoles.push(configured.roles[1]), TypeError);
    assert.deepEqual(designate(resources, { instanceRoleArns: [INST] }).instanceRoles.map((r) => r.arn), [INST]);
  });

  it("finds endpoints by service and by the ids the fence names; a bucket opened by an endpoint policy to a transfer role is a transfer bucket", () => {
    const d = designate(stackResources([
      { type: TYPE.role, name: "x", props: { name: "xfer", arn: XFER } },
      { type: TYPE.vpcEndpoint, name: "s3", props: { id: "vpce-0a", serviceName: "com.amazonaws.ap-northeast-1.s3" } },
      { type: TYPE.vpcEndpoint, name: "gw", props: { id: "vpce-0b", serviceName: "com.amazonaws.vpce.ap-northeast-1.vpce-svc-0123" } },
      { type: TYPE.vpcEndpoint, name: "sts", props: { id: "vpce-0c", serviceName: "com.amazonaws.ap-northeast-1.sts" } },
      { type: "aws:ec2/vpcEndpointPolicy:VpcEndpointPolicy", name: "p", props: { vpcEndpointId: "vpce-0a", policy: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:PutObject", Resource: "arn:aws:s3:::opened/in/*", Condition: { ArnEquals: { "aws:PrincipalArn": XFER } } }] }) } },
      { type: TYPE.bucketPolicy, name: "bp", props: { bucket: "fenced", policy: JSON.stringify({ Statement: [{ Effect: "Deny", Principal: "*", Action: "s3:PutObject", Resource: "arn:aws:s3:::fenced/*", Condition: { StringNotEquals: { "aws:SourceVpce": "vpce-0b" } } }] }) } },
      { type: TYPE.bucketPolicy, name: "tls", props: { bucket: "logs", policy: JSON.stringify({ Statement: [{ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "arn:aws:s3:::logs/*", Condition: { Bool: { "aws:SecureTransport": "false" } } }] }) } },
    ]), { transferRoleArns: [XFER] });
    assert.deepEqual(d.s3Endpoints.map((e) => e.id), ["vpce-0a", "vpce-0b"]);
    assert.deepEqual(d.stsEndpoints.map((e) => e.id), ["vpce-0c"]);
    assert.equal(d.endpoints.find((e) => e.id === "vpce-0a")!.policies.length, 2);
    assert.deepEqual(d.transferBuckets.map((b) => b.name).sort(), ["fenced", "opened"]);
  });

  it("computes ARNs from name, path and the provider's pinned account; relates only by Allow and by sound principal conditions", () => {
    const provider = (account: string) => ({ name: `p${account}`, props: { allowedAccountIds: [account] } });
    const trustBy = (Condition: object, Effect = "Allow") => JSON.stringify({ Statement: [{ Effect, Principal: "*", Action: "sts:AssumeRole", Condition }] });
    const computedInst = "arn:aws:iam::111111111111:role/app/inst";
    const d = designate(stackResources([
      { type: TYPE.role, name: "i", provider: provider("111111111111"), props: { name: "inst", path: "/app/", assumeRolePolicy: JSON.stringify(trustEc2) } },
      { type: "aws:iam/instanceProfile:InstanceProfile", name: "ip", props: { role: "inst" } },
      { type: TYPE.role, name: "x", provider: provider("222222222222"), props: { name: "xfer", assumeRolePolicy: trustBy({ ArnEquals: { "aws:PrincipalArn": computedInst } }) } },
      { type: TYPE.role, name: "n", props: { name: "negated", arn: "arn:aws:iam::222222222222:role/negated", assumeRolePolicy: trustBy({ ArnNotEquals: { "aws:PrincipalArn": computedInst } }) } },
      { type: TYPE.role, name: "e", props: { name: "ifexists", arn: "arn:aws:iam::222222222222:role/ifexists", assumeRolePolicy: trustBy({ ArnEqualsIfExists: { "aws:PrincipalArn": computedInst } }) } },
      { type: TYPE.role, name: "q", props: { name: "qualified", arn: "arn:aws:iam::222222222222:role/qualified", assumeRolePolicy: trustBy({ "ForAnyValue:ArnEquals": { "aws:PrincipalArn": computedInst } }) } },
      { type: TYPE.role, name: "o", props: { name: "other-key", arn: "arn:aws:iam::222222222222:role/other-key", assumeRolePolicy: trustBy({ ArnEquals: { "aws:SourceArn": computedInst } }) } },
      { type: TYPE.role, name: "dn", props: { name: "denied", arn: "arn:aws:iam::222222222222:role/denied", assumeRolePolicy: trustBy({ ArnEquals: { "aws:PrincipalArn": computedInst } }, "Deny") } },
    ]));
    assert.deepEqual(d.instanceRoleArns, [computedInst]);
    assert.deepEqual(d.transferRoleArns, ["arn:aws:iam::222222222222:role/xfer"]);
  });

  it("reads aws-native role and managed policies, group attachments and lists given as JSON strings; empty or unreadable documents grant nothing", () => {
    const d = designate(stackResources([
      { type: "aws-native:iam:Role", name: "r", props: { roleName: "r", arn: XFER } },
      { type: "aws-native:iam:User", name: "u", props: { userName: "u" } },
      { type: "aws-native:iam:Group", name: "g", props: { groupName: "g" } },
      { type: "aws-native:iam:RolePolicy", name: "rp", props: { roleName: "r", policyDocument: writes("arn:aws:s3:::bkt/native/*") } },
      { type: "aws-native:iam:ManagedPolicy", name: "mp", props: { managedPolicyName: "m", policyDocument: writes("arn:aws:s3:::bkt/managed/*"), roles: ["r"], users: "[\"u\"]", groups: ["g"] } },
      { type: TYPE.role, name: "c", props: { name: "c", arn: "arn:aws:iam::222222222222:role/c", inlinePolicies: [{ name: "empty", policy: "" }, { name: "broken", policy: "{not json" }, { name: "none" }] } },
      { type: "aws:iam/policy:Policy", name: "gpol", props: { name: "gpol", arn: WRITE, policy: JSON.stringify(writes("arn:aws:s3:::bkt/group/*")) } },
      { type: "aws:iam/groupPolicyAttachment:GroupPolicyAttachment", name: "gpa", props: { group: "g", policyArn: WRITE } },
    ]));
    assert.deepEqual(writesInto(d, "r").sort(), ["arn:aws:s3:::bkt/managed/*", "arn:aws:s3:::bkt/native/*"]);
    assert.deepEqual(writesInto(d, "u"), ["arn:aws:s3:::bkt/managed/*"]);
    assert.deepEqual(writesInto(d, "g").sort(), ["arn:aws:s3:::bkt/group/*", "arn:aws:s3:::bkt/managed/*"]);
    assert.deepEqual(d.principals.map((p) => p.kind).sort(), ["group", "role", "role", "user"]);
    assert.deepEqual(grantsOf(d, "c").map((g) => g.document), [undefined, "unreadable"]);
  });

  it("a bucket is a transfer bucket when its policy fences writes (Deny) or lets a transfer role in (Allow); endpoints named by the trust are STS endpoints", () => {
    const policyOf = (bucket: string, statement: object) => JSON.stringify({ Statement: [{ Resource: `arn:aws:s3:::${bucket}/*`, Action: "s3:PutObject", ...statement }] });
    const d = designate(stackResources([
      { type: TYPE.role, name: "x", props: { name: "xfer", arn: XFER, assumeRolePolicy: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { AWS: INST }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceVpce": "vpce-0e" } } }] }) } },
      { type: TYPE.bucketPolicy, name: "a", props: { bucket: "opened", policy: policyOf("opened", { Effect: "Allow", Principal: { AWS: XFER } }) } },
      { type: TYPE.bucketPolicy, name: "b", props: { bucket: "denied-to-it", policy: policyOf("denied-to-it", { Effect: "Deny", Principal: { AWS: XFER } }) } },
      { type: TYPE.bucketPolicy, name: "c", props: { bucket: "someone-else", policy: policyOf("someone-else", { Effect: "Allow", Principal: { AWS: "arn:aws:iam::222222222222:role/other" } }) } },
      { type: TYPE.bucketPolicy, name: "d", props: { bucket: "allow-from-endpoint", policy: policyOf("allow-from-endpoint", { Effect: "Allow", Principal: { AWS: "arn:aws:iam::222222222222:role/other" }, Condition: { StringEquals: { "aws:SourceVpce": "vpce-0f" } } }) } },
      { type: "aws-native:s3:BucketPolicy", name: "e", props: { bucket: "native-fenced", policyDocument: JSON.parse(policyOf("native-fenced", { Effect: "Deny", Principal: "*", Condition: { StringNotEquals: { "aws:SourceVpce": "vpce-0a" } } })) } },
      { type: "aws-native:ec2:VpcEndpoint", name: "s3", props: { id: "vpce-0a", serviceName: "com.amazonaws.ap-northeast-1.s3", policyDocument: { Statement: [] } } },
      { type: TYPE.vpcEndpoint, name: "sts", props: { id: "vpce-0e", serviceName: "com.amazonaws.vpce.ap-northeast-1.vpce-svc-0123" } },
      { type: TYPE.vpcEndpoint, name: "other", props: { id: "vpce-0f", serviceName: "com.amazonaws.ap-northeast-1.ssm" } },
      { type: "aws:ec2/vpcEndpointPolicy:VpcEndpointPolicy", name: "p", props: { vpcEndpointId: "vpce-0e", policy: JSON.stringify({ Statement: [] }) } },
    ]), { instanceRoleArns: [INST] });
    assert.deepEqual(d.transferBuckets.map((b) => b.name).sort(), ["native-fenced", "opened"]);
    assert.deepEqual(d.s3Endpoints.map((e) => e.id), ["vpce-0a"]);
    assert.deepEqual(d.stsEndpoints.map((e) => e.id), ["vpce-0e"]);
    assert.deepEqual(d.endpoints.map((e) => e.policies.length), [1, 2, 1]);
    assert.equal(typeof d.endpoints[0].policies[0].document, "object");
  });

  it("any role writing into any of the transfer buckets is held to the transfer role's contract; one writing elsewhere is not", () => {
    const d = designate(stackResources([
      { type: TYPE.role, name: "w", props: { name: "writer", arn: "arn:aws:iam::222222222222:role/writer", inlinePolicies: [{ name: "p", policy: JSON.stringify(writes("arn:aws:s3:::second/*")) }] } },
      { type: TYPE.role, name: "l", props: { name: "logger", arn: "arn:aws:iam::222222222222:role/logger", inlinePolicies: [{ name: "p", policy: JSON.stringify(writes("arn:aws:s3:::logs/*")) }] } },
    ]), { transferBuckets: ["first", "second"] });
    assert.deepEqual(d.transferRoles.map((r) => r.name), ["writer"]);
  });

  it("without a transfer role in the stack, the roles the instance role may assume are the transfer roles, never the stack's own roles", () => {
    const other = "arn:aws:iam::333333333333:role/elsewhere";
    const d = designate(stackResources([
      { type: TYPE.role, name: "i", props: { name: "inst", arn: INST, inlinePolicies: [{ name: "p", policy: JSON.stringify({ Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: [INST, other] }] }) }] } },
      { type: "aws:iam/instanceProfile:InstanceProfile", name: "ip", props: { role: "inst" } },
    ]));
    assert.deepEqual(d.transferRoleArns, [other]);
  });

  it("with a transfer role in the stack, another role the instance role may assume is a way out, not a transfer role; without one, it is the transfer role", () => {
    const other = "arn:aws:iam::333333333333:role/elsewhere";
    const stack = (withTransfer: boolean) => [
      { type: TYPE.role, name: "i", props: { name: "inst", arn: INST, inlinePolicies: [{ name: "p", policy: JSON.stringify({ Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: withTransfer ? [XFER, other] : [other, "arn:aws:iam::333333333333:role/*"] }] }) }] } },
      { type: "aws:iam/instanceProfile:InstanceProfile", name: "ip", props: { role: "inst" } },
      ...(withTransfer ? [{ type: TYPE.role, name: "x", props: { name: "xfer", arn: XFER } }] : []),
    ];
    assert.deepEqual(designate(stackResources(stack(true))).transferRoleArns, [XFER]);
    assert.deepEqual(designate(stackResources(stack(false))).transferRoleArns, [other]);
  });
});

function hash(text: string): number {
  let h = 0;
  for (const c of text) h = (h * 31 + c.charCodeAt(0)) | 0;
  return h;
}
