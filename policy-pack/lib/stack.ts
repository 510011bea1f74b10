/** Reading a stack's resources in stack rules without tripping over preview's unknown values. */
import { PolicyResource } from "@pulumi/policy";
import { parsePolicyDocument, Statement } from "./iam";
import { partitionOf, pinnedAccountOf } from "./providers";
import { isUnknown, unwrap } from "./unknowns";

/** A resource's props as plain data: unknown values stay as their sentinels, to be tested with `isUnknown`. */
export function propsOf(resource: PolicyResource): Record<string, any> {
  return unwrap(resource.props);
}

/** The resource's cloud id: `id` in its outputs, unknown until it is created. */
export function idOf(resource: PolicyResource): string | undefined {
  const id = propsOf(resource).id;
  return id === undefined || id === "" || isUnknown(id) ? undefined : String(id);
}

/** True when `resource`'s `property` was computed from `source` (the engine's property dependencies). */
export function isWiredTo(resource: PolicyResource, property: string, source: PolicyResource): boolean {
  return resource.propertyDependencies[property]?.some((dependency) => dependency.urn === source.urn) ?? false;
}

/**
 * Does `value` (the `property` of `resource`) designate `target`? Known: compare with the target's
 * id (or `targetName`, for buckets referred to by name). Unknown during preview: it will be the
 * target exactly when the property is wired to it.
 */
export function designates(resource: PolicyResource, property: string, target: PolicyResource, targetName?: string): boolean {
  const value = propsOf(resource)[property];
  if (isUnknown(value)) return isWiredTo(resource, property, target);
  const expected = targetName ?? idOf(target);
  return expected !== undefined ? value === expected : isWiredTo(resource, property, target);
}

/** The account a resource is deployed into: the one account its provider pins. */
export function accountOf(resource: PolicyResource): string | undefined {
  return pinnedAccountOf(resource.provider?.props);
}

/** A parsed document property; `"unknown"` when unknown or secret; undefined when absent (empty) or unreadable. */
export function documentOf(resource: PolicyResource, property: string): { statements: Statement[] } | "unknown" | undefined {
  const value = propsOf(resource)[property];
  if (isUnknown(value)) return "unknown";
  const parsed = parsePolicyDocument(value);
  return parsed.ok ? { statements: parsed.statements } : undefined;
}

/** A role's ARN: its output once known; before that, what AWS will make of its name and account. */
export function roleArnOf(role: PolicyResource): string | undefined {
  const props = propsOf(role);
  if (typeof props.arn === "string" && !isUnknown(props.arn) && props.arn !== "") return props.arn;
  const provider = role.provider?.props;
  const account = pinnedAccountOf(provider);
  const path = typeof props.path === "string" && !isUnknown(props.path) ? props.path : "/";
  return account && typeof props.name === "string" && !isUnknown(props.name) ? `arn:${partitionOf(provider)}:iam::${account}:role${path}${props.name}` : undefined;
}

/** The 12-digit account of an ARN (`arn:aws:iam::111111111111:role/x` → 111111111111). */
export function accountOfArn(arn: string): string | undefined {
  const account = arn.split(":")[4];
  return account && /^\d{12}$/.test(account) ? account : undefined;
}

/**
 * The outputs the stack reads from other stacks: each `pulumi:pulumi:StackReference`'s `outputs`
 * (unknown or secret values stay as sentinels). In a `target` stack these are the `source` half:
 * its instance role and endpoints.
 */
export function stackReferenceOutputs(resources: readonly PolicyResource[]): { reference: PolicyResource; outputs: Record<string, unknown> | "unknown" }[] {
  return resources
    .filter((r) => r.type === "pulumi:pulumi:StackReference")
    .map((reference) => {
      const outputs = propsOf(reference).outputs;
      return { reference, outputs: outputs !== null && typeof outputs === "object" && !Array.isArray(outputs) ? (outputs as Record<string, unknown>) : "unknown" };
    });
}

/** The stack's own outputs, as `pulumi stack export` records them on the `pulumi:pulumi:Stack` resource (empty when absent or unknown). */
export function stackOutputs(resources: PolicyResource[]): Record<string, unknown> {
  const stack = resources.find((r) => r.type === "pulumi:pulumi:Stack");
  const outputs = stack ? propsOf(stack) : {};
  return outputs !== null && typeof outputs === "object" ? outputs : {};
}

/** Every account this stack deploys into (its providers' pins) or reads from the other half (its StackReferences' ARNs). */
export function stackAccounts(resources: PolicyResource[]): Set<string> {
  const accounts = new Set<string>();
  for (const resource of resources) {
    const account = accountOf(resource);
    if (account) accounts.add(account);
  }
  for (const { outputs } of stackReferenceOutputs(resources)) {
    // Stryker disable next-line StringLiteral: equivalent - reading on, the characters of "unknown" are no ARN (the ConditionalExpression `false` variant survives for the same reason)
    if (outputs === "unknown") continue;
    for (const value of Object.values(outputs)) {
      const account = typeof value === "string" ? accountOfArn(value) : undefined;
      if (account) accounts.add(account);
    }
  }
  return accounts;
}
