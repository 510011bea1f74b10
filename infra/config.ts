/**
 * The stack configuration (namespace `xacct`), validated in one place before any resource is
 * registered. Pure: the program, the offline plan and the tests all parse config through here.
 */
import { Region } from "@pulumi/aws/types/enums";
import { z } from "zod";
import { Partition, bucketArn, partitionOf, roleArn } from "./aws";
import { FanIn, Tenant, parseFanInConfig } from "./fan-in-config";
import { ACCESS_LEVELS, AccessLevel, TransferGrant } from "./policies";

export const CONFIG_NAMESPACE = "xacct";
export const DEPLOY_MODES = ["both", "source", "target"] as const;
/**
 * How the access is granted: `assumeRole` (the instance role assumes a transfer role in the bucket's
 * account) or `direct` (no transfer role, no STS endpoint: the bucket policy names the instance
 * role, which writes itself).
 */
export const PATTERNS = ["assumeRole", "direct"] as const;
export type Pattern = (typeof PATTERNS)[number];
export type DeployMode = (typeof DEPLOY_MODES)[number];
export const DEFAULT_TRANSFER_ROLE_NAME = "xacct-transfer";

/**
 * The regions of the commercial `aws` partition, from @pulumi/aws's own Region enum. China,
 * GovCloud, the ISO and European Sovereign Cloud partitions are left out on purpose: their endpoint
 * service names and Amazon Linux repository buckets differ, and nothing here has been checked
 * against them.
 */
export const COMMERCIAL_REGIONS = Object.values(Region).filter((region) => !/^(cn|us-gov|eusc)-|-iso[a-z]?-/.test(region)) as [string, ...string[]];

/** Zod's message for a wrong type, or "is required" when the key is missing. */
const requiredOr = (message: string) => (issue: { input?: unknown }) => (issue.input === undefined ? "is required" : message);

const accountId = z
  .string({ error: requiredOr("must be a 12-digit AWS account id written as a quoted string") })
  .regex(/^\d{12}$/, "must be a 12-digit AWS account id");

const region = z.enum(COMMERCIAL_REGIONS, {
  error: (issue) => (issue.input === undefined ? "is required" : `unknown AWS region ${JSON.stringify(issue.input)}`),
});

const iamRoleName = z
  .string()
  .regex(/^[\w+=,.@-]{1,64}$/, "must be an IAM role name: 1-64 letters, digits or +=,.@_-");

const deployRoleArn = z
  .string()
  .regex(/^arn:aws(-cn|-us-gov)?:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/, "must be an IAM role ARN (arn:aws:iam::<account>:role/<name>)");

const vpcCidr = z.string().refine(isUsableVpcCidr, {
  message: "must be an IPv4 network in CIDR notation with a prefix from /16 to /24 and no host bits set, e.g. 10.80.0.0/16",
});

const bucketName = z.string().refine(isValidBucketName, {
  message:
    "must be a valid S3 bucket name: 3-63 lowercase letters, digits, dots or hyphens, starting and ending with a letter or digit, not an IP address, without '..' or a reserved prefix/suffix",
});

