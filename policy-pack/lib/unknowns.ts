/**
 * During `pulumi preview` a value that depends on a resource not yet created is unknown. The engine
 * sends it as one of these sentinels; `@pulumi/policy` hands resource rules a proxy that throws on
 * reading one (the engine then reports "can't run during preview" and runs the rule again at update
 * time, before the resource is created). Stack rules must not give up like that: they read the raw
 * values and treat an unknown as the resource it is wired to.
 */
const UNKNOWN_SENTINELS = new Set([
  "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7", // boolean
  "3eeb2bf0-c639-47a8-9e75-3b44932eb421", // number
  "04da6b54-80e4-46f7-96ec-b56ff0331ba9", // string (and, on the wire, every unknown)
  "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2", // array
  "030794c1-ac77-496b-92df-f27374a8bd58", // asset
  "e48ece36-62e2-4504-bad9-02848725956a", // archive
  "dd056dcd-154b-4c76-9bd3-c8f88648b5ff", // object
]);

export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function isUnknown(value: unknown): boolean {
  return typeof value === "string" && UNKNOWN_SENTINELS.has(value);
}

/** The plain object behind `@pulumi/policy`'s unknown-checking proxy (or the value itself). */
export function unwrap<T>(value: T): T {
  if (value !== null && typeof value === "object") {
    const target = (value as Record<string, unknown>)["__getSpecialProxyTarget"];
    if (target !== undefined) return target as T;
  }
  return value;
}
