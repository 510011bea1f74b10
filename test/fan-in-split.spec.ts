/**
 * Fan-in in split stacks: one ordinary `source` stack per source account (the one-source shorthand,
 * with that tenant's prefix and transfer role), and a `target` stack with xacct:sources and
 * xacct:sourceStacks (sourceStacks[i] is the stack of sources[i]) that reads each through a
 * StackReference and builds what deploy both builds for the target account.
 */
import * as assert from "node:assert/strict";
import { parseConfig } from "../infra/config";
import { policies } from "../policy-pack/policies";
import { runPack } from "../policy-pack/testing/harness";
import { fanInAccessPolicies, proveFanIn } from "../tools/access-proof/fan-in";
import { packResources } from "../tools/offline/pack-input";
import { RESOURCE_TYPES } from "../tools/offline/resource-types";
import { ProgramRun, StackConfig, runProgram, runProgramBare } from "../tools/offline/run-program";
import { configOf } from "../tools/offline/stack-files";
import { fanInConfig, fanInSource } from "./fan-in.spec";
import { BUCKET, REGION, TARGET_ACCOUNT, configProblemsOf, rawConfig } from "./support/fixtures";

const T = RESOURCE_TYPES;
const NAMES = ["team-1", "team-2", "team-3"];
const STACKS = NAMES.map((name) => `split-${name}`);
const qualified = (stack: string) => `organization/xacct/${stack}`;

/** Source i's own stack: the one-source shorthand, with team-i's prefix and transfer role. */
function sourceStackConfig(i: number, target: Record<string, unknown> = {}, source: Record<string, unknown> = {}): StackConfig {
  const { name, prefix, ...entry } = fanInSource(i);
  return {
    "pulumi:disable-default-providers": ["*"],
    "xacct:deploy": "source",
    "xacct:source": { ...entry, ...source },
    "xacct:target": { accountId: TARGET_ACCOUNT, region: REGION, bucketName: BUCKET, prefix, transferRoleName: `xacct-transfer-${name}`, ...target },
  };
}

/** The split target: the fan-in config of three sources, deploy target, one stack per source. */
function targetConfig(sourceStacks: unknown = STACKS): StackConfig {
  return { ...fanInConfig(3), "xacct:deploy": "target", "xacct:sourceStacks": sourceStacks };
}

const raw = (rest: Record<string, unknown>, count = 3) => ({
  sources: Array.from({ length: count }, (_, i) => fanInSource(i + 1)),
  target: { accountId: TARGET_ACCOUNT, region: REGION, bucketName: BUCKET },
  ...rest,
});

describe("split fan-in config (xacct:deploy target, xacct:sourceStacks)", () => {
  it("matches sourceStacks[i] to sources[i], by position", () => {
    const config = parseConfig(raw({ deploy: "target", sourceStacks: STACKS }));
    assert.equal(config.deploy, "target");
    assert.deepEqual(config.sourceStacks, STACKS);
    assert.equal(config.sourceStack, undefined);
    assert.deepEqual(config.sources.map((s) => s.tenant?.transferRoleName), NAMES.map((n) => `xacct-transfer-${n}`));
  });

  it("refuses a list of another length, or none, naming xacct:sourceStacks", () => {
    assert.deepEqual(configProblemsOf(raw({ deploy: "target", sourceStacks: STACKS.slice(0, 2) })), [
      "xacct:sourceStacks: lists 2 stacks, but xacct:sources lists 3 sources: sourceStacks[i] is the source stack of sources[i], so the two lists have the same length",
    ]);
    assert.deepEqual(configProblemsOf(raw({ deploy: "target" })), [
      "xacct:sourceStacks: is required when xacct:deploy is target with xacct:sources: list the source stack of each source, in the order of xacct:sources",
    ]);
    assert.deepEqual(configProblemsOf(raw({ deploy: "target", sourceStacks: "split-team-1" })), [
      'xacct:sourceStacks: must be a list of stack names, one per entry of xacct:sources, in the same order (got "split-team-1")',
    ]);
  });

  it("refuses a stack named twice, or a name that is no stack name, naming the entry", () => {
    assert.deepEqual(configProblemsOf(raw({ deploy: "target", sourceStacks: ["a", "b", "a"] })), [
      'xacct:sourceStacks[2]: "a" is already xacct:sourceStacks[0]: each source has its own source stack',
    ]);
    assert.deepEqual(configProblemsOf(raw({ deploy: "target", sourceStacks: ["a", "org/b", "c"] })), [
      "xacct:sourceStacks[1]: is ambiguous as <a>/<b>: give the stack's name (source), qualified with this stack's organization and project, or all of <organization>/<project>/<stack> (got \"org/b\")",
    ]);
  });

  it("refuses xacct:sourceStack beside the list, naming xacct:sourceStack", () => {
    assert.deepEqual(configProblemsOf(raw({ deploy: "target", sourceStack: "split-team-1", sourceStacks: STACKS })), [
      "xacct:sourceStack: names the one source stack of the shorthand; with xacct:sources list one source stack per source in xacct:sourceStacks and remove xacct:sourceStack",
    ]);
  });

  it("refuses xacct:sourceStacks in a stack that does not deploy target, or without xacct:sources", () => {
    assert.deepEqual(configProblemsOf(raw({ sourceStacks: STACKS })), [
      "xacct:sourceStacks: is only read when xacct:deploy is target (this stack deploys both): remove it, or set xacct:deploy: target",
    ]);
    assert.deepEqual(configProblemsOf(raw({ deploy: "both", sourceStacks: STACKS })), [
      "xacct:sourceStacks: is only read when xacct:deploy is target (this stack deploys both): remove it, or set xacct:deploy: target",
    ]);
    // deploy source is refused with xacct:sources on its own: one problem, at its root.
    assert.deepEqual(configProblemsOf(raw({ deploy: "source", sourceStacks: STACKS })).map((p) => p.split(": ")[0]), ["xacct:deploy"]);
    assert.deepEqual(configProblemsOf({ ...rawConfig({ deploy: "target", sourceStack: "source" }), sourceStacks: STACKS }), [
      "xacct:sourceStacks: lists one source stack per entry of xacct:sources (many sources); with one source (xacct:source), name its stack in xacct:sourceStack",
    ]);
  });

  it("refuses, entry by entry, what only a source stack reads (instance, vpc, endpoints)", () => {
    const sources = [fanInSource(1, { instance: { instanceType: "t3.micro" } }), fanInSource(2, { endpoints: "interface" }), fanInSource(3)];
    assert.deepEqual(configProblemsOf({ ...raw({ deploy: "target", sourceStacks: STACKS }), sources }).map((p) => p.split(": ")[0]), ["xacct:sources[0].instance", "xacct:sources[1].endpoints"]);
  });

  it("refuses, before any resource is registered, two entries naming one stack once qualified", async () => {
    const { mocks, error } = await runProgramBare(targetConfig(["split-team-1", "split-team-2", qualified("split-team-1")]));
    assert.match(String((error as Error)?.message), /xacct:sourceStacks\[2\]: "organization\/xacct\/split-team-1" is organization\/xacct\/split-team-1, already xacct:sourceStacks\[0\]/);
    assert.deepEqual(mocks.resources, []);
  });
});

