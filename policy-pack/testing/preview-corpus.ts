/**
 * The pack at preview time, in split stacks, over its providers and under its own config: each case
 * edits one of the shipped stacks' JSON documents (`pulumi stack export` or `pulumi preview --json
 * --show-sames`, as the CLI writes them) and says what must happen:
 * - `refusedBy`: each named rule reports a mandatory violation;
 * - `accepted`: no mandatory violation (`advisories` lists advisory rules that must still speak);
 * - `unjudgeable`: the input or the config is refused before any rule runs, with this message.
 * Cases are read through the same reader as `policy:check`, so secrets and partial previews are
 * exercised as the CLI would see them.
 */
import { UNKNOWN } from "../lib/unknowns";

export type FixtureName = "pair.export" | "pair.preview" | "source.export" | "source.preview" | "target.export" | "target.preview" | "fanin-target.export" | "fanin-target.preview";

export interface PreviewCase {
  name: string;
  base: FixtureName;
  edit?: (document: any) => void;
  /** `--policy-pack-config` JSON. */
  config?: Record<string, unknown>;
  refusedBy?: string[];
  accepted?: { advisories?: string[]; loosened?: string[] };
  unjudgeable?: RegExp;
}

const CIPHERTEXT = (text: string) => ({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", ciphertext: text });
const PLAINTEXT = (value: unknown) => ({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", plaintext: JSON.stringify(value) });

/** Every resource state of an export or a preview. */
export function statesOf(document: any): any[] {
  return Array.isArray(document?.deployment?.resources) ? document.deployment.resources : document.steps.map((s: any) => s.newState).filter(Boolean);
}

/** The state whose URN ends with `::<type>::<name>`. */
export function stateOf(document: any, type: string, name: string): any {
  const found = statesOf(document).find((s) => s.urn.endsWith(`::${type}::${name}`));
  if (!found) throw new Error(`no ${type} ${name}`);
  return found;
}

/** Adds a resource as `up` or a preview (`create` step) would record it. */
export function addState(document: any, state: any): void {
  const stack = statesOf(document)[0].urn.split("::")[0].replace("urn:pulumi:", "");
  const full = { custom: true, inputs: {}, outputs: {}, parent: `urn:pulumi:${stack}::xacct::pulumi:pulumi:Stack::xacct-${stack}`, ...state, urn: `urn:pulumi:${stack}::xacct::${state.type}::${state.name}` };
  delete full.name;
  if (document.deployment) document.deployment.resources.push(full);
  else {
    document.steps.push({ op: "create", urn: full.urn, ...(full.provider ? { provider: full.provider } : {}), newState: full });
    document.changeSummary.create = (document.changeSummary.create ?? 0) + 1;
  }
}

/** The provider reference (`<urn>::<id>`) of a resource, for adding its neighbours. */
const providerOf = (document: any, type: string, name: string) => stateOf(document, type, name).provider;

const T = {
  role: "aws:iam/role:Role",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  bucket: "aws:s3/bucket:Bucket",
  bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
  pab: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
  endpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
  subnet: "aws:ec2/subnet:Subnet",
  sg: "aws:ec2/securityGroup:SecurityGroup",
  provider: "pulumi:providers:aws",
  reference: "pulumi:pulumi:StackReference",
};

const setInput = (type: string, name: string, key: string, value: unknown) => (d: any) => {
  const state = stateOf(d, type, name);
  state.inputs[key] = value;
  if (state.outputs && key in state.outputs) state.outputs[key] = value;
};
const editPolicy = (type: string, name: string, key: string, change: (policy: any) => void) => (d: any) => {
  const state = stateOf(d, type, name);
  const policy = JSON.parse(state.inputs[key]);
  change(policy);
  state.inputs[key] = JSON.stringify(policy);
  if (state.outputs) state.outputs[key] = state.inputs[key];
};
const setOutputs = (change: (outputs: Record<string, unknown>) => void, name?: string) => (d: any) => {
  const reference = statesOf(d).find((s) => s.type === T.reference && (name === undefined || s.urn.endsWith(`::${name}`)));
  change(reference.outputs.outputs);
};
/** What the StackReference `name` of a document reads from its stack. */
const outputsOf = (d: any, name: string) => stateOf(d, T.reference, name).outputs.outputs;
const renameProvider = (from: string, to: string) => (d: any) => {
  const text = JSON.stringify(d).split(`::pulumi:providers:aws::${from}`).join(`::pulumi:providers:aws::${to}`);
  Object.assign(d, JSON.parse(text));
};
const pinAccounts = (provider: string, ids: unknown) => setInput(T.provider, provider, "allowedAccountIds", ids);

/** A second, hardened bucket in the target account (e.g. for access logs), as the program would build it. */
function addHardenedBucket(document: any, bucket: string): void {
  const provider = providerOf(document, T.bucket, "target-bucket");
  const id = document.deployment ? { id: bucket } : {};
  addState(document, { type: T.bucket, name: "logs", provider, protect: true, ...id, inputs: { bucket, forceDestroy: false } });
  addState(document, { type: T.pab, name: "logs", provider, inputs: { bucket, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true } });
  addState(document, { type: "aws:s3/bucketOwnershipControls:BucketOwnershipControls", name: "logs", provider, inputs: { bucket, rule: { objectOwnership: "BucketOwnerEnforced" } } });
  addState(document, { type: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", name: "logs", provider, inputs: { bucket, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] } });
  addState(document, { type: "aws:s3/bucketVersioning:BucketVersioning", name: "logs", provider, inputs: { bucket, versioningConfiguration: { status: "Enabled" } } });
}

/** The pair stack as `pulumi preview --json --show-sames` prints it after `up`: every resource unchanged. */
function allSames(document: any): void {
  const states = document.deployment.resources;
  delete document.deployment;
  delete document.version;
  document.steps = states.map((state: any) => ({ op: "same", urn: state.urn, ...(state.provider ? { provider: state.provider } : {}), oldState: state, newState: { ...state, outputs: {} } }));
  document.changeSummary = { same: states.length };
}

/** Renames the transfer role everywhere a source stack names it: its documents, its outputs and its config. */
function retargetSource(role: string) {
  return (document: any) => {
    for (const state of statesOf(document)) {
      for (const key of ["inputs", "outputs"]) {
        if (state[key]) state[key] = JSON.parse(JSON.stringify(state[key]).split("role/xacct-transfer").join(`role/${role}`));
      }
    }
  };
}

export const PREVIEW_CORPUS: PreviewCase[] = [
  // The shipped stacks' first previews, and an unchanged pair.
  { name: "the pair stack's first preview", base: "pair.preview", accepted: {} },
  { name: "the source stack's first preview", base: "source.preview", accepted: {} },
  { name: "the target stack's first preview", base: "target.preview", accepted: {} },
  { name: "the split fan-in target's first preview (three StackReferences)", base: "fanin-target.preview", accepted: {} },
  { name: "the split fan-in target, exported", base: "fanin-target.export", accepted: {} },
  { name: "a --show-sames preview of the deployed pair: every resource unchanged", base: "pair.export", edit: allSames, accepted: {} },

  // Unknown is not a pass.
  {
    name: "a bucket policy unknown at preview and computed from nothing in the stack",
    base: "pair.preview",
    edit: (d) => delete stateOf(d, T.bucketPolicy, "target-bucket").propertyDependencies,
    refusedBy: ["xacct-values-known", "xacct-wiring-consistent"],
  },
  {
    name: "a bucket policy unknown at preview and computed from a command's output",
    base: "pair.preview",
    edit: (d) => {
      addState(d, { type: "command:local:Command", name: "fetch-policy", inputs: { create: "curl https://example.com/policy.json" } });
      stateOf(d, T.bucketPolicy, "target-bucket").propertyDependencies.policy = ["urn:pulumi:pair::xacct::command:local:Command::fetch-policy"];
    },
    refusedBy: ["xacct-values-known", "aws-resource-types-understood"],
  },
  {
    name: "the S3 endpoint policy unknown at preview, computed from the bucket policy's endpoint's sibling in another VPC",
    base: "pair.preview",
    edit: (d) => {
      addState(d, { type: T.endpoint, name: "elsewhere-s3", provider: providerOf(d, T.endpoint, "source-endpoints-s3"), inputs: { serviceName: "com.amazonaws.ap-northeast-1.s3", vpcEndpointType: "Gateway", vpcId: "vpc-0ffffffffffffffff" } });
      const endpoint = stateOf(d, T.endpoint, "source-endpoints-s3");
      endpoint.inputs.policy = UNKNOWN;
      endpoint.propertyDependencies = { ...endpoint.propertyDependencies, policy: ["urn:pulumi:pair::xacct::aws:ec2/vpcEndpoint:VpcEndpoint::elsewhere-s3"] };
    },
    refusedBy: ["vpc-endpoint-only-network"],
  },
  { name: "a session length that is a secret in the preview", base: "pair.preview", edit: setInput(T.role, "target-transfer", "maxSessionDuration", "[secret]"), refusedBy: ["xacct-values-known"] },
  { name: "a session length encrypted in the export", base: "pair.export", edit: setInput(T.role, "target-transfer", "maxSessionDuration", CIPHERTEXT("AAAAbW9yZSB0aGFuIGFuIGhvdXI=")), refusedBy: ["xacct-values-known"] },
  { name: "a 12-hour session as a plaintext secret in the export (--show-secrets)", base: "pair.export", edit: setInput(T.role, "target-transfer", "maxSessionDuration", PLAINTEXT(43200)), refusedBy: ["iam-role-max-session-1h"] },
  { name: "a public-access-block flag unknown at preview", base: "pair.preview", edit: setInput(T.pab, "target-bucket", "blockPublicPolicy", "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7"), refusedBy: ["xacct-values-known"] },
  { name: "forceDestroy as a secret", base: "pair.preview", edit: setInput(T.bucket, "target-bucket", "forceDestroy", "[secret]"), refusedBy: ["xacct-values-known"] },
  { name: "private DNS of the STS endpoint as a secret", base: "pair.preview", edit: setInput(T.endpoint, "source-endpoints-sts", "privateDnsEnabled", "[secret]"), refusedBy: ["xacct-values-known"] },
  {
    name: "an unknown trust does not silence the role's other checks (12-hour session)",
    base: "pair.preview",
    edit: setInput(T.role, "target-transfer", "maxSessionDuration", 43200),
    refusedBy: ["iam-role-max-session-1h"],
  },

  // Whole input.
  {
    name: "a preview without --show-sames: unchanged resources left out",
    base: "pair.export",
    edit: (d) => {
      allSames(d);
      const total = d.steps.length;
      d.steps = d.steps.filter((s: any) => /pulumi:pulumi:Stack::|aws:iam\/role:Role::target-transfer$/.test(s.urn));
      d.steps[1].op = "update";
      d.changeSummary = { same: total - 1, update: 1 };
    },
    unjudgeable: /leaves out \d+ unchanged resource.*--show-sames/,
  },
  { name: "a preview with no changeSummary", base: "pair.preview", edit: (d) => delete d.changeSummary, unjudgeable: /no changeSummary.*--show-sames/ },
  {
    name: "a preview whose resources name a provider it leaves out",
    base: "pair.preview",
    edit: (d) => {
      d.steps = d.steps.filter((s: any) => !s.urn.endsWith("pulumi:providers:aws::target"));
      d.changeSummary = { create: d.steps.length };
    },
    unjudgeable: /pulumi:providers:aws::target, which is not in the preview.*--show-sames/,
  },

  // Split stacks, judged against the other half.
  { name: "a target trusting another role than the source's instance role", base: "target.export", edit: setOutputs((o) => (o.instanceRoleArn = "arn:aws:iam::111111111111:role/attacker")), refusedBy: ["xacct-wiring-consistent"] },
  { name: "a target whose bucket policy names another S3 endpoint than the source's", base: "target.preview", edit: setOutputs((o) => (o.s3EndpointId = "vpce-0aaaaaaaaaaaaaaaa")), refusedBy: ["xacct-wiring-consistent"] },
  { name: "a target whose trust names another STS endpoint than the source's", base: "target.export", edit: setOutputs((o) => (o.stsEndpointId = "vpce-0bbbbbbbbbbbbbbbb")), refusedBy: ["xacct-wiring-consistent"] },
  { name: "a target whose StackReference output is an encrypted secret", base: "target.export", edit: setOutputs((o) => (o.stsEndpointId = CIPHERTEXT("c2VjcmV0"))), refusedBy: ["xacct-wiring-consistent"] },
  {
    name: "a target whose bucket policy adds a second endpoint to aws:SourceVpce",
    base: "target.export",
    edit: editPolicy(T.bucketPolicy, "target-bucket", "policy", (p) => p.Statement[0].Condition.StringNotEquals["aws:SourceVpce"].push("vpce-0cccccccccccccccc")),
    refusedBy: ["xacct-wiring-consistent"],
  },
  {
    name: "a target whose source instance role is in the target account",
    base: "target.export",
    edit: (d) => {
      setOutputs((o) => (o.instanceRoleArn = "arn:aws:iam::222222222222:role/xacct-instance"))(d);
      editPolicy(T.role, "target-transfer", "assumeRolePolicy", (p) => (p.Statement[0].Principal.AWS = "arn:aws:iam::222222222222:role/xacct-instance"))(d);
    },
    refusedBy: ["aws-accounts-separated"],
  },
  {
    name: "a source stack whose STS endpoint lets the instance role assume a role in a third account",
    base: "source.export",
    config: { "xacct-wiring-consistent": { transferRoleArns: ["arn:aws:iam::222222222222:role/xacct-transfer"], transferBuckets: ["xacct-transfer-222222222222-apne1"] } },
    edit: (d) => {
      editPolicy(T.endpoint, "source-endpoints-sts", "policy", (p) => (p.Statement[0].Resource = ["arn:aws:iam::333333333333:role/xacct-transfer"]))(d);
      editPolicy(T.rolePolicy, "source-instance-assume-transfer-role", "policy", (p) => (p.Statement[0].Resource = ["arn:aws:iam::333333333333:role/xacct-transfer"]))(d);
    },
    refusedBy: ["xacct-wiring-consistent"],
  },
  {
    name: "a source stack whose S3 endpoint opens another bucket than the designated one",
    base: "source.export",
    config: { "xacct-wiring-consistent": { transferRoleArns: ["arn:aws:iam::222222222222:role/xacct-transfer"], transferBuckets: ["xacct-transfer-222222222222-apne1"] } },
    edit: editPolicy(T.endpoint, "source-endpoints-s3", "policy", (p) => (p.Statement[0].Resource = ["arn:aws:s3:::exfil-bucket-elsewhere/example/*"])),
    refusedBy: ["xacct-wiring-consistent"],
  },
  {
    // Known limit (README): neither @pulumi/policy nor the analyzer protocol says a resource was only read.
    name: "a read-only lookup (.get, external) of a role with 12-hour sessions is judged as if deployed",
    base: "pair.export",
    edit: (d) => addState(d, {
      type: T.role,
      name: "ops-lookup",
      id: "ops",
      external: true,
      provider: providerOf(d, T.role, "target-transfer"),
      outputs: { name: "ops", arn: "arn:aws:iam::222222222222:role/ops", maxSessionDuration: 43200, assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::222222222222:role/ops" }, Action: "sts:AssumeRole" }] }) },
    }),
    refusedBy: ["iam-role-max-session-1h"],
  },
  {
    name: "a source stack aimed at another target role in every document and output: only an advisory without pack config",
    base: "source.export",
    edit: retargetSource("xacct-target-admin"),
    accepted: { advisories: ["xacct-source-target-designated"] },
  },
  {
    name: "a source stack aimed at another target role in every document and output, with the target's designation in pack config",
    base: "source.export",
    config: { "xacct-wiring-consistent": { transferRoleArns: ["arn:aws:iam::222222222222:role/xacct-transfer"], transferBuckets: ["xacct-transfer-222222222222-apne1"] } },
    edit: retargetSource("xacct-target-admin"),
    refusedBy: ["xacct-wiring-consistent"],
  },
  {
    name: "the source stack checked with the target's designation in pack config",
    base: "source.preview",
    config: { "xacct-wiring-consistent": { transferRoleArns: ["arn:aws:iam::222222222222:role/xacct-transfer"], transferBuckets: ["xacct-transfer-222222222222-apne1"] } },
    accepted: { loosened: ["xacct-wiring-consistent"] },
  },

  // Providers: exactly one account each, the right one; names are free.
  { name: "a provider pinning two accounts", base: "pair.export", edit: pinAccounts("target", "[\"222222222222\",\"333333333333\"]"), refusedBy: ["aws-explicit-provider"] },
  { name: "a provider pinning no account", base: "pair.preview", edit: (d) => {
      const provider = stateOf(d, T.provider, "source");
      delete provider.inputs.allowedAccountIds;
      delete provider.outputs.allowedAccountIds;
    },
    refusedBy: ["aws-explicit-provider"] },
  { name: "a provider whose pin is unknown at preview", base: "pair.preview", edit: pinAccounts("target", UNKNOWN), refusedBy: ["aws-explicit-provider", "xacct-values-known"] },
  { name: "a provider whose pin is a secret", base: "source.export", edit: pinAccounts("source", CIPHERTEXT("c2VjcmV0")), refusedBy: ["aws-explicit-provider"] },
  { name: "the target provider pinning the source account", base: "pair.export", edit: pinAccounts("target", "[\"111111111111\"]"), refusedBy: ["aws-accounts-separated"] },
  {
    name: "the transfer role deployed through the source provider",
    base: "pair.export",
    edit: (d) => (stateOf(d, T.role, "target-transfer").provider = providerOf(d, T.role, "source-instance")),
    refusedBy: ["aws-accounts-separated"],
  },
  { name: "an explicit, pinned provider named default-target", base: "pair.export", edit: renameProvider("target", "default-target"), accepted: {} },
  {
    name: "the bucket on the default provider",
    base: "pair.preview",
    edit: (d) => {
      addState(d, { type: T.provider, name: "default_7_48_0", inputs: { allowedAccountIds: "[\"222222222222\"]" } });
      stateOf(d, T.bucket, "target-bucket").provider = "urn:pulumi:pair::xacct::pulumi:providers:aws::default_7_48_0::04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    },
    refusedBy: ["aws-explicit-provider"],
  },

  // Pack config, checked like the CLI checks it, and printed when it loosens.
  { name: "config: a session longer than the schema allows", base: "pair.export", config: { "iam-role-max-session-1h": { maxSessionSeconds: 43200 } }, unjudgeable: /iam-role-max-session-1h.*maxSessionSeconds: must be <= 3600/ },
  { name: "config: a pattern in the reviewed types", base: "pair.export", config: { "aws-resource-types-understood": { reviewedTypes: ["aws:iam/*:*"] } }, unjudgeable: /reviewedTypes\.0: must match pattern/ },
  { name: "config: a pattern in the designated transfer roles", base: "source.export", config: { "xacct-wiring-consistent": { transferRoleArns: ["arn:aws:iam::*:role/*"] } }, unjudgeable: /transferRoleArns\.0: must match pattern/ },
  { name: "config: an enforcement level the CLI does not know", base: "pair.export", config: { all: "off" }, unjudgeable: /"off" for "all" is not a valid enforcement level/ },
  { name: "config: a wrong type for a knob", base: "pair.export", config: { "s3-bucket-hardening": { requireProtect: "no" } }, unjudgeable: /requireProtect: must be boolean/ },
  {
    name: "config: the provider rule lowered to advisory is printed, and the default provider is still reported",
    base: "pair.export",
    config: { "aws-explicit-provider": { enforcementLevel: "advisory" } },
    edit: (d) => {
      addState(d, { type: T.provider, name: "default_7_48_0", inputs: { allowedAccountIds: "[\"222222222222\"]" } });
      stateOf(d, "aws:s3/bucketVersioning:BucketVersioning", "target-bucket").provider = "urn:pulumi:pair::xacct::pulumi:providers:aws::default_7_48_0::x";
    },
    accepted: { advisories: ["aws-explicit-provider"], loosened: ["aws-explicit-provider"] },
  },
  {
    name: "config: reviewing the IAM user type does not let a user through the other rules",
    base: "pair.export",
    config: { "aws-resource-types-understood": { reviewedTypes: ["aws:iam/user:User"] } },
    edit: (d) => addState(d, { type: "aws:iam/user:User", name: "ci", provider: providerOf(d, T.bucket, "target-bucket"), inputs: { name: "ci" } }),
    refusedBy: ["iam-no-users-or-access-keys"],
  },
  {
    name: "an AWS managed policy attached without review",
    base: "pair.export",
    edit: (d) => addState(d, { type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment", name: "admin", provider: providerOf(d, T.bucket, "target-bucket"), inputs: { role: "xacct-transfer", policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" } }),
    refusedBy: ["aws-resource-types-understood"],
  },

  // Fail closed, network boundary, nothing lost.
  { name: "an aws-native S3 access point", base: "pair.export", edit: (d) => addState(d, { type: "aws-native:s3:AccessPoint", name: "ap", inputs: { bucket: "xacct-transfer-222222222222-apne1" } }), refusedBy: ["aws-resource-types-understood"] },
  { name: "a Lambda permission", base: "pair.preview", edit: (d) => addState(d, { type: "aws:lambda/permission:Permission", name: "invoke", provider: providerOf(d, T.bucket, "target-bucket"), inputs: { principal: "*", action: "lambda:InvokeFunction", function: "f" } }), refusedBy: ["aws-resource-types-understood"] },
  { name: "a log group in the target account", base: "pair.preview", edit: (d) => addState(d, { type: "aws:cloudwatch/logGroup:LogGroup", name: "transfer-logs", provider: providerOf(d, T.bucket, "target-bucket"), inputs: { name: "/xacct/transfer", retentionInDays: 30 } }), accepted: {} },
  { name: "a subnet mapping public IPs", base: "pair.preview", edit: setInput(T.subnet, "source-network-private-0", "mapPublicIpOnLaunch", true), refusedBy: ["vpc-endpoint-only-network"] },
  {
    name: "a route to an internet gateway in the source VPC",
    base: "pair.export",
    edit: (d) => addState(d, { type: "aws:ec2/route:Route", name: "internet", provider: providerOf(d, T.subnet, "source-network-private-0"), inputs: { routeTableId: stateOf(d, "aws:ec2/routeTable:RouteTable", "source-network-private").id, destinationCidrBlock: "0.0.0.0/0", gatewayId: "igw-0123456789abcdef0" } }),
    refusedBy: ["vpc-endpoint-only-network"],
  },
  {
    name: "workload egress to anywhere on 443",
    base: "pair.export",
    edit: (d) => stateOf(d, T.sg, "source-endpoints-workload").inputs.egress.push({ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }),
    refusedBy: ["vpc-endpoint-only-network"],
  },
  {
    name: "Amazon Linux repositories named by a bucket pattern in the S3 endpoint policy",
    base: "pair.export",
    edit: editPolicy(T.endpoint, "source-endpoints-s3", "policy", (p) => (p.Statement[1].Resource = ["arn:aws:s3:::amazonlinux*/*"])),
    refusedBy: ["vpc-endpoint-only-network"],
  },
  {
    name: "a second S3 endpoint in the source VPC",
    base: "pair.export",
    edit: (d) => addState(d, { type: T.endpoint, name: "second-s3", id: "vpce-0dddddddddddddddd", provider: providerOf(d, T.endpoint, "source-endpoints-s3"), inputs: { serviceName: "com.amazonaws.ap-northeast-1.s3", vpcEndpointType: "Gateway", vpcId: stateOf(d, "aws:ec2/vpc:Vpc", "source-network").id } }),
    refusedBy: ["vpc-endpoint-only-network"],
  },
  {
    name: "a lifecycle rule expiring current objects after 30 days",
    base: "pair.export",
    edit: (d) => stateOf(d, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "target-bucket").inputs.rules.push({ id: "expire", status: "Enabled", filter: { prefix: "" }, expiration: { days: 30 } }),
    accepted: { advisories: ["s3-transfer-objects-kept"] },
  },
  {
    name: "replication of the bucket to a bucket in another account",
    base: "pair.export",
    edit: (d) =>
      addState(d, {
        type: "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
        name: "copy-out",
        provider: providerOf(d, T.bucket, "target-bucket"),
        inputs: { bucket: "xacct-transfer-222222222222-apne1", role: "arn:aws:iam::222222222222:role/xacct-transfer", rules: [{ id: "all", status: "Enabled", destination: { bucket: "arn:aws:s3:::someone-elses-bucket", account: "444444444444" } }] },
      }),
    refusedBy: ["s3-replication-within-accounts"],
  },

  // Bypasses found while writing the rules.
  {
    name: "versioning suspended by a second, V2 versioning resource beside the enabled one",
    base: "pair.export",
    edit: (d) => addState(d, { type: "aws:s3/bucketVersioningV2:BucketVersioningV2", name: "suspend", provider: providerOf(d, T.bucket, "target-bucket"), inputs: { bucket: "xacct-transfer-222222222222-apne1", versioningConfiguration: { status: "Suspended" } } }),
    refusedBy: ["s3-bucket-hardening"],
  },
  // Split fan-in: a target reading one source stack per source (xacct:sourceStacks), each tenant judged against its own.
  {
    name: "a split fan-in target whose team-a transfer role may also write team-b's prefix",
    base: "fanin-target.preview",
    edit: editPolicy(T.rolePolicy, "target-transfer-team-a-write-prefix", "policy", (p) => p.Statement[0].Resource.push("arn:aws:s3:::xacct-transfer-222222222222-apne1/team-b/*")),
    refusedBy: ["xacct-wiring-consistent"],
  },
  {
    name: "a split fan-in target whose bucket fence leaves out team-c's S3 endpoint",
    base: "fanin-target.export",
    edit: editPolicy(T.bucketPolicy, "target-bucket", "policy", (p) => p.Statement[0].Condition.StringNotEquals["aws:SourceVpce"].pop()),
    refusedBy: ["xacct-wiring-consistent"],
  },
  {
    name: "a split fan-in target whose team-a trust names team-b's STS endpoint",
    base: "fanin-target.export",
    edit: (d) => editPolicy(T.role, "target-transfer-team-a", "assumeRolePolicy", (p) => (p.Statement[0].Condition.StringEquals["aws:SourceVpce"] = outputsOf(d, "team-b-stack").stsEndpointId))(d),
    refusedBy: ["xacct-wiring-consistent"],
  },
  {
    name: "a split fan-in target whose team-b source stack now exports team-a's instance role",
    base: "fanin-target.export",
    edit: (d) => setOutputs((o) => (o.instanceRoleArn = outputsOf(d, "team-a-stack").instanceRoleArn), "team-b-stack")(d),
    refusedBy: ["xacct-wiring-consistent"],
  },
  {
    name: "a target with a second StackReference naming another instance role, trusted beside the real one",
    base: "target.export",
    edit: (d) => {
      const reference = statesOf(d).find((s) => s.type === T.reference);
      addState(d, { ...reference, type: T.reference, name: "attacker-stack", urn: undefined, inputs: { name: "attacker/xacct/source" }, outputs: { name: "attacker/xacct/source", outputs: { instanceRoleArn: "arn:aws:iam::111111111111:role/attacker" }, secretOutputNames: [] } });
      editPolicy(T.role, "target-transfer", "assumeRolePolicy", (p) => (p.Statement[0].Principal.AWS = ["arn:aws:iam::111111111111:role/xacct-instance", "arn:aws:iam::111111111111:role/attacker"]))(d);
    },
    refusedBy: ["xacct-wiring-consistent"],
  },
  { name: "a preview step without its new state", base: "pair.preview", edit: (d) => delete d.steps.find((s: any) => s.urn.endsWith("::target-transfer")).newState, unjudgeable: /has no newState/ },
  {
    name: "an export whose bucket is deployed through a provider it leaves out",
    base: "pair.export",
    edit: (d) => (stateOf(d, T.bucket, "target-bucket").provider = "urn:pulumi:pair::xacct::pulumi:providers:aws::elsewhere::1234"),
    unjudgeable: /providers:aws::elsewhere, which is not in the export/,
  },
  {
    name: "an instance in the source VPC with a public IP",
    base: "pair.export",
    edit: (d) => addState(d, { type: "aws:ec2/instance:Instance", name: "worker", provider: providerOf(d, T.subnet, "source-network-private-0"), inputs: { ami: "ami-0123456789abcdef0", instanceType: "t3.micro", subnetId: stateOf(d, T.subnet, "source-network-private-0").id, associatePublicIpAddress: true } }),
    refusedBy: ["vpc-endpoint-only-network"],
  },
  {
    name: "access logs of the transfer bucket sent to a bucket outside the stack",
    base: "pair.export",
    edit: (d) => addState(d, { type: "aws:s3/bucketLoggingV2:BucketLoggingV2", name: "logs", provider: providerOf(d, T.bucket, "target-bucket"), inputs: { bucket: "xacct-transfer-222222222222-apne1", targetBucket: "someone-elses-logs", targetPrefix: "x/" } }),
    refusedBy: ["aws-resource-types-understood"],
  },
  {
    name: "access logs of the transfer bucket sent to a hardened logs bucket of the stack",
    base: "pair.export",
    edit: (d) => {
      addHardenedBucket(d, "xacct-logs-222222222222-apne1");
      addState(d, { type: "aws:s3/bucketLoggingV2:BucketLoggingV2", name: "access-logs", provider: providerOf(d, T.bucket, "target-bucket"), inputs: { bucket: "xacct-transfer-222222222222-apne1", targetBucket: "xacct-logs-222222222222-apne1", targetPrefix: "transfer/" } });
    },
    accepted: {},
  },
  {
    name: "the transfer bucket's policy unknown at preview, computed from the S3 endpoint and an SSM endpoint",
    base: "pair.preview",
    edit: (d) => {
      const endpoint = stateOf(d, T.endpoint, "source-endpoints-sts");
      addState(d, { type: T.endpoint, name: "ssm", provider: endpoint.provider, inputs: { ...endpoint.inputs, serviceName: "com.amazonaws.ap-northeast-1.ssm" }, propertyDependencies: endpoint.propertyDependencies });
      stateOf(d, T.bucketPolicy, "target-bucket").propertyDependencies.policy.push("urn:pulumi:pair::xacct::aws:ec2/vpcEndpoint:VpcEndpoint::ssm");
    },
    refusedBy: ["xacct-values-known"],
  },
  {
    name: "a source stack (no pack config) whose endpoints name a transfer role in a third account, unlike its own outputs",
    base: "source.export",
    edit: (d) => {
      editPolicy(T.endpoint, "source-endpoints-sts", "policy", (p) => (p.Statement[0].Resource = ["arn:aws:iam::333333333333:role/xacct-transfer"]))(d);
      editPolicy(T.rolePolicy, "source-instance-assume-transfer-role", "policy", (p) => (p.Statement[0].Resource = ["arn:aws:iam::333333333333:role/xacct-transfer"]))(d);
      editPolicy(T.endpoint, "source-endpoints-s3", "policy", (p) => (p.Statement[0].Condition.ArnEquals["aws:PrincipalArn"] = ["arn:aws:iam::333333333333:role/xacct-transfer"]))(d);
    },
    refusedBy: ["xacct-wiring-consistent"],
  },
  {
    name: "a source stack (no pack config) whose S3 endpoint opens another bucket than its outputs name",
    base: "source.export",
    edit: editPolicy(T.endpoint, "source-endpoints-s3", "policy", (p) => (p.Statement[0].Resource = ["arn:aws:s3:::attacker-owned-bucket/example/*"])),
    refusedBy: ["xacct-wiring-consistent"],
  },
];
