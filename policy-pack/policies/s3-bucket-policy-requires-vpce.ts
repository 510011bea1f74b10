import { ResourceValidationPolicy } from "@pulumi/policy";
import { writeProtectingDenies } from "../lib/bucket-policy";
import { patternCovers, statementLabel } from "../lib/iam";
import { forEachDocument } from "../lib/rule";

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
