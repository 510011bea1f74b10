/**
 * Mocks of the AWS provider that answer the way AWS does: realistic ids (vpce-…, vpc-…, sg-…),
 * ARNs in the account of the provider that created the resource, and role unique ids.
 */
import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { RESOURCE_TYPES as T } from "./resource-types";

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
  /** False for components and the stack: resources no provider manages. */
  custom: boolean;
  inputs: Record<string, any>;
  state: Record<string, any>;
  /** Undefined for resources without a provider (components, the stack). */
  provider?: ProviderRecord;
  providerRef?: string;
}

const ID_PREFIXES: Record<string, string> = {
  [T.vpc]: "vpc-",
  [T.subnet]: "subnet-",
  [T.routeTable]: "rtb-",
  [T.routeTableAssociation]: "rtbassoc-",
  [T.securityGroup]: "sg-",
  [T.vpcEndpoint]: "vpce-",
  [T.instance]: "i-",
  [T.internetGateway]: "igw-",
  [T.natGateway]: "nat-",
};

/** What IAM sets when CreateRole has no MaxSessionDuration. https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html */
const AWS_DEFAULT_MAX_SESSION_SECONDS = 3600;

/** Deterministic hex: the same program and config give the same ids in every run. */
export function fakeHex(key: string, length: number): string {
  return createHash("sha256").update(key).digest("hex").slice(0, length);
}

/** What differs, per VPC id, from the mocks' existing VPC (DNS support and hostnames on, existingVpcCidr). */
export type ExistingVpcAttributes = Record<string, { enableDnsSupport?: boolean; enableDnsHostnames?: boolean }>;

/** The CIDR the mocks give an existing VPC (xacct:source.vpc): a /16 derived from its id. */
export function existingVpcCidr(vpcId: string): string {
  return `10.${parseInt(fakeHex(vpcId, 2), 16) % 200}.0.0/16`;
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

  /**
   * `stackOutputs` answers StackReferences: fully qualified stack name → its outputs.
   * `existingVpcs` overrides what aws.ec2.getVpc answers for a VPC id (e.g. DNS hostnames off).
   */
  constructor(
    private readonly stackOutputs: Record<string, Record<string, unknown>> = {},
    private readonly existingVpcs: ExistingVpcAttributes = {},
  ) {}

  newResource(args: pulumi.runtime.MockResourceArgs): { id: string; state: Record<string, any> } {
    const provider = this.providerOf(args.provider);
    const { id, state } = this.answer(args, provider);
    if (args.type === T.provider) {
      this.providers.set(id, {
        name: args.name,
        id,
        accountId: pinnedAccount(args.inputs.allowedAccountIds),
        region: args.inputs.region,
        inputs: args.inputs,
      });
    }
    this.resources.push({ type: args.type, name: args.name, id, custom: args.custom ?? true, inputs: args.inputs, state, provider, providerRef: args.provider });
    return { id, state };
  }

  call(args: pulumi.runtime.MockCallArgs): Record<string, any> {
    const provider = this.providerOf(args.provider);
    this.invokes.push({ token: args.token, inputs: args.inputs, provider });
    if (args.token === "aws:index/getAvailabilityZones:getAvailabilityZones") {
      const region = provider?.region ?? "us-east-1";
      return { id: region, names: ["a", "b", "c"].map((z) => `${region}${z}`), zoneIds: [1, 2, 3].map((n) => `az${n}`), state: "available" };
    }
    if (args.token === "aws:ec2/getVpc:getVpc") {
      // An existing VPC (xacct:source.vpc) as AWS describes it: DNS on, one deterministic /16.
      const id = String(args.inputs.id);
      const cidrBlock = existingVpcCidr(id);
      return { id, cidrBlock, enableDnsSupport: true, enableDnsHostnames: true, default: false, state: "available", arn: `arn:aws:ec2:${provider?.region}:${provider?.accountId}:vpc/${id}`, ownerId: provider?.accountId, cidrBlockAssociations: [{ associationId: `vpc-cidr-assoc-${fakeHex(id, 8)}`, cidrBlock, state: "associated" }], ...this.existingVpcs[id] };
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
    const key = `${args.type}/${args.name}/${account}`;
    switch (args.type) {
      case T.provider:
        return { id: `${args.name}-provider-${fakeHex(key, 8)}`, state: inputs };
      case T.stackReference: {
        const outputs = this.stackOutputs[inputs.name];
        if (!outputs) throw new Error(`no such stack ${inputs.name}`);
        return { id: inputs.name, state: { name: inputs.name, outputs, secretOutputNames: [] } };
      }
      case T.role: {
        const arn = `arn:${partition}:iam::${account}:role/${inputs.name}`;
        return { id: inputs.name, state: { ...inputs, arn, uniqueId: fakeRoleUniqueId(arn), maxSessionDuration: inputs.maxSessionDuration ?? AWS_DEFAULT_MAX_SESSION_SECONDS } };
      }
      case T.rolePolicy:
        return { id: `${inputs.role}:${inputs.name}`, state: inputs };
      case T.instanceProfile:
        return { id: inputs.name, state: { ...inputs, arn: `arn:${partition}:iam::${account}:instance-profile/${inputs.name}` } };
      case T.bucket:
        return { id: inputs.bucket, state: { ...inputs, arn: `arn:${partition}:s3:::${inputs.bucket}`, region: provider?.region } };
      case T.vpcEndpoint: {
        const id = `vpce-${fakeHex(key, 17)}`;
        const prefixListId = inputs.vpcEndpointType === "Gateway" ? `pl-${fakeHex(key, 8)}` : undefined;
        return { id, state: { ...inputs, arn: `arn:${partition}:ec2:${provider?.region}:${account}:vpc-endpoint/${id}`, prefixListId, ownerId: account } };
      }
      case T.eip: {
        // An Elastic IP is a public IPv4 address; the mocks hand out one of TEST-NET-3 (RFC 5737), per account and name.
        const allocationId = `eipalloc-${fakeHex(key, 17)}`;
        const publicIp = `203.0.113.${(parseInt(fakeHex(key, 4), 16) % 254) + 1}`;
        return { id: allocationId, state: { ...inputs, allocationId, publicIp, publicDns: `ec2-${publicIp.replace(/\./g, "-")}.${provider?.region}.compute.amazonaws.com`, arn: `arn:${partition}:ec2:${provider?.region}:${account}:elastic-ip/${allocationId}` } };
      }
      case T.natGateway: {
        const id = `nat-${fakeHex(key, 17)}`;
        return { id, state: { ...inputs, arn: `arn:${partition}:ec2:${provider?.region}:${account}:natgateway/${id}` } };
      }
      default: {
        const prefix = ID_PREFIXES[args.type];
        const id = prefix ? `${prefix}${fakeHex(key, 17)}` : (inputs.bucket ?? `${args.name}-${fakeHex(key, 8)}`);
        return { id, state: { ...inputs, ...(prefix ? { arn: `arn:${partition}:ec2:${provider?.region}:${account}:${args.type.split(":").pop()?.toLowerCase()}/${id}` } : {}) } };
      }
    }
  }
}
