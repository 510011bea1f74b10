import { types } from "node:util";

/**
 * During `pulumi preview` a value that depends on a resource not yet created is unknown. The engine
 * sends it as one of these sentinels; `@pulumi/policy` hands rules a proxy that throws on reading
 * one, and the engine then skips the rest of that rule for that resource (an advisory "can't run
 * during preview"). So a rule that reads through the proxy goes silent on *every* property after the
 * first unknown one. The rules of this pack read the plain values behind the proxy (`unwrap`) and
 * test each value with `isUnknown`, so one unknown property never silences the checks of the others.
 *
 * Secrets: the engine hands rules their plaintext, but offline input cannot: `pulumi preview --json`
 * prints `"[secret]"` and `pulumi stack export` the ciphertext. The offline reader turns both into
 * `SECRET`, which is judged exactly like an unknown value (never compared as a number or boolean).
 */
const UNKNOWN_SENTINELS = new Map([
  ["1c4a061d-8072-4f0a-a4cb-0ff528b18fe7", "boolean"],
  ["3eeb2bf0-c639-47a8-9e75-3b44932eb421", "number"],
  ["04da6b54-80e4-46f7-96ec-b56ff0331ba9", "string"], // and, on the wire, every unknown
  ["6a19a0b0-7e62-4c92-b797-7f8e31da9cc2", "array"],
  ["030794c1-ac77-496b-92df-f27374a8bd58", "asset"],
  ["e48ece36-62e2-4504-bad9-02848725956a", "archive"],
  ["dd056dcd-154b-4c76-9bd3-c8f88648b5ff", "object"],
]);

export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** How `pulumi preview --json` prints a secret; the offline reader uses it for every secret form. */
export const SECRET = "[secret]";

/** Unknown during preview, or a secret whose value the offline input does not carry. */
export function isUnknown(value: unknown): boolean {
  return typeof value === "string" && (UNKNOWN_SENTINELS.has(value) || value === SECRET);
}

export function isSecret(value: unknown): boolean {
  return value === SECRET;
}

/** "secret" or "unknown until the resources it depends on exist". */
export function describeUnknown(value: unknown): string {
  return isSecret(value) ? "secret (its value is not in the input)" : "unknown until the resources it is computed from exist";
}

const plainCopies = new WeakMap<object, unknown>();

/**
 * The plain value behind `@pulumi/policy`'s unknown-checking proxy (or the value itself), with every
 * unknown property as an unknown sentinel. It relies only on how the proxy behaves for any rule (its
 * properties can be listed and read, reading an unknown one throws) and on JavaScript's proxy
 * semantics; `util.types.isProxy` (Node's public API) tells the proxy from plain data, which is
 * returned as it is.
 */
export function unwrap<T>(value: T): T {
  if (value === null || typeof value !== "object" || !types.isProxy(value)) return value;
  let plain = plainCopies.get(value);
  if (plain === undefined) {
    plain = plainCopyOf(value);
    plainCopies.set(value, plain);
  }
  return plain as T;
}

function plainCopyOf(proxied: object): unknown {
  const copy: Record<string, unknown> | unknown[] = Array.isArray(proxied) ? [] : {};
  for (const key of Object.keys(proxied)) (copy as Record<string, unknown>)[key] = unwrap(ownValue(proxied, key));
  return copy;
}

/**
 * A property's value without tripping the proxy: a proxy without a `getOwnPropertyDescriptor` trap
 * hands back the target's own descriptor (the plain value, unknown sentinels included); should a
 * later version trap it, reading the property either gives the value or throws for an unknown one.
 */
function ownValue(object: object, key: string): unknown {
  const descriptor = Object.getOwnPropertyDescriptor(object, key);
  if (descriptor !== undefined && "value" in descriptor) return descriptor.value;
  try {
    return (object as Record<string, unknown>)[key];
  } catch {
    return UNKNOWN;
  }
}

/**
 * The unknown (or secret) values inside `value`, each with its path, e.g. `{ path: ".Statement[0].Resource",
 * value: UNKNOWN }`: path `""` when the value itself is unknown. Objects and arrays are searched through.
 * The path is for people to read: a key may itself hold `.` or `[`, so it is not parsed back.
 */
export function unknownsOf(value: unknown, path = ""): { path: string; value: string }[] {
  const plain = unwrap(value);
  if (isUnknown(plain)) return [{ path, value: plain as string }];
  if (Array.isArray(plain)) return plain.flatMap((item, index) => unknownsOf(item, `${path}[${index}]`));
  if (plain !== null && typeof plain === "object") {
    return Object.entries(plain as Record<string, unknown>).flatMap(([key, item]) => unknownsOf(item, `${path}.${key}`));
  }
  return [];
}

/** The paths of the unknown (or secret) values inside `value` (see {@link unknownsOf}), e.g. `["", ".Statement[0].Resource"]`. */
export function unknownPaths(value: unknown, path = ""): string[] {
  return unknownsOf(value, path).map((unknown) => unknown.path);
}

export function containsUnknown(value: unknown): boolean {
  return unknownPaths(value).length > 0;
}

/** `value` when it is known throughout, otherwise undefined. */
export function known<T>(value: T): T | undefined {
  return containsUnknown(value) ? undefined : unwrap(value);
}

/**
 * A boolean setting: `true`/`false` when known (engines may send provider config as the strings
 * `"true"`/`"false"`), `"unknown"` when unknown or secret, `"invalid"` for anything else, `undefined`
 * when unset.
 */
export function booleanOf(value: unknown): boolean | "unknown" | "invalid" | undefined {
  if (value === undefined || value === null) return undefined;
  if (isUnknown(value)) return "unknown";
  if (value === true || value === "true") return true;
  if (value === false || value === "false") return false;
  return "invalid";
}

/** A number setting: the number when known and numeric, `"unknown"` when unknown, secret or not a number. */
export function numberOf(value: unknown): number | "unknown" | undefined {
  if (value === undefined || value === null) return undefined;
  if (isUnknown(value)) return "unknown";
  const number = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : NaN;
  return Number.isFinite(number) ? number : "unknown";
}