describe("split fan-in program: three source stacks, then the target", () => {
  let sources: ProgramRun[];
  let target: ProgramRun;
  let both: ProgramRun;
  const outputs = () => Object.fromEntries(STACKS.map((stack, i) => [qualified(stack), sources[i].outputs]));
  before(async () => {
    sources = [];
    for (const [i, stack] of STACKS.entries()) sources.push(await runProgram(sourceStackConfig(i + 1), { stack }));
    target = await runProgram(targetConfig(), { stack: "split-target", stackOutputs: outputs() });
    both = await runProgram(fanInConfig(3), { stack: "fanin" });
  });

  it("builds each source stack as the one-source shorthand, with the tenant's own endpoint policies (as deploy both does)", () => {
    for (const [i, name] of NAMES.entries()) {
      const run = sources[i];
      assert.deepEqual(run.ofType(T.provider).map((p) => p.name), ["source"]);
      for (const endpoint of ["s3", "sts"]) assert.deepEqual(run.policyOf(T.vpcEndpoint, `source-endpoints-${endpoint}`), both.policyOf(T.vpcEndpoint, `${name}-endpoints-${endpoint}`), `${name} ${endpoint}`);
      assert.deepEqual(run.policyOf(T.rolePolicy, "source-instance-assume-transfer-role"), both.policyOf(T.rolePolicy, `${name}-instance-assume-transfer-role`));
      assert.equal(run.outputs.transferRoleArn, `arn:aws:iam::${TARGET_ACCOUNT}:role/xacct-transfer-${name}`);
    }
  });

  it("reads each source through its own StackReference and registers nothing in a source account", () => {
    assert.deepEqual(target.ofType(T.stackReference).map((r) => [r.name, r.inputs.name]), NAMES.map((name, i) => [`${name}-stack`, qualified(STACKS[i])]));
    assert.deepEqual(target.ofType(T.provider).map((p) => p.name), ["target"]);
    for (const resource of target.resources.filter((r) => r.type.startsWith("aws:"))) assert.equal(resource.provider?.accountId, TARGET_ACCOUNT, resource.name);
  });

  it("builds the transfer roles and the bucket policy exactly as deploy both, wired to each source stack's ids", () => {
    // The same builders: the documents differ only by the ids each run's endpoints and roles got.
    const ids = new Map<string, string>();
    for (const [i, name] of NAMES.entries()) {
      ids.set(both.one(T.vpcEndpoint, `${name}-endpoints-s3`).id, sources[i].outputs.s3EndpointId);
      ids.set(both.one(T.vpcEndpoint, `${name}-endpoints-sts`).id, sources[i].outputs.stsEndpointId);
      ids.set(both.one(T.role, `${name}-instance`).state.uniqueId, sources[i].outputs.instanceRoleUniqueId);
    }
    const renamed = (document: unknown) => JSON.parse([...ids].reduce((text, [from, to]) => text.split(from).join(to), JSON.stringify(document)));
    for (const name of NAMES) {
      assert.deepEqual(target.policyOf(T.role, `target-transfer-${name}`), renamed(both.policyOf(T.role, `target-transfer-${name}`)));
      assert.deepEqual(target.policyOf(T.rolePolicy, `target-transfer-${name}-write-prefix`), renamed(both.policyOf(T.rolePolicy, `target-transfer-${name}-write-prefix`)));
      assert.equal(target.one(T.role, `target-transfer-${name}`).inputs.name, `xacct-transfer-${name}`);
    }
    const policy = target.policyOf(T.bucketPolicy);
    assert.deepEqual(policy, renamed(both.policyOf(T.bucketPolicy)));
    assert.equal(policy.Statement.length, 3);
    assert.deepEqual(policy.Statement[0].Condition.StringNotEquals["aws:SourceVpce"], sources.map((s) => s.outputs.s3EndpointId));
  });

  it("outputs each source's profile and upload command by name", () => {
    assert.deepEqual(Object.keys(target.outputs.sources), NAMES);
    assert.equal(target.outputs.sources["team-2"].transferRoleArn, `arn:aws:iam::${TARGET_ACCOUNT}:role/xacct-transfer-team-2`);
    assert.match(target.outputs.sources["team-3"].uploadCommand, /s3:\/\/xacct-transfer-222222222222-apne1\/team-3\/example\.txt/);
  });

  it("passes the pack (judged against the three StackReferences) and the access proof over the target and its source stacks", async () => {
    assert.deepEqual((await runPack(policies, packResources("split-target", target.resources, target.outputs))).violations, []);
    const proof = await proveFanIn(fanInAccessPolicies(configOf(targetConfig()), [...target.resources, ...sources.flatMap((s) => s.resources)]));
    assert.deepEqual(proof.failures, []);
    assert.equal(proof.tenants, 3);
  });

  describe("refuses a source stack that is not its entry's, naming the stack, xacct:sourceStacks[i] and the key", () => {
    const rejects = (stackOutputs: Record<string, Record<string, unknown>>, pattern: RegExp) => assert.rejects(runProgram(targetConfig(), { stack: "split-target", stackOutputs }), pattern);

    it("stacks listed in another order than the sources", async () => {
      const swapped = { ...outputs(), [qualified(STACKS[0])]: sources[1].outputs, [qualified(STACKS[1])]: sources[0].outputs };
      await rejects(swapped, /organization\/xacct\/split-team-1 \(xacct:sourceStacks\[0\]\) exports instanceRoleArn arn:aws:iam::300000000002:role\/xacct-instance, but xacct:sources\[0\] \(team-1\) describes arn:aws:iam::300000000001:role\/xacct-instance: it is a role of account 300000000002, not 300000000001; xacct:sourceStacks\[i\] is the stack of xacct:sources\[i\], in the same order/);
    });

    it("a source stack built for another transfer role or another bucket", async () => {
      const otherRole = await runProgram(sourceStackConfig(2, { transferRoleName: "xacct-transfer" }), { stack: STACKS[1] });
      await rejects({ ...outputs(), [qualified(STACKS[1])]: otherRole.outputs }, /split-team-2 \(xacct:sourceStacks\[1\]\) exports transferRoleArn arn:aws:iam::222222222222:role\/xacct-transfer, but xacct:sources\[1\] \(team-2\)'s transfer role is arn:aws:iam::222222222222:role\/xacct-transfer-team-2: set xacct:target.transferRoleName: xacct-transfer-team-2 in that stack/);
      const otherBucket = await runProgram(sourceStackConfig(3, { bucketName: "another-bucket-222222222222" }), { stack: STACKS[2] });
      await rejects({ ...outputs(), [qualified(STACKS[2])]: otherBucket.outputs }, /split-team-3 \(xacct:sourceStacks\[2\]\) exports bucketName another-bucket-222222222222, but this stack's bucket is xacct-transfer-222222222222-apne1/);
    });

    it("a source stack on the internet path, or without endpoint ids", async () => {
      const internet = await runProgram(sourceStackConfig(1, {}, { endpoints: "none" }), { stack: STACKS[0] });
      await rejects({ ...outputs(), [qualified(STACKS[0])]: internet.outputs }, /split-team-1 \(xacct:sourceStacks\[0\]\) exports natPublicIp: it was deployed with xacct:source.endpoints none/);
      const { stsEndpointId: _sts, ...noSts } = sources[0].outputs;
      await rejects({ ...outputs(), [qualified(STACKS[0])]: noSts }, /exports stsEndpointId nothing, not a VPC endpoint id/);
    });

    it("two source stacks exporting the same endpoint", async () => {
      const copied = { ...sources[1].outputs, s3EndpointId: sources[0].outputs.s3EndpointId };
      await rejects({ ...outputs(), [qualified(STACKS[1])]: copied }, /split-team-2 \(xacct:sourceStacks\[1\]\) exports the endpoint vpce-\w+, which organization\/xacct\/split-team-1 \(xacct:sourceStacks\[0\]\) exports too/);
    });
  });
});
