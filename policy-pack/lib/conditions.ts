/**
 * Conditions judged by operator and key, the way AWS evaluates them.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 *
 * - A guard in an **Allow** narrows whom or what it grants only with a positive operator
 *   (`StringEquals`, `ArnEquals`, or a `…Like` whose values have no wildcard), without `…IfExists`
 *   (a request without the key would pass) and without a set qualifier (`ForAnyValue:`,
 *   `ForAllValues:` change what a single-valued key means), with exact values.
 * - A guard in a **Deny** fires for every request outside the exact values only with the negated
 *   operator (`StringNotEquals`, `ArnNotEquals`, a `…NotLike` without wildcards), without a set
 *   qualifier (`ForAnyValue:StringNotEquals` does not fire when the key is absent), and with no
 *   other condition beside it (a `Null` check or another key narrows whom it covers).
 */
import { ConditionClause, NEGATED_OPERATORS, Statement, clausesOn, hasWildcard } from "./iam";

const POSITIVE = new Set<string | undefined>(["StringEquals", "StringEqualsIgnoreCase", "ArnEquals", "StringLike", "ArnLike"]);

/** A value with no wildcard and no policy variable. */
export function isExactValue(value: string): boolean {
  return !hasWildcard(value) && !value.includes("${");
}

/** Is this clause a sound Allow guard whose values all pass `exact`? */
export function isAllowGuard(clause: ConditionClause, exact: (value: string) => boolean = isExactValue): boolean {
  return POSITIVE.has(clause.base) && !clause.ifExists && !clause.qualifier && clause.values.length > 0 && clause.values.every((v) => isExactValue(v) && exact(v));
}

/** The exact values a sound Allow guard pins `key` to, or undefined when no clause on `key` is one. */
export function allowGuard(statement: Statement, key: string, exact: (value: string) => boolean = isExactValue): string[] | undefined {
  const guard = clausesOn(statement, key).find((c) => isAllowGuard(c, exact));
  return guard?.values;
}

/** Why a Deny's clauses on `key` do not make it fire for every request outside exact values (empty: they do). */
export function denyGuardProblems(
  statement: Statement,
  key: string,
  exact: (value: string) => boolean = isExactValue,
  options: { valueName?: string; allowedOtherKeys?: string[] } = {},
): string[] {
  const valueName = options.valueName ?? `exact ${key} value`;
  // Stryker disable next-line ArrayDeclaration: condition keys are lowercased, so a non-empty default names no real key either
  const allowedOtherKeys = options.allowedOtherKeys ?? [];
  const problems: string[] = [];
  const clauses = clausesOn(statement, key);
  if (clauses.length === 0) problems.push(`it has no condition on ${key}`);
  for (const clause of clauses) {
    if (!clause.base || !NEGATED_OPERATORS.has(clause.base) || !(clause.base.startsWith("String") || clause.base.startsWith("Arn"))) {
      problems.push(`${clause.operator} is not a negated string match, so the deny does not fire for requests from elsewhere`);
    }
    if (clause.qualifier) problems.push(`${clause.operator} uses a set qualifier on a single-valued key`);
    const bad = clause.values.filter((v) => !isExactValue(v) || !exact(v));
    if (bad.length > 0) problems.push(`${bad.map((v) => JSON.stringify(v)).join(", ")} is not a${/^[aeiou]/i.test(valueName) ? "n" : ""} ${valueName}`);
  }
  const others = statement.conditions.filter((c) => c.key !== key.toLowerCase() && !allowedOtherKeys.includes(c.key));
  if (others.length > 0) problems.push(`the extra condition on ${[...new Set(others.map((c) => c.key))].join(", ")} narrows whom the deny covers`);
  return problems;
}
