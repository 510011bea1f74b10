/** Questions the transfer's stack rules ask of statements: does it reach the bucket, whom does it let in, on which keys. */
import { PolicyResource, ReportViolation, StackValidationArgs } from "@pulumi/policy";
import { objectKeyPrefix, patternCovers, patternsIntersect } from "./arn";
import { BucketNode, DESIGNATION_CONFIG_SCHEMA, Designation, DesignationConfig, Document, designate, statementsOf } from "./designation";
import { isAllowGuard } from "./conditions";
import { Statement, clausesOn, statementLabel } from "./iam";
import { whyNotExactRole } from "./principals";

export function bucketArnsOf(bucket: BucketNode): { bucket: string; objects: string } {
  return { bucket: `arn:${bucket.partition}:s3:::${bucket.name}`, objects: `arn:${bucket.partition}:s3:::${bucket.name}/*` };
}

/** The resource patterns of an Allow that can match the bucket or its objects. `NotResource` reaches unless it excludes both. */
export function reachingResources(statement: Statement, bucket: BucketNode): string[] {
  const arns = bucketArnsOf(bucket);
  if (statement.notResources) {
    const excluded = [arns.bucket, arns.objects].every((arn) => statement.notResources!.some((p) => patternCovers(p, arn)));
    return excluded ? [] : [`everything except ${statement.notResources.join(", ")}`];
  }
  return statement.resources?.filter((r) => patternsIntersect(r, arns.bucket) || patternsIntersect(r, arns.objects)) ?? [];
}

/** Object patterns of an Allow that reach the bucket's objects, for the prefix check. */
export function reachingObjects(statement: Statement, bucket: BucketNode): string[] {
  const arns = bucketArnsOf(bucket);
  if (statement.notResources) return reachingResources(statement, bucket);
  return statement.resources?.filter((r) => patternsIntersect(r, arns.objects)) ?? [];
}

/** The key prefix a pattern that reaches the bucket's objects is confined to ("" for the whole bucket). */
export function prefixOf(resource: string, bucket: BucketNode): string {
  const parsed = objectKeyPrefix(resource);
  return parsed && parsed.bucket.toLowerCase() === bucket.name.toLowerCase() ? parsed.prefix : "";
}

/**
 * Whom an Allow lets in, as exact principals, or why it lets in more than exact roles: `*` not
 * narrowed by an exact positive `aws:PrincipalArn`, accounts, users, wildcards, services, federated.
 */
export function whoIsLetIn(statement: Statement): { roles: string[]; others: string[] } {
  const principal = statement.principal;
  const roles: string[] = [];
  const others: string[] = [];
  if (statement.notPrincipal) others.push("everyone but the NotPrincipal");
  if (!principal) return { roles, others };
  // Any sound guard narrows; a value that is not one exact role is then named as a stranger.
  const narrowed = clausesOn(statement, "aws:PrincipalArn").find((c) => isAllowGuard(c, () => true))?.values ??
    clausesOn(statement, "aws:PrincipalArn").find((c) => (c.base === "ArnLike" || c.base === "StringLike") && !c.ifExists && !c.qualifier)?.values;
  if (principal.wildcard) {
    if (!narrowed) others.push(`"*"${clausesOn(statement, "aws:PrincipalOrgID").length ? " (an organization condition still lets in every principal of the organization)" : ""}`);
  }
  for (const arn of principal.wildcard ? (narrowed ?? []) : principal.aws) {
    const why = whyNotExactRole(arn);
    if (why) others.push(`${arn} (${why})`);
    else roles.push(arn);
  }
  others.push(...principal.service.map((s) => `the service ${s}`), ...principal.federated.map((f) => `the federated principal ${f}`), ...principal.canonicalUser.map((c) => `the canonical user ${c}`));
  return { roles, others };
}

export function where(owner: PolicyResource, property: string, statement: Statement): string {
  return `${owner.name} ${property} ${statementLabel(statement)}`;
}

export function allowsOf(document: Document): Statement[] {
  return statementsOf(document).filter((s) => s.effect === "Allow");
}

/** A stack validation that designates the transfer's parts first (config: {@link DESIGNATION_CONFIG_SCHEMA}). */
export function withDesignation(
  check: (designation: Designation, report: ReportViolation, args: StackValidationArgs) => void | Promise<void>,
): (args: StackValidationArgs, report: ReportViolation) => Promise<void> {
  return async (args, report) => {
    const config = args.getConfig<DesignationConfig>();
    await check(designate(args.resources, config), report, args);
  };
}

export const designationConfigSchema = { properties: { ...DESIGNATION_CONFIG_SCHEMA } };
