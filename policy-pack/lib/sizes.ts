/**
 * How big each IAM document is, measured the way AWS measures it, against the limits AWS enforces
 * only at apply time; and the per-account counts that bound fan-in (roles per account). Shared by
 * iam-policy-size-limits (refuses what exceeds), iam-account-quotas (refuses what exceeds across
 * resources) and iam-policy-size-headroom (warns past a share of the limit).
 */
import { PolicyResource } from "@pulumi/policy";
import { DocumentSource, TYPES, documentsOf } from "./resources";
import { accountOf, propsOf } from "./stack";
import { containsUnknown, isUnknown } from "./unknowns";

export interface SizeLimits {
  bucketPolicyMaxBytes: number;
  trustPolicyMaxCharacters: number;
  inlinePoliciesMaxCharacters: number;
  managedPolicyMaxCharacters: number;
  endpointPolicyMaxCharacters: number;
}

export const DEFAULT_SIZE_LIMITS: SizeLimits = {
  bucketPolicyMaxBytes: 20480,
  trustPolicyMaxCharacters: 2048,
  inlinePoliciesMaxCharacters: 10240,
  managedPolicyMaxCharacters: 6144,
  endpointPolicyMaxCharacters: 20480,
};

/** The pack config of the limits (only lower values are accepted where AWS's limit is fixed). */
export const SIZE_LIMITS_SCHEMA = {
  bucketPolicyMaxBytes: { type: "integer", minimum: 1, default: 20480, maximum: 20480, description: "Bucket policy limit in bytes (AWS: 20 KB). Only lower values are accepted." },
  trustPolicyMaxCharacters: { type: "integer", minimum: 1, default: 2048, maximum: 8192, description: "Trust policy limit in characters. Raise it only if your account's quota was raised (AWS maximum 8,192)." },
  inlinePoliciesMaxCharacters: { type: "integer", minimum: 1, default: 10240, maximum: 10240, description: "Total inline policy characters per role (AWS: 10,240)." },
  managedPolicyMaxCharacters: { type: "integer", minimum: 1, default: 6144, maximum: 6144, description: "Managed policy limit in characters (AWS: 6,144)." },
  endpointPolicyMaxCharacters: { type: "integer", minimum: 1, default: 20480, maximum: 20480, description: "VPC endpoint policy limit in characters (AWS: 20,480)." },
} as const;

/** AWS's default quota of IAM roles per account (raisable to 5,000). */
export const DEFAULT_ROLES_PER_ACCOUNT = 1000;

/** One measured document (or total) and the limit it is held to. */
export interface Measure {
  /** Reads as the subject of a sentence: `policy (bucket policy)`. */
  what: string;
  kind: "bucket" | "endpoint" | "trust" | "managed" | "inline" | "inline total" | "roles";
  size: number;
  limit: number;
  unit: string;
}

function textOf(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** IAM does not count white space outside strings; a document it cannot parse is measured as sent. */
export function iamLength(value: unknown): number {
  const text = textOf(value);
  try {
    return JSON.stringify(JSON.parse(text)).length;
  } catch {
    return text.length;
  }
}

/** A document as sent, in UTF-8 bytes (how S3 measures a bucket policy). */
export function byteLength(value: unknown): number {
  return Buffer.byteLength(textOf(value));
}

/** A document as sent, in characters, white space included (how a VPC endpoint policy is measured). */
export function characterLength(value: unknown): number {
  return textOf(value).length;
}

/** The documents of one resource that can be measured (unknown or secret ones cannot). */
export function measurableDocuments(type: string, props: Record<string, any>): DocumentSource[] {
  return documentsOf(type, props).filter((d) => d.value !== undefined && d.value !== null && !containsUnknown(d.value));
}

/** Every document of one resource, and a role's inline policies added up. */
export function measureResource(type: string, props: Record<string, any>, limits: SizeLimits): Measure[] {
  const present = measurableDocuments(type, props);
  const measures: Measure[] = [];
  for (const document of present) {
    switch (document.kind) {
      case "bucket":
        measures.push({ what: `${document.property} (bucket policy)`, kind: "bucket", size: byteLength(document.value), limit: limits.bucketPolicyMaxBytes, unit: "bytes" });
        break;
      case "endpoint":
        measures.push({ what: `${document.property} (VPC endpoint policy)`, kind: "endpoint", size: characterLength(document.value), limit: limits.endpointPolicyMaxCharacters, unit: "characters" });
        break;
      case "trust":
        measures.push({ what: `${document.property} (trust policy)`, kind: "trust", size: iamLength(document.value), limit: limits.trustPolicyMaxCharacters, unit: "characters" });
        break;
      case "identity":
        if (document.managed) measures.push({ what: `${document.property} (managed policy)`, kind: "managed", size: iamLength(document.value), limit: limits.managedPolicyMaxCharacters, unit: "characters" });
        else if (type !== TYPES.role) measures.push({ what: `${document.property} (inline policy)`, kind: "inline", size: iamLength(document.value), limit: limits.inlinePoliciesMaxCharacters, unit: "characters" });
    }
  }
  if (type === TYPES.role) {
    const inline = present.filter((d) => d.kind === "identity");
    const total = inline.reduce((sum, d) => sum + iamLength(d.value), 0);
    measures.push({ what: `the role's ${inline.length} inline policies`, kind: "inline total", size: total, limit: limits.inlinePoliciesMaxCharacters, unit: "characters in total" });
  }
  return measures;
}

/**
 * A role's inline policies across resources: its own `inlinePolicies` and every RolePolicy naming
 * it (by name, in the same pinned account). AWS counts them together against one 10,240 limit.
 */
export function inlineTotalsPerRole(resources: PolicyResource[], limits: SizeLimits): { role: string; resource: PolicyResource; resources: number; measure: Measure }[] {
  const totals = new Map<string, { role: string; resource: PolicyResource; count: number; size: number; from: Set<PolicyResource> }>();
  const add = (role: string, resource: PolicyResource, size: number) => {
    const key = `${accountOf(resource)}/${role}`;
    const entry = totals.get(key) ?? { role, resource, count: 0, size: 0, from: new Set<PolicyResource>() };
    entry.count++;
    entry.size += size;
    entry.from.add(resource);
    totals.set(key, entry);
  };
  for (const resource of resources) {
    // Plain values: at preview a proxied unknown throws when read, which would turn the mandatory quota rule into an advisory.
    const props = propsOf(resource);
    // A role's own inline policies, and a RolePolicy's: the role it names (a User/GroupPolicy names a user or group, no `role`).
    const role = resource.type === TYPES.role ? props.name : props.role;
    if (typeof role !== "string" || isUnknown(role)) continue;
    for (const d of measurableDocuments(resource.type, props).filter((d) => d.kind === "identity" && !d.managed)) add(role, resource, iamLength(d.value));
  }
  return [...totals.values()].map(({ role, resource, count, size, from }) => ({
    role,
    resource,
    resources: from.size,
    measure: { what: `the ${count} inline policies of role ${role}`, kind: "inline total", size, limit: limits.inlinePoliciesMaxCharacters, unit: "characters in total" },
  }));
}

/** The roles of each pinned account in the stack (a role whose provider pins no account is left out). */
export function rolesPerAccount(resources: PolicyResource[]): Map<string, PolicyResource[]> {
  const roles = new Map<string, PolicyResource[]>();
  for (const role of resources.filter((r) => r.type === TYPES.role || r.type === "aws-native:iam:Role")) {
    const account = accountOf(role);
    if (account) roles.set(account, [...(roles.get(account) ?? []), role]);
  }
  return roles;
}
