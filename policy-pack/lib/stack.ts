/** Reading a stack's resources in stack rules without tripping over preview's unknown values. */
import { PolicyResource } from "@pulumi/policy";
import { allowedAccountIdsOf } from "./providers";
import { isUnknown, unwrap } from "./unknowns";

/** A resource's props as plain data: unknown values stay as their sentinels, to be tested with `isUnknown`. */
export function propsOf(resource: PolicyResource): Record<string, any> {
  return unwrap(resource.props);
}

/** The resource's cloud id: `id` in its outputs, unknown until it is created. */
export function idOf(resource: PolicyResource): string | undefined {
  const id = propsOf(resource).id;
  return id === undefined || isUnknown(id) ? undefined : String(id);
}

/** True when `resource`'s `property` was computed from `source` (the engine's property dependencies). */
export function isWiredTo(resource: PolicyResource, property: string, source: PolicyResource): boolean {
  return (resource.propertyDependencies[property] ?? []).some((dependency) => dependency.urn === source.urn);
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

/** The account a resource is deployed into, from its provider's `allowedAccountIds`. */
export function accountOf(resource: PolicyResource): string | undefined {
  const ids = allowedAccountIdsOf(resource.provider?.props);
  return ids?.length === 1 ? ids[0] : undefined;
}
