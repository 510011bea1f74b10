/**
 * Mocks of the AWS provider that answer the way AWS does: realistic ids (vpce-…, vpc-…, sg-…),
 * ARNs in the account of the provider that created the resource, and role unique ids.
 */
import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";

export interface ProviderRecord {
  name: string;
  id: string;
  accountId: string;
  region: string;
  inputs: Record<string, unknown>;
}

export interface RegisteredResource {
  type: string;
  name: string;
  id: string;
  inputs: Record<string, any>;
  state: Record<string, any>;
  /** Undefined for resources without a provider (components, the stack). */
  provider?: ProviderRecord;
  providerRef?: string;
}

const ID_PREFIXES: Record<string, string> = {
  "aws:ec2/vpc:Vpc": "vpc-",
  "aws:ec2/subnet:Subnet": "subnet-",
  "aws:ec2/routeTable:RouteTable": "rtb-",
  "aws:ec2/routeTableAssociation:RouteTableAssociation": "rtbassoc-",
  "aws:ec2/securityGroup:SecurityGroup": "sg-",
  "aws:ec2/vpcEndpoint:VpcEndpoint": "vpce-",
  "aws:ec2/instance:Instance": "i-",
};

/** Deterministic hex: the same program and config give the same ids in every run. */
export function fakeHex(seed: string, length: number): string {
  return createHash("sha256").update(seed).digest("hex").slice(0, length);
}

export function fakeRoleUniqueId(arn: string): string {
  return `AROA${createHash("sha256").update(arn).digest("base64").replace(/[^A-Za-z0-9]/g, "").toUpperCase().slice(0, 17)}`;
}

/** Under mocks, provider inputs arrive as the engine sends them: complex values JSON-encoded. */
function pinnedAccount(allowedAccountIds: unknown): string {
  const ids = typeof allowedAccountIds === "string" ? JSON.parse(allowedAccountIds) : allowedAccountIds;
  return Array.isArray(ids) && ids.length === 1 ? String(ids[0]) : "000000000000";
}

export class AwsMocks implements pulumi.runtime.Mocks {
  readonly resources: RegisteredResource[] = [];
  readonly invokes: { token: string; inputs: any; provider?: ProviderRecord }[] = [];
  private readonly providers = new Map<string, ProviderRecord>();

  /** `stackOutputs` answers StackReferences: fully qualified stack name → its outputs. */
  constructor(private readonly stackOutputs: Record<string, Record<string, unknown>> = {}) {}

  newResource(args: pulumi.runtime.MockResourceArgs): { id: string; state: Record<string, any> } {
    const provider = this.providerOf(args.provider);
    const { id, state } = this.answer(args, provider);
    if (args.type === "pulumi:providers:aws") {
      this.providers.set(id, {
        name: args.name,
        id,
        accountId: pinnedAccount(args.inputs.allowedAccountIds),
        region: args.inputs.region,
        inputs: args.inputs,
      });
    }
    this.resources.push({ type: args.type, name: args.name, id, inputs: args.inputs, state, provider, providerRef: args.provider });
    return { id, state };
  }

  call(args: pulumi.runtime.MockCallArgs): Record<string, any> {
    const provider = this.providerOf(args.provider);
    this.invokes.push({ token: args.token, inputs: args.inputs, provider });
    if (args.token === "aws:index/getAvailabilityZones:getAvailabilityZones") {
      const region = provider?.region ?? "us-east-1";
      return { id: region, names: ["a", "b", "c"].map((z) => `${region}${z}`), zoneIds: [1, 2, 3].map((n) => `az${n}`), state: "available" };
    }
    if (args.token === "aws:ssm/getParameter:getParameter") {
      // AWS's public Amazon Linux parameters hold an AMI id of the provider's region.
      const name = String(args.inputs.name);
      if (!name.startsWith("/aws/service/")) throw new Error(`no such parameter ${name} in the mocks`);
      const value = `ami-${fakeHex(`${name}/${provider?.region}`, 17)}`;
      return { id: name, name, value, insecureValue: value, type: "String", version: 1, arn: `arn:aws:ssm:${provider?.region}::parameter${name}`, withDecryption: true };
    }
    throw new Error(`unmocked invoke ${args.token}`);
  }

  private providerOf(ref: string | undefined): ProviderRecord | undefined {
    if (!ref) return undefined;
    const id = ref.split("::").pop() as string;
    return this.providers.get(id);
  }

  private answer(args: pulumi.runtime.MockResourceArgs, provider: ProviderRecord | undefined): { id: string; state: Record<string, any> } {
    const inputs = args.inputs;
    const account = provider?.accountId ?? "000000000000";
    const partition = "aws";
    const seed = `${args.type}/${args.name}/${account}`;
    switch (args.type) {
      case "pulumi:providers:aws":
        return { id: `${args.name}-provider-${fakeHex(seed, 8)}`, state: inputs };
      case "pulumi:pulumi:StackReference": {
        const outputs = this.stackOutputs[inputs.name];
        if (!outputs) throw new Error(`no such stack ${inputs.name}`);
        return { id: inputs.name, state: { name: inputs.name, outputs, secretOutputNames: [] } };
      }
      case "aws:iam/role:Role": {
        const arn = `arn:${partition}:iam::${account}:role/${inputs.name}`;
        return { id: inputs.name, state: { ...inputs, arn, uniqueId: fakeRoleUniqueId(arn), maxSessionDuration: inputs.maxSessionDuration ?? 3600 } };
      }
      case "aws:iam/rolePolicy:RolePolicy":
        return { id: `${inputs.role}:${inputs.name}`, state: inputs };
      case "aws:iam/instanceProfile:InstanceProfile":
        return { id: inputs.name, state: { ...inputs, arn: `arn:${partition}:iam::${account}:instance-profile/${inputs.name}` } };
      case "aws:s3/bucket:Bucket":
        return { id: inputs.bucket, state: { ...inputs, arn: `arn:${partition}:s3:::${inputs.bucket}`, region: provider?.region } };
      case "aws:ec2/vpcEndpoint:VpcEndpoint": {
        const id = `vpce-${fakeHex(seed, 17)}`;
        const prefixListId = inputs.vpcEndpointType === "Gateway" ? `pl-${fakeHex(seed, 8)}` : undefined;
        return { id, state: { ...inputs, arn: `arn:${partition}:ec2:${provider?.region}:${account}:vpc-endpoint/${id}`, prefixListId, ownerId: account } };
      }
      default: {
        const prefix = ID_PREFIXES[args.type];
        const id = prefix ? `${prefix}${fakeHex(seed, 17)}` : (inputs.bucket ?? `${args.name}-${fakeHex(seed, 8)}`);
        return { id, state: { ...inputs, ...(prefix ? { arn: `arn:${partition}:ec2:${provider?.region}:${account}:${args.type.split(":").pop()?.toLowerCase()}/${id}` } : {}) } };
      }
    }
  }
}
