/** What a rule can read off an AWS provider's props, however the engine encoded them. */
import { isUnknown, unwrap } from "./unknowns";

/**
 * `allowedAccountIds` as a list, or undefined when it is unset, unknown or unreadable. Complex
 * provider inputs may arrive JSON-encoded (`"[\"111111111111\"]"`): engines send provider config
 * as strings.
 */
export function allowedAccountIdsOf(providerProps: Record<string, unknown> | undefined): string[] | undefined {
  let ids: unknown = providerProps ? unwrap(providerProps).allowedAccountIds : undefined;
  if (typeof ids === "string" && !isUnknown(ids)) {
    try {
      ids = JSON.parse(ids);
    } catch {
      return undefined;
    }
  }
  return Array.isArray(ids) ? ids.map(String) : undefined;
}

/** The partition of the provider's region: `aws` unless it is a China or GovCloud region. */
export function partitionOf(providerProps: Record<string, unknown> | undefined): string {
  const region = String((providerProps ? unwrap(providerProps).region : undefined) ?? "");
  return region.startsWith("cn-") ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
}
