import * as assert from "node:assert/strict";
import { checkStack } from "../testing/harness";
import { assertPasses, assertViolates } from "../testing/expect";
import { PAIR, COMMON_MISTAKES, TYPE, editDocument, fixture, withProps } from "../testing/fixtures";
import { UNKNOWN } from "../lib/unknowns";
import { xacctWiringConsistent } from "./xacct-wiring-consistent";

const REFERENCE = "pulumi:pulumi:StackReference";

describe("xacct-wiring-consistent", () => {
  it("passes every shipped stack, exported and at its first preview", async () => {
    for (const stack of ["pair", "source", "target"] as const) {
      for (const kind of ["export", "preview"] as const) assertPasses(await checkStack(xacctWiringConsistent, fixture(stack, kind)));
    }
  });

  it("catches an S3 endpoint policy naming the instance role instead of the transfer role, in a pair and in a source stack", async () => {
    for (const stack of ["pair", "source"] as const) {
      const weakened = withProps(fixture(stack), TYPE.vpcEndpoint, "source-endpoints-s3", (p) => ({ ...p, policy: JSON.stringify(COMMON_MISTAKES.s3EndpointPolicyNamingInstanceRole) }));
      assertViolates(await checkStack(xacctWiringConsistent, weakened), /names the instance role arn:aws:iam::111111111111:role\/xacct-instance, but S3 is called with the transfer role's session/);
    }
  });

  it("passes an aws:userid pin narrowed to one session of the instance role, in the direct grant and in the transfer role's trust; refuses a session of another role or a pin without the session", async () => {
    const session = "AROAM1EVPQTTCIUGPQNZ4:i-0123456789abcdef0";
    const directPin = (operator: string, value: string) =>
      withProps(fixture("direct"), TYPE.bucketPolicy, "target-bucket", editDocument("policy", (d) => {
        delete d.Statement[0].Condition.StringLike;
        d.Statement[0].Condition[operator] = { ...d.Statement[0].Condition[operator], "aws:userid": value };
      }));
    const trustPin = (value: string) => withProps(fixture("pair"), TYPE.role, "target-transfer", editDocument("assumeRolePolicy", (d) => (d.Statement[0].Condition.StringLike["aws:userid"] = value)));
    for (const stack of [directPin("StringLike", session), directPin("StringEquals", session), trustPin(session)]) assertPasses(await checkStack(xacctWiringConsistent, stack));
    for (const value of ["AROAOTHERROLEEXAMPLE00:i-0123456789abcdef0", "AROAM1EVPQTTCIUGPQNZ4*", "AROAM1EVPQTTCIUGPQNZ4:i-*"]) {
      assertViolates(await checkStack(xacctWiringConsistent, directPin("StringLike", value)), new RegExp(`pins aws:userid to ${value.replace(/[*]/g, "\\*")}, not the source instance role's unique id`));
      assertViolates(await checkStack(xacctWiringConsistent, trustPin(value)), /not the source instance role's unique id/);
    }
  });

  it("catches a bucket policy whose aws:SourceVpce is another endpoint", async () => {
    const foreign = withProps(fixture("pair"), TYPE.bucketPolicy, "target-bucket", editDocument("policy", (d) => {
      d.Statement[0].Condition.StringNotEquals["aws:SourceVpce"] = ["vpce-0123456789abcdef0"];
    }));
    assertViolates(await checkStack(xacctWiringConsistent, foreign), /does not name source-endpoints-s3/, /names vpce-0123456789abcdef0, which is not source-endpoints-s3/);
  });

  it("catches a trust policy naming another role or no STS endpoint", async () => {
    const otherRole = withProps(fixture("pair"), TYPE.role, "target-transfer", editDocument("assumeRolePolicy", (d) => {
      d.Statement[0].Principal.AWS = "arn:aws:iam::111111111111:role/someone-else";
    }));
    assertViolates(await checkStack(xacctWiringConsistent, otherRole), /trusts arn:aws:iam::111111111111:role\/someone-else, not the instance role/);
    const noEndpoint = withProps(fixture("pair"), TYPE.role, "target-transfer", editDocument("assumeRolePolicy", (d) => {
      delete d.Statement[0].Condition.StringEquals;
    }));
    assertViolates(await checkStack(xacctWiringConsistent, noEndpoint), /has no aws:SourceVpce condition/);
  });

  describe("split stacks: the target is judged against the source's StackReference outputs", () => {
    const withOutputs = (change: (outputs: Record<string, unknown>) => Record<string, unknown> | string) =>
      fixture("target").map((r) => (r.type === REFERENCE ? { ...r, props: { ...r.props, outputs: change({ ...(r.props.outputs as object) }) } } : r));

    it("catches a target whose trust names another role than the source's instance role", async () => {
      const stack = withOutputs((o) => ({ ...o, instanceRoleArn: "arn:aws:iam::111111111111:role/other" }));
      assertViolates(await checkStack(xacctWiringConsistent, stack), /trusts arn:aws:iam::111111111111:role\/xacct-instance, not the instance role \(arn:aws:iam::111111111111:role\/other\)/);
    });

    it("catches a target whose bucket policy or trust names another endpoint than the source's", async () => {
      const stack = withOutputs((o) => ({ ...o, s3EndpointId: "vpce-0badbadbadbadbad0", stsEndpointId: "vpce-0badbadbadbadbad1" }));
      assertViolates(await checkStack(xacctWiringConsistent, stack), /does not name source-stack\.s3EndpointId/, /does not name source-stack\.stsEndpointId/);
    });

    it("refuses a target whose StackReference outputs are secret", async () => {
      assertViolates(await checkStack(xacctWiringConsistent, withOutputs((o) => ({ ...o, stsEndpointId: "[secret]" }))), /output stsEndpointId is unknown or secret/);
      assertViolates(await checkStack(xacctWiringConsistent, withOutputs(() => UNKNOWN)), /outputs are unknown or secret/);
    });

    it("refuses a target with no source half to check the trust against", async () => {
      const alone = fixture("target").filter((r) => r.type !== REFERENCE);
      assertViolates(await checkStack(xacctWiringConsistent, alone), /cannot be checked against the instance role/);
      // Pack config can name the instance role; the STS endpoint still cannot be checked.
      const configured = await checkStack(xacctWiringConsistent, alone, { "xacct-wiring-consistent": { instanceRoleArns: [PAIR.instanceRoleArn] } });
      assert.deepEqual(configured.violations.map((v) => v.message.replace(/^.* but /, "")), ["the STS endpoint is neither in this stack nor read from the source stack: it cannot be checked."]);
    });
  });

  describe("a source stack names only the designated target", () => {
    it("refuses a transfer role other than the one pack config designates", async () => {
      const config = { "xacct-wiring-consistent": { transferRoleArns: ["arn:aws:iam::222222222222:role/xacct-transfer"] } };
      assertPasses(await checkStack(xacctWiringConsistent, fixture("source"), config));
      const third = withProps(fixture("source"), TYPE.vpcEndpoint, "source-endpoints-sts", editDocument("policy", (d) => {
        d.Statement[0].Resource = ["arn:aws:iam::333333333333:role/xacct-transfer"];
      }));
      assertViolates(await checkStack(xacctWiringConsistent, third, config), /333333333333/);
    });

    it("refuses a transfer role in the source account", async () => {
      const same = withProps(fixture("source"), TYPE.rolePolicy, "source-instance-assume-transfer-role", editDocument("policy", (d) => {
        d.Statement[0].Resource = ["arn:aws:iam::111111111111:role/xacct-transfer"];
      }));
      assertViolates(await checkStack(xacctWiringConsistent, same), /in the source account 111111111111/);
    });
  });

  describe("during preview, when endpoint ids are unknown", () => {
    it("refuses an unknown document that is not computed from the endpoint", async () => {
      const unwired = fixture("pair", "preview").map((r) => (r.type === TYPE.bucketPolicy ? { ...r, propertyDependencies: {} } : r));
      assertViolates(await checkStack(xacctWiringConsistent, unwired), /policy is not known yet and is not computed from source-endpoints-s3/);
    });

    it("never passes a literal endpoint id while the endpoint is not created yet", async () => {
      const known = fixture("pair").find((r) => r.type === TYPE.bucketPolicy)!;
      const literal = fixture("pair", "preview").map((r) => (r.type === TYPE.bucketPolicy ? { ...r, props: { ...r.props, policy: known.props.policy }, propertyDependencies: {} } : r));
      assertViolates(await checkStack(xacctWiringConsistent, literal), /names vpce-[0-9a-f]{17} literally, but source-endpoints-s3 is not created yet/);
    });
  });
});
