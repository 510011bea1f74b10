import * as assert from "node:assert/strict";
import { BYPASSES, HARMLESS } from "../testing/corpus";
import { bucketPolicy, editDocument, fanIn, fixture, json, PAIR, role, rolePolicy, TYPE, withProps } from "../testing/fixtures";
import { checkStack, ResourceUnderTest } from "../testing/harness";
import { assertPasses, assertViolates } from "../testing/expect";
import { UNKNOWN } from "../lib/unknowns";
import { iamNoPrivilegeEscalation } from "./iam-no-privilege-escalation";

const check = (resources: ResourceUnderTest[]) => checkStack(iamNoPrivilegeEscalation, resources);
const allow = (Action: string | string[], Resource?: string | string[], extra: object = {}) => ({ Effect: "Allow", Action, ...(Resource === undefined ? {} : { Resource }), ...extra });
/** A role of the stack that is not the workload's (trusted by Lambda), with this one statement. */
const withOpsRole = (resources: ResourceUnderTest[], statement: object) => [
  ...resources,
  role("app-ops", json({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] })),
  rolePolicy("app-ops", json({ Version: "2012-10-17", Statement: [statement] })),
];
/** The resources with one statement added to the policy named `policy` (of type rolePolicy). */
const granting = (resources: ResourceUnderTest[], policy: string, statement: object) => withProps(resources, TYPE.rolePolicy, policy, editDocument("policy", (d) => d.Statement.push(statement)));
const INSTANCE_POLICY = "source-instance-assume-transfer-role";
const TRANSFER_POLICY = "target-transfer-write-prefix";