const prefix = z
  .string()
  .min(1, "must not be empty: the transfer role is confined to one prefix")
  .max(512, "must be at most 512 characters")
  .refine((p) => !p.startsWith("/"), "must not start with '/': S3 keys have no leading slash")
  .refine((p) => !/[*?]/.test(p), "must not contain '*' or '?': they would be wildcards in every policy")
  .refine((p) => !p.includes("$"), "must not contain '$': '${…}' is an IAM policy variable")
  .refine((p) => p.split("/").every((segment) => segment !== ".." && segment !== "."), "must not contain '.' or '..' segments")
  .refine((p) => !p.replace(/\/$/, "").includes("//"), "must not contain '//'")
  .refine((p) => /^[A-Za-z0-9!_.'()\-/]+$/.test(p), "may only contain letters, digits, '/' and !_.'()-")
  .transform((p) => (p.endsWith("/") ? p : `${p}/`));

const instanceSchema = z.strictObject({
  instanceType: z
    .string({ error: requiredOr("must be an EC2 instance type such as t3.micro or t4g.micro") })
    .regex(/^[a-z][a-z0-9-]*\.[a-z0-9-]+$/, "must be an EC2 instance type such as t3.micro or t4g.micro")
    .refine((type) => !type.startsWith("mac"), "must not be a mac instance type: those run only on dedicated hosts")
    .default("t3.micro"),
}, { error: requiredOr("must be an object such as { instanceType: t3.micro }") });

/** AWS resource ids: a prefix and 8 (older resources) or 17 lowercase hex characters. */
const awsId = (prefix: string, what: string) =>
  z
    .string({ error: requiredOr(`must be ${what} id written as a string, e.g. ${prefix}0123456789abcdef0`) })
    .regex(new RegExp(`^${prefix}([0-9a-f]{8}|[0-9a-f]{17})$`), `must be ${what} id: ${prefix} and 8 or 17 lowercase hex characters, e.g. ${prefix}0123456789abcdef0`);

const distinctIds = (prefix: string, what: string) =>
  z
    .array(awsId(prefix, what), { error: requiredOr(`must be a list of ${what} ids`) })
    .min(1, `must list at least one ${what} id`)
    .max(16, `must list at most 16 ${what} ids`)
    .refine((ids) => new Set(ids).size === ids.length, `must not repeat ${what} id`);

/** An existing VPC of the source account: nothing of it is created, the endpoints attach to it. */
const existingVpcSchema = z.strictObject({
  id: awsId("vpc-", "a VPC"),
  // The interface endpoints get one network interface in each; give subnets of two zones or more.
  subnetIds: distinctIds("subnet-", "a subnet"),
  // The S3 gateway endpoint adds its route to each: every route table of the workload's subnets.
  routeTableIds: distinctIds("rtb-", "a route table"),
}, { error: requiredOr("must be an object such as { id: vpc-…, subnetIds: [subnet-…], routeTableIds: [rtb-…] }") });

export const DEFAULT_VPC_CIDR = "10.80.0.0/16";

/**
 * How the source reaches S3: `gateway` (an S3 gateway endpoint on the route tables), `interface`
 * (an S3 interface endpoint in the subnets, reachable also from peered VPCs, a transit gateway or
 * on premises), `none` (the internet path: no S3 or STS endpoint, the workload reaches both through
 * a NAT gateway, and the bucket policy and the trust pin the NAT's Elastic IP in aws:SourceIp).
 * With an endpoint, STS always goes through an interface endpoint.
 */
export const ENDPOINT_KINDS = ["gateway", "interface", "none"] as const;
export type EndpointKind = (typeof ENDPOINT_KINDS)[number];

/** Networks that may reach the interface endpoints: IPv4, /8 to /32, no host bits. */
const clientCidr = z.string().refine(isClientCidr, {
  message: "must be an IPv4 network in CIDR notation with a prefix from /8 to /32 and no host bits set, e.g. 10.90.0.0/16",
});

const sourceSchema = z.strictObject({
  accountId,
  region,
  deployRoleArn: deployRoleArn.optional(),
  /** Defaults to DEFAULT_VPC_CIDR when the program creates the VPC; refused with `vpc`. */
  vpcCidr: vpcCidr.optional(),
  vpc: existingVpcSchema.optional(),
  endpoints: z.enum(ENDPOINT_KINDS, { error: (issue) => `must be one of ${ENDPOINT_KINDS.join(", ")} (got ${JSON.stringify(issue.input)})` }).optional(),
  clientCidrs: z
    .array(clientCidr, { error: requiredOr("must be a list of IPv4 CIDRs such as [10.90.0.0/16]") })
    .min(1, "must list at least one CIDR")
    .max(50, "must list at most 50 CIDRs (one security group rule each)")
    .refine((cidrs) => new Set(cidrs).size === cidrs.length, "must not repeat a CIDR")
    .optional(),
  availabilityZones: z
    .array(z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d[a-z]$/, "must be an availability zone name such as ap-northeast-1a"))
    .min(2, "must list at least two availability zones")
    .max(16, "must list at most 16 availability zones")
    .refine((zones) => new Set(zones).size === zones.length, "must not repeat an availability zone")
    .optional(),
  instanceRoleName: iamRoleName.default("xacct-instance"),
  allowAmazonLinuxRepositories: z.boolean({ error: requiredOr("must be true or false") }).default(true),
  instance: instanceSchema.optional(),
});

const targetSchema = z.strictObject({
  accountId,
  region,
  deployRoleArn: deployRoleArn.optional(),
  bucketName,
  prefix,
  /** Only with xacct:sources (read by fan-in-config.ts); refused here, with one source. */
  organizationId: z.unknown().optional(),
  /** Defaults to DEFAULT_TRANSFER_ROLE_NAME with assumeRole; refused with direct, which has no transfer role. */
  transferRoleName: iamRoleName.optional(),
  access: z
    .array(z.enum(ACCESS_LEVELS, { error: (issue) => `unknown access ${JSON.stringify(issue.input)}; use ${ACCESS_LEVELS.join(", ")}` }))
    .min(1, `must list at least one of ${ACCESS_LEVELS.join(", ")}`)
    .refine((levels) => new Set(levels).size === levels.length, "must not repeat an access level")
    .default(["write"]),
});

/** A StackReference's name: a stack of this organization and project, or `<organization>/<project>/<stack>`. */
export const stackName = z
  .string({ error: "must be a stack name such as source, or <organization>/<project>/<stack>" })
  .refine((name) => name.split("/").length !== 2, "is ambiguous as <a>/<b>: give the stack's name (source), qualified with this stack's organization and project, or all of <organization>/<project>/<stack>")
  .refine((name) => /^[\w.-]{1,100}(\/[\w.-]{1,100}\/[\w.-]{1,100})?$/.test(name), "must be a stack name such as source, or <organization>/<project>/<stack>, each part made of letters, digits, '_', '.' or '-'");

const configSchema = z
  .strictObject({
    pattern: z.enum(PATTERNS, { error: (issue) => `must be one of ${PATTERNS.join(", ")} (got ${JSON.stringify(issue.input)})` }).optional(),
    deploy: z.enum(DEPLOY_MODES, { error: (issue) => `must be one of ${DEPLOY_MODES.join(", ")} (got ${JSON.stringify(issue.input)})` }).default("both"),
    source: sourceSchema,
    target: targetSchema,
    sourceStack: stackName.optional(),
    /** Only with xacct:sources (read by fan-in-config.ts); refused here, with one source. */
    sourceStacks: z.unknown().optional(),
  })
  .superRefine((config, ctx) => {
    // Cross-key checks run only on keys that are valid on their own: a malformed account id is
    // reported once, as itself, not again as a mismatch with everything derived from it.
    const valid = (schema: z.ZodType, value: unknown) => schema.safeParse(value).success;
    const { source, target } = config;
    if (valid(accountId, source.accountId) && source.accountId === target.accountId) {
      ctx.addIssue({ code: "custom", path: ["target", "accountId"], message: "must differ from xacct:source.accountId: the design separates two accounts" });
    }
    if (valid(region, source.region) && valid(region, target.region) && source.region !== target.region) {
      ctx.addIssue({
        code: "custom",
        path: ["target", "region"],
        message: `must equal xacct:source.region (${config.source.region}): an S3 gateway endpoint only reaches buckets in its own region`,
      });
    }
    for (const [side, account] of [["source", source], ["target", target]] as const) {
      const arn = account.deployRoleArn;
      if (!valid(accountId, account.accountId) || !valid(region, account.region) || !valid(deployRoleArn, arn)) continue;
      if (arn && !arn.startsWith(`arn:${partitionOf(account.region)}:iam::${account.accountId}:`)) {
        ctx.addIssue({
          code: "custom",
          path: [side, "deployRoleArn"],
          message: `must be a role in account ${account.accountId} (${partitionOf(account.region)} partition): the provider only accepts that account`,
        });
      }
    }
    source.availabilityZones?.forEach((zone, index) => {
      if (valid(region, source.region) && typeof zone === "string" && !zone.startsWith(source.region)) {
        ctx.addIssue({ code: "custom", path: ["source", "availabilityZones", index], message: `${zone} is not in ${config.source.region}` });
      }
    });
    if (source.vpc !== undefined) {
      for (const key of ["vpcCidr", "availabilityZones"] as const) {
        if (source[key] !== undefined) {
          ctx.addIssue({
            code: "custom",
            path: ["source", key],
            message: `describes the VPC this program creates, but xacct:source.vpc names an existing one: remove xacct:source.${key} (the endpoints use the existing VPC's own CIDR and the subnets given)`,
          });
        }
      }
      if (config.deploy === "target") {
        ctx.addIssue({
          code: "custom",
          path: ["source", "vpc"],
          message: "is only read by the stack that deploys account ① (xacct:deploy both or source): a target stack attaches nothing to it. Set it in the source stack's config",
        });
      }
    }
    if (config.sourceStacks !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["sourceStacks"],
        message: "lists one source stack per entry of xacct:sources (many sources); with one source (xacct:source), name its stack in xacct:sourceStack",
      });
    }
    if (target.organizationId !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["target", "organizationId"],
        message: "is read only with xacct:sources (many sources): it replaces the list of the sources' S3 endpoint ids in the bucket policy, and one source's bucket policy names its one endpoint. Remove it, or list the sources in xacct:sources",
      });
    }
    if (config.pattern === "direct" && target.transferRoleName !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["target", "transferRoleName"],
        message: "names the transfer role, but xacct:pattern is direct: there is no transfer role (the bucket policy names the instance role, xacct:source.instanceRoleName). Remove it, or set xacct:pattern: assumeRole",
      });
    }
    if (source.endpoints === "none" && source.vpc !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["source", "endpoints"],
        message: "none (the internet path) builds its public subnet, internet gateway and NAT gateway in the VPC this program creates, but xacct:source.vpc names an existing one: remove xacct:source.vpc, or use gateway or interface",
      });
    }
    if (source.endpoints === "none" && (source.availabilityZones?.length ?? 0) > 15) {
      ctx.addIssue({
        code: "custom",
        path: ["source", "availabilityZones"],
        message: "must list at most 15 zones with xacct:source.endpoints none: the VPC is cut into 16 subnets, and the NAT gateway's public subnet takes one",
      });
    }
    const endpoints = source.endpoints ?? "gateway";
    if (source.clientCidrs !== undefined && endpoints !== "interface") {
      ctx.addIssue({
        code: "custom",
        path: ["source", "clientCidrs"],
        message: `is only read with xacct:source.endpoints: interface (this stack uses ${endpoints}): only interface endpoints can be reached from outside the VPC. Remove it, or set xacct:source.endpoints: interface`,
      });
    }
    if (config.deploy === "target") {
      for (const key of ["endpoints", "clientCidrs"] as const) {
        // A target stack reads endpoints: none: its bucket policy and trust then pin the source's NAT address.
        if (source[key] !== undefined && !(key === "endpoints" && source.endpoints === "none")) {
          ctx.addIssue({
            code: "custom",
            path: ["source", key],
            message: "is only read by the stack that deploys account ① (xacct:deploy both or source): a target stack builds no endpoint. Set it in the source stack's config (a target stack takes only endpoints: none, to fence by the source's NAT address)",
          });
        }
      }
    }
    if (config.deploy === "target" && source.instance !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["source", "instance"],
        message: "is only read by the stack that deploys account ① (xacct:deploy both or source): a target stack builds no instance. Set it in the source stack's config",
      });
    }
    if (config.deploy === "target" && config.sourceStack === undefined) {
      ctx.addIssue({ code: "custom", path: ["sourceStack"], message: "is required when xacct:deploy is target: it names the source stack to read endpoint ids from" });
    }
    if (DEPLOY_MODES.includes(config.deploy) && config.deploy !== "target" && config.sourceStack !== undefined) {
      ctx.addIssue({ code: "custom", path: ["sourceStack"], message: `is only read when xacct:deploy is target (this stack deploys ${config.deploy}): remove it, or set xacct:deploy: target` });
    }
  });

