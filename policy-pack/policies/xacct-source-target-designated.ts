import { StackValidationPolicy } from "@pulumi/policy";
import { DesignationConfig, designate, designationConfigSchemaProperties } from "../lib/designation";

/**
 * A `source` stack (it holds the instance role, and no transfer role) knows the target half only by
 * what its own documents, outputs and config name: `xacct-wiring-consistent` checks that the instance
 * role's policy, the STS and S3 endpoint policies and the stack's outputs agree, but one edit can
 * change all of them together and aim the instance role at any role of the target account (an admin
 * role that trusts the source account, say). Only pack config, which the stack cannot change, says
 * which role and bucket are the transfer's: this advisory says so whenever `transferRoleArns` or
 * `transferBuckets` is not set for it, naming what the stack itself claims. Raise it to `mandatory`
 * in the pack config of a CI pipeline that deploys source stacks.
 *
 * Severity: medium. Why: IAM User Guide, "The confused deputy problem"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html): the side that assumes a
 * role must know which role it means, from something the requester does not control.
 */
export const xacctSourceTargetDesignated: StackValidationPolicy = {
  name: "xacct-source-target-designated",
  description: "A source stack's transfer role and bucket are designated by pack config (transferRoleArns, transferBuckets), not only by the stack's own outputs.",
  enforcementLevel: "advisory",
  severity: "medium",
  configSchema: { properties: { ...designationConfigSchemaProperties } },
  validateStack: (args, reportViolation) => {
    const config = args.getConfig<DesignationConfig>();
    const designation = designate(args.resources, config);
    // A stack that holds the transfer role or (xacct:pattern direct) the transfer bucket is no source stack.
    if (designation.instanceRoles.length === 0 || designation.transferRoles.length > 0 || designation.transferBuckets.some((b) => b.resource)) return;
    // Stryker disable next-line OptionalChaining: equivalent - the schema defaults both lists to [], and getConfig always applies the defaults
    const missing = [!config.transferRoleArns?.length && "transferRoleArns", !config.transferBuckets?.length && "transferBuckets"].filter(Boolean);
    if (missing.length === 0) return;
    const roles = designation.transferRoleArns.join(", ") || "none";
    // Stryker disable next-line MethodExpression: equivalent - a stack with a transfer bucket of its own has returned above, so no bucket here has a resource
    const buckets = designation.transferBuckets.filter((b) => !b.resource).map((b) => b.name).join(", ") || "none";
    reportViolation(
      `this is a source stack: its transfer role (${roles}) and bucket (${buckets}) are taken from the stack's own documents and outputs, which the same change can rewrite, so the pack checks only that they agree with each other, not that they are the target's. ` +
        `Set ${missing.join(" and ")} in the pack config of the designating rules (this one included) to the target stack's values to make the check exact.`,
      designation.instanceRoles[0].resource.urn,
    );
  },
};
