import { ResourceValidationPolicy } from "@pulumi/policy";
import { NEGATED_OPERATORS, Statement, clausesOn, coversAction, hasWildcard, patternCovers, statementLabel } from "../lib/iam";
import { forEachDocument } from "../lib/rule";

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

/**
 * The bucket policy denies writes (`s3:PutObject`) into the protected prefix to every request that
 * did not come through the source VPC's S3 gateway endpoint, whatever any IAM policy allows.
 *
 * Severity: critical. Why: Amazon S3 User Guide, "Restricting access to a specific VPC endpoint"
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies-vpc-endpoint.html).
 */
export const s3BucketPolicyRequiresVpce: ResourceValidationPolicy = {
  name: "s3-bucket-policy-requires-vpce",
  description: "The bucket policy denies writes into the protected prefix unless aws:SourceVpce is our endpoint.",
  enforcementLevel: "mandatory",
  severity: "critical",
  configSchema: {
    properties: {
      protectedPrefixes: {
        type: "array",
        items: { type: "string" },
        default: [],
        description: "Key prefixes (e.g. \"example/\") the deny must cover; empty: the deny must cover some objects.",
      },
    },
  },
  validateResource: forEachDocument(["bucket"], (document, args, reportViolation) => {
    const denies = writeProtectingDenies(document.statements);
    const sound = denies.filter((d) => d.problems.length === 0);
    for (const finding of denies.filter((d) => d.problems.length > 0)) {
      reportViolation(`policy ${statementLabel(finding.statement)} is meant to deny writes from outside the S3 endpoint, but ${finding.problems.join("; ")}.`);
    }
    if (sound.length === 0) {
      if (denies.length === 0) {
        reportViolation(
          "policy has no statement that denies s3:PutObject unless aws:SourceVpce is the S3 gateway endpoint: a writer with valid credentials could upload from anywhere. " +
            "Add a Deny with Principal \"*\" on <bucket>/<prefix>/* and Condition StringNotEquals aws:SourceVpce = <endpoint id>.",
        );
      }
      return;
    }
    const { protectedPrefixes } = args.getConfig<{ protectedPrefixes: string[] }>();
    const objectResources = sound.flatMap((d) => d.statement.resources ?? []).filter((r) => r.includes("/") || r === "*");
    if (objectResources.length === 0) {
      reportViolation("policy's S3 endpoint deny names no object ARN (arn:aws:s3:::<bucket>/<prefix>/*), so it protects no object.");
    }
    if (protectedPrefixes.length > 0) {
      const bucket = String(args.props.bucket);
      for (const prefix of protectedPrefixes) {
        const objects = `arn:aws:s3:::${bucket}/${prefix}*`;
        const covered = sound.some((d) => (d.statement.resources ?? []).some((r) => patternCovers(r.replace(/^arn:aws-(cn|us-gov):/, "arn:aws:"), objects)));
        if (!covered) reportViolation(`policy's S3 endpoint deny does not cover ${objects}. Add that ARN to the deny's Resource.`);
      }
    }
  }),
};
