/** How a bucket policy fences writes to a VPC endpoint: shared by the bucket-policy and wiring rules. */
import { NEGATED_OPERATORS, Statement, clausesOn, coversAction, hasWildcard } from "./iam";

/** Real VPC endpoint ids: `vpce-` and 8 or 17 hex digits. */
export const VPCE_ID = /^vpce-([0-9a-f]{8}|[0-9a-f]{17})$/;

export interface VpceDenyFinding {
  statement: Statement;
  endpointIds: string[];
  problems: string[];
}

/**
 * The Deny statements that refuse requests not coming through given endpoints, with what is wrong
 * with each. A sound one: `Effect: "Deny"`, `Principal: "*"`, a negated string match on
 * `aws:SourceVpce` with exact endpoint ids, and no other condition (another condition would narrow
 * whom the deny covers).
 */
export function vpceDenies(statements: Statement[]): VpceDenyFinding[] {
  return statements
    .filter((s) => s.effect === "Deny" && clausesOn(s, "aws:SourceVpce").length > 0)
    .map((statement) => {
      const problems: string[] = [];
      const clauses = clausesOn(statement, "aws:SourceVpce");
      if (!statement.principal?.wildcard) problems.push("it does not apply to every principal (Principal must be \"*\")");
      if (statement.notPrincipal) problems.push("its NotPrincipal exempts principals from the deny");
      for (const clause of clauses) {
        if (!clause.base || !NEGATED_OPERATORS.has(clause.base) || !clause.base.startsWith("String")) {
          problems.push(`${clause.operator} is not a negated string match, so the deny does not fire for requests from elsewhere`);
        }
        if (clause.qualifier) problems.push(`${clause.operator} uses a set qualifier on a single-valued key`);
        if (clause.base === "StringNotLike" && clause.values.some(hasWildcard)) problems.push("a wildcard endpoint id lets any endpoint through");
        const bad = clause.values.filter((v) => !VPCE_ID.test(v));
        if (bad.length > 0) problems.push(`${bad.map((v) => JSON.stringify(v)).join(", ")} is not a VPC endpoint id`);
      }
      const others = statement.conditions.filter((c) => c.key !== "aws:sourcevpce");
      if (others.length > 0 && !others.every((c) => c.key === "aws:principalarn")) {
        problems.push(`the extra condition on ${others.map((c) => c.key).join(", ")} narrows whom the deny covers`);
      }
      return { statement, endpointIds: clauses.flatMap((c) => c.values), problems };
    });
}

/** The Deny statements that protect writes: they cover s3:PutObject for everyone. */
export function writeProtectingDenies(statements: Statement[]): VpceDenyFinding[] {
  return vpceDenies(statements).filter(
    (finding) => coversAction(finding.statement, "s3:PutObject") && !finding.statement.conditions.some((c) => c.key === "aws:principalarn"),
  );
}
