import { ResourceValidationPolicy } from "@pulumi/policy";
import { isAwsResource } from "../lib/resources";
import { allowedAccountIdsOf } from "../lib/providers";

const AWS_PROVIDER = "pulumi:providers:aws";

/**
 * Every AWS resource is created through an explicit provider, and every AWS provider pins the one
 * account it may touch (`allowedAccountIds`). A default provider takes whatever credentials the
 * shell has, so a program written for two accounts could silently deploy both halves into one.
 *
 * Severity: critical. Why: Pulumi docs, "Disable default providers"
 * (https://www.pulumi.com/docs/iac/concepts/resources/providers/#disabling-default-providers) and
 * the AWS provider's allowedAccountIds setting.
 */
export const awsExplicitProvider: ResourceValidationPolicy = {
  name: "aws-explicit-provider",
  description: "AWS resources use an explicit provider that pins allowedAccountIds; no default provider.",
  enforcementLevel: "mandatory",
  severity: "critical",
  validateResource: (args, reportViolation) => {
    if (args.type === AWS_PROVIDER) {
      const ids = allowedAccountIdsOf(args.props);
      if (!ids || ids.length === 0) {
        reportViolation(`provider ${args.name} does not set allowedAccountIds: a wrong credential would deploy into the wrong account. Pin the account id.`);
      }
      return;
    }
    if (!isAwsResource(args.type)) return;
    const provider = args.provider;
    if (!provider || provider.name.startsWith("default")) {
      reportViolation(
        `${args.name} uses the default AWS provider${provider ? ` (${provider.name})` : ""}. Pass an explicit provider for its account, and disable default providers in the stack (pulumi:disable-default-providers: ["*"]).`,
      );
    }
  },
};