describe("iam-no-privilege-escalation", () => {
  it("passes every shipped stack and every harmless addition", async () => {
    for (const stack of ["pair", "source", "target"] as const) assertPasses(await checkStack(iamNoPrivilegeEscalation, fixture(stack)));
    for (const harmless of HARMLESS) assertPasses(await checkStack(iamNoPrivilegeEscalation, harmless.edit(fixture("pair"))));
  });

  it("names the actions, found by AWS's access level, and the role", async () => {
    const widened = BYPASSES.find((c) => c.name === "transfer role may rewrite its own policy")!;
    assertViolates(await checkStack(iamNoPrivilegeEscalation, widened.edit(fixture("pair"))), /transfer role xacct-transfer use iam:putrolepolicy/);
    const wildcard = BYPASSES.find((c) => c.name === "a Lambda role may attach policies to the transfer role")!;
    assertViolates(await checkStack(iamNoPrivilegeEscalation, wildcard.edit(fixture("pair"))), /role app-lambda use iam:attachrolepolicy on arn:aws:iam::222222222222:role\/xacct-\*/);
  });

  const bypasses = BYPASSES.filter((c) => c.refusedBy === iamNoPrivilegeEscalation.name);
  it(`refuses ${bypasses.length} bypasses of the corpus`, () => assert.ok(bypasses.length >= 3));
  for (const bypass of bypasses) {
    it(`refuses: ${bypass.name}`, async () => {
      assertViolates(await checkStack(iamNoPrivilegeEscalation, bypass.edit(fixture("pair"))));
    });
  }

  it("names up to four escalating actions of a workload role, then counts them", async () => {
    const four = granting(fixture("pair"), INSTANCE_POLICY, allow(["iam:PassRole", "iam:PutRolePolicy", "iam:AttachRolePolicy", "iam:CreatePolicyVersion"], "*"));
    assertViolates(await check(four), /lets the instance role xacct-instance use iam:passrole, iam:putrolepolicy, iam:attachrolepolicy, iam:createpolicyversion: it could/);
    const many = granting(fixture("pair"), TRANSFER_POLICY, allow("iam:Put*", "*"));
    assertViolates(await check(many), /lets the transfer role xacct-transfer use iam:put\w+, iam:put\w+, iam:put\w+, iam:put\w+, \.\.\. \(\d+ actions\): it could/);
  });

  it("lets the instance role assume only the transfer roles (sts:GetCallerIdentity is no assume), and a transfer role nothing, not even itself", async () => {
    const others = granting(fanIn(), INSTANCE_POLICY, allow("sts:AssumeRole", ["arn:aws:iam::333333333333:role/a", "arn:aws:iam::333333333333:role/b"]));
    assertViolates(
      await check(others),
      /lets the instance role xacct-instance assume arn:aws:iam::333333333333:role\/a, arn:aws:iam::333333333333:role\/b: the instance role assumes only the transfer role \(arn:aws:iam::222222222222:role\/xacct-transfer, arn:aws:iam::222222222222:role\/xacct-transfer-b\), /,
    );
    assertViolates(await check(granting(fixture("pair"), TRANSFER_POLICY, allow("sts:AssumeRole", PAIR.transferRoleArn))), /lets the transfer role xacct-transfer assume arn:aws:iam::222222222222:role\/xacct-transfer: /);
    const direct = withProps(fixture("direct"), TYPE.role, "source-instance", (p) => ({ ...p, inlinePolicies: [{ name: "assume", policy: json({ Statement: [allow("sts:AssumeRole", "arn:aws:iam::333333333333:role/*")] }) }] }));
    assertViolates(await check(direct), /lets the instance role xacct-instance assume arn:aws:iam::333333333333:role\/\*: the instance role assumes only the transfer role, and/);
    assertViolates(await check(granting(fixture("pair"), INSTANCE_POLICY, allow("sts:AssumeRoleSomeday", "arn:aws:iam::333333333333:role/a"))), /lets the instance role xacct-instance assume arn:aws:iam::333333333333:role\/a: /);
    const harmless = granting(granting(fixture("pair"), INSTANCE_POLICY, allow("sts:GetCallerIdentity", "*")), INSTANCE_POLICY, allow("sts:AssumeRole"));
    assertPasses(await check(harmless));
  });

  it("refuses a bucket policy of the transfer bucket, and only of it, that grants a permissions change", async () => {
    const grant = { Effect: "Allow", Principal: { AWS: "arn:aws:iam::222222222222:root" }, Action: "s3:PutBucketPolicy" };
    const transfer = withProps(fixture("pair"), TYPE.bucketPolicy, "target-bucket", editDocument("policy", (d) => d.Statement.push({ ...grant, Resource: `arn:aws:s3:::${PAIR.bucket}` })));
    assertViolates(await check(transfer), /target-bucket policy statement #\d+ grants s3:putbucketpolicy on the transfer bucket/);
    const logs = { ...bucketPolicy(json({ Version: "2012-10-17", Statement: [{ ...grant, Resource: "arn:aws:s3:::xacct-logs" }] })), name: "logs", props: { bucket: "xacct-logs", policy: json({ Statement: [{ ...grant, Resource: "arn:aws:s3:::xacct-logs" }] }) } };
    assertPasses(await check([...fixture("pair"), { type: TYPE.bucket, name: "logs", props: { bucket: "xacct-logs" } }, logs]));
  });

  it("refuses another role's escalating actions or sts:AssumeRole on what guards the transfer, naming only what it reaches", async () => {
    const reaching = allow(["iam:AttachRolePolicy", "sts:AssumeRole"], [PAIR.transferRoleArn, "arn:aws:s3:::unrelated", PAIR.instanceRoleArn]);
    assertViolates(
      await check(withOpsRole(fixture("pair"), reaching)),
      /role app-ops use iam:attachrolepolicy, sts:assumerole on arn:aws:iam::222222222222:role\/xacct-transfer, arn:aws:iam::111111111111:role\/xacct-instance, which can reach/,
    );
    assertViolates(await check(withOpsRole(fixture("pair"), allow("iam:AttachRolePolicy", undefined, { NotResource: "arn:aws:iam::*:role/unrelated" }))), /role app-ops use iam:attachrolepolicy on \*, which/);
    assertPasses(await check(withOpsRole(fixture("pair"), allow(["iam:PutRolePolicy", "sts:AssumeRole"], "arn:aws:iam::111111111111:role/app-*"))));
  });

  it("guards the stack's VPC endpoints by id (not another endpoint), every endpoint while an id is unknown, and customer managed policies of the workload", async () => {
    const endpoint = `arn:aws:ec2:ap-northeast-1:111111111111:vpc-endpoint/${PAIR.stsEndpointId}`;
    assertViolates(await check(withOpsRole(fixture("pair"), allow("ec2:ModifyVpcEndpoint", endpoint))), /use ec2:modifyvpcendpoint on arn:aws:ec2:.*vpc-endpoint\/vpce-/);
    assertPasses(await check(withOpsRole(fixture("pair"), allow("ec2:ModifyVpcEndpoint", "arn:aws:ec2:ap-northeast-1:111111111111:vpc-endpoint/vpce-0123456789abcdef0"))));
    const unknownId = fixture("pair").map((r) => (r.type === TYPE.vpcEndpoint && r.name === "source-endpoints-sts" ? { ...r, props: { ...r.props, id: UNKNOWN } } : r));
    assertViolates(await check(withOpsRole(unknownId, allow("ec2:ModifyVpcEndpoint", "arn:aws:ec2:ap-northeast-1:111111111111:vpc-endpoint/vpce-0123456789abcdef0"))), /use ec2:modifyvpcendpoint on /);
    const managed = withProps(fixture("pair"), TYPE.role, "target-transfer", (p) => ({ ...p, managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::222222222222:policy/xacct-extra"] }));
    assertPasses(await check(withOpsRole(managed, allow("iam:CreatePolicyVersion", "arn:aws:iam::aws:policy/ReadOnlyAccess"))));
    assertViolates(await check(withOpsRole(managed, allow("iam:CreatePolicyVersion", "arn:aws:iam::222222222222:policy/xacct-extra"))), /use iam:createpolicyversion on arn:aws:iam::222222222222:policy\/xacct-extra/);
  });
});
