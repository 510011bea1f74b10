/**
 * A split fan-in target (xacct:deploy target with xacct:sources and xacct:sourceStacks): one
 * StackReference per source stack, each source judged on its own against what its stack exports.
 * Fixture: fanin-target, three source stacks in accounts 333333333333, 444444444444, 555555555555.
 */
import * as assert from "node:assert/strict";
import { checkStack, runPack } from "../testing/harness";
import { assertPasses, assertViolates } from "../testing/expect";
import { TYPE, editDocument, fixture, resourceOf, withProps } from "../testing/fixtures";
import { policies } from ".";
import { xacctWiringConsistent } from "./xacct-wiring-consistent";

const REFERENCE = "pulumi:pulumi:StackReference";
const split = () => fixture("fanin-target");
const exported = (tenant: string) => resourceOf(split(), REFERENCE, `${tenant}-stack`).props.outputs as Record<string, string>;
const grantOf = (tenant: string) => `target-transfer-${tenant}-write-prefix`;
const BUCKET = "xacct-transfer-222222222222-apne1";

/** The split target with one more StackReference, as a preview or an export would record it. */
function withReference(name: string, outputs: Record<string, unknown>) {
  const model = resourceOf(split(), REFERENCE, "team-a-stack");
  return [...split(), { ...model, name, urn: String(model.urn).replace("team-a-stack", name), props: { name: `organization/xacct/${name}`, outputs } }];
}

describe("xacct-wiring-consistent: a split fan-in target reading one source stack per source", () => {
  it("passes the shipped fanin-target stack, exported and at its first preview, and the whole pack finds nothing", async () => {
    for (const kind of ["export", "preview"] as const) {
      assertPasses(await checkStack(xacctWiringConsistent, fixture("fanin-target", kind)));
      assert.deepEqual((await runPack(policies, fixture("fanin-target", kind))).violations.map((v) => `${v.policy}: ${v.message}`), []);
    }
  });

  it("refuses team-a's transfer role granted team-b's prefix, a prefix inside it, or the whole bucket", async () => {
    for (const extra of [`arn:aws:s3:::${BUCKET}/team-b/*`, `arn:aws:s3:::${BUCKET}/team-b/sub/*`, `arn:aws:s3:::${BUCKET}/*`]) {
      const widened = withProps(split(), TYPE.rolePolicy, grantOf("team-a"), editDocument("policy", (d) => d.Statement[0].Resource.push(extra)));
      assertViolates(await checkStack(xacctWiringConsistent, widened), /target-transfer-team-a \(of 333333333333\) may write .* where target-transfer-team-b \(of 444444444444\) may write too/);
    }
  });

  it("refuses a bucket fence missing one source stack's S3 endpoint, or naming an endpoint no source stack exports", async () => {
    const missing = withProps(split(), TYPE.bucketPolicy, "target-bucket", editDocument("policy", (d) => {
      for (const statement of d.Statement.slice(0, 2)) statement.Condition.StringNotEquals["aws:SourceVpce"].pop();
    }));
    assertViolates(await checkStack(xacctWiringConsistent, missing), new RegExp(`does not name team-c-stack\\.s3EndpointId \\(${exported("team-c").s3EndpointId}\\)`));
    const extra = withProps(split(), TYPE.bucketPolicy, "target-bucket", editDocument("policy", (d) => d.Statement[0].Condition.StringNotEquals["aws:SourceVpce"].push("vpce-0123456789abcdef0")));
    assertViolates(await checkStack(xacctWiringConsistent, extra), /names vpce-0123456789abcdef0, which is not team-a-stack\.s3EndpointId or .*: another way in/);
  });

  it("refuses team-a's grant through team-b's S3 endpoint, or through no endpoint pin", async () => {
    const throughB = withProps(split(), TYPE.rolePolicy, grantOf("team-a"), editDocument("policy", (d) => d.Statement[0].Condition.StringEquals["aws:SourceVpce"].push(exported("team-b").s3EndpointId)));
    assertViolates(await checkStack(xacctWiringConsistent, throughB), new RegExp(`target-transfer-team-a policy statement .* lets its session in through ${exported("team-b").s3EndpointId}, not its own source's S3 endpoint \\(${exported("team-a").s3EndpointId}\\)`));
    const unpinned = withProps(split(), TYPE.rolePolicy, grantOf("team-a"), editDocument("policy", (d) => delete d.Statement[0].Condition));
    assertViolates(await checkStack(xacctWiringConsistent, unpinned), /grants writes without pinning aws:SourceVpce to its own source's S3 endpoint/);
  });

  it("refuses team-a's trust through team-b's STS endpoint, pinned to team-b's instance role's unique id, or trusting team-b's instance role too", async () => {
    const trustOfA = (edit: (d: any) => void) => withProps(split(), TYPE.role, "target-transfer-team-a", editDocument("assumeRolePolicy", edit));
    const b = exported("team-b");
    assertViolates(
      await checkStack(xacctWiringConsistent, trustOfA((d) => (d.Statement[0].Condition.StringEquals["aws:SourceVpce"] = b.stsEndpointId))),
      /does not name team-a-stack\.stsEndpointId/,
      new RegExp(`names ${b.stsEndpointId}, which is not team-a-stack\\.stsEndpointId: another way in`),
    );
    assertViolates(
      await checkStack(xacctWiringConsistent, trustOfA((d) => (d.Statement[0].Condition.StringLike["aws:userid"] = `${b.instanceRoleUniqueId}:*`))),
      new RegExp(`pins aws:userid to ${b.instanceRoleUniqueId}:\\*, not the source instance role's unique id \\(${exported("team-a").instanceRoleUniqueId}\\)`),
    );
    assertViolates(
      await checkStack(xacctWiringConsistent, trustOfA((d) => (d.Statement[0].Principal.AWS = [exported("team-a").instanceRoleArn, b.instanceRoleArn]))),
      /target-transfer-team-a trust .* trusts arn:aws:iam::444444444444:role\/xacct-instance, not the instance role \(arn:aws:iam::333333333333:role\/xacct-instance\)/,
    );
  });

  it("refuses a second source stack of one account beside the real one, and a source stack that exports endpoints but no instance role", async () => {
    const second = withReference("attacker-stack", { ...exported("team-a"), instanceRoleArn: "arn:aws:iam::333333333333:role/attacker", s3EndpointId: "vpce-0123456789abcdef0" });
    assertViolates(
      await checkStack(xacctWiringConsistent, second),
      /name 2 different instance roles of account 333333333333 .*: a target stack has exactly one source half per source account/,
      /name 2 different S3 endpoints of account 333333333333/,
    );
    const anonymous = withReference("endpoints-stack", { s3EndpointId: "vpce-0123456789abcdef0" });
    assertViolates(await checkStack(xacctWiringConsistent, anonymous), /endpoints-stack \(StackReference\) exports endpoints but not one instance role/);
  });

  it("accepts harmless additions: a second StackReference to one source stack, one to a stack exporting no role or endpoint", async () => {
    assertPasses(await checkStack(xacctWiringConsistent, withReference("team-a-again", { ...exported("team-a") })));
    assertPasses(await checkStack(xacctWiringConsistent, withReference("settings", { logRetentionDays: "30", owner: "platform-team" })));
  });
});
