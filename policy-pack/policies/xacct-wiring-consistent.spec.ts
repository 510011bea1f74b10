import { INSTANCE_ROLE_ARN } from "../../test/support/fixtures";
import { SEEDS } from "../../test/support/pack-fixtures";
import { editDocument, runShippedStack, withProps } from "../../test/support/program-stacks";
import { ResourceUnderTest, checkStack } from "../testing/harness";
import { assertPasses, assertViolates } from "../testing/expect";
import { TYPES } from "../lib/resources";
import { UNKNOWN } from "../lib/unknowns";
import { xacctWiringConsistent } from "./xacct-wiring-consistent";

const { vpcEndpoint: ENDPOINT, role: ROLE, bucketPolicy: BUCKET_POLICY } = TYPES;

describe("xacct-wiring-consistent", () => {
  let pair: ResourceUnderTest[];
  let source: ResourceUnderTest[];
  let target: ResourceUnderTest[];
  before(async () => {
    // One at a time: the mocks are process-wide.
    pair = (await runShippedStack("pair")).resources;
    source = (await runShippedStack("source")).resources;
    target = (await runShippedStack("target")).resources;
  });

  it("passes every shipped stack", async () => {
    for (const resources of [pair, source, target]) assertPasses(await checkStack(xacctWiringConsistent, resources));
  });

  it("catches seed 000's S3 endpoint policy, which names the instance role instead of the transfer role", async () => {
    const seeded = withProps(pair, ENDPOINT, "source-endpoints-s3", (p) => ({ ...p, policy: JSON.stringify(SEEDS.s3EndpointPolicyNamingInstanceRole) }));
    assertViolates(await checkStack(xacctWiringConsistent, seeded), /names the instance role arn:aws:iam::111111111111:role\/xacct-instance, but S3 is called with the transfer role's session/);
    // Also in a source-only stack, where the transfer role is not a resource.
    const seededSource = withProps(source, ENDPOINT, "source-endpoints-s3", (p) => ({ ...p, policy: JSON.stringify(SEEDS.s3EndpointPolicyNamingInstanceRole) }));
    assertViolates(await checkStack(xacctWiringConsistent, seededSource), /names the instance role/);
  });

  it("catches a bucket policy whose aws:SourceVpce is not this stack's S3 endpoint", async () => {
    const foreign = withProps(pair, BUCKET_POLICY, "target-bucket", editDocument("policy", (d) => {
      d.Statement[0].Condition.StringNotEquals["aws:SourceVpce"] = ["vpce-0123456789abcdef0"];
    }));
    assertViolates(await checkStack(xacctWiringConsistent, foreign), /does not name source-endpoints-s3/, /names vpce-0123456789abcdef0, which is not an endpoint of this stack/);
  });

  it("catches a bucket deny that no longer covers what the transfer role writes", async () => {
    const narrowed = withProps(pair, BUCKET_POLICY, "target-bucket", editDocument("policy", (d) => {
      d.Statement[0].Resource = ["arn:aws:s3:::xacct-transfer-222222222222-apne1/elsewhere/*"];
    }));
    assertViolates(await checkStack(xacctWiringConsistent, narrowed), /does not deny writes to arn:aws:s3:::xacct-transfer-222222222222-apne1\/example\/\*/);
  });

  it("catches a trust policy naming another role or another STS endpoint", async () => {
    const otherRole = withProps(pair, ROLE, "target-transfer", editDocument("assumeRolePolicy", (d) => {
      d.Statement[0].Principal.AWS = "arn:aws:iam::111111111111:role/someone-else";
    }));
    assertViolates(await checkStack(xacctWiringConsistent, otherRole), /trusts arn:aws:iam::111111111111:role\/someone-else, not this stack's instance role/);
    const noEndpoint = withProps(pair, ROLE, "target-transfer", editDocument("assumeRolePolicy", (d) => {
      delete d.Statement[0].Condition.StringEquals;
    }));
    assertViolates(await checkStack(xacctWiringConsistent, noEndpoint), /has no aws:SourceVpce condition/);
  });

  it("catches an STS endpoint policy that lets another principal assume another role", async () => {
    const widened = withProps(pair, ENDPOINT, "source-endpoints-sts", editDocument("policy", (d) => {
      d.Statement[0].Resource = ["arn:aws:iam::222222222222:role/admin"];
      d.Statement[0].Condition.ArnEquals["aws:PrincipalArn"] = ["arn:aws:iam::111111111111:role/other"];
    }));
    assertViolates(await checkStack(xacctWiringConsistent, widened), /lets arn:aws:iam::111111111111:role\/other call STS/, /allows assuming arn:aws:iam::222222222222:role\/admin/);
  });

  describe("during preview, when endpoint ids are unknown", () => {
    const S3_URN = "urn:pulumi:pair::xacct::aws:ec2/vpcEndpoint:VpcEndpoint::source-endpoints-s3";
    const STS_URN = "urn:pulumi:pair::xacct::aws:ec2/vpcEndpoint:VpcEndpoint::source-endpoints-sts";
    const INSTANCE_URN = "urn:pulumi:pair::xacct::aws:iam/role:Role::source-instance";
    /** The pair stack as the first preview sees it: endpoint and role ids unknown, documents built from them unknown. */
    function previewOf(resources: ResourceUnderTest[], wired: boolean): ResourceUnderTest[] {
      return resources.map((r) => {
        if (r.type === ENDPOINT) return { ...r, props: { ...r.props, id: UNKNOWN } };
        if (r.type === ROLE && r.name === "source-instance") return { ...r, props: { ...r.props, arn: UNKNOWN, uniqueId: UNKNOWN } };
        if (r.type === BUCKET_POLICY) return { ...r, props: { ...r.props, policy: UNKNOWN }, propertyDependencies: wired ? { policy: [S3_URN] } : {} };
        if (r.type === ROLE && r.name === "target-transfer") return { ...r, props: { ...r.props, assumeRolePolicy: UNKNOWN }, propertyDependencies: wired ? { assumeRolePolicy: [STS_URN, INSTANCE_URN] } : {} };
        return r;
      });
    }

    it("treats an unknown document computed from our endpoint as naming it", async () => {
      assertPasses(await checkStack(xacctWiringConsistent, previewOf(pair, true)));
    });

    it("refuses an unknown document that is not computed from our endpoint", async () => {
      assertViolates(await checkStack(xacctWiringConsistent, previewOf(pair, false)), /policy is not known yet and is not computed from source-endpoints-s3/);
    });

    it("never passes a literal endpoint id while our endpoint is not created yet", async () => {
      const knownBucketPolicy = pair.find((r) => r.type === BUCKET_POLICY) as ResourceUnderTest;
      const literal = previewOf(pair, true).map((r) => (r.type === BUCKET_POLICY ? knownBucketPolicy : r));
      assertViolates(await checkStack(xacctWiringConsistent, literal), /names vpce-[0-9a-f]{17} literally, but source-endpoints-s3 is not created yet/);
    });
  });

  it("derives the instance role's ARN from its name and account before it exists", async () => {
    const unknownArn = pair.map((r) => (r.type === ROLE && r.name === "source-instance" ? { ...r, props: { ...r.props, arn: UNKNOWN } } : r));
    assertPasses(await checkStack(xacctWiringConsistent, unknownArn));
    const wrongName = withProps(unknownArn, ROLE, "source-instance", (p) => ({ ...p, name: "renamed" }));
    assertViolates(await checkStack(xacctWiringConsistent, wrongName), new RegExp(`trusts ${INSTANCE_ROLE_ARN.replace(/[/]/g, "\\/")}, not this stack's instance role \\(arn:aws:iam::111111111111:role/renamed\\)`));
  });
});
