/**
 * Reads IAM policy documents the way AWS reads them, for every rule of the pack:
 * - a document may arrive as a JSON string or an object; `Statement` as an object or a list;
 *   `Action`, `Resource`, `Principal` values as a string or a list;
 * - action names and condition keys are case-insensitive (`S3:putobject` is `s3:PutObject`), while
 *   `Effect` and condition operators are not (`"allow"` is not an Allow);
 * - `NotAction`, `NotResource`, `NotPrincipal` invert what they name;
 * - `…IfExists` and `ForAllValues:`/`ForAnyValue:` change what a condition covers.
 */

import { patternCovers } from "./arn";

export type Effect = "Allow" | "Deny";

export interface Principals {
  /** `"*"` or `{"AWS": "*"}`: anyone, signed or not. */
  wildcard: boolean;
  aws: string[];
  service: string[];
  federated: string[];
  canonicalUser: string[];
}

export interface ConditionClause {
  /** The operator as written, e.g. `ForAnyValue:StringNotEqualsIfExists`. */
  operator: string;
  /** Without qualifier and `IfExists`, e.g. `StringNotEquals`; undefined when AWS does not know it. */
  base?: string;
  ifExists: boolean;
  qualifier?: "ForAllValues" | "ForAnyValue";
  /** Lower-cased: condition keys are case-insensitive. */
  key: string;
  values: string[];
}

export interface Statement {
  index: number;
  sid?: string;
  /** Exactly as written; only `"Allow"` and `"Deny"` mean anything to AWS. */
  effect: string;
  /** Lower-cased action patterns. */
  actions?: string[];
  notActions?: string[];
  resources?: string[];
  notResources?: string[];
  principal?: Principals;
  notPrincipal?: Principals;
  conditions: ConditionClause[];
}

export type ParsedDocument = { ok: true; statements: Statement[] } | { ok: false; error: string };

const KNOWN_OPERATORS = new Set([
  "StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike",
  "NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals",
  "DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals",
  "Bool", "BinaryEquals", "IpAddress", "NotIpAddress", "ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike", "Null",
]);

/** Operators that match when the value is *not* among those listed (and, without a key, match too). */
export const NEGATED_OPERATORS = new Set(["StringNotEquals", "StringNotEqualsIgnoreCase", "StringNotLike", "NumericNotEquals", "DateNotEquals", "NotIpAddress", "ArnNotEquals", "ArnNotLike"]);

const parsedTexts = new Map<string, ParsedDocument>();

/**
 * Every rule reads the same documents, and a document given as JSON text is parsed once: the result
 * is frozen, so that a rule cannot change what the next one reads.
 */
export function parsePolicyDocument(input: unknown): ParsedDocument {
  if (typeof input !== "string") return parseDocument(input);
  let parsed = parsedTexts.get(input);
  if (!parsed) {
    parsed = deepFreeze(parseDocument(input));
    // Stryker disable next-line all: a bound on the memo's memory, not on any verdict
    if (parsedTexts.size >= 5_000) parsedTexts.clear();
    parsedTexts.set(input, parsed);
  }
  return parsed;
}

/** Freezes `value` and everything in it (a cached value then cannot be changed in place). */
export function deepFreeze<T>(value: T): T {
  // Object.isFrozen is true of every primitive (null and undefined included): only objects get here.
  if (!Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value as object)) deepFreeze(child);
  }
  return value;
}

function parseDocument(input: unknown): ParsedDocument {
  let document = input;
  if (typeof input === "string") {
    try {
      document = JSON.parse(input);
    } catch (error) {
      return { ok: false, error: `is not valid JSON (${(error as Error).message})` };
    }
  }
  if (!isObject(document)) return { ok: false, error: "is not a JSON object" };
  const statementValue = document.Statement;
  if (statementValue === undefined) return { ok: false, error: "has no Statement" };
  const rawStatements = Array.isArray(statementValue) ? statementValue : [statementValue];
  const statements: Statement[] = [];
  for (const [index, raw] of rawStatements.entries()) {
    if (!isObject(raw)) return { ok: false, error: `statement #${index + 1} is not an object` };
    const malformed = malformedElement(raw) ?? malformedCondition(raw.Condition);
    if (malformed) return { ok: false, error: `statement #${index + 1} has ${malformed} (AWS refuses such a document)` };
    statements.push(parseStatement(raw, index));
  }
  return { ok: true, statements };
}

function parseStatement(raw: Record<string, unknown>, index: number): Statement {
  const lower = (values: string[] | undefined) => values?.map((v) => v.toLowerCase());
  return {
    index,
    sid: typeof raw.Sid === "string" ? raw.Sid : undefined,
    effect: String(raw.Effect),
    actions: lower(stringList(raw.Action)),
    notActions: lower(stringList(raw.NotAction)),
    resources: stringList(raw.Resource),
    notResources: stringList(raw.NotResource),
    principal: raw.Principal === undefined ? undefined : parsePrincipal(raw.Principal),
    notPrincipal: raw.NotPrincipal === undefined ? undefined : parsePrincipal(raw.NotPrincipal),
    conditions: parseConditions(raw.Condition),
  };
}

