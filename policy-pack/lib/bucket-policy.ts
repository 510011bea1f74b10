/** How a bucket policy fences writes to a VPC endpoint: shared by the bucket-policy and wiring rules. */
import { denyGuardProblems } from "./conditions";
import { Statement, clausesOn, coversAction } from "./iam";
import { InternetPath, NatAddress, sourceIpDenyProblems, sourceIpValues } from "./internet-path";

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
      if (!statement.principal?.wildcard) problems.push("it does not apply to every principal (Principal must be \"*\")");
      if (statement.notPrincipal) problems.push("its NotPrincipal exempts principals from the deny");
      problems.push(...denyGuardProblems(statement, "aws:SourceVpce", (v) => VPCE_ID.test(v), { valueName: "VPC endpoint id", allowedOtherKeys: ["aws:principalarn"] }));
      const clauses = clausesOn(statement, "aws:SourceVpce");
      return { statement, endpointIds: clauses.flatMap((c) => c.values), problems };
    });
}

/** The Deny statements that protect writes: they cover s3:PutObject for everyone. */
export function writeProtectingDenies(statements: Statement[]): VpceDenyFinding[] {
  return vpceDenies(statements).filter(
    (finding) => coversAction(finding.statement, "s3:PutObject") && !finding.statement.conditions.some((c) => c.key === "aws:principalarn"),
  );
}

/** A Deny that refuses requests not coming from given addresses (the internet path), with what is wrong with it. */
export interface SourceIpDenyFinding {
  statement: Statement;
  addresses: string[];
  problems: string[];
}

/** The internet path's fences: Denies on aws:SourceIp, sound when they apply to everyone and name exactly the NAT addresses. */
export function sourceIpDenies(statements: Statement[], addresses: NatAddress[]): SourceIpDenyFinding[] {
  return statements
    .filter((s) => s.effect === "Deny" && clausesOn(s, "aws:SourceIp").length > 0)
    .map((statement) => {
      const problems: string[] = [];
      if (!statement.principal?.wildcard) problems.push("it does not apply to every principal (Principal must be \"*\")");
      if (statement.notPrincipal) problems.push("its NotPrincipal exempts principals from the deny");
      problems.push(...sourceIpDenyProblems(statement, addresses, ["aws:principalarn"]));
      return { statement, addresses: sourceIpValues(statement), problems };
    });
}

/**
 * The Deny statements that fence writes for everyone: on aws:SourceVpce, or on the internet path
 * (and only there) on aws:SourceIp.
 */
export function writeProtectingFences(statements: Statement[], internet: InternetPath | undefined): { statement: Statement; problems: string[] }[] {
  if (!internet) return writeProtectingDenies(statements);
  return sourceIpDenies(statements, internet.addresses).filter(
    (finding) => coversAction(finding.statement, "s3:PutObject") && !finding.statement.conditions.some((c) => c.key === "aws:principalarn"),
  );
}
