import { ResourceValidationPolicy } from "@pulumi/policy";
import { TYPES } from "../lib/resources";
import { numberOf, unwrap } from "../lib/unknowns";

/**
 * A role's maximum session is at most one hour (the AWS default, 3600 s): a leaked session
 * expires quickly. An unknown or secret value is not compared (a secret is not a number); the
 * `xacct-values-known` rule refuses it.
 *
 * Severity: medium. Why: IAM User Guide, "Update the maximum session duration for a role"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_update-role-settings.html).
 */
export const iamRoleMaxSession1h: ResourceValidationPolicy = {
  name: "iam-role-max-session-1h",
  description: "Roles allow sessions of at most one hour.",
  enforcementLevel: "mandatory",
  severity: "medium",
  configSchema: {
    properties: {
      maxSessionSeconds: { type: "integer", minimum: 900, maximum: 3600, default: 3600, description: "Longest role session allowed, in seconds (900-3600). Lowering it only tightens; it cannot exceed 3600." },
    },
  },
  validateResource: (args, reportViolation) => {
    if (args.type !== TYPES.role) return;
    const { maxSessionSeconds } = args.getConfig<{ maxSessionSeconds: number }>();
    // Unknown or secret: not a number to compare; xacct-values-known refuses it.
    const duration = numberOf(unwrap(args.props).maxSessionDuration);
    // A non-number compared with ">" is false anyway: the type test is for the compiler (its `true` variant survives).
    if (typeof duration === "number" && duration > maxSessionSeconds) {
      reportViolation(`maxSessionDuration is ${duration} s; the limit is ${maxSessionSeconds} s. Set maxSessionDuration: ${maxSessionSeconds} (or leave it unset).`);
    }
  },
};