export interface SourceAccount {
  /** Names the provider and the resources of this source; unique among sources. */
  key: string;
  accountId: string;
  region: string;
  partition: Partition;
  deployRoleArn?: string;
  /** The CIDR of the VPC the program creates; undefined with an existing `vpc`. */
  vpcCidr?: string;
  availabilityZones?: string[];
  /** An existing VPC to attach the endpoints to, instead of creating one. */
  vpc?: ExistingVpc;
  /** How S3 is reached: through a gateway or an interface endpoint, or (none) over the internet through a NAT gateway. */
  endpoints: EndpointKind;
  /** Who may reach the interface endpoints; undefined: the VPC's own CIDR. */
  clientCidrs?: string[];
  instanceRoleName: string;
  instanceRoleArn: string;
  allowAmazonLinuxRepositories: boolean;
  /** The optional workload instance that proves the path on its first boot. */
  instance?: WorkloadInstance;
  /** Only with xacct:sources: this source's own prefix and its own transfer role. */
  tenant?: Tenant;
}

export interface ExistingVpc {
  id: string;
  subnetIds: string[];
  routeTableIds: string[];
}

export interface WorkloadInstance {
  instanceType: string;
  architecture: InstanceArchitecture;
}

export interface TargetAccount {
  accountId: string;
  region: string;
  partition: Partition;
  deployRoleArn?: string;
  bucketName: string;
  bucketArn: string;
  prefix: string;
  /** Undefined with xacct:pattern direct: there is no transfer role. */
  transferRoleName?: string;
  transferRoleArn?: string;
  access: AccessLevel[];
  /** Only with xacct:sources: the bucket's network fence is aws:VpceOrgID instead of the sources' endpoint ids. */
  organizationId?: string;
}

