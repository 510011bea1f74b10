import * as assert from "node:assert/strict";
import { parseConfig } from "../infra/config";
import { FAN_IN_SID, SID } from "../infra/policies";
import { TenantAccessPolicies, crossTenantRequests, fanInAccessPolicies, proveFanIn } from "../tools/access-proof/fan-in";
import { fakeRoleUniqueId } from "../tools/offline/mocks";
import { configOf } from "../tools/offline/stack-files";
import { RESOURCE_TYPES } from "../tools/offline/resource-types";
import { ProgramRun, StackConfig, runProgram } from "../tools/offline/run-program";
import { BUCKET, REGION, TARGET_ACCOUNT, configProblemsOf, rawConfig } from "./support/fixtures";
import { policies } from "../policy-pack/policies";
import { ResourceUnderTest, runPack } from "../policy-pack/testing/harness";
import { packResources } from "../tools/offline/pack-input";
import { bucketPolicyBytes } from "../tools/bench-fan-in/fan-in";
import { editDocument, runShippedStack, withProps } from "./support/program-stacks";

const T = RESOURCE_TYPES;

/** Source i: account 3000000000ii, name team-i, prefix team-i/. */
export function fanInSource(i: number, extra: Record<string, unknown> = {}) {
  return { name: `team-${i}`, accountId: `3${String(i).padStart(11, "0")}`, region: REGION, prefix: `team-${i}/`, ...extra };
}
export function fanInConfig(count: number, target: Record<string, unknown> = {}): StackConfig {
  return {
    "pulumi:disable-default-providers": ["*"],
    "xacct:sources": Array.from({ length: count }, (_, i) => fanInSource(i + 1)),
    "xacct:target": { accountId: TARGET_ACCOUNT, region: REGION, bucketName: BUCKET, ...target },
  };
}
const raw = (sources: unknown[], target: Record<string, unknown> = {}, rest: Record<string, unknown> = {}) => ({
  sources,
  target: { accountId: TARGET_ACCOUNT, region: REGION, bucketName: BUCKET, ...target },
  ...rest,
});

