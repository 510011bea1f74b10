/** What a rule can read off an AWS provider and its props, however the engine encoded them. */
import { isUnknown, unwrap } from "./unknowns";

/** Provider types whose resources live in one AWS account. */
export const AWS_PROVIDER_TYPES = new Set(["pulumi:providers:aws", "pulumi:providers:aws-native"]);

export type AccountPin = { kind: "unset" } | { kind: "unknown" } | { kind: "unreadable"; value: unknown } | { kind: "ids"; ids: string[] };

/**
 * `allowedAccountIds` of a provider: unset, unknown (or secret), unreadable, or the list. Complex
 * provider inputs may arrive JSON-encoded (`"[\"111111111111\"]"`): engines send provider config
 * as strings.
 */
export function accountPinOf(providerProps: Record<string, unknown> | undefined): AccountPin {
  let ids: unknown = providerProps ? unwrap(providerProps).allowedAccountIds : undefined;
  if (ids === undefined || ids === null) return { kind: "unset" };
  if (isUnknown(ids)) return { kind: "unknown" };
  if (typeof ids === "string") {
    try {
      ids = JSON.parse(ids);
    } catch {
      return { kind: "unreadable", value: ids };
    }
  }
  if (!Array.isArray(ids)) return { kind: "unreadable", value: ids };
  if (ids.some(isUnknown)) return { kind: "unknown" };
  if (ids.some((id) => typeof id !== "string" && typeof id !== "number")) return { kind: "unreadable", value: ids };
  return { kind: "ids", ids: [...new Set(ids.map(String))] };
}

/** `allowedAccountIds` as a list, or undefined when it is unset, unknown or unreadable. */
export function allowedAccountIdsOf(providerProps: Record<string, unknown> | undefined): string[] | undefined {
  const pin = accountPinOf(providerProps);
  return pin.kind === "ids" ? pin.ids : undefined;
}

/** The one account a provider pins, or undefined when it pins none, several, or cannot be read. */
export function pinnedAccountOf(providerProps: Record<string, unknown> | undefined): string | undefined {
  const pin = accountPinOf(providerProps);
  return pin.kind === "ids" && pin.ids.length === 1 && /^\d{12}$/.test(pin.ids[0]) ? pin.ids[0] : undefined;
}

/**
 * A default provider: the engine names it `default` or `default_<version>` (e.g. `default_7_48_0`).
 * An explicit provider may have any other name, `default-target` included.
 */
export function isDefaultProviderName(name: string): boolean {
  return name === "default" || /^default_\d+_\d+_\d+(?:_[A-Za-z0-9.-]+)?$/.test(name);
}

/** The partition of the provider's region: `aws` unless it is a China or GovCloud region. */
export function partitionOf(providerProps: Record<string, unknown> | undefined): string {
  const region = String((providerProps ? unwrap(providerProps).region : undefined) ?? "");
  return region.startsWith("cn-") ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
}
