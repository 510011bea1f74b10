import * as assert from "node:assert/strict";
import { policies } from "../policy-pack/policies";
import { TYPES } from "../policy-pack/lib/resources";
import { ResourceUnderTest, runPack } from "../policy-pack/testing/harness";
import { INSTANCE_ROLE_ARN } from "./support/fixtures";
import { SEEDS } from "./support/pack-fixtures";
import { editDocument, runShippedStack, withProps } from "./support/program-stacks";
import { SHIPPED_STACKS } from "../tools/offline/stack-files";


const dropStatement = (sid: string) => editDocument("policy", (d) => {
  d.Statement = d.Statement.filter((s: any) => s.Sid !== sid);
});

/** One weakening of the pair stack each, and the rule that must refuse it. */
const WEAKENINGS: [string, string, (resources: ResourceUnderTest[]) => ResourceUnderTest[]][] = [
  ["bucket policy without the S3 endpoint deny", "s3-bucket-policy-requires-vpce",
    (r) => withProps(r, TYPES.bucketPolicy, "target-bucket", dropStatement("DenyWritesIntoThePrefixThatDoNotComeThroughTheS3Endpoint"))],
  ["bucket policy without the TLS deny", "s3-bucket-policy-requires-tls",
    (r) => withProps(r, TYPES.bucketPolicy, "target-bucket", dropStatement("DenyEveryRequestThatDoesNotUseTls"))],
  ["bucket policy naming another endpoint", "xacct-wiring-consistent",
    (r) => withProps(r, TYPES.bucketPolicy, "target-bucket", editDocument("policy", (d) => {
      d.Statement[0].Condition.StringNotEquals["aws:SourceVpce"] = ["vpce-0fedcba9876543210"];
    }))],
  ["trust in the source account's :root (seeds 002/004)", "iam-trust-exact-principals",
    (r) => withProps(r, TYPES.role, "target-transfer", editDocument("assumeRolePolicy", (d) => {
      d.Statement[0].Principal.AWS = "arn:aws:iam::111111111111:root";
    }))],
  ["trust naming another role", "xacct-wiring-consistent",
    (r) => withProps(r, TYPES.role, "target-transfer", editDocument("assumeRolePolicy", (d) => {
      d.Statement[0].Principal.AWS = "arn:aws:iam::111111111111:role/other";
    }))],
  ["s3:* on the transfer role (seed 002)", "iam-no-wildcard-actions",
    (r) => withProps(r, TYPES.rolePolicy, "target-transfer-write-prefix", editDocument("policy", (d) => {
      d.Statement[0].Action = "s3:*";
    }))],
  ["writes on Resource *", "iam-no-star-resource-for-writes",
    (r) => withProps(r, TYPES.rolePolicy, "target-transfer-write-prefix", editDocument("policy", (d) => {
      d.Statement[0].Resource = "*";
    }))],
  ["NotResource on the transfer role", "iam-no-not-elements-in-allow",
    (r) => withProps(r, TYPES.rolePolicy, "target-transfer-write-prefix", editDocument("policy", (d) => {
      d.Statement[0].NotResource = d.Statement[0].Resource;
      delete d.Statement[0].Resource;
    }))],
  ["instance role may assume any role", "iam-assume-role-exact-targets",
    (r) => withProps(r, TYPES.rolePolicy, "source-instance-assume-transfer-role", editDocument("policy", (d) => {
      d.Statement[0].Resource = ["arn:aws:iam::222222222222:role/*"];
    }))],
  ["12-hour sessions", "iam-role-max-session-1h",
    (r) => withProps(r, TYPES.role, "target-transfer", (p) => ({ ...p, maxSessionDuration: 43200 }))],
  ["a trust policy over the size quota", "iam-policy-size-limits",
    (r) => withProps(r, TYPES.role, "target-transfer", editDocument("assumeRolePolicy", (d) => {
      d.Statement = Array.from({ length: 12 }, () => d.Statement[0]);
    }))],
  ["S3 endpoint with the default (full access) policy", "vpce-policy-least-privilege",
    (r) => withProps(r, TYPES.vpcEndpoint, "source-endpoints-s3", (p) => ({ ...p, policy: undefined }))],
  ["S3 endpoint policy principal widened", "vpce-policy-least-privilege",
    (r) => withProps(r, TYPES.vpcEndpoint, "source-endpoints-s3", editDocument("policy", (d) => {
      delete d.Statement[0].Condition.ArnEquals;
    }))],
  ["S3 endpoint policy naming the instance role (seed 000)", "xacct-wiring-consistent",
    (r) => withProps(r, TYPES.vpcEndpoint, "source-endpoints-s3", (p) => ({ ...p, policy: JSON.stringify(SEEDS.s3EndpointPolicyNamingInstanceRole) }))],
  ["STS endpoint without private DNS", "vpce-interface-private-dns",
    (r) => withProps(r, TYPES.vpcEndpoint, "source-endpoints-sts", (p) => ({ ...p, privateDnsEnabled: false }))],
  ["public access block with one flag off", "s3-bucket-hardening",
    (r) => withProps(r, TYPES.publicAccessBlock, "target-bucket", (p) => ({ ...p, blockPublicPolicy: false }))],
  ["unprotected bucket", "s3-bucket-hardening",
    (r) => r.map((x) => (x.type === TYPES.bucket ? { ...x, opts: { ...x.opts, protect: false } } : x))],
  ["bucket on the default provider", "aws-explicit-provider",
    (r) => r.map((x) => (x.type === TYPES.bucket ? { ...x, provider: { name: "default_7_48_0" } } : x))],
  ["an IAM user with an access key (seeds 002/004)", "iam-no-users-or-access-keys",
    (r) => [...r, { type: "aws:iam/user:User", name: "cliuser", props: { name: "cliuser" } }, { type: "aws:iam/accessKey:AccessKey", name: "cliuser-key", props: { user: "cliuser" } }]],
];

