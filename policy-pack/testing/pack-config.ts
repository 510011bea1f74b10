/**
 * The pack's configuration, read and checked the way the Pulumi CLI reads and checks
 * `pulumi preview --policy-pack-config FILE`:
 * - the file is a JSON object; each key is a policy name (or `all`), each value either an
 *   enforcement level string or an object with an optional `enforcementLevel` and the policy's
 *   properties;
 * - each policy starts from its own enforcement level and the `default`s of its `configSchema`;
 *   `all`'s level then applies to every policy, then each policy's own entry;
 * - the merged properties of each policy are validated against
 *   `{ type: "object", properties, required }` from its `configSchema` (the CLI uses a JSON-schema
 *   validator, gojsonschema; here Ajv); any error refuses the whole configuration.
 * Keys naming no policy of the pack are ignored by the CLI; `policy:check` reports them too.
 */
import type Ajv from "ajv";
import type { EnforcementLevel, PolicyConfigSchema, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";

type AnyPolicy = ResourceValidationPolicy | StackValidationPolicy;

const LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

/** How strongly a level stops a deployment: remediate is reported as mandatory when it cannot fix. */
const STRENGTH: Record<EnforcementLevel, number> = { disabled: 0, advisory: 1, mandatory: 2, remediate: 2 };

/** One entry of the file, as the CLI parses it. */
export interface GivenPolicyConfig {
  enforcementLevel?: EnforcementLevel;
  properties: Record<string, unknown>;
}

/** What each policy runs with. */
export interface PolicyConfig {
  enforcementLevel: EnforcementLevel;
  properties: Record<string, unknown>;
}

export type ReconciledConfig = Record<string, PolicyConfig>;

export class PackConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`policy pack configuration is invalid: ${problems.join("; ")}`);
  }
}

/** Parses the file's JSON as the CLI does; an empty file is no configuration. */
export function parsePackConfig(text: string): Record<string, GivenPolicyConfig> {
  if (text.trim() === "") return {};
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new PackConfigError([`not JSON: ${(error as Error).message}`]);
  }
  return parsePackConfigObject(raw);
}

export function parsePackConfigObject(raw: unknown): Record<string, GivenPolicyConfig> {
  if (!isObject(raw)) throw new PackConfigError(["the configuration must be a JSON object of policy names"]);
  const result: Record<string, GivenPolicyConfig> = {};
  const problems: string[] = [];
  for (const [name, value] of Object.entries(raw)) {
    if (typeof value === "string") {
      if (!LEVELS.includes(value as EnforcementLevel)) problems.push(`Value ${JSON.stringify(value)} for ${JSON.stringify(name)} is not a valid enforcement level (${LEVELS.join(", ")})`);
      else result[name] = { enforcementLevel: value as EnforcementLevel, properties: {} };
    } else if (isObject(value)) {
      const { enforcementLevel, ...properties } = value;
      if (enforcementLevel !== undefined && (typeof enforcementLevel !== "string" || !LEVELS.includes(enforcementLevel as EnforcementLevel))) {
        problems.push(`Value ${JSON.stringify(enforcementLevel)} for ${JSON.stringify(name)} is not a valid enforcement level (${LEVELS.join(", ")})`);
        continue;
      }
      result[name] = { enforcementLevel: enforcementLevel as EnforcementLevel | undefined, properties };
    } else {
      problems.push(`Value ${JSON.stringify(value)} for ${JSON.stringify(name)} is not a valid value; must be a string or object`);
    }
  }
  if (problems.length > 0) throw new PackConfigError(problems);
  return result;
}

/** The file's shape: `"advisory"` or `{ enforcementLevel, ...properties }` per policy name or `all`. */
export type PackConfigInput = Record<string, unknown>;

function defaultsOf(schema: PolicyConfigSchema | undefined): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(schema?.properties ?? {})
      .filter(([, property]) => (property as { default?: unknown }).default !== undefined)
      .map(([key, property]) => [key, structuredClone((property as { default?: unknown }).default)]),
  );
}

let ajv: Ajv | undefined;
const validators = new WeakMap<AnyPolicy, ReturnType<Ajv["compile"]>>();

function validatorOf(policy: AnyPolicy) {
  let validate = validators.get(policy);
  if (!validate) {
    const schema = policy.configSchema;
    // Loaded on first use: a run with the default config (the offline plan's) never needs it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    ajv ??= new (require("ajv") as typeof import("ajv")).default({ allErrors: true, strict: false });
    validate = ajv.compile({
      type: "object",
      ...(schema?.properties && Object.keys(schema.properties).length > 0 ? { properties: schema.properties } : {}),
      ...(schema?.required && schema.required.length > 0 ? { required: schema.required } : {}),
    });
    validators.set(policy, validate);
  }
  return validate;
}

