/**
 * `xacct:sources`: many source accounts writing into one bucket, each into its own prefix through
 * its own transfer role. Pure, like config.ts: every entry is validated by config.ts's own
 * one-source rules (as if it were `xacct:source` with `xacct:target.prefix`), and the problems are
 * reported under the entry's own key (`xacct:sources[2].region`).
 *
 * Loaded by config.ts (parseConfig dispatches here when `sources` is set); it uses config.ts's
 * exports only inside functions, so the two modules may import each other.
 */
import { roleArn } from "./aws";
import { ConfigError, DEFAULT_TRANSFER_ROLE_NAME, RawConfig, SourceAccount, XacctConfig, parseConfig, stackName } from "./config";

/** One source's own share of the bucket. */
export interface Tenant {
  /** The source's `name`: it names its provider and every resource of it. */
  name: string;
  /** Always ends in `/`; distinct from every other source's and never nested in one. */
  prefix: string;
  /** `<xacct:target.transferRoleName>-<name>`, in the target account. */
  transferRoleName: string;
  transferRoleArn: string;
}

/** What a fan-in stack shares between its tenants. */
export interface FanIn {
  /** Matches every tenant's transfer role: `arn:<partition>:iam::<target>:role/<xacct:target.transferRoleName>-*`. */
  transferRolesArnPattern: string;
}

/** A source's name: lowercase letters, digits and '-', so it fits provider, resource and role names. */
export const SOURCE_NAME_PATTERN = /^[a-z]([a-z0-9-]{0,30}[a-z0-9])?$/;
/**
 * An AWS Organizations id, as aws:VpceOrgID holds it: `o-` and 10 to 32 lowercase letters or digits
 * (https://docs.aws.amazon.com/organizations/latest/APIReference/API_Organization.html).
 */
export const ORGANIZATION_ID_PATTERN = /^o-[a-z0-9]{10,32}$/;
/** Names the program already gives to its own providers and resources. */
const RESERVED_NAMES = ["target", "source"];
const IAM_ROLE_NAME_MAX = 64;

/** The problem lines of a config parseConfig refuses; [] when it is accepted. */
function problemsOf(raw: RawConfig): { problems: string[]; config?: XacctConfig } {
  try {
    return { problems: [], config: parseConfig(raw) };
  } catch (error) {
    if (error instanceof ConfigError) return { problems: error.problems };
    throw error;
  }
}

