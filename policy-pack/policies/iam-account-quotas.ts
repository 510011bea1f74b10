import { StackValidationPolicy } from "@pulumi/policy";
import { DEFAULT_ROLES_PER_ACCOUNT, SIZE_LIMITS_SCHEMA, SizeLimits, inlineTotalsPerRole, rolesPerAccount } from "../lib/sizes";

export interface AccountQuotas extends SizeLimits {
  rolesPerAccount: number;
}

/** The roles-per-account quota in pack config: AWS's default, raisable to 5,000. */
export const ROLES_PER_ACCOUNT_SCHEMA = {
  rolesPerAccount: {
    type: "integer",
    minimum: 1,
    default: DEFAULT_ROLES_PER_ACCOUNT,
    maximum: 5000,
    description: "IAM roles per account (AWS: 1,000 by default, 5,000 at most with a quota raise). Roles outside this stack count too: lower it by what the account already holds.",
  },
} as const;

/**
 * What no single resource shows: fan-in (one transfer role per source) puts N roles in the bucket's
 * account, and a role's inline policies may come from several RolePolicy resources. Refused when a
 * pinned account would hold more roles than its quota, or a role's inline policies, added up across
 * resources, exceed 10,240 characters: AWS would refuse them halfway through `pulumi up`.
 *
 * Severity: medium. Why: IAM and AWS STS quotas
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html).
 */
export const iamAccountQuotas: StackValidationPolicy = {
  name: "iam-account-quotas",
  description: "Roles per account and each role's inline policies, added up across resources, fit AWS's quotas.",
  enforcementLevel: "mandatory",
  severity: "medium",
  configSchema: { properties: { ...SIZE_LIMITS_SCHEMA, ...ROLES_PER_ACCOUNT_SCHEMA } },
  validateStack: (args, reportViolation) => {
    const quotas = args.getConfig<AccountQuotas>();
    for (const [account, roles] of rolesPerAccount(args.resources)) {
      if (roles.length > quotas.rolesPerAccount) {
        reportViolation(`account ${account} would hold ${roles.length} roles from this stack alone; its quota is ${quotas.rolesPerAccount} (rolesPerAccount). Raise the quota (AWS maximum 5,000) or split the sources over more stacks and accounts.`);
      }
    }
    // One resource's own total is iam-policy-size-limits' to refuse; this adds up across resources.
    for (const { resource, resources, measure } of inlineTotalsPerRole(args.resources, quotas)) {
      if (resources > 1 && measure.size > measure.limit) reportViolation(`${measure.what} are ${measure.size} ${measure.unit}; AWS refuses more than ${measure.limit}.`, resource.urn);
    }
  },
};
