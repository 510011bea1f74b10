import * as assert from "node:assert/strict";
import { BYPASSES, HARMLESS } from "../testing/corpus";
import { editDocument, fanIn, fixture, TYPE, withProps } from "../testing/fixtures";
import { checkStack, ResourceUnderTest } from "../testing/harness";
import { assertPasses, assertViolates } from "../testing/expect";
import { UNKNOWN } from "../lib/unknowns";
import { iamTransferRoleTrustsOnlyTheInstanceRole } from "./iam-transfer-role-trusts-only-the-instance-role";

const check = (resources: ResourceUnderTest[]) => checkStack(iamTransferRoleTrustsOnlyTheInstanceRole, resources);
/** `resources` with the first trust statement of the role named `name` edited. */
const trust = (resources: ResourceUnderTest[], name: string, edit: (statement: any) => void) => withProps(resources, TYPE.role, name, editDocument("assumeRolePolicy", (d) => edit(d.Statement[0])));
const transferTrust = (edit: (statement: any) => void) => trust(fixture("pair"), "target-transfer", edit);

describe("iam-transfer-role-trusts-only-the-instance-role", () => {
  it("passes every shipped stack and every harmless addition", async () => {
    for (const stack of ["pair", "source", "target"] as const) assertPasses(await checkStack(iamTransferRoleTrustsOnlyTheInstanceRole, fixture(stack)));
    for (const harmless of HARMLESS) assertPasses(await checkStack(iamTransferRoleTrustsOnlyTheInstanceRole, harmless.edit(fixture("pair"))));
  });

  it("says why a guard does not pin the STS endpoint", async () => {
    const ifExists = BYPASSES.find((c) => c.name === "trust's aws:SourceVpce guard made IfExists")!;
    assertViolates(await checkStack(iamTransferRoleTrustsOnlyTheInstanceRole, ifExists.edit(fixture("pair"))), /has aws:SourceVpce only as StringEqualsIfExists .* which does not pin exact endpoint ids/);
    const lambda = BYPASSES.find((c) => c.name === "a Lambda role (trusted by Lambda) writes into the prefix")!;
    assertViolates(await checkStack(iamTransferRoleTrustsOnlyTheInstanceRole, lambda.edit(fixture("pair"))), /lets the service lambda.amazonaws.com assume the transfer role app-lambda/);
  });

  const bypasses = BYPASSES.filter((c) => c.refusedBy === iamTransferRoleTrustsOnlyTheInstanceRole.name);
  it(`refuses ${bypasses.length} bypasses of the corpus`, () => assert.ok(bypasses.length >= 3));
  for (const bypass of bypasses) {
    it(`refuses: ${bypass.name}`, async () => {
      assertViolates(await checkStack(iamTransferRoleTrustsOnlyTheInstanceRole, bypass.edit(fixture("pair"))));
    });
  }

  it("refuses an instance role trusted by anyone but EC2, naming each", async () => {
    const widened = trust(fixture("pair"), "source-instance", (st) => (st.Principal = { Service: ["ec2.amazonaws.com", "lambda.amazonaws.com"], AWS: "arn:aws:iam::111111111111:role/admin" }));
    assertViolates(await check(widened), /source-instance trust statement "\w+" lets arn:aws:iam::111111111111:role\/admin, the service lambda.amazonaws.com assume the instance role xacct-instance,/);
  });

  it("refuses a transfer role trusting more than the instance roles, naming each and the instance roles", async () => {
    const widened = trust(fanIn(), "target-transfer", (st) => (st.Principal = { AWS: ["arn:aws:iam::111111111111:role/xacct-instance", "arn:aws:iam::111111111111:role/admin"], Service: "lambda.amazonaws.com" }));
    assertViolates(
      await check(widened),
      /target-transfer trust statement "\w+" lets the service lambda.amazonaws.com, arn:aws:iam::111111111111:role\/admin assume the transfer role xacct-transfer\. A transfer role trusts only the instance role \(arn:aws:iam::111111111111:role\/xacct-instance, arn:aws:iam::333333333333:role\/xacct-instance\)/,
    );
  });

  it("with no instance role known (a target stack without its source's reference), refuses only principals that are not exact roles", async () => {
    const alone = fixture("target").filter((r) => r.type !== "pulumi:pulumi:StackReference");
    assertPasses(await check(alone));
    const lambda = trust(alone, "target-transfer", (st) => (st.Principal = { AWS: st.Principal.AWS, Service: "lambda.amazonaws.com" }));
    assertViolates(await check(lambda), /lets the service lambda.amazonaws.com assume the transfer role xacct-transfer\. A transfer role trusts only the instance role\.$/);
  });

  it("refuses trust actions beyond sts:AssumeRole, sts:SetSourceIdentity and sts:TagSession, and NotAction", async () => {
    assertPasses(await check(transferTrust((st) => (st.Action = ["sts:AssumeRole", "sts:SetSourceIdentity", "STS:TagSession"]))));
    assertViolates(await check(transferTrust((st) => (st.Action = ["sts:AssumeRole", "sts:AssumeRoleWithWebIdentity", "iam:PassRole"]))), /target-transfer trust statement "\w+" allows sts:assumerolewithwebidentity, iam:passrole: /);
    assertViolates(await check(transferTrust((st) => { delete st.Action; st.NotAction = "iam:*"; })), /allows everything but the NotAction: /);
  });

  it("refuses a trust pinned to another endpoint than the stack's STS endpoint, or to values that are not exact endpoint ids", async () => {
    const foreign = trust(fanIn(), "target-transfer", (st) => (st.Condition.StringEquals["aws:SourceVpce"] = ["vpce-89f7b67868a097128", "vpce-0123456789abcdef0", "vpce-0123456789abcdef1"]));
    assertViolates(
      await check(foreign),
      /target-transfer trust statement "\w+" lets the role be assumed through vpce-0123456789abcdef0, vpce-0123456789abcdef1, which is not this stack's STS endpoint \(vpce-89f7b67868a097128, vpce-b9f7b67868a097128\)/,
    );
    for (const value of ["my-vpce-89f7b67868a097128", "vpce-89f7b67868a097128-x"]) {
      assertViolates(await check(transferTrust((st) => (st.Condition.StringEquals["aws:SourceVpce"] = value))), /has aws:SourceVpce only as StringEquals .*, which does not pin exact endpoint ids/);
    }
    const loose = transferTrust((st) => (st.Condition = { StringEqualsIfExists: { "aws:SourceVpce": ["vpce-89f7b67868a097128", "vpce-0123456789abcdef0"] }, StringLike: { "aws:SourceVpce": "vpce-*" } }));
    assertViolates(await check(loose), /only as StringEqualsIfExists vpce-89f7b67868a097128, vpce-0123456789abcdef0; StringLike vpce-\*, which/);
    assertViolates(await check(transferTrust((st) => delete st.Condition)), /has no aws:SourceVpce condition: .*<the STS endpoint id>\.$/);
  });

  it("judges the endpoint ids a trust names only once every STS endpoint's id is known", async () => {
    const unknownB = fanIn().map((r) => (r.type === TYPE.vpcEndpoint && r.name === "b-source-endpoints-sts" ? { ...r, props: { ...r.props, id: UNKNOWN } } : r));
    assertPasses(await check(unknownB));
  });

  it("on the internet path, names the NAT gateway's address and every problem of the trust's aws:SourceIp fence", async () => {
    const internet = trust(fixture("internet"), "target-transfer", (st) => (st.Condition = { IpAddressIfExists: { "aws:SourceIp": "198.51.100.7/32" } }));
    assertViolates(await check(internet), /target-transfer trust statement "\w+" is not fenced to the NAT gateway's address \(203\.0\.113\.45\): IpAddressIfExists passes requests without aws:SourceIp [^;]*; /);
  });
});
