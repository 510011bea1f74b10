import { StackValidationPolicy } from "@pulumi/policy";
import { allowGuard } from "../lib/conditions";
import { Statement, clausesOn, coversAction, statementLabel } from "../lib/iam";
import { InternetPath, internetPathOf, sourceIpAllowProblems } from "../lib/internet-path";
import { allowsOf, designationConfigSchema, where, withDesignation } from "../lib/transfer";

const VPCE_ID = /^vpce-([0-9a-f]{8}|[0-9a-f]{17})$/;
/** `<role unique id>:*` (any session of this incarnation of the role) or one exact session. */
const USER_ID_PIN = /^AROA[A-Z0-9]{12,}:([*]|[\w+=,.@-]+)$/;

/**
 * Why a bucket-policy Allow to a direct writer is not fenced to exactly that role, that incarnation
 * and the source's S3 endpoint (empty: it is).
 */
function fenceProblems(statement: Statement, writer: string, internet: InternetPath | undefined): string[] {
  const problems: string[] = [];
  const principal = statement.principal;
  if (statement.notPrincipal) problems.push("it uses NotPrincipal, which lets in everyone else");
  if (principal?.wildcard) problems.push('its Principal is "*": name the instance role itself in Principal.AWS');
  // Stryker disable next-line ArrayDeclaration: without Principal.AWS (NotPrincipal, "*", a service only) the statement is refused above or below; only the message would change
  const others = (principal?.aws ?? []).filter((arn) => arn !== writer);
  if (others.length > 0) problems.push(`it also lets in ${others.join(", ")}`);
  if (principal && (principal.service.length || principal.federated.length || principal.canonicalUser.length)) problems.push("it also lets in a service, federated or canonical-user principal");
  if (internet) {
    // The internet path: the NAT gateway's address instead of the endpoint (lib/internet-path).
    const address = sourceIpAllowProblems(statement, internet.addresses);
    if (address.length > 0) problems.push(`it is not fenced to the NAT gateway's address: ${address.join("; ")}`);
  } else if (!allowGuard(statement, "aws:SourceVpce", (v) => VPCE_ID.test(v))) {
    const clauses = clausesOn(statement, "aws:SourceVpce");
    problems.push(
      clauses.length === 0
        ? "it has no aws:SourceVpce condition, so the role's credentials work from anywhere"
        : `its aws:SourceVpce condition (${clauses.map((c) => c.operator).join(", ")}) is not a positive match (StringEquals, no IfExists, no set qualifier) on exact endpoint ids`,
    );
  }
  const pins = clausesOn(statement, "aws:userid");
  const soundPin = pins.some((c) => (c.base === "StringLike" || c.base === "StringEquals") && !c.ifExists && !c.qualifier && c.values.length > 0 && c.values.every((v) => USER_ID_PIN.test(v)));
  if (!soundPin) {
    problems.push(
      pins.length === 0
        ? "it does not pin aws:userid to the role's unique id (StringLike \"AROA…:*\"), so a role recreated under the same name keeps a grant whose text never changes"
        : `its aws:userid condition (${pins.map((c) => `${c.operator} ${c.values.join(", ")}`).join("; ")}) is not a positive match on "<role unique id>:*"`,
    );
  }
  if (statement.notActions) problems.push("it uses NotAction, which grants every other action");
  if (statement.notResources) problems.push("it uses NotResource, which grants on everything else");
  return problems;
}

/**
 * xacct:pattern direct: an instance role that writes into a transfer bucket itself (its identity
 * policy reaches the bucket, or a transfer bucket's policy lets it in) is a writer with no
 * transfer role between it and the bucket, so it is held to this contract:
 *
 * - it may assume no role: `sts:AssumeRole` in any Allow of its identity policies (by name,
 *   wildcard or NotAction) would add a second path out of the source VPC, beside the direct one;
 * - every Allow of a transfer bucket's policy that lets it in names exactly that role in
 *   `Principal.AWS` (never `*` narrowed by a condition, never `:root`, no NotPrincipal), is
 *   fenced by a positive exact `aws:SourceVpce` match (no `…IfExists`, no set qualifier; the other
 *   rules check that the ids are the source's S3 endpoint), and pins `aws:userid` to the role's
 *   unique id, so a role recreated under the same name changes the document. On the internet path
 *   (lib/internet-path) the fence is a positive `IpAddress` on `aws:SourceIp` naming only the NAT
 *   gateway's Elastic IP instead.
 *
 * Which actions and keys the grant covers is judged by s3-writes-confined-to-prefix; who else may
 * reach the bucket by s3-transfer-bucket-reached-only-by-transfer-roles; the endpoint ids and the
 * unique id against the source half by xacct-wiring-consistent.
 *
 * Severity: critical. Why: Amazon S3 User Guide, "Example 2: Bucket owner granting cross-account
 * bucket permissions" (https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-walkthroughs-managing-access-example2.html):
 * a cross-account request is allowed when both the identity policy and the bucket policy allow it,
 * so the bucket policy's Allow is the target account's only control over the writer.
 */
export const s3DirectWriterContract: StackValidationPolicy = {
  name: "s3-direct-writer-contract",
  description: "xacct:pattern direct: an instance role that writes into the transfer bucket itself assumes no role, and the bucket policy lets in exactly it, through the S3 endpoint, pinned to its unique id.",
  enforcementLevel: "mandatory",
  severity: "critical",
  configSchema: designationConfigSchema,
  validateStack: withDesignation(async (d, report, args) => {
    const internet = internetPathOf(args.resources);
    for (const writer of d.directWriters) {
      for (const grant of writer.grants) {
        for (const statement of allowsOf(grant.document).filter((s) => coversAction(s, "sts:AssumeRole"))) {
          report(
            `${where(grant.owner, grant.property, statement)} lets the instance role ${writer.name ?? writer.resource.name} call sts:AssumeRole, but it writes into the transfer bucket itself (xacct:pattern direct): a role it can assume is a second way out. Remove sts:AssumeRole, or use xacct:pattern assumeRole without the direct grant.`,
            grant.owner.urn,
          );
        }
      }
    }
    const writers = new Set(d.directWriterArns);
    const transferBuckets = new Set<string | undefined>(d.transferBuckets.map((b) => b.name));
    for (const policy of d.bucketPolicies.filter((p) => transferBuckets.has(p.bucket))) {
      for (const statement of allowsOf(policy.document)) {
        // Stryker disable next-line ArrayDeclaration: an element standing in for a missing Principal.AWS is no writer's ARN, and is filtered out
        const aws = statement.principal?.aws ?? [];
        const named = [...aws, ...clausesOn(statement, "aws:PrincipalArn").flatMap((c) => c.values)].filter((arn) => writers.has(arn));
        for (const writer of [...new Set(named)]) {
          const problems = fenceProblems(statement, writer, internet);
          if (problems.length > 0) {
            report(`${policy.resource.name} policy ${statementLabel(statement)} lets the instance role ${writer} into the transfer bucket ${policy.bucket}, but ${problems.join("; ")}.`, policy.resource.urn);
          }
        }
      }
    }
  }),
};
