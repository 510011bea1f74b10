import { ResourceValidationPolicy } from "@pulumi/policy";
import { SIZE_LIMITS_SCHEMA, SizeLimits, measureResource } from "../lib/sizes";

export type { SizeLimits } from "../lib/sizes";

/**
 * Policy documents fit the limits AWS enforces only when it applies them, so a too-large policy
 * fails halfway through `pulumi up` instead of at preview: bucket policy 20 KB; role trust policy
 * 2,048 characters (the default quota); inline policies 10,240 characters in total per role (per
 * document for separate RolePolicy resources); managed policy 6,144; VPC endpoint policy 20,480.
 *
 * Severity: medium. Why: IAM and AWS STS quotas
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html) and the S3 and
 * VPC quotas (https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html).
 */
export const iamPolicySizeLimits: ResourceValidationPolicy = {
  name: "iam-policy-size-limits",
  description: "Policy documents fit AWS's size limits, checked before deployment.",
  enforcementLevel: "mandatory",
  severity: "medium",
  configSchema: { properties: { ...SIZE_LIMITS_SCHEMA } },
  validateResource: (args, reportViolation) => {
    // Unknown or secret documents cannot be measured; xacct-values-known judges them.
    for (const { what, size, limit, unit } of measureResource(args.type, args.props, args.getConfig<SizeLimits>())) {
      if (size > limit) reportViolation(`${what} is ${size} ${unit}; AWS refuses more than ${limit}. Split the statements or shorten the document.`);
    }
  },
};
