/**
 * ARNs in policies are patterns, not names: `*` matches any run of characters (including `/` and
 * `:`), `?` one character, anywhere in the ARN (`arn:aws:s3:::*\/*` is every object of every bucket;
 * `arn:aws:s3:::xacct-?ransfer/*` is another bucket too). A policy variable such as
 * `${aws:username}` is filled in per request, so it can be anything.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
 *
 * Two questions, answered on the safe side for the pack:
 * - `patternsIntersect(a, b)`: can one ARN match both? (Used to ask "can this grant reach that
 *   resource?": when in doubt, yes.)
 * - `patternCovers(outer, inner)`: does `outer` match every ARN `inner` matches? (Used to ask "does
 *   this Deny cover that grant?": when in doubt, no.)
 */

type Token = { kind: "any" } | { kind: "one" } | { kind: "char"; char: string };

/** Policy variables (`${aws:username}`) widened to `*`; `${*}`, `${?}`, `${$}` are the literal characters, kept as wildcards (wider). */
function widen(pattern: string): string {
  return pattern.replace(/\$\{[^}]*\}/g, "*");
}

function tokens(pattern: string): Token[] {
  // A "**" gives two "any" tokens, which match what one does (the memoised search stays linear in them).
  return [...pattern].map((char): Token => (char === "*" ? { kind: "any" } : char === "?" ? { kind: "one" } : { kind: "char", char }));
}

/** One character in either casing: compared both lower- and upper-cased, since neither folding alone pairs every casing (the Kelvin sign K lower-cases to "k", the long s ſ upper-cases to "S"). */
function sameLetter(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase() || a.toUpperCase() === b.toUpperCase();
}

/** Can some string match both wildcard patterns? Case-insensitive: ARNs that differ only in case are treated as possibly the same. */
export function patternsIntersect(a: string, b: string): boolean {
  const x = tokens(widen(a));
  const y = tokens(widen(b));
  const memo = x.map(() => new Map<number, boolean>()).concat(new Map());
  const go = (i: number, j: number): boolean => {
    const cached = memo[i].get(j);
    if (cached !== undefined) return cached;
    let result: boolean;
    if (i === x.length && j === y.length) result = true;
    else if (i < x.length && x[i].kind === "any") result = go(i + 1, j) || (j < y.length && go(i, j + 1));
    else if (j < y.length && y[j].kind === "any") result = go(i, j + 1) || (i < x.length && go(i + 1, j));
    else if (i === x.length || j === y.length) result = false;
    else {
      const p = x[i];
      const q = y[j];
      // Neither is "any" here: each is "one" (matches any character) or a character.
      result = (p.kind !== "char" || q.kind !== "char" || sameLetter(p.char, q.char)) && go(i + 1, j + 1);
    }
    memo[i].set(j, result);
    return result;
  };
  return go(0, 0);
}

/**
 * Does `outer` match every string `inner` matches? A `*` in `inner` can only be absorbed by a `*` in
 * `outer`, a `?` by a `?` or `*`. A policy variable in `outer` covers nothing it is not equal to.
 */
export function patternCovers(outer: string, inner: string): boolean {
  // A policy variable in outer is kept as its literal characters, which no widened inner holds.
  if (outer === inner) return true;
  const x = tokens(outer);
  const y = tokens(widen(inner));
  const memo = x.map(() => new Map<number, boolean>()).concat(new Map());
  const go = (i: number, j: number): boolean => {
    const cached = memo[i].get(j);
    if (cached !== undefined) return cached;
    let result: boolean;
    if (i === x.length) result = j === y.length;
    else if (x[i].kind === "any") result = go(i + 1, j) || (j < y.length && go(i, j + 1));
    else if (j === y.length) result = false;
    else if (x[i].kind === "one") result = y[j].kind !== "any" && go(i + 1, j + 1);
    else {
      const p = x[i] as { char: string };
      const q = y[j] as { char?: string };
      // A "*" or "?" in inner has no char, so it equals no literal character of outer.
      result = q.char === p.char && go(i + 1, j + 1);
    }
    memo[i].set(j, result);
    return result;
  };
  return go(0, 0);
}

/**
 * Does the pattern name resources by wildcard rather than by name: `*`; any wildcard in the
 * partition, service, region or account (other regions and accounts); an S3 bucket name with a
 * wildcard (`arn:aws:s3:::*`, `arn:aws:s3:::*\/*`, `arn:aws:s3:::xacct-?ransfer/*`: buckets anyone
 * can register); a resource type or the first character of a name left open (`role/*`,
 * `secret:*`). A wildcard after a literal name (`log-group:/aws/lambda/fn:*`) is not broad.
 */
export function isBroadResource(resource: string): boolean {
  const widened = widen(resource);
  if (!widened.startsWith("arn:")) return /[*?]/.test(widened) || widened === "";
  const parts = widened.split(":");
  if (parts.length < 6) return true;
  const [, partition, service, region, account] = parts;
  if ([partition, service, region, account].some((p) => /[*?]/.test(p))) return true;
  const rest = parts.slice(5).join(":");
  if (service === "s3") return /[*?]/.test(rest.split("/")[0]) || rest === "";
  const match = /^([^/:]*)([/:]?)(.?)/.exec(rest) as RegExpExecArray;
  const [, type, separator, first] = match;
  if (/[*?]/.test(type)) return true;
  return separator !== "" && (first === "" || /[*?]/.test(first));
}

/** S3 ARNs: the bucket and all of its objects, as policies name them. */
export function bucketArns(partition: string, bucket: string): { bucket: string; objects: string } {
  return { bucket: `arn:${partition}:s3:::${bucket}`, objects: `arn:${partition}:s3:::${bucket}/*` };
}

/** The key prefix an object ARN pattern is confined to: the literal part of the key up to its last `/` before any wildcard or variable. */
export function objectKeyPrefix(resource: string): { bucket: string; prefix: string } | undefined {
  const match = /^arn:[^:]*:s3:::([^/]*)\/(.*)/s.exec(resource);
  if (!match) return undefined;
  const key = match[2];
  const cut = key.search(/[*?]|\$\{/);
  const literal = cut < 0 ? key : key.slice(0, cut);
  const prefix = literal.slice(0, literal.lastIndexOf("/") + 1);
  return { bucket: match[1], prefix };
}
