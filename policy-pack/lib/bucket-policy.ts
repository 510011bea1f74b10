/** How a bucket policy fences writes to a VPC endpoint: shared by the bucket-policy and wiring rules. */
import { allowGuard, denyGuardProblems } from "./conditions";
import { Statement, clausesOn, coversAction } from "./iam";
import { InternetPath, NatAddress, sourceIpDenyProblems, sourceIpValues } from "./internet-path";

/** Real VPC endpoint ids: `vpce-` and 8 or 17 hex digits. */
export const VPCE_ID = /^vpce-([0-9a-f]{8}|[0-9a-f]{17})$/;
/** AWS Organizations ids: `o-` and 10 to 32 lowercase letters or digits. */
export const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;

export interface VpceDenyFinding {
  statement: Statement;
  /**
   * `endpoint`: a negated match on aws:SourceVpce (exactly these endpoints). `organization`: on
   * aws:VpceOrgID (any VPC endpoint of the organization): sound only beside the endpoint fence of
   * every writer's own grant, see unpinnedWriterGrants.
   */
  fence: "endpoint" | "organization";
  endpointIds: string[];
  organizationIds: string[];
  problems: string[];
}

/**
 * The Deny statements that refuse requests not coming through given endpoints (or through an
 * endpoint of given organizations), with what is wrong with each. A sound one: `Effect: "Deny"`,
 * `Principal: "*"`, a negated string match on `aws:SourceVpce` with exact endpoint ids (or on
 * `aws:VpceOrgID` with exact organization ids), and no other condition (another condition would
 * narrow whom the deny covers; a statement on both keys denies only what is outside both, so it
 * is judged as an endpoint fence narrowed by the organization).
 */
export function vpceDenies(statements: Statement[]): VpceDenyFinding[] {
  return statements
    .filter((s) => s.effect === "Deny" && (clausesOn(s, "aws:SourceVpce").length > 0 || clausesOn(s, "aws:VpceOrgID").length > 0))
    .map((statement) => {
      const fence = clausesOn(statement, "aws:SourceVpce").length > 0 ? "endpoint" : "organization";
      const problems: string[] = [];
      if (!statement.principal?.wildcard) problems.push("it does not apply to every principal (Principal must be \"*\")");
      if (statement.notPrincipal) problems.push("its NotPrincipal exempts principals from the deny");
      problems.push(
        ...(fence === "endpoint"
          ? denyGuardProblems(statement, "aws:SourceVpce", (v) => VPCE_ID.test(v), { valueName: "VPC endpoint id", allowedOtherKeys: ["aws:principalarn"] })
          : denyGuardProblems(statement, "aws:VpceOrgID", (v) => ORGANIZATION_ID.test(v), { valueName: "organization id", allowedOtherKeys: ["aws:principalarn"] })),
      );
      return {
        statement,
        fence,
        endpointIds: clausesOn(statement, "aws:SourceVpce").flatMap((c) => c.values),
        organizationIds: clausesOn(statement, "aws:VpceOrgID").flatMap((c) => c.values),
        problems,
      };
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
export function writeProtectingFences(statements: Statement[], internet: InternetPath | undefined): Array<VpceDenyFinding | SourceIpDenyFinding> {
  if (!internet) return writeProtectingDenies(statements);
  return sourceIpDenies(statements, internet.addresses).filter(
    (finding) => coversAction(finding.statement, "s3:PutObject") && !finding.statement.conditions.some((c) => c.key === "aws:principalarn"),
  );
}

/**
 * The writers' Allow statements that do not pin aws:SourceVpce to exact endpoint ids. An
 * organization fence (aws:VpceOrgID) lets in every VPC endpoint of the organization, hundreds of
 * VPCs that are not ours; it keeps the design's closed network only when every grant of a writer
 * is itself fenced to its own endpoint (StringEquals aws:SourceVpce), so it is accepted only then.
 */
export function unpinnedWriterGrants(writerGrants: Statement[]): Statement[] {
  return writerGrants.filter((statement) => allowGuard(statement, "aws:SourceVpce", (v) => VPCE_ID.test(v)) === undefined);
}
