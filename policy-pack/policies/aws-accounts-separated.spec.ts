import { checkStack } from "../testing/harness";
import { assertPasses, assertViolates } from "../testing/expect";
import { fixture, resourceOf, TYPE } from "../testing/fixtures";
import { awsAccountsSeparated } from "./aws-accounts-separated";

const REFERENCE = "pulumi:pulumi:StackReference";

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
});
