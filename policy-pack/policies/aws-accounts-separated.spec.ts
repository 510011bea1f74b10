import * as assert from "node:assert/strict";
import { checkStack, ResourceUnderTest } from "../testing/harness";
import { assertPasses, assertViolates } from "../testing/expect";
import { editDocument, fanIn, fixture, resourceOf, TYPE, withProps } from "../testing/fixtures";
import { UNKNOWN } from "../lib/unknowns";
import { awsAccountsSeparated } from "./aws-accounts-separated";

const REFERENCE = "pulumi:pulumi:StackReference";
const check = (resources: ResourceUnderTest[], config?: object) => checkStack(awsAccountsSeparated, resources, config && { "aws-accounts-separated": config });
/** `resources` with the one of `type` named `name` deployed through a provider pinning two accounts. */
const unpinned = (resources: ResourceUnderTest[], type: string, name: string) =>
  resources.map((r) => (r.type === type && r.name === name ? { ...r, provider: { ...r.provider!, props: { allowedAccountIds: '["222222222222","333333333333"]' } } } : r));
/** The source stack with its instance role allowed to assume these roles. */
const sourceAssuming = (...roles: string[]) =>
  withProps(fixture("source"), TYPE.rolePolicy, "source-instance-assume-transfer-role", editDocument("policy", (d) => (d.Statement[0].Resource = roles)));
/** The target stack with the source's StackReference exporting more outputs. */
const targetReading = (outputs: Record<string, unknown>) =>
  fixture("target").map((r) => (r.type === REFERENCE ? { ...r, props: { ...r.props, outputs: { ...(r.props.outputs as object), ...outputs } } } : r));
const trustOf = (resources: ResourceUnderTest[], name: string, edit: (d: any) => void) => withProps(resources, TYPE.role, name, editDocument("assumeRolePolicy", edit));

