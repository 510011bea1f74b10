import { StackValidationPolicy } from "@pulumi/policy";
import { DesignationConfig, designate, designationConfigSchemaProperties, statementsOf } from "../lib/designation";
import { accountOf, accountOfArn, stackReferenceOutputs } from "../lib/stack";

/**
 * The two halves live in two accounts, each pinned by its provider: the transfer bucket and the
 * transfer role in the target account (the bucket's), the instance role and the VPC endpoints in the
 * source account, and the two accounts different. A split stack is compared with the other half's ARNs (StackReference
 * outputs, pack config). A designated resource whose provider pins no single account cannot be
 * placed and is refused (`aws-explicit-provider` says why).
 *
 * Severity: critical. Why: AWS Well-Architected Security Pillar, "SEC01-BP01 Separate workloads using
 * accounts" (https://docs.aws.amazon.com/wellarchitected/latest/security-pillar/sec_securely_operate_multi_accounts.html).
 */
export const awsAccountsSeparated: StackValidationPolicy = {
  name: "aws-accounts-separated",
  description: "The bucket and transfer role are in the target account, the instance role in the source account, and the two accounts differ.",
  enforcementLevel: "mandatory",
  severity: "critical",
  configSchema: { properties: { ...designationConfigSchemaProperties } },
  validateStack: (args, reportViolation) => {
    const designation = designate(args.resources, args.getConfig<DesignationConfig>());
    const placed = (what: string, resource: (typeof args.resources)[number]) => {
      const account = accountOf(resource);
      if (!account) reportViolation(`${what} ${resource.name} is deployed through a provider that pins no single account, so its account cannot be checked.`, resource.urn);
      return account;
    };
    const targetAccounts = new Set<string>();
    for (const bucket of designation.transferBuckets) {
      if (!bucket.resource) continue;
      const account = placed("the transfer bucket", bucket.resource);
      if (account) targetAccounts.add(account);
    }
    for (const role of designation.transferRoles) {
      const account = placed("the transfer role", role.resource);
      if (!account) continue;
      if (targetAccounts.size > 0 && !targetAccounts.has(account)) {
        reportViolation(`the transfer role ${role.resource.name} is in account ${account}, not the bucket's account (${[...targetAccounts].join(", ")}).`, role.resource.urn);
      }
      targetAccounts.add(account);
    }
    // Transfer roles outside the stack (the other half's, or configured) are in the target account too.
    for (const arn of designation.transferRoleArns) { const a = accountOfArn(arn); if (a) targetAccounts.add(a); }
    const sourceAccounts = new Set<string>();
    for (const role of designation.instanceRoles) {
      const account = placed("the instance role", role.resource);
      if (!account) continue;
      sourceAccounts.add(account);
      if (targetAccounts.has(account)) {
        reportViolation(`the instance role ${role.resource.name} is in account ${account}, the same account as the transfer bucket and role: source and target providers must pin different accounts.`, role.resource.urn);
      }
    }
    // Instance roles outside the stack (the other half's, or configured) are in a source account too.
    const inStack = new Set(designation.instanceRoles.map((r) => r.arn));
    const fromOtherHalf = [
      ...designation.instanceRoleArns,
      ...stackReferenceOutputs(args.resources).flatMap(({ outputs }) =>
        // Stryker disable next-line StringLiteral,ArrayDeclaration: equivalent - the entries of the string "unknown" (index keys) or a non-ARN name no instance role (so reading on, the ConditionalExpression `false` variant, survives)
        outputs === "unknown" ? [] :
          Object.entries(outputs).filter(([key, v]) => /instance/i.test(key) && typeof v === "string" && /^arn:aws[a-z-]*:iam::\d{12}:role\/[^*?\s]+$/.test(v)).map(([, v]) => v as string),
      ),
    ];
    for (const arn of fromOtherHalf) {
      const account = accountOfArn(arn);
      if (account && !inStack.has(arn) && targetAccounts.has(account) && !designation.transferRoleArns.includes(arn)) {
        reportViolation(`the source instance role ${arn} is in account ${account}, the target account: the transfer must cross accounts.`);
      }
    }
    // The endpoints serve the workload: they live in its VPC, in the source account (one of them, with fan-in).
    if (sourceAccounts.size >= 1) {
      for (const endpoint of [...designation.s3Endpoints, ...designation.stsEndpoints]) {
        const account = placed("the VPC endpoint", endpoint.resource);
        if (account && !sourceAccounts.has(account)) reportViolation(`the VPC endpoint ${endpoint.resource.name} is in account ${account}, not the instance role's account (${[...sourceAccounts].join(", ")}).`, endpoint.resource.urn);
      }
    }
    // Fan-in: several source accounts, each with transfer roles of its own. A transfer role trusted
    // by instance roles of two source accounts would let one tenant write where the other may.
    // Configured or referenced instance roles count too: the check does not wait for a second source in the stack.
    for (const role of designation.transferRoles) {
      const trust = statementsOf(role.trust).filter((s) => s.effect === "Allow");
      const trusted = new Set(trust.flatMap((s) => s.principal?.aws ?? []).map(accountOfArn).filter((a) => a !== undefined));
      if (trusted.size > 1) reportViolation(`the transfer role ${role.resource.name} is trusted by instance roles of ${trusted.size} source accounts (${[...trusted].join(", ")}): with several sources, each has transfer roles of its own.`, role.resource.urn);
    }
    if (targetAccounts.size > 1) reportViolation(`the transfer bucket and roles are spread over ${targetAccounts.size} accounts (${[...targetAccounts].join(", ")}).`);
  },
};