function parsePrincipal(raw: unknown): Principals {
  const principals: Principals = { wildcard: false, aws: [], service: [], federated: [], canonicalUser: [] };
  if (raw === "*") {
    principals.wildcard = true;
    return principals;
  }
  if (!isObject(raw)) return principals;
  for (const [type, value] of Object.entries(raw)) {
    const values = stringList(value) ?? [];
    switch (type) {
      case "AWS":
        if (values.includes("*")) principals.wildcard = true;
        principals.aws.push(...values.filter((v) => v !== "*"));
        break;
      case "Service":
        principals.service.push(...values);
        break;
      case "Federated":
        principals.federated.push(...values);
        break;
      case "CanonicalUser":
        principals.canonicalUser.push(...values);
        break;
    }
  }
  return principals;
}

const LIST_ELEMENTS = ["Action", "NotAction", "Resource", "NotResource"] as const;

/** A list element (or a principal's or condition key's values) holding an object or a nested list. */
function malformedElement(raw: Record<string, unknown>): string | undefined {
  for (const element of LIST_ELEMENTS) {
    if (!isFlatList(raw[element])) return `a ${element} that is not a string or a list of strings`;
  }
  for (const element of ["Principal", "NotPrincipal"] as const) {
    const principal = raw[element];
    if (isObject(principal) && !Object.values(principal).every(isFlatList)) {
      return `a ${element} whose values are not strings or lists of strings`;
    }
  }
  return undefined;
}

/** A value AWS's grammar accepts where it takes one value or a list of them: no objects, no nesting. */
function isFlatList(value: unknown): boolean {
  const isScalar = (v: unknown) => v === null || typeof v !== "object";
  return Array.isArray(value) ? value.every(isScalar) : isScalar(value);
}

const OPERATOR = /^(?:(ForAllValues|ForAnyValue):)?(.+?)(IfExists)?$/;

/** What is wrong with a Condition element's shape, if anything: it must map operators to objects of keys. */
function malformedCondition(raw: unknown): string | undefined {
  if (raw === undefined) return undefined;
  if (!isObject(raw)) return "a Condition that is not an object";
  for (const [operator, block] of Object.entries(raw)) {
    if (!OPERATOR.test(operator)) return `the condition operator ${JSON.stringify(operator)}`;
    if (!isObject(block)) return `a condition under ${operator} that is not an object of keys`;
    if (Object.keys(block).some((key) => key === "")) return `an empty condition key under ${operator}`;
    if (!Object.values(block).every(isFlatList)) return `a condition value under ${operator} that is an object or a nested list`;
  }
  return undefined;
}

function parseConditions(raw: unknown): ConditionClause[] {
  if (!isObject(raw)) return [];
  const clauses: ConditionClause[] = [];
  for (const [operator, block] of Object.entries(raw)) {
    const match = OPERATOR.exec(operator) as RegExpExecArray;
    const [, qualifier, name, ifExists] = match;
    const base = KNOWN_OPERATORS.has(name) ? name : undefined;
    // malformedCondition has refused any block that is not an object of keys.
    for (const [key, value] of Object.entries(block as Record<string, unknown>)) {
      clauses.push({
        operator,
        base,
        ifExists: Boolean(ifExists) && name !== "Null",
        qualifier: qualifier as ConditionClause["qualifier"],
        key: key.toLowerCase(),
        values: (Array.isArray(value) ? value : [value]).map((v) => String(v)),
      });
    }
  }
  return clauses;
}

function stringList(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  return (Array.isArray(value) ? value : [value]).map((v) => String(v));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** How a rule names a statement in a message: by its Sid, or by position when it has none. */
export function statementLabel(statement: Statement): string {
  return statement.sid ? `statement "${statement.sid}"` : `statement #${statement.index + 1}`;
}

const wildcardPatterns = new Map<string, RegExp>();

/** IAM wildcard match: `*` any run of characters, `?` one character. */
export function wildcardMatch(pattern: string, value: string, caseInsensitive = false): boolean {
  // One pattern is matched against every action of its service, so each is compiled once.
  const key = `${caseInsensitive ? "i" : "s"}${pattern}`;
  return (wildcardPatterns.get(key) ?? compileWildcard(key, pattern, caseInsensitive)).test(value);
}

function compileWildcard(key: string, pattern: string, caseInsensitive: boolean): RegExp {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  const compiled = new RegExp(`^${source}$`, caseInsensitive ? "is" : "s");
  // Stryker disable next-line all: a bound on the memo's memory, not on any verdict
  if (wildcardPatterns.size >= 10_000) wildcardPatterns.clear();
  wildcardPatterns.set(key, compiled);
  return compiled;
}

export function hasWildcard(value: string): boolean {
  return value.includes("*") || value.includes("?");
}

/** Does the statement's Action/NotAction cover `action`? */
export function coversAction(statement: Statement, action: string): boolean {
  if (statement.actions) return statement.actions.some((pattern) => wildcardMatch(pattern, action, true));
  if (statement.notActions) return !statement.notActions.some((pattern) => wildcardMatch(pattern, action, true));
  return false;
}

export { patternCovers };

/** The clauses on condition key `key` (case-insensitive). */
export function clausesOn(statement: Statement, key: string): ConditionClause[] {
  const wanted = key.toLowerCase();
  return statement.conditions.filter((c) => c.key === wanted);
}