interface StackParts {
  /** assumeRole (the default): through a transfer role; direct: the instance role writes itself. */
  pattern: Pattern;
  /** Every account that writes into the bucket. One today; the graph is already built per source. */
  sources: SourceAccount[];
  target: TargetAccount;
  /**
   * Only with xacct:sources: every source has its own prefix and transfer role (`tenant`), and the
   * target's prefix and transfer role are the first source's (see fan-in-config.ts).
   */
  fanIn?: FanIn;
}

/** A `target` stack always names its source stack (with xacct:sources, one per source); the others never do. */
export type XacctConfig =
  | (StackParts & { deploy: "both"; sourceStack?: undefined; sourceStacks?: undefined })
  | (StackParts & { deploy: "source"; sourceStack?: undefined; sourceStacks?: undefined })
  | (StackParts & {
      deploy: "target";
      /** As written: a stack name (`source`), or `<organization>/<project>/<stack>`. See qualifiedStackName. */
      sourceStack: string;
      sourceStacks?: undefined;
    })
  | (StackParts & {
      deploy: "target";
      sourceStack?: undefined;
      /** Only with xacct:sources: the source stack of each source, by position (sourceStacks[i] deploys sources[i]). */
      sourceStacks: string[];
    });

/** The `xacct:*` values, keyed without the namespace (objects already JSON-decoded). */
export type RawConfig = Record<string, unknown>;