/** Every policy's level and properties, as the engine would configure the pack; throws `PackConfigError`. */
export function reconcilePackConfig(
  policies: readonly AnyPolicy[],
  input: PackConfigInput = {},
  packLevel: EnforcementLevel = "mandatory",
  options: { validateAll?: boolean } = {},
): ReconciledConfig {
  const given = parsePackConfigObject(input);
  const result: ReconciledConfig = {};
  for (const policy of policies) {
    result[policy.name] = { enforcementLevel: policy.enforcementLevel ?? packLevel, properties: defaultsOf(policy.configSchema) };
  }
  const all = given.all?.enforcementLevel;
  if (all) for (const entry of Object.values(result)) entry.enforcementLevel = all;
  for (const [name, entry] of Object.entries(given)) {
    const target = result[name];
    if (!target) continue;
    if (entry.enforcementLevel) target.enforcementLevel = entry.enforcementLevel;
    Object.assign(target.properties, entry.properties);
  }
  const problems: string[] = [];
  // The CLI validates every rule; a rule left at its schema's own defaults is valid by construction
  // (pack-config.spec checks it for this pack), so only configured rules pay for compiling a validator.
  for (const policy of policies.filter((p) => options.validateAll || Object.keys(given[p.name]?.properties ?? {}).length > 0)) {
    if (!policy.configSchema) continue;
    const validate = validatorOf(policy);
    if (!validate(result[policy.name].properties)) {
      for (const error of validate.errors ?? []) {
        const where = error.instancePath ? error.instancePath.slice(1).replace(/\//g, ".") : "(root)";
        problems.push(`Policy ${JSON.stringify(policy.name)}: ${where}: ${error.message}${error.params && "allowedValues" in error.params ? ` (${(error.params.allowedValues as unknown[]).join(", ")})` : ""}`);
      }
    }
  }
  if (problems.length > 0) throw new PackConfigError(problems);
  return result;
}

/** Names in the configuration that are neither `all` nor a policy of the pack (the CLI ignores them). */
export function unknownPolicyNames(policies: readonly AnyPolicy[], input: PackConfigInput): string[] {
  const names = new Set(policies.map((p) => p.name));
  return Object.keys(input).filter((name) => name !== "all" && !names.has(name));
}

export interface Loosening {
  policy: string;
  /** e.g. `lowered from mandatory to advisory`, `disabled`, or a property set away from its default. */
  change: string;
  kind: "disabled" | "lowered" | "property";
}

/**
 * What a configuration changes from the pack's defaults: rules disabled or lowered below their own
 * level, and properties set to something other than their default (each property's `description`
 * says what it loosens). `policy:check` and `plan` print these, so nothing is loosened silently.
 */
export function loosenings(policies: readonly AnyPolicy[], config: ReconciledConfig, packLevel: EnforcementLevel = "mandatory"): Loosening[] {
  const result: Loosening[] = [];
  for (const policy of policies) {
    const entry = config[policy.name];
    if (!entry) continue;
    const own = policy.enforcementLevel ?? packLevel;
    if (entry.enforcementLevel === "disabled" && own !== "disabled") {
      result.push({ policy: policy.name, kind: "disabled", change: `disabled (its own level is ${own})` });
    } else if (STRENGTH[entry.enforcementLevel] < STRENGTH[own]) {
      result.push({ policy: policy.name, kind: "lowered", change: `lowered from ${own} to ${entry.enforcementLevel}` });
    }
    const defaults = defaultsOf(policy.configSchema);
    for (const [key, value] of Object.entries(entry.properties)) {
      if (JSON.stringify(value) === JSON.stringify(defaults[key])) continue;
      const description = (policy.configSchema?.properties?.[key] as { description?: string } | undefined)?.description;
      result.push({ policy: policy.name, kind: "property", change: `${key} = ${JSON.stringify(value)} (default ${JSON.stringify(defaults[key] ?? null)})${description ? `: ${description}` : ""}` });
    }
  }
  return result;
}

/** One line per loosening, for a report: `[config] policy: change`. */
export function formatLoosenings(items: readonly Loosening[]): string[] {
  return items.map((item) => `[config] ${item.policy}: ${item.change}`);
}

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
