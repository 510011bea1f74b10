/**
 * Runs this pack's policies in-process, with the same arguments `@pulumi/policy` builds for them:
 * props behind the unknown-checking proxy, `notApplicable`, `getConfig` with the schema defaults,
 * and for stacks the resolved parents and dependencies. Used by the rules' specs, the integration
 * tests and the offline `policy:check`.
 */
import {
  EnforcementLevel,
  PolicyResource,
  PolicyResourceOptions,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import { PackConfigInput, ReconciledConfig, reconcilePackConfig } from "./pack-config";

// Internal to @pulumi/policy (not in its typings): the proxy the engine wraps props in, and its error.
// Test-only, on purpose: the harness hands rules exactly what the engine does, so an SDK change to
// the proxy fails these specs instead of the pack in production (the rules use no internals).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const proxy: { unknownCheckingProxy<T>(value: T): T; UnknownValueError: new (...args: any[]) => Error } = require("@pulumi/policy/proxy");

/** Props and their proxies within one run: the engine wraps a resource's props once per request and hands that proxy to every policy. */
type Proxies = WeakMap<object, unknown>;

function proxied<T extends object>(props: T, proxies: Proxies): T {
  let wrapped = proxies.get(props) as T | undefined;
  if (wrapped === undefined) {
    wrapped = proxy.unknownCheckingProxy(props);
    proxies.set(props, wrapped);
  }
  return wrapped;
}

export type AnyPolicy = ResourceValidationPolicy | StackValidationPolicy;

export interface ResourceUnderTest {
  type: string;
  props: Record<string, any>;
  name?: string;
  urn?: string;
  /** The provider resource; for `aws:` types default to an explicit provider named `source`. */
  provider?: { name: string; type?: string; urn?: string; props?: Record<string, any> } | null;
  opts?: Partial<PolicyResourceOptions>;
  parent?: string;
  dependencies?: string[];
  propertyDependencies?: Record<string, string[]>;
}

export interface Violation {
  policy: string;
  level: EnforcementLevel;
  urn?: string;
  message: string;
}

export interface Outcome {
  violations: Violation[];
  notApplicable?: string;
  /** Set when the rule read a value unknown during preview (the engine reports it as advisory). */
  unknown?: string;
}

/** The JSON of `--policy-pack-config FILE`: a level or `{ enforcementLevel?, ...properties }` per policy name or `all`. */
export type PackConfig = PackConfigInput;

export function urnOf(resource: ResourceUnderTest): string {
  return resource.urn ?? `urn:pulumi:test::xacct::${resource.type}::${resource.name ?? "resource"}`;
}

class NotApplicable extends Error {}

/** The configuration each policy runs with, reconciled and validated as the CLI does (throws `PackConfigError`). */
function configured(policies: readonly AnyPolicy[], config?: PackConfig | ReconciledConfig): ReconciledConfig {
  if (config && isReconciled(policies, config)) return config;
  if (config === undefined) {
    // No config: the same defaults every time, as the CLI reconciles them once per run.
    let defaults = defaultConfigs.get(policies);
    if (!defaults) defaultConfigs.set(policies, (defaults = packConfigFor(policies)));
    return defaults;
  }
  return packConfigFor(policies, config as PackConfig);
}

const defaultConfigs = new WeakMap<readonly AnyPolicy[], ReconciledConfig>();

const RECONCILED = Symbol("reconciled");

function isReconciled(_policies: readonly AnyPolicy[], config: object): config is ReconciledConfig {
  return (config as Record<symbol, unknown>)[RECONCILED] === true;
}

/** Reconciles a configuration once, for many `checkResource`/`checkStack` calls. */
export function packConfigFor(policies: readonly AnyPolicy[], config: PackConfig = {}): ReconciledConfig {
  const reconciled = reconcilePackConfig(policies, config);
  Object.defineProperty(reconciled, RECONCILED, { value: true, enumerable: false });
  return reconciled;
}

function providerOf(resource: ResourceUnderTest, proxies: Proxies) {
  if (resource.provider === null) return undefined;
  const provider = resource.provider ?? (resource.type.startsWith("aws:") ? { name: "source" } : undefined);
  if (!provider) return undefined;
  const type = provider.type ?? "pulumi:providers:aws";
  return {
    type,
    name: provider.name,
    urn: provider.urn ?? `urn:pulumi:test::xacct::${type}::${provider.name}`,
    props: proxied(provider.props ?? {}, proxies),
  };
}

function optsOf(resource: ResourceUnderTest): PolicyResourceOptions {
  return {
    protect: false,
    ignoreChanges: [],
    aliases: [],
    additionalSecretOutputs: [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    parent: resource.parent,
    ...resource.opts,
  };
}

/**
 * A violation is read by a person deciding whether to fix their stack: it must say something, and
 * never print a value the rule failed to render.
 */
function readable(policyName: string, message: string): string {
  if (typeof message !== "string" || message.trim() === "") throw new Error(`${policyName} reported a violation with an empty message`);
  if (/\bundefined\b|\[object Object\]|\bNaN\b/.test(message)) throw new Error(`${policyName} reported a violation with an unrendered value: ${message}`);
  return message;
}

async function collect(
  policy: AnyPolicy,
  config: ReconciledConfig,
  run: (report: (message: string, urn?: string) => void) => Promise<void> | void,
  defaultUrn?: string,
): Promise<Outcome> {
  let level = config[policy.name].enforcementLevel;
  if (level === "remediate") level = "mandatory";
  const outcome: Outcome = { violations: [] };
  if (level === "disabled") return outcome;
  try {
    await run((message, urn) => outcome.violations.push({ policy: policy.name, level, urn: urn ?? defaultUrn, message: readable(policy.name, message) }));
  } catch (error) {
    if (error instanceof NotApplicable) outcome.notApplicable = error.message;
    else if (error instanceof proxy.UnknownValueError) outcome.unknown = error.message;
    else throw error;
  }
  return outcome;
}

export async function checkResource(policy: ResourceValidationPolicy, resource: ResourceUnderTest, packConfig?: PackConfig | ReconciledConfig, proxies: Proxies = new WeakMap()): Promise<Outcome> {
  const config = configured([policy], packConfig);
  const props = proxied(resource.props, proxies);
  const args: ResourceValidationArgs = {
    type: resource.type,
    props,
    urn: urnOf(resource),
    name: resource.name ?? "resource",
    opts: optsOf(resource),
    provider: providerOf(resource, proxies),
    stackTags: new Map(),
    isType: () => false,
    asType: () => undefined,
    getConfig: <T extends object>() => structuredClone(config[policy.name].properties) as T,
    notApplicable: (reason?: string): never => {
      throw new NotApplicable(reason ?? "");
    },
  };
  const validations = ([] as unknown[]).concat(policy.validateResource ?? []) as ((a: ResourceValidationArgs, r: (m: string) => void) => Promise<void> | void)[];
  return collect(policy, config, async (report) => {
    for (const validate of validations) await validate(args, (message) => report(message));
  }, args.urn);
}

export function stackResources(resources: ResourceUnderTest[], proxies: Proxies = new WeakMap()): PolicyResource[] {
  const byUrn = new Map<string, PolicyResource>();
  const built = resources.map((resource) => {
    const policyResource: PolicyResource = {
      type: resource.type,
      props: proxied(resource.props, proxies),
      urn: urnOf(resource),
      name: resource.name ?? "resource",
      opts: optsOf(resource),
      provider: providerOf(resource, proxies),
      dependencies: [],
      propertyDependencies: {},
      isType: () => false,
      asType: () => undefined,
    };
    byUrn.set(policyResource.urn, policyResource);
    return policyResource;
  });
  resources.forEach((resource, index) => {
    const target = built[index];
    const find = (urn: string) => byUrn.get(urn);
    target.parent = resource.parent ? find(resource.parent) : undefined;
    target.dependencies = (resource.dependencies ?? []).map(find).filter((r): r is PolicyResource => r !== undefined);
    target.propertyDependencies = Object.fromEntries(
      Object.entries(resource.propertyDependencies ?? {}).map(([key, urns]) => [key, urns.map(find).filter((r): r is PolicyResource => r !== undefined)]),
    );
  });
  return built;
}

/**
 * The stack's resources built once for every stack rule of a run. The engine builds them afresh for
 * each rule; no rule of this pack changes its arguments, and sharing them lets the rules share one
 * designation (see `designate`), which the pack's many in-process runs would otherwise repeat.
 */
class StackResources {
  readonly built: PolicyResource[];
  constructor(resources: ResourceUnderTest[], proxies: Proxies) {
    this.built = stackResources(resources, proxies);
  }
}

export async function checkStack(policy: StackValidationPolicy, resources: ResourceUnderTest[] | StackResources, packConfig?: PackConfig | ReconciledConfig): Promise<Outcome> {
  const config = configured([policy], packConfig);
  const args: StackValidationArgs = {
    resources: resources instanceof StackResources ? resources.built : stackResources(resources),
    stackTags: new Map(),
    getConfig: <T extends object>() => structuredClone(config[policy.name].properties) as T,
    notApplicable: (reason?: string): never => {
      throw new NotApplicable(reason ?? "");
    },
  };
  return collect(policy, config, (report) => policy.validateStack(args, report));
}

export interface PackResult {
  violations: Violation[];
  /** Rules that could not run on a resource because a value was unknown (preview). */
  unknowns: { policy: string; urn?: string; message: string }[];
}

/** Every policy over every resource, as `pulumi preview --policy-pack` would run them. */
export async function runPack(policies: AnyPolicy[], resources: ResourceUnderTest[], packConfig?: PackConfig | ReconciledConfig): Promise<PackResult> {
  const config = configured(policies, packConfig);
  const result: PackResult = { violations: [], unknowns: [] };
  const proxies: Proxies = new WeakMap();
  const stack = new StackResources(resources, proxies);
  for (const policy of policies) {
    if ("validateStack" in policy) {
      const outcome = await checkStack(policy, stack, config);
      result.violations.push(...outcome.violations);
      if (outcome.unknown) result.unknowns.push({ policy: policy.name, message: outcome.unknown });
      continue;
    }
    for (const resource of resources) {
      const outcome = await checkResource(policy, resource, config, proxies);
      result.violations.push(...outcome.violations);
      if (outcome.unknown) result.unknowns.push({ policy: policy.name, urn: urnOf(resource), message: outcome.unknown });
    }
  }
  return result;
}