/** The keys of the namespace; any other `xacct:` key is refused, so a misspelling is never ignored. */
export const CONFIG_KEYS = ["pattern", "deploy", "source", "target", "sourceStack", "sources", "sourceStacks"] as const;
/** The keys whose values are objects or lists (the engine hands them over as JSON). */
export const OBJECT_CONFIG_KEYS: readonly string[] = ["source", "target", "sources", "sourceStacks"];

/** The keys of the `xacct` namespace among fully qualified config keys (`xacct:deploy` → `deploy`). */
export function namespaceKeys(fullKeys: string[]): string[] {
  return fullKeys.filter((key) => key.startsWith(`${CONFIG_NAMESPACE}:`)).map((key) => key.slice(CONFIG_NAMESPACE.length + 1));
}

/**
 * The fully qualified name of the stack a StackReference reads. A bare stack name is in this
 * stack's organization and project: on Pulumi Cloud the real organization, on a self-managed
 * backend (S3, a local directory) always `organization`.
 */
export function qualifiedStackName(name: string, current: { organization: string; project: string }): string {
  return name.includes("/") ? name : `${current.organization}/${current.project}/${name}`;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid ${CONFIG_NAMESPACE} configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

export function parseConfig(raw: RawConfig): XacctConfig {
  // Many sources (xacct:sources) are validated entry by entry through this same function.
  if (raw.sources !== undefined) return parseFanInConfig(raw);
  const result = configSchema.safeParse(raw);
  if (!result.success) {
    // One line per key: the first thing wrong with it is the one to fix.
    const firstPerKey = new Map<string, string>();
    for (const issue of result.error.issues) {
      if (issue.code === "unrecognized_keys") {
        for (const [key, problem] of describeUnknownKeys(issue)) if (!firstPerKey.has(key)) firstPerKey.set(key, problem);
        continue;
      }
      const key = configKey(issue.path);
      if (!firstPerKey.has(key)) firstPerKey.set(key, describeIssue(key, issue, valueAt(raw, issue.path)));
    }
    throw new ConfigError([...firstPerKey.values()]);
  }
  const { deploy, source: { instance, ...source }, target: { transferRoleName, organizationId: _organizationId, ...target }, sourceStack, sourceStacks: _sourceStacks } = result.data;
  const pattern: Pattern = result.data.pattern ?? "assumeRole";
  const sourcePartition = partitionOf(source.region);
  const targetPartition = partitionOf(target.region);
  const transferRole = pattern === "assumeRole" ? transferRoleName ?? DEFAULT_TRANSFER_ROLE_NAME : undefined;
  const parts: StackParts = {
    pattern,
    sources: [
      {
        key: "source",
        ...source,
        vpcCidr: source.vpc ? undefined : (source.vpcCidr ?? DEFAULT_VPC_CIDR),
        endpoints: source.endpoints ?? "gateway",
        ...(instance ? { instance: { instanceType: instance.instanceType, architecture: architectureOf(instance.instanceType) } } : {}),
        partition: sourcePartition,
        instanceRoleArn: roleArn(sourcePartition, source.accountId, source.instanceRoleName),
      },
    ],
    target: {
      ...target,
      partition: targetPartition,
      bucketArn: bucketArn(targetPartition, target.bucketName),
      ...(transferRole ? { transferRoleName: transferRole, transferRoleArn: roleArn(targetPartition, target.accountId, transferRole) } : {}),
    },
  };
  if (deploy !== "target") return { ...parts, deploy };
  // The schema already refuses a target stack without sourceStack; this narrows the type.
  if (sourceStack === undefined) throw new ConfigError([`${CONFIG_NAMESPACE}:sourceStack is required when ${CONFIG_NAMESPACE}:deploy is target`]);
  return { ...parts, deploy, sourceStack };
}

export type InstanceArchitecture = "x86_64" | "arm64";

/**
 * The CPU architecture of an instance type, so the matching Amazon Linux image is picked. Graviton
 * families carry a `g` right after their generation number (t4g, m7g, c7gn, r8gd, im4gn, x2gd);
 * a1 is the first Graviton family. Everything else (t3, m7i-flex, g4dn, …) is x86_64.
 */
export function architectureOf(instanceType: string): InstanceArchitecture {
  const family = instanceType.split(".")[0];
  return family === "a1" || /^[a-z]+\d+g/.test(family) ? "arm64" : "x86_64";
}

export function transferGrant(target: TargetAccount): TransferGrant {
  return { partition: target.partition, bucketName: target.bucketName, prefix: target.prefix, access: target.access };
}

/** The keys that are valid inside the object at `path` (the namespace itself is []). */
function validKeysAt(path: PropertyKey[]): string[] {
  const schemas: Record<string, z.ZodObject> = { "": configSchema, source: sourceSchema, target: targetSchema, "source.instance": instanceSchema, "source.vpc": existingVpcSchema };
  return Object.keys(schemas[path.join(".")]?.shape ?? {});
}

/** One problem per unknown key, naming it and the valid key closest to it. */
function describeUnknownKeys(issue: z.core.$ZodIssueUnrecognizedKeys): [string, string][] {
  const valid = validKeysAt(issue.path);
  return issue.keys.map((unknown) => {
    const key = configKey([...issue.path, unknown]);
    const closest = [...valid].sort((a, b) => editDistance(unknown, a) - editDistance(unknown, b))[0];
    const hint = closest ? `; did you mean ${configKey([...issue.path, closest])}?` : "";
    return [key, `${key}: unknown key${hint} (a misspelt key is refused, never ignored)`];
  });
}

/** Levenshtein distance, case-insensitive: how many edits turn one key into the other. */
function editDistance(a: string, b: string): number {
  const [x, y] = [a.toLowerCase(), b.toLowerCase()];
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[y.length];
}

function describeIssue(key: string, issue: z.core.$ZodIssue, value: unknown): string {
  if (issue.code === "invalid_type" && /received undefined$/.test(issue.message)) {
    return `${key}: is required`;
  }
  const shown = JSON.stringify(value);
  const got = value !== undefined && typeof value !== "object" && !issue.message.includes(shown) ? ` (got ${shown})` : "";
  return `${key}: ${issue.message}${got}`;
}

function valueAt(root: unknown, path: PropertyKey[]): unknown {
  return path.reduce<unknown>((node, part) => (node !== null && typeof node === "object" ? (node as Record<PropertyKey, unknown>)[part] : undefined), root);
}

function configKey(path: PropertyKey[]): string {
  const [head, ...rest] = path;
  let key = `${CONFIG_NAMESPACE}:${String(head ?? "")}`.replace(/:$/, "");
  for (const part of rest) {
    key += typeof part === "number" ? `[${part}]` : `.${String(part)}`;
  }
  return key;
}

function isUsableVpcCidr(cidr: string): boolean {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  if (!match) return false;
  const octets = match.slice(1, 5).map(Number);
  const prefixLength = Number(match[5]);
  if (octets.some((o) => o > 255) || prefixLength < 16 || prefixLength > 24) return false;
  const address = octets.reduce((acc, o) => acc * 256 + o, 0);
  return address % 2 ** (32 - prefixLength) === 0;
}

function isClientCidr(cidr: string): boolean {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  if (!match) return false;
  const octets = match.slice(1, 5).map(Number);
  const prefixLength = Number(match[5]);
  if (octets.some((o) => o > 255) || prefixLength < 8 || prefixLength > 32) return false;
  const address = octets.reduce((acc, o) => acc * 256 + o, 0);
  return address % 2 ** (32 - prefixLength) === 0;
}

function isValidBucketName(name: string): boolean {
  return (
    /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name) &&
    !name.includes("..") &&
    !/^\d{1,3}(\.\d{1,3}){3}$/.test(name) &&
    !/^(xn--|sthree-|amzn-s3-demo-)/.test(name) &&
    !/(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$/.test(name)
  );
}
