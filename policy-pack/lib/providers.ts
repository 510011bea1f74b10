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
      // Not JSON: the string itself, unreadable below.
    }
  }
  if (!Array.isArray(ids)) return { kind: "unreadable", value: ids };
  if (ids.some(isUnknown)) return { kind: "unknown" };
  if (ids.some((id) => typeof id !== "string" && typeof id !== "number")) return { kind: "unreadable", value: ids };
  return { kind: "ids", ids: [...new Set(ids.map(String))] };
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
  // Stryker disable next-line StringLiteral: equivalent - any stand-in for a missing region starts with neither prefix, so gives "aws"
  const region = String((providerProps ? unwrap(providerProps).region : undefined) ?? "");
  return region.startsWith("cn-") ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
}

/** A provider setting that changes where or how the provider talks to AWS. */
export interface TransportOverride {
  /** `insecure`, `httpProxy`, `httpsProxy`, `customCaBundle`, or `endpoints.<service>`. */
  setting: string;
  /** The value as written, or undefined when it is unknown or secret. */
  value: string | undefined;
}

/**
 * Settings that send the provider's API calls somewhere else or stop it from checking whom it talks
 * to: `insecure` (no TLS certificate verification), `httpProxy`/`httpsProxy` (a host in the path),
 * `customCaBundle` (certificates of someone else's choosing) and `endpoints` (any service at another
 * URL). The provider learns the account it checks `allowedAccountIds` against from STS (or IAM) at
 * its configured endpoint, so any of these can answer with the pinned account for any credential.
 * Complex provider inputs may arrive JSON-encoded.
 */
export function transportOverridesOf(providerProps: Record<string, unknown> | undefined): TransportOverride[] {
  const props = providerProps ? unwrap(providerProps) : {};
  const overrides: TransportOverride[] = [];
  const blank = (value: unknown) => value === undefined || value === null || value === "";
  const text = (value: unknown) => (isUnknown(value) ? undefined : typeof value === "string" ? value : JSON.stringify(value));
  const insecure = props.insecure;
  if (insecure !== undefined && insecure !== null && insecure !== false && insecure !== "false") overrides.push({ setting: "insecure", value: text(insecure) });
  for (const setting of ["httpProxy", "httpsProxy", "customCaBundle"]) {
    const value = props[setting];
    if (!blank(value)) overrides.push({ setting, value: text(value) });
  }
  let endpoints: unknown = props.endpoints;
  if (blank(endpoints)) return overrides;
  if (isUnknown(endpoints)) return [...overrides, { setting: "endpoints", value: undefined }];
  if (typeof endpoints === "string") {
    try {
      endpoints = JSON.parse(endpoints);
    } catch {
      // Not JSON: the string itself, an endpoint of every service, below.
    }
  }
  const entries = Array.isArray(endpoints) ? endpoints : [endpoints];
  for (const entry of entries) {
    if (entry === null || entry === undefined) continue;
    if (typeof entry !== "object" || isUnknown(entry)) {
      overrides.push({ setting: "endpoints", value: text(entry) });
      continue;
    }
    for (const [service, url] of Object.entries(entry as Record<string, unknown>)) {
      if (!blank(url)) overrides.push({ setting: `endpoints.${service}`, value: text(url) });
    }
  }
  return overrides;
}
