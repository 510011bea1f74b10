import { ResourceValidationPolicy } from "@pulumi/policy";
import { AWS_PROVIDER_TYPES, accountPinOf, isDefaultProviderName, transportOverridesOf } from "../lib/providers";

interface Config {
  allowedTransportSettings: string[];
}

/** The provider package a resource type belongs to, when it deploys into an AWS account. */
function awsProviderTypeOf(type: string): string | undefined {
  if (type.startsWith("aws:")) return "pulumi:providers:aws";
  if (type.startsWith("aws-native:")) return "pulumi:providers:aws-native";
  return undefined;
}

/**
 * Every AWS resource (`aws:` and `aws-native:`) is created through an explicit provider, and every
 * AWS provider pins exactly one account (`allowedAccountIds` with one 12-digit id). A default
 * provider (the engine names it `default` or `default_<version>`) takes whatever credentials the
 * shell has, so a program written for two accounts could deploy both halves into one; a provider
 * that pins no account, two accounts, or a value that cannot be read (unknown, secret) does not stop
 * a wrong credential. Provider names are otherwise free: `default-target` is an explicit provider.
 *
 * Severity: critical. Why: Pulumi docs, "Disable default providers"
 * (https://www.pulumi.com/docs/iac/concepts/resources/providers/#disabling-default-providers) and
 * the AWS provider's `allowedAccountIds` (https://www.pulumi.com/registry/packages/aws/api-docs/provider/#allowedaccountids_nodejs).
 */
export const awsExplicitProvider: ResourceValidationPolicy = {
  name: "aws-explicit-provider",
  description: "AWS resources use an explicit provider that pins exactly one account in allowedAccountIds; no default provider.",
  enforcementLevel: "mandatory",
  severity: "critical",
  configSchema: {
    properties: {
      allowedTransportSettings: {
        type: "array",
        items: { type: "string", pattern: "^(httpProxy|httpsProxy|customCaBundle|endpoints\\.[A-Za-z0-9]+)=[^*?]+$" },
        uniqueItems: true,
        default: [],
        description: "Exact provider settings allowed after review, as <setting>=<value> (httpProxy, httpsProxy, customCaBundle, endpoints.<service>). Loosens: API calls through them are trusted to reach AWS.",
      },
    },
  },
  validateResource: (args, reportViolation) => {
    if (AWS_PROVIDER_TYPES.has(args.type)) {
      // Stryker disable next-line ArrayDeclaration: getConfig always holds the schema default, and a placeholder entry has no "=" (the pattern wants <setting>=<value>)
      const allowed = new Set(args.getConfig<Config>().allowedTransportSettings ?? []);
      for (const { setting, value } of transportOverridesOf(args.props)) {
        if (setting !== "insecure" && value !== undefined && allowed.has(`${setting}=${value}`)) continue;
        const shown = value === undefined ? "an unknown or secret value" : JSON.stringify(value);
        const why =
          setting === "insecure"
            ? "turns off TLS certificate verification for every AWS API call, so anyone in the path can read the deployer's credentials and answer for AWS"
            : "sends the provider's AWS API calls (STS and IAM, which tell it the account it checks allowedAccountIds against, included) through a host that can read the deployer's credentials and answer for AWS";
        const fix = setting === "insecure" ? "Remove it." : `Remove it, or after review list exactly "${setting}=${value ?? "<value>"}" in aws-explicit-provider.allowedTransportSettings (pack config).`;
        reportViolation(`provider ${args.name} sets ${setting} to ${shown}, which ${why}. ${fix}`);
      }
      const pin = accountPinOf(args.props);
      const fix = "Pin the one account this provider deploys into: allowedAccountIds: [\"<12-digit id>\"].";
      if (pin.kind === "unset") reportViolation(`provider ${args.name} does not set allowedAccountIds: a wrong credential would deploy into the wrong account. ${fix}`);
      else if (pin.kind === "unknown") reportViolation(`provider ${args.name}: allowedAccountIds is unknown or secret, so the account it pins cannot be judged. ${fix}`);
      else if (pin.kind === "unreadable") reportViolation(`provider ${args.name}: allowedAccountIds is ${JSON.stringify(pin.value)}, not a list of account ids. ${fix}`);
      else if (pin.ids.length !== 1) reportViolation(`provider ${args.name} pins ${pin.ids.length} accounts (${pin.ids.join(", ") || "none"}): it could deploy into any of them. ${fix}`);
      else if (!/^\d{12}$/.test(pin.ids[0])) reportViolation(`provider ${args.name} pins ${JSON.stringify(pin.ids[0])}, which is not a 12-digit account id. ${fix}`);
      return;
    }
    const expected = awsProviderTypeOf(args.type);
    if (!expected) return;
    const provider = args.provider;
    if (!provider || isDefaultProviderName(provider.name)) {
      reportViolation(
        `${args.name} uses the default AWS provider${provider ? ` (${provider.name})` : ""}. Pass an explicit provider for its account, and disable default providers in the stack (pulumi:disable-default-providers: ["*"]).`,
      );
    } else if (provider.type && provider.type !== expected) {
      reportViolation(`${args.name} is deployed through ${provider.type} ${provider.name}, not an ${expected} provider.`);
    }
  },
};