describe("the pack over the program", () => {
  for (const stack of SHIPPED_STACKS) {
    it(`finds no violation in the shipped ${stack} stack`, async () => {
      const { resources } = await runShippedStack(stack);
      const started = process.hrtime.bigint();
      const result = await runPack(policies, resources);
      const milliseconds = Number(process.hrtime.bigint() - started) / 1e6;
      assert.deepEqual(result.violations, []);
      assert.deepEqual(result.unknowns, []);
      assert.ok(resources.length > 10);
      console.log(`      (${policies.length} rules over ${resources.length} resources in ${milliseconds.toFixed(1)} ms)`);
    });
  }

  describe("reports each weakening of the pair stack", () => {
    let pair: ResourceUnderTest[];
    before(async () => {
      pair = (await runShippedStack("pair")).resources;
    });
    for (const [weakening, rule, weaken] of WEAKENINGS) {
      it(`${weakening}: ${rule}`, async () => {
        const result = await runPack(policies, weaken(pair));
        const reported = result.violations.filter((v) => v.policy === rule);
        assert.ok(reported.length > 0, `${rule} did not report it; reported: ${JSON.stringify(result.violations.map((v) => `${v.policy}: ${v.message}`), null, 1)}`);
        assert.ok(reported.every((v) => v.level === "mandatory"));
      });
    }
  });

  it("the seed's S3 endpoint policy would also pass every single-resource rule: only the stack rules see it", async () => {
    const pair = (await runShippedStack("pair")).resources;
    const seeded = withProps(pair, TYPES.vpcEndpoint, "source-endpoints-s3", (p) => ({ ...p, policy: JSON.stringify({ ...SEEDS.s3EndpointPolicyNamingInstanceRole, Statement: [{ ...SEEDS.s3EndpointPolicyNamingInstanceRole.Statement[0], Action: ["s3:PutObject"] }] }) }));
    const result = await runPack(policies, seeded);
    const stackRules = new Set(policies.filter((p) => "validateStack" in p).map((p) => p.name));
    assert.ok(result.violations.every((v) => stackRules.has(v.policy)), JSON.stringify(result.violations));
    assert.ok(result.violations.some((v) => v.policy === "xacct-wiring-consistent" && v.message.includes(`names the instance role ${INSTANCE_ROLE_ARN}`)));
    assert.ok(result.violations.some((v) => v.policy === "s3-transfer-bucket-reached-only-by-transfer-roles" && v.message.includes(INSTANCE_ROLE_ARN)));
  });
});