describe("fan-in config (xacct:sources)", () => {
  it("gives each source its own name, prefix and transfer role", () => {
    const config = parseConfig(raw([fanInSource(1), fanInSource(2, { prefix: "b" })]));
    assert.deepEqual(config.fanIn, { transferRolesArnPattern: `arn:aws:iam::${TARGET_ACCOUNT}:role/xacct-transfer-*` });
    assert.deepEqual(config.sources.map((s) => [s.key, s.tenant?.prefix, s.tenant?.transferRoleArn]), [
      ["team-1", "team-1/", `arn:aws:iam::${TARGET_ACCOUNT}:role/xacct-transfer-team-1`],
      ["team-2", "b/", `arn:aws:iam::${TARGET_ACCOUNT}:role/xacct-transfer-team-2`],
    ]);
    assert.equal(config.sources[0].instanceRoleArn, "arn:aws:iam::300000000001:role/xacct-instance");
  });

  it("refuses duplicate names, shared accounts, equal or nested prefixes, each naming the entry", () => {
    assert.deepEqual(configProblemsOf(raw([fanInSource(1), fanInSource(2, { name: "team-1" })])), [
      'xacct:sources[1].name: "team-1" is already xacct:sources[0]\'s: names are unique',
    ]);
    assert.match(configProblemsOf(raw([fanInSource(1), fanInSource(2, { accountId: "300000000001" })])).join("\n"), /xacct:sources\[1\]\.accountId: "300000000001" is already xacct:sources\[0\]'s/);
    assert.deepEqual(configProblemsOf(raw([fanInSource(1, { prefix: "a/" }), fanInSource(2, { prefix: "a/b/" })])), [
      'xacct:sources[1].prefix: "a/b/" is inside xacct:sources[0]\'s "a/": prefixes must be distinct and never nested, or one tenant could write into another\'s',
    ]);
    assert.match(configProblemsOf(raw([fanInSource(1, { prefix: "a" }), fanInSource(2, { prefix: "a/" })])).join("\n"), /xacct:sources\[1\]\.prefix: "a\/" is also xacct:sources\[0\]'s "a\/"/);
    // "a/" and "ab/" are neither equal nor nested.
    assert.equal(parseConfig(raw([fanInSource(1, { prefix: "a/" }), fanInSource(2, { prefix: "ab/" })])).sources.length, 2);
  });

  it("checks every entry with the one-source rules, under the entry's own key", () => {
    assert.deepEqual(configProblemsOf(raw([fanInSource(1), fanInSource(2, { region: "us-east-1", vpcCidr: "10.0.0.0/8", colour: "red" })])), [
      "xacct:sources[1].vpcCidr: must be an IPv4 network in CIDR notation with a prefix from /16 to /24 and no host bits set, e.g. 10.80.0.0/16 (got \"10.0.0.0/8\")",
      "xacct:sources[1].colour: unknown key; did you mean xacct:sources[1].region? (a misspelt key is refused, never ignored)",
      'xacct:sources[1].region: must equal xacct:target.region ("ap-northeast-1"): an S3 gateway endpoint only reaches buckets in its own region',
    ]);
    assert.deepEqual(configProblemsOf(raw([fanInSource(1, { accountId: TARGET_ACCOUNT, prefix: "*/" })])), [
      "xacct:sources[0].prefix: must not contain '*' or '?': they would be wildcards in every policy (got \"*/\")",
      `xacct:sources[0].accountId: must differ from xacct:target.accountId ("${TARGET_ACCOUNT}"): the design separates the source accounts from the bucket's`,
    ]);
    assert.deepEqual(configProblemsOf(raw([fanInSource(1, { name: "Team A" }), { ...fanInSource(2), name: undefined }, fanInSource(3, { name: "target" }), "x"])), [
      "xacct:sources[0].name: must be 1-32 lowercase letters, digits or '-', starting with a letter and not ending with '-' (got \"Team A\")",
      "xacct:sources[1].name: is required: it names the source's provider and resources",
      'xacct:sources[2].name: "target" is reserved: the program names its own resources so',
      "xacct:sources[3]: must be an object such as { name: team-a, accountId: \"111111111111\", region: ap-northeast-1, prefix: team-a/ }",
    ]);
  });

  it("refuses mixing the one-source shorthand with the list, and an empty list", () => {
    assert.deepEqual(configProblemsOf(raw([fanInSource(1)], { prefix: "example/" }, { source: { accountId: "111111111111", region: REGION } })), [
      "xacct:source: is the one-source shorthand and cannot be combined with xacct:sources: move it into the list",
      "xacct:target.prefix: is the one-source shorthand's prefix; with xacct:sources every source has its own prefix (xacct:sources[i].prefix): remove it",
    ]);
    assert.deepEqual(configProblemsOf(raw([])), ["xacct:sources: must be a non-empty list of { name, accountId, region, prefix, ... }"]);
    assert.match(configProblemsOf(raw([fanInSource(1, { name: "a".repeat(32) })], { transferRoleName: "x".repeat(40) })).join(), /IAM allows 64/);
  });

  it("refuses xacct:deploy source with the list, once, naming xacct:deploy (each source stack is a one-source stack; split targets: test/fan-in-split.spec.ts)", () => {
    assert.deepEqual(configProblemsOf(raw([fanInSource(1), fanInSource(2)], {}, { deploy: "source" })), [
      "xacct:deploy: source is not read with xacct:sources: each source account's stack is an ordinary source stack (xacct:source, with xacct:target.prefix and xacct:target.transferRoleName set to that source's), listed in the target stack's xacct:sourceStacks",
    ]);
  });

  it("refuses the internet path (endpoints none) in an entry, naming that entry's key; interface endpoints are accepted", () => {
    assert.deepEqual(configProblemsOf(raw([fanInSource(1), fanInSource(2, { endpoints: "none" })])), [
      "xacct:sources[1].endpoints: none (the internet path) cannot be combined with xacct:sources: each source reaches the bucket through its own S3 endpoint (gateway or interface). Use gateway or interface, or keep one source (xacct:source) for the internet path",
    ]);
    const config = parseConfig(raw([fanInSource(1), fanInSource(2, { endpoints: "interface" })]));
    assert.deepEqual(config.sources.map((s) => s.endpoints), ["gateway", "interface"]);
  });

  it("refuses xacct:pattern direct with the list, once, naming both keys (explicit assumeRole is the default)", () => {
    const direct = "xacct:pattern: direct cannot be combined with xacct:sources: with many sources each instance role assumes its own transfer role (assumeRole, the default). Remove xacct:pattern, or keep one source (xacct:source) for direct";
    assert.deepEqual(configProblemsOf(raw([fanInSource(1), fanInSource(2)], {}, { pattern: "direct" })), [direct]);
    // With a transfer role name too, the one-source "no transfer role with direct" rule is not repeated per entry.
    assert.deepEqual(configProblemsOf(raw([fanInSource(1), fanInSource(2, { region: "mars" })], { transferRoleName: "t" }, { pattern: "direct" })), [direct, 'xacct:sources[1].region: unknown AWS region "mars"']);
    assert.match(configProblemsOf(raw([fanInSource(1)], {}, { pattern: "Direct" })).join(), /^xacct:pattern: must be one of assumeRole, direct/);
    const config = parseConfig(raw([fanInSource(1), fanInSource(2)], {}, { pattern: "assumeRole" }));
    assert.equal(config.pattern, "assumeRole");
    assert.equal(config.sources[1].tenant?.transferRoleName, "xacct-transfer-team-2");
  });
});

/** The documents of a fan-in run, per source. */
function tenantsOf(run: ProgramRun, count: number) {
  return Array.from({ length: count }, (_, i) => {
    const name = `team-${i + 1}`;
    return {
      name,
      accountId: `3${String(i + 1).padStart(11, "0")}`,
      prefix: `${name}/`,
      roleArn: `arn:aws:iam::${TARGET_ACCOUNT}:role/xacct-transfer-${name}`,
      instanceRoleArn: `arn:aws:iam::3${String(i + 1).padStart(11, "0")}:role/xacct-instance`,
      s3EndpointId: run.one(T.vpcEndpoint, `${name}-endpoints-s3`).id,
      stsEndpointId: run.one(T.vpcEndpoint, `${name}-endpoints-sts`).id,
      trust: run.policyOf(T.role, `target-transfer-${name}`),
      identity: run.policyOf(T.rolePolicy, `target-transfer-${name}-write-prefix`),
      s3Endpoint: run.policyOf(T.vpcEndpoint, `${name}-endpoints-s3`),
      stsEndpoint: run.policyOf(T.vpcEndpoint, `${name}-endpoints-sts`),
    };
  });
}

for (const count of [1, 3, 8]) {
  describe(`fan-in program, ${count} source${count === 1 ? "" : "s"} (deploy: both)`, () => {
    let run: ProgramRun;
    before(async () => {
      run = await runProgram(fanInConfig(count), { stack: "fanin" });
    });

    it("gives every source its own provider, named by its name and pinned to its account", () => {
      const providers = run.ofType(T.provider);
      assert.deepEqual(providers.map((p) => p.name).sort(), [...Array.from({ length: count }, (_, i) => `team-${i + 1}`), "target"].sort());
      for (const provider of providers) {
        const account = provider.name === "target" ? TARGET_ACCOUNT : `3${provider.name.slice(5).padStart(11, "0")}`;
        assert.deepEqual(JSON.parse(provider.inputs.allowedAccountIds), [account]);
      }
      for (const resource of run.resources.filter((r) => r.type.startsWith("aws:") && r.type !== T.provider)) {
        assert.ok(resource.provider, `${resource.name} has no explicit provider`);
        const expected = resource.name.startsWith("target-") ? TARGET_ACCOUNT : `3${resource.name.split("-")[1].padStart(11, "0")}`;
        assert.equal(resource.provider.accountId, expected, resource.name);
      }
    });

    it("gives each source one transfer role trusting only its instance role, through its STS endpoint, by its unique id", () => {
      assert.equal(run.ofType(T.role).filter((r) => r.provider?.accountId === TARGET_ACCOUNT).length, count);
      for (const tenant of tenantsOf(run, count)) {
        assert.deepEqual(tenant.trust.Statement, [{
          Sid: SID.trustInstanceRoleOf(tenant.accountId),
          Effect: "Allow",
          Principal: { AWS: tenant.instanceRoleArn },
          Action: ["sts:AssumeRole"],
          Condition: {
            StringEquals: { "aws:SourceVpce": tenant.stsEndpointId },
            StringLike: { "aws:userid": `${fakeRoleUniqueId(tenant.instanceRoleArn)}:*` },
          },
        }]);
        assert.doesNotMatch(JSON.stringify(tenant.trust), /TagSession/i);
        assert.equal(run.one(T.role, `target-transfer-${tenant.name}`).inputs.name, `xacct-transfer-${tenant.name}`);
      }
    });

    it("confines each transfer role to its own prefix, through its own S3 endpoint", () => {
      for (const tenant of tenantsOf(run, count)) {
        assert.deepEqual(tenant.identity.Statement, [{
          Sid: FAN_IN_SID.tenantGrant("WriteObjectsUnderThePrefix"),
          Effect: "Allow",
          Action: ["s3:PutObject", "s3:AbortMultipartUpload"],
          Resource: [`arn:aws:s3:::${BUCKET}/${tenant.prefix}*`],
          Condition: { StringEquals: { "aws:SourceVpce": [tenant.s3EndpointId] } },
        }]);
      }
    });

    it("names only each source's own role and prefix in its endpoint policies", () => {
      for (const tenant of tenantsOf(run, count)) {
        const grant = tenant.s3Endpoint.Statement.find((s: any) => s.Sid !== SID.allowAmazonLinuxRepositories);
        assert.deepEqual(grant.Resource, [`arn:aws:s3:::${BUCKET}/${tenant.prefix}*`]);
        assert.deepEqual(grant.Condition.ArnEquals, { "aws:PrincipalArn": [tenant.roleArn] });
        assert.deepEqual(tenant.stsEndpoint.Statement[0].Resource, [tenant.roleArn]);
        assert.deepEqual(tenant.stsEndpoint.Statement[0].Condition.ArnEquals, { "aws:PrincipalArn": [tenant.instanceRoleArn] });
      }
    });

    it("keeps the bucket policy at three deny statements whatever N, fenced to every source's S3 endpoint", () => {
      const policy = run.policyOf(T.bucketPolicy);
      const tenants = tenantsOf(run, count);
      assert.deepEqual(policy.Statement.map((s: any) => [s.Sid, s.Effect]), [
        [FAN_IN_SID.denyWritesNotThroughSourceEndpoints, "Deny"],
        [FAN_IN_SID.denyTransferRolesNotThroughSourceEndpoints, "Deny"],
        [SID.denyWithoutTls, "Deny"],
      ]);
      assert.deepEqual(policy.Statement[1].Condition, {
        StringNotEquals: { "aws:SourceVpce": tenants.map((t) => t.s3EndpointId) },
        ArnLike: { "aws:PrincipalArn": [`arn:aws:iam::${TARGET_ACCOUNT}:role/xacct-transfer-*`] },
      });
      assert.deepEqual(policy.Statement[0].Condition, { StringNotEquals: { "aws:SourceVpce": tenants.map((t) => t.s3EndpointId) } });
      assert.deepEqual(policy.Statement[0].Resource, [`arn:aws:s3:::${BUCKET}/*`]);
      assert.equal(run.ofType(T.bucket).length, 1);
    });

    it("outputs each source's profile and upload command by name", () => {
      const outputs = run.outputs.sources;
      assert.deepEqual(Object.keys(outputs), tenantsOf(run, count).map((t) => t.name));
      assert.match(outputs["team-1"].awsConfigProfile, /role_arn = arn:aws:iam::222222222222:role\/xacct-transfer-team-1/);
      assert.match(outputs["team-1"].uploadCommand, /s3:\/\/xacct-transfer-222222222222-apne1\/team-1\/example\.txt/);
    });
  });
}

describe("fan-in access proof", () => {
  let tenants: TenantAccessPolicies[];
  before(async () => {
    const config = fanInConfig(3);
    const run = await runProgram(config, { stack: "fanin" });
    tenants = fanInAccessPolicies(configOf(config), run.resources);
  });

  it("holds for every tenant, with cross-tenant cells for each source against the next (O(N))", async () => {
    const proof = await proveFanIn(tenants);
    assert.deepEqual(proof.failures, []);
    assert.equal(proof.crossTenantCells, 3 * crossTenantRequests(tenants[0], tenants[1]).length);
    const cross = proof.cells.filter((c) => c.scope.startsWith("cross-tenant"));
    assert.equal(cross.filter((c) => c.actual === "allowed").length, 3, "only each tenant's own write");
    assert.ok(cross.every((c) => c.ok));
    for (const scope of ["whole path", "whole path, through b's STS endpoint"]) {
      assert.ok(cross.some((c) => c.scope.endsWith(scope) && c.action === "sts:AssumeRole" && c.actual === "denied"), scope);
    }
  });

  it("breaks when tenant A's role is given B's prefix, or B's trust names A's instance role", async () => {
    const [a, b] = tenants;
    const widened = structuredClone(a.transferRole.policies) as any[];
    widened[0].policy.Statement[0].Resource.push(`arn:aws:s3:::${BUCKET}/${b.prefix}*`);
    const givenB = await proveFanIn([{ ...a, transferRole: { ...a.transferRole, policies: widened } }, b]);
    assert.ok(givenB.failures.some((c) => c.scope.includes("identity policy of xacct-transfer-team-1 alone") && c.resource.includes(b.prefix)), JSON.stringify(givenB.failures.map((c) => c.scope)));
    const trust = structuredClone(b.transferRole.trustPolicy) as any;
    trust.Statement.push({ ...trust.Statement[0], Principal: { AWS: a.instanceRole.arn }, Condition: {} });
    const trustsA = await proveFanIn([a, { ...b, transferRole: { ...b.transferRole, trustPolicy: trust } }]);
    assert.ok(trustsA.failures.some((c) => c.scope.includes(`trust policy of ${b.transferRole.name} alone`)));
  });
});

const RP = T.rolePolicy;
const grantOf = (name: string) => `target-transfer-${name}-write-prefix`;
const fenced = (resources: ResourceUnderTest[], edit: (document: any) => void) => withProps(resources, T.bucketPolicy, "target-bucket", editDocument("policy", edit));
const violationsOf = async (resources: ResourceUnderTest[]) => (await runPack(policies, resources)).violations.map((v) => `${v.level} ${v.policy}: ${v.message}`);
const ORGANIZATION = "o-a1b2c3d4e5";

describe("the pack over fan-in (Pulumi.fanin.yaml): one tenant against another", () => {
  let resources: ResourceUnderTest[];
  let b: any;
  before(async () => {
    resources = (await runShippedStack("fanin")).resources;
    b = JSON.parse(resources.find((r) => r.name === grantOf("team-b"))!.props.policy).Statement[0];
  });
  const tenantA = (edit: (document: any) => void) => withProps(resources, RP, grantOf("team-a"), editDocument("policy", edit));

  it("refuses A's transfer role granted B's prefix, or a prefix nested inside B's, or the whole bucket", async () => {
    for (const extra of [b.Resource[0], b.Resource[0].replace("*", "sub/*"), `arn:aws:s3:::${BUCKET}/*`, `arn:aws:s3:::${BUCKET}/team-?/*`]) {
      assert.ok((await violationsOf(tenantA((d) => d.Statement[0].Resource.push(extra)))).some((v) => v.includes("xacct-wiring-consistent: target-transfer-team-a (of 333333333333) may write") && v.includes("target-transfer-team-b (of 444444444444) may write too")), extra);
    }
    // A neighbour whose name only starts the same (team-a/ beside team-ab/) is no overlap.
    assert.deepEqual(await violationsOf(tenantA((d) => (d.Statement[0].Resource = [`arn:aws:s3:::${BUCKET}/team-ab/*`]))), []);
  });

  it("refuses A's grant through B's S3 endpoint, or through no endpoint pin at all", async () => {
    assert.match((await violationsOf(tenantA((d) => d.Statement[0].Condition.StringEquals["aws:SourceVpce"].push(b.Condition.StringEquals["aws:SourceVpce"][0])))).join("\n"), /target-transfer-team-a policy statement .* lets its session in through vpce-\w+, not its own source's S3 endpoint/);
    assert.match((await violationsOf(tenantA((d) => delete d.Statement[0].Condition))).join("\n"), /grants writes without pinning aws:SourceVpce to its own source's S3 endpoint/);
  });

  it("refuses a transfer role trusted by two source accounts", async () => {
    const trustB = JSON.parse(resources.find((r) => r.type === T.role && r.name === "target-transfer-team-b")!.props.assumeRolePolicy).Statement[0];
    const found = await violationsOf(withProps(resources, T.role, "target-transfer-team-a", editDocument("assumeRolePolicy", (d) => d.Statement.push(trustB))));
    assert.ok(found.some((v) => v.startsWith("mandatory aws-accounts-separated: the transfer role target-transfer-team-a is trusted by instance roles of 2 source accounts")));
    assert.ok(found.some((v) => v.includes("trusts arn:aws:iam::444444444444:role/xacct-instance, not the instance role (arn:aws:iam::333333333333:role/xacct-instance)")));
  });

  it("refuses a write fence missing a source's endpoint, or fencing by aws:PrincipalOrgID instead (who, not from where); an extra Deny is welcome", async () => {
    assert.match((await violationsOf(fenced(resources, (d) => d.Statement[0].Condition.StringNotEquals["aws:SourceVpce"].pop()))).join("\n"), /does not name team-c-endpoints-s3/);
    const byPrincipalOrg = await violationsOf(fenced(resources, (d) => (d.Statement[0].Condition = { StringNotEquals: { "aws:PrincipalOrgID": ORGANIZATION } })));
    assert.ok(byPrincipalOrg.some((v) => v.startsWith("mandatory s3-bucket-policy-requires-vpce") && v.includes("An aws:PrincipalOrgID condition fences who, not from where")));
    // Deny-only additions only take access away: an organization guard beside the fence, the transfer-role deny widened to every principal.
    assert.deepEqual(await violationsOf(fenced(resources, (d) => {
      d.Statement.push({ Sid: "DenyPrincipalsOutsideTheOrganization", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: d.Statement[2].Resource, Condition: { StringNotEquals: { "aws:PrincipalOrgID": ORGANIZATION } } });
      d.Statement[1].Condition.ArnLike["aws:PrincipalArn"] = ["*"];
    })), []);
  });
});

describe("fan-in with xacct:target.organizationId: the aws:VpceOrgID fence", () => {
  let run: ProgramRun;
  let resources: ResourceUnderTest[];
  const config = fanInConfig(2, { organizationId: ORGANIZATION });
  before(async () => {
    run = await runProgram(config, { stack: "fanin" });
    resources = packResources("fanin", run.resources, run.outputs);
  });

  it("is read only with xacct:sources, and must be an organization id", () => {
    assert.equal(parseConfig(raw([fanInSource(1)], { organizationId: ORGANIZATION })).target.organizationId, ORGANIZATION);
    assert.deepEqual(configProblemsOf(raw([fanInSource(1)], { organizationId: "o-ABC" })), ['xacct:target.organizationId: must be an AWS Organizations id: o- and 10 to 32 lowercase letters or digits, e.g. o-a1b2c3d4e5 (got "o-ABC")']);
    assert.deepEqual(configProblemsOf(rawConfig({ target: { organizationId: ORGANIZATION } })), [
      `xacct:target.organizationId: is read only with xacct:sources (many sources): it replaces the list of the sources' S3 endpoint ids in the bucket policy, and one source's bucket policy names its one endpoint. Remove it, or list the sources in xacct:sources (got "o-a1b2c3d4e5")`,
    ]);
  });

  it("fences the bucket by the organization, constant in size, while each grant stays pinned to its own endpoint; the pack and the proof accept it", async () => {
    const policy = run.policyOf(T.bucketPolicy);
    assert.deepEqual(policy.Statement[0].Condition, { StringNotEquals: { "aws:VpceOrgID": [ORGANIZATION] } });
    assert.doesNotMatch(JSON.stringify(policy), /vpce-/);
    assert.equal(bucketPolicyBytes(200, ORGANIZATION), bucketPolicyBytes(1, ORGANIZATION));
    assert.ok(bucketPolicyBytes(200) > bucketPolicyBytes(1) + 200 * 40, "the endpoint list grows with N");
    assert.deepEqual(await violationsOf(resources), []);
    const proof = await proveFanIn(fanInAccessPolicies(configOf(config), run.resources));
    assert.deepEqual(proof.failures, []);
    // The trade-off, shown as owner cells: the bucket account's admins may write through any endpoint of the organization.
    assert.ok(proof.cells.some((c) => c.scope === "whole path" && c.principal.includes("admin") && c.action === "s3:PutObject" && c.path.includes("another") && c.expected === "allowed (bucket owner)" && c.actual === "allowed"));
  });

  it("refuses the organization fence alone: a tenant's grant not pinned to its endpoint, a wildcard organization", async () => {
    const unpinned = await violationsOf(withProps(resources, RP, grantOf("team-1"), editDocument("policy", (d) => delete d.Statement[0].Condition)));
    assert.ok(unpinned.some((v) => v.startsWith("mandatory s3-bucket-policy-requires-vpce") && v.includes("fences by organization (aws:VpceOrgID), which lets in every VPC endpoint of the organization, and target-transfer-team-1")), unpinned.join("\n"));
    assert.ok(unpinned.some((v) => v.startsWith("mandatory xacct-wiring-consistent") && v.includes("with an organization fence, that pin is the only endpoint fence")));
    assert.match((await violationsOf(fenced(resources, (d) => (d.Statement[0].Condition = { StringNotLike: { "aws:VpceOrgID": "o-*" } })))).join("\n"), /"o-\*" is not an organization id/);
    // The one-source pair: its transfer role's grant has no endpoint pin, so an organization fence there is refused.
    const pair = (await runShippedStack("pair")).resources;
    const orgPair = withProps(pair, T.bucketPolicy, "target-bucket", editDocument("policy", (d) => {
      const fence = d.Statement.find((s: any) => s.Condition?.StringNotEquals?.["aws:SourceVpce"]);
      fence.Condition = { StringNotEquals: { "aws:VpceOrgID": ORGANIZATION } };
    }));
    assert.match((await violationsOf(orgPair)).join("\n"), /s3-bucket-policy-requires-vpce: .*fences by organization \(aws:VpceOrgID\).*grants writes without pinning aws:SourceVpce/);
  });
});