/** Moves a one-source problem onto the entry it came from: xacct:source.x → xacct:sources[i].x. */
function ownedBy(index: number, problem: string, target: unknown): string {
  const entry = `xacct:sources[${index}]`;
  // The one-source checks between the two sides name the target's key; here the entry is what differs.
  const targetValue = (key: string) => JSON.stringify(isObject(target) ? target[key] : undefined);
  if (problem.startsWith("xacct:target.region: must equal xacct:source.region")) {
    return `${entry}.region: must equal xacct:target.region (${targetValue("region")}): an S3 gateway endpoint only reaches buckets in its own region`;
  }
  if (problem.startsWith("xacct:target.accountId: must differ from xacct:source.accountId")) {
    return `${entry}.accountId: must differ from xacct:target.accountId (${targetValue("accountId")}): the design separates the source accounts from the bucket's`;
  }
  return problem
    .replace(/xacct:target\.prefix/g, `${entry}.prefix`)
    .replace(/xacct:source(?=[.:[\s)]|$)/g, entry);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Every problem of a fan-in config, one per key, before any resource is registered. */
export function parseFanInConfig(raw: RawConfig): XacctConfig {
  const problems: string[] = [];
  const add = (problem: string) => {
    const key = problem.split(": ")[0];
    if (!problems.some((p) => p.split(": ")[0] === key)) problems.push(problem);
  };
  const { sources, ...rest } = raw;
  if (rest.source !== undefined) add("xacct:source: is the one-source shorthand and cannot be combined with xacct:sources: move it into the list");
  if (isObject(rest.target) && rest.target.prefix !== undefined) {
    add("xacct:target.prefix: is the one-source shorthand's prefix; with xacct:sources every source has its own prefix (xacct:sources[i].prefix): remove it");
  }
  const { sourceStacks: rawSourceStacks, ...others } = rest;
  if (others.sourceStack !== undefined) {
    add(`xacct:sourceStack: names the one source stack of the shorthand; with xacct:sources list one source stack per source in xacct:sourceStacks${rawSourceStacks === undefined ? "" : " and remove xacct:sourceStack"}`);
  }
  if (others.deploy === "source") {
    add("xacct:deploy: source is not read with xacct:sources: each source account's stack is an ordinary source stack (xacct:source, with xacct:target.prefix and xacct:target.transferRoleName set to that source's), listed in the target stack's xacct:sourceStacks");
  }
  const split = others.deploy === "target";
  if (rawSourceStacks !== undefined && !split && others.deploy !== "source") {
    add(`xacct:sourceStacks: is only read when xacct:deploy is target (this stack deploys ${typeof others.deploy === "string" ? others.deploy : "both"}): remove it, or set xacct:deploy: target`);
  }
  if (rest.pattern === "direct") {
    // direct would need one Allow per instance role in the bucket policy (it grows with N), and the
    // pack and the proof judge direct writers one source at a time: not built for many sources.
    add("xacct:pattern: direct cannot be combined with xacct:sources: with many sources each instance role assumes its own transfer role (assumeRole, the default). Remove xacct:pattern, or keep one source (xacct:source) for direct");
  }
  if (!Array.isArray(sources) || sources.length === 0) {
    add(`xacct:sources: must be a non-empty list of { name, accountId, region, prefix, ... }${Array.isArray(sources) ? "" : ` (got ${JSON.stringify(sources)})`}`);
    throw new ConfigError(problems);
  }

  const target = isObject(rest.target) ? (({ prefix: _prefix, organizationId: _organizationId, ...t }) => t)(rest.target) : rest.target;
  const organizationId = isObject(rest.target) ? rest.target.organizationId : undefined;
  if (organizationId !== undefined && (typeof organizationId !== "string" || !ORGANIZATION_ID_PATTERN.test(organizationId))) {
    add(`xacct:target.organizationId: must be an AWS Organizations id: o- and 10 to 32 lowercase letters or digits, e.g. o-a1b2c3d4e5 (got ${JSON.stringify(organizationId)})`);
  }
  const parsed: SourceAccount[] = [];
  /** The entry each parsed source came from. */
  const indexOf: number[] = [];
  let parsedTarget: XacctConfig["target"] | undefined;
  sources.forEach((entry, index) => {
    const key = `xacct:sources[${index}]`;
    if (!isObject(entry)) {
      add(`${key}: must be an object such as { name: team-a, accountId: "111111111111", region: ap-northeast-1, prefix: team-a/ }`);
      return;
    }
    const { name, prefix, ...source } = entry;
    if (name === undefined) add(`${key}.name: is required: it names the source's provider and resources`);
    else if (typeof name !== "string" || !SOURCE_NAME_PATTERN.test(name)) {
      add(`${key}.name: must be 1-32 lowercase letters, digits or '-', starting with a letter and not ending with '-' (got ${JSON.stringify(name)})`);
    } else if (RESERVED_NAMES.includes(name)) {
      add(`${key}.name: ${JSON.stringify(name)} is reserved: the program names its own resources so`);
    }
    if (source.endpoints === "none") {
      // The internet path fences by one NAT address per source: a bucket policy that grows with N,
      // and the pack judges that fence for one source only.
      add(`${key}.endpoints: none (the internet path) cannot be combined with xacct:sources: each source reaches the bucket through its own S3 endpoint (gateway or interface). Use gateway or interface, or keep one source (xacct:source) for the internet path`);
    }
    // pattern direct is refused once above, not again per entry.
    const pattern = rest.pattern === "direct" ? undefined : rest.pattern;
    // A split target stack (deploy target) refuses, entry by entry, what only a source stack reads (vpc, instance, endpoints).
    const one = problemsOf({ ...others, pattern, ...(split ? { deploy: "target", sourceStack: "source" } : { deploy: "both", sourceStack: undefined }), source, target: isObject(target) ? { ...target, prefix } : target });
    one.problems.filter((p) => !(rest.source !== undefined && p.startsWith("xacct:source:"))).forEach((p) => add(ownedBy(index, p, target)));
    if (!one.config || typeof name !== "string") return;
    const [account] = one.config.sources;
    parsedTarget = one.config.target;
    const transferRoleName = `${one.config.target.transferRoleName ?? DEFAULT_TRANSFER_ROLE_NAME}-${name}`;
    if (transferRoleName.length > IAM_ROLE_NAME_MAX) {
      add(`${key}.name: makes the transfer role name ${transferRoleName} (${transferRoleName.length} characters); IAM allows ${IAM_ROLE_NAME_MAX}: shorten the name or xacct:target.transferRoleName`);
    }
    indexOf.push(index);
    parsed.push({
      ...account,
      key: name,
      tenant: {
        name,
        prefix: one.config.target.prefix,
        transferRoleName,
        transferRoleArn: roleArn(one.config.target.partition, one.config.target.accountId, transferRoleName),
      },
    });
  });

  // Across entries: a name, an account and a prefix each belong to one source.
  const seen = { name: new Map<string, number>(), accountId: new Map<string, number>() };
  parsed.forEach((source, at) => {
    const where = indexOf[at];
    for (const [field, value] of [["name", source.key], ["accountId", source.accountId]] as const) {
      const first = seen[field].get(value);
      if (first !== undefined) {
        add(`xacct:sources[${where}].${field}: ${JSON.stringify(value)} is already xacct:sources[${first}]'s: ${field === "name" ? "names are unique" : "one source per account (its instance role and endpoints are named per account)"}`);
      } else seen[field].set(value, where);
    }
  });
  const byPrefix = parsed.map((source, at) => ({ index: indexOf[at], prefix: (source.tenant as Tenant).prefix, at }));
  for (const a of byPrefix) {
    for (const b of byPrefix) {
      if (a.at === b.at || !a.prefix.startsWith(b.prefix)) continue;
      if (a.prefix === b.prefix && a.at < b.at) continue;
      const relation = a.prefix === b.prefix ? "is also" : "is inside";
      add(`xacct:sources[${a.index}].prefix: ${JSON.stringify(a.prefix)} ${relation} xacct:sources[${b.index}]'s ${JSON.stringify(b.prefix)}: prefixes must be distinct and never nested, or one tenant could write into another's`);
    }
  }
  const sourceStacks = split ? sourceStacksOf(rawSourceStacks, sources.length, add) : undefined;
  if (problems.length > 0 || !parsedTarget) throw new ConfigError(problems);
  const [first] = parsed;
  const firstTenant = first.tenant as Tenant;
  return {
    pattern: "assumeRole",
    ...(sourceStacks ? { deploy: "target" as const, sourceStacks } : { deploy: "both" as const }),
    fanIn: { transferRolesArnPattern: roleArn(parsedTarget.partition, parsedTarget.accountId, `${parsedTarget.transferRoleName}-*`) },
    sources: parsed,
    // The first source's prefix and role, for the readers of one; the fan-in program reads each tenant.
    target: { ...parsedTarget, ...(typeof organizationId === "string" ? { organizationId } : {}), prefix: firstTenant.prefix, transferRoleName: firstTenant.transferRoleName, transferRoleArn: firstTenant.transferRoleArn },
  };
}

/**
 * xacct:sourceStacks of a split target stack: one stack name per entry of xacct:sources, matched by
 * position (sourceStacks[i] is the source stack of sources[i]), each named once.
 */
function sourceStacksOf(value: unknown, count: number, add: (problem: string) => void): string[] | undefined {
  const key = "xacct:sourceStacks";
  if (value === undefined) {
    add(`${key}: is required when xacct:deploy is target with xacct:sources: list the source stack of each source, in the order of xacct:sources`);
    return undefined;
  }
  if (!Array.isArray(value)) {
    add(`${key}: must be a list of stack names, one per entry of xacct:sources, in the same order (got ${JSON.stringify(value)})`);
    return undefined;
  }
  if (value.length !== count) {
    add(`${key}: lists ${value.length} stack${value.length === 1 ? "" : "s"}, but xacct:sources lists ${count} source${count === 1 ? "" : "s"}: sourceStacks[i] is the source stack of sources[i], so the two lists have the same length`);
    return undefined;
  }
  let valid = true;
  const first = new Map<string, number>();
  value.forEach((name, index) => {
    const parsed = stackName.safeParse(name);
    if (!parsed.success) {
      valid = false;
      add(`${key}[${index}]: ${parsed.error.issues[0].message}${typeof name === "object" ? "" : ` (got ${JSON.stringify(name)})`}`);
      return;
    }
    const seen = first.get(parsed.data);
    if (seen !== undefined) {
      valid = false;
      add(`${key}[${index}]: ${JSON.stringify(parsed.data)} is already xacct:sourceStacks[${seen}]: each source has its own source stack`);
    } else first.set(parsed.data, index);
  });
  return valid ? (value as string[]) : undefined;
}

/** A fan-in source's own share; parseFanInConfig gives every source of xacct:sources one. */
export function tenantOf(source: SourceAccount): Tenant {
  if (!source.tenant) throw new Error(`source ${source.key} is not a tenant of xacct:sources`);
  return source.tenant;
}

/** The target as one source sees it: its own prefix and its own transfer role. */
export function targetOf<T extends XacctConfig["target"]>(target: T, source: SourceAccount): T {
  const tenant = source.tenant;
  return tenant ? { ...target, prefix: tenant.prefix, transferRoleName: tenant.transferRoleName, transferRoleArn: tenant.transferRoleArn } : target;
}

/** The target as a fan-in tenant sees it: its transfer role is always there. */
export function tenantTargetOf<T extends XacctConfig["target"]>(target: T, source: SourceAccount): T & Pick<Tenant, "transferRoleName" | "transferRoleArn"> {
  const { transferRoleName, transferRoleArn } = tenantOf(source);
  return { ...targetOf(target, source), transferRoleName, transferRoleArn };
}
