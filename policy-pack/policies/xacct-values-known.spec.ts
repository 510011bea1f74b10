import { checkStack } from "../testing/harness";
import { assertPasses, assertViolates } from "../testing/expect";
import { fixture, TYPE } from "../testing/fixtures";
import { UNKNOWN } from "../lib/unknowns";
import { xacctValuesKnown } from "./xacct-values-known";

const edit = (type: string, name: string, change: (r: any) => any) => fixture("pair", "preview").map((r) => (r.type === type && r.name === name ? change(r) : r));

describe("xacct-values-known", () => {
  it("passes each shipped stack's first preview: its unknowns are computed from the stack's own endpoints and roles", async () => {
    for (const stack of ["pair", "source", "target"] as const) assertPasses(await checkStack(xacctValuesKnown, fixture(stack, "preview")));
  });

  it("refuses a document unknown at preview and computed from nothing, or from something that is not one of the stack's own kinds", async () => {
    const unwired = edit(TYPE.bucketPolicy, "target-bucket", (r) => ({ ...r, propertyDependencies: {} }));
    assertViolates(await checkStack(xacctValuesKnown, unwired), /target-bucket \(aws:s3\/bucketPolicy:BucketPolicy\): policy is unknown .* not computed from any resource of this stack, so the pack cannot judge it/);
    const fromCommand = [
      ...edit(TYPE.bucketPolicy, "target-bucket", (r) => ({ ...r, propertyDependencies: { policy: ["urn:cmd"] } })),
      { type: "command:local:Command", name: "cmd", urn: "urn:cmd", props: {}, provider: null },
    ];
    assertViolates(await checkStack(xacctValuesKnown, fromCommand), /computed from cmd \(command:local:Command\)/);
  });

  it("refuses secrets and unknowns where nothing legitimate computes them: session length, public-access flags, forceDestroy, provider pins", async () => {
    assertViolates(await checkStack(xacctValuesKnown, edit(TYPE.role, "target-transfer", (r) => ({ ...r, props: { ...r.props, maxSessionDuration: "[secret]" } }))), /maxSessionDuration is secret/);
    assertViolates(await checkStack(xacctValuesKnown, edit("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "target-bucket", (r) => ({ ...r, props: { ...r.props, ignorePublicAcls: UNKNOWN } }))), /ignorePublicAcls is unknown/);
    assertViolates(await checkStack(xacctValuesKnown, edit(TYPE.bucket, "target-bucket", (r) => ({ ...r, props: { ...r.props, forceDestroy: "[secret]" } }))), /forceDestroy is secret/);
    assertViolates(await checkStack(xacctValuesKnown, edit("pulumi:providers:aws", "target", (r) => ({ ...r, props: { ...r.props, allowedAccountIds: UNKNOWN } }))), /allowedAccountIds is unknown/);
  });

  it("finds an unknown inside a document given as an object", async () => {
    const nested = edit(TYPE.vpcEndpoint, "source-endpoints-s3", (r) => ({ ...r, props: { ...r.props, policy: { Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:*", Resource: UNKNOWN }] } } }));
    assertViolates(await checkStack(xacctValuesKnown, nested), /policy\.Statement\[0\]\.Resource is unknown/);
  });
});
