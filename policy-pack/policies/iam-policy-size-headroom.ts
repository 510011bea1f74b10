import { StackValidationPolicy } from "@pulumi/policy";
import { propsOf } from "../lib/stack";
import { Measure, SIZE_LIMITS_SCHEMA, inlineTotalsPerRole, measureResource, rolesPerAccount } from "../lib/sizes";
import { AccountQuotas, ROLES_PER_ACCOUNT_SCHEMA } from "./iam-account-quotas";

interface Headroom extends AccountQuotas {
  warnAtPercent: number;
}

/**
 * An advisory before the limits bite: every document, every role's inline policies added up, and
 * the roles of each account, past `warnAtPercent` (75 by default) of what AWS allows. Fan-in grows
 * the bucket policy's endpoint list and the roles of the bucket's account with every source: this
 * says so while there is still room (iam-policy-size-limits and iam-account-quotas refuse past 100%).
 *
 * Severity: low. Why: IAM and AWS STS quotas
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html).
 */
export const iamPolicySizeHeadroom: StackValidationPolicy = {
  name: "iam-policy-size-headroom",
  description: "Warns when a document, a role's inline policies or an account's roles pass 75% of AWS's limit.",
  enforcementLevel: "advisory",
  severity: "low",
  configSchema: {
    properties: {
      ...SIZE_LIMITS_SCHEMA,
      ...ROLES_PER_ACCOUNT_SCHEMA,
      warnAtPercent: { type: "integer", minimum: 1, maximum: 100, default: 75, description: "Warn past this share of each limit." },
    },
  },
  validateStack: (args, reportViolation) => {
    const config = args.getConfig<Headroom>();
    const warn = (measure: Pick<Measure, "what" | "size" | "limit" | "unit">, urn?: string) => {
      const share = measure.size / measure.limit;
      // Past 100% the mandatory rules refuse; this rule only warns before that.
      if (share * 100 > config.warnAtPercent && share <= 1) {
        reportViolation(`${measure.what} is ${measure.size} ${measure.unit}, ${Math.round(share * 100)}% of AWS's limit of ${measure.limit} (warning past ${config.warnAtPercent}%).`, urn);
      }
    };
    for (const resource of args.resources) {
      for (const measure of measureResource(resource.type, propsOf(resource), config)) {
        if (measure.kind !== "inline total") warn({ ...measure, what: `${resource.name} ${measure.what}` }, resource.urn);
      }
    }
    for (const { resource, measure } of inlineTotalsPerRole(args.resources, config)) warn(measure, resource.urn);
    for (const [account, roles] of rolesPerAccount(args.resources)) {
      warn({ what: `the roles of account ${account}`, size: roles.length, limit: config.rolesPerAccount, unit: "roles" });
    }
  },
};