describe("aws-accounts-separated", () => {
  it("passes the shipped stacks", async () => {
    for (const stack of ["pair", "source", "target"] as const) assertPasses(await checkStack(awsAccountsSeparated, fixture(stack)));
  });

  it("refuses the target half in the source account, or the transfer role apart from the bucket", async () => {
    const sourceProvider = resourceOf(fixture("pair"), TYPE.role, "source-instance").provider;
    const oneAccount = fixture("pair").map((r) => (r.provider && r.type.startsWith("aws:") ? { ...r, provider: sourceProvider } : r));
    assertViolates(await checkStack(awsAccountsSeparated, oneAccount), /the instance role source-instance is in account 111111111111, the same account as the transfer bucket/);
    const roleMoved = fixture("pair").map((r) => (r.type === TYPE.role && r.name === "target-transfer" ? { ...r, provider: sourceProvider } : r));
    assertViolates(await checkStack(awsAccountsSeparated, roleMoved), /transfer role target-transfer is in account 111111111111, not the bucket's account \(222222222222\)/);
  });

  it("refuses a VPC endpoint deployed into another account than the instance role's", async () => {
    const targetProvider = resourceOf(fixture("pair"), TYPE.bucket, "target-bucket").provider;
    const moved = fixture("pair").map((r) => (r.type === TYPE.vpcEndpoint && r.name === "source-endpoints-sts" ? { ...r, provider: targetProvider } : r));
    assertViolates(await checkStack(awsAccountsSeparated, moved), /VPC endpoint source-endpoints-sts is in account 222222222222, not the instance role's account \(111111111111\)/);
  });

  it("refuses a designated resource whose provider pins no single account", async () => {
    const unpinned = fixture("pair").map((r) => (r.type === TYPE.bucket ? { ...r, provider: { ...r.provider!, props: { allowedAccountIds: '["222222222222","333333333333"]' } } } : r));
    assertViolates(await checkStack(awsAccountsSeparated, unpinned), /transfer bucket target-bucket is deployed through a provider that pins no single account/);
  });

  it("compares a target stack with the source's instance role from the StackReference", async () => {
    const same = fixture("target").map((r) => (r.type === REFERENCE ? { ...r, props: { ...r.props, outputs: { ...(r.props.outputs as object), instanceRoleArn: "arn:aws:iam::222222222222:role/xacct-instance" } } } : r));
    assertViolates(await checkStack(awsAccountsSeparated, same), /the source instance role arn:aws:iam::222222222222:role\/xacct-instance is in account 222222222222, the target account/);
  });

  it("refuses each unpinned designated resource once, and judges nothing else by it", async () => {
    for (const [type, name, what] of [
      [TYPE.bucket, "target-bucket", "transfer bucket"],
      [TYPE.role, "target-transfer", "transfer role"],
      [TYPE.role, "source-instance", "instance role"],
      [TYPE.vpcEndpoint, "source-endpoints-sts", "VPC endpoint"],
    ]) {
      const { violations } = await check(unpinned(fixture("pair"), type, name));
      assert.equal(violations.length, 1, violations.map((v) => v.message).join("\n"));
      assert.match(violations[0].message, new RegExp(`the ${what} ${name} is deployed through a provider that pins no single account`));
    }
  });

  it("places a transfer role by its own account when the bucket lives in another stack", async () => {
    assertPasses(await check(fixture("pair").filter((r) => r.type !== TYPE.bucket)));
  });

  it("reports an instance role in the target account once", async () => {
    const sourceProvider = resourceOf(fixture("pair"), TYPE.role, "source-instance").provider;
    const oneAccount = fixture("pair").map((r) => (r.provider && r.type.startsWith("aws:") ? { ...r, provider: sourceProvider } : r));
    const { violations } = await check(oneAccount);
    assert.equal(violations.filter((v) => /source-instance|instance role/.test(v.message)).length, 1, violations.map((v) => v.message).join("\n"));
  });

  it("refuses a source stack whose instance role may assume a role of its own account, or roles of two accounts", async () => {
    assertViolates(await check(sourceAssuming("arn:aws:iam::111111111111:role/xacct-transfer")), /the instance role source-instance is in account 111111111111, the same account as the transfer/);
    assertViolates(
      await check(sourceAssuming("arn:aws:iam::222222222222:role/xacct-transfer", "arn:aws:iam::444444444444:role/xacct-transfer")),
      /spread over 2 accounts \(222222222222, 444444444444\)/,
    );
  });

  it("refuses configured transfer roles in another account than the bucket's, or a configured instance role in the target account", async () => {
    assertPasses(await check(fixture("pair"), { transferRoleArns: ["arn:aws:iam::222222222222:role/xacct-transfer-b"], instanceRoleArns: ["arn:aws:iam::333333333333:role/xacct-instance"] }));
    assertViolates(
      await check(fixture("pair"), { transferRoleArns: ["arn:aws:iam::444444444444:role/xacct-transfer"], instanceRoleArns: ["arn:aws:iam::222222222222:role/xacct-instance"] }),
      /spread over 2 accounts \(222222222222, 444444444444\)/,
      /source instance role arn:aws:iam::222222222222:role\/xacct-instance is in account 222222222222, the target account/,
    );
  });

  it("refuses a transfer role shared with a second source outside the stack, and names every account the roles are spread over", async () => {
    const shared = trustOf(fanIn(), "target-transfer", (d) => (d.Statement[0].Principal.AWS = ["arn:aws:iam::111111111111:role/xacct-instance", "arn:aws:iam::333333333333:role/xacct-instance"]));
    assertViolates(await check(shared.filter((r) => !r.name?.startsWith("b-"))), /transfer role target-transfer is trusted by instance roles of 2 source accounts/);
    const pinnedTo = (r: ResourceUnderTest, account: string) => ({ ...r, provider: { ...r.provider!, props: { allowedAccountIds: `["${account}"]` } } });
    const spread = fanIn().map((r) => (r.type !== TYPE.role ? r : r.name === "target-transfer" ? pinnedTo(r, "444444444444") : r.name === "b-target-transfer" ? pinnedTo(r, "555555555555") : r));
    assertViolates(await check(spread), /transfer role b-target-transfer is in account 555555555555, not the bucket's account \(222222222222, 444444444444\)/);
  });

  it("reads the source's instance role from any StackReference output about an instance that holds an exact role ARN", async () => {
    for (const arn of ["arn:aws:iam::222222222222:role/xacct-instance", "arn:aws-cn:iam::222222222222:role/x"]) {
      assertViolates(await check(targetReading({ instanceProfileRoleArn: arn })), /source instance role .* is in account 222222222222, the target account/);
    }
    for (const outputs of [
      { bucketOwnerRoleArn: "arn:aws:iam::222222222222:role/admin" },
      { instanceProfileRoleArn: "arn:aws:iam::222222222222:role/xacct-*" },
      { instanceProfileRoleArn: "arn:aws:iam::222222222222:role/two words" },
      { instanceProfileRoleArn: "not-arn:aws:iam::222222222222:role/x" },
      { instanceProfileRoleArns: ["arn:aws:iam::222222222222:role/xacct-instance"] },
    ]) {
      assertPasses(await check(targetReading(outputs)));
    }
    const unknownOutputs = fixture("target").map((r) => (r.type === REFERENCE ? { ...r, props: { ...r.props, outputs: UNKNOWN } } : r));
    assertPasses(await check(unknownOutputs));
  });

  it("passes fan-in, each source with its own transfer role, and refuses a transfer role trusted by two source accounts", async () => {
    assertPasses(await check(fanIn()));
    const deniedB = trustOf(fanIn(), "target-transfer", (d) => d.Statement.push({ Effect: "Deny", Principal: { AWS: "arn:aws:iam::333333333333:role/xacct-instance" }, Action: "sts:AssumeRole" }));
    assertPasses(await check(deniedB));
    const unknownTrust = withProps(fanIn(), TYPE.role, "target-transfer", (p) => ({ ...p, assumeRolePolicy: UNKNOWN }));
    assertPasses(await check(unknownTrust));
    for (const other of ["arn:aws:iam::333333333333:role/xacct-instance", "arn:aws:iam::444444444444:role/other"]) {
      const shared = trustOf(fanIn(), "target-transfer", (d) => (d.Statement[0].Principal.AWS = ["arn:aws:iam::111111111111:role/xacct-instance", other]));
      assertViolates(await check(shared), new RegExp(`transfer role target-transfer is trusted by instance roles of 2 source accounts \\(111111111111, ${other.split(":")[4]}\\)`));
    }
    const byUniqueId = trustOf(fanIn(), "target-transfer", (d) => (d.Statement[0].Principal.AWS = ["arn:aws:iam::111111111111:role/xacct-instance", "AROAB1EVPQTTCIUGPQNZ4"]));
    assertPasses(await check(byUniqueId));
    const noPrincipal = trustOf(fanIn(), "target-transfer", (d) => d.Statement.push({ Effect: "Allow", Action: "sts:AssumeRole" }));
    assertPasses(await check(noPrincipal));
    const targetProvider = resourceOf(fanIn(), TYPE.bucket, "target-bucket").provider;
    const moved = fanIn().map((r) => (r.type === TYPE.vpcEndpoint && r.name === "b-source-endpoints-sts" ? { ...r, provider: targetProvider } : r));
    assertViolates(await check(moved), /VPC endpoint b-source-endpoints-sts is in account 222222222222, not the instance role's account \(111111111111, 333333333333\)/);
  });
});
