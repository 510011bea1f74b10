import { StackValidationPolicy } from "@pulumi/policy";
import { ActionInfo, actionsOf, escalates } from "../lib/actions";
import { patternsIntersect } from "../lib/arn";
import { PrincipalNode } from "../lib/designation";
import { isExactRoleArn } from "../lib/principals";
import { partitionOf } from "../lib/providers";
import { allowsOf, bucketArnsOf, designationConfigSchema, where, withDesignation } from "../lib/transfer";

const names = (actions: ActionInfo[]) => {
  const list = [...new Set(actions.map((a) => a.action))];
  return list.slice(0, 4).join(", ") + (list.length > 4 ? `, ... (${list.length} actions)` : "");
};

/**
 * The workload's roles cannot grant themselves more, and nobody in the stack can rewrite what
 * guards the transfer:
 * - the instance role and the transfer roles are allowed no "Permissions management" action of
 *   AWS's service data (`iam:Put*Policy`, `iam:Attach*Policy`, `iam:CreatePolicyVersion`,
 *   `iam:UpdateAssumeRolePolicy`, `s3:PutBucketPolicy`, `kms:PutKeyPolicy`, ...), no
 *   `iam:PassRole`, no credential or endpoint-policy writes (`iam:CreateAccessKey`,
 *   `ec2:ModifyVpcEndpoint`, ...), on any resource;
 * - the instance role may assume only the transfer roles (exact ARNs); a transfer role may assume
 *   no role;
 * - any other principal of the stack may not use those actions on the designated roles, the
 *   managed policies attached to them, the transfer bucket or the endpoints.
 *
 * Severity: critical. Why: IAM User Guide, "Permissions management" access level and
 * "Granting a user permissions to pass a role"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_understand-policy-summary-access-level-summaries.html).
 */
export const iamNoPrivilegeEscalation: StackValidationPolicy = {
  name: "iam-no-privilege-escalation",
  description: "The instance and transfer roles cannot change permissions, pass roles or assume anything but the transfer role; nobody can rewrite the transfer's guards.",
  enforcementLevel: "mandatory",
  severity: "critical",
  configSchema: designationConfigSchema,
  validateStack: withDesignation(async (d, report) => {
    const transferArns = new Set(d.transferRoleArns);
    const instance = new Set(d.instanceRoles);
    const workload = new Set<PrincipalNode>([...d.instanceRoles, ...d.transferRoles]);
    const guarded = [
      ...d.instanceRoleArns,
      ...d.transferRoleArns,
      ...d.transferBuckets.flatMap((b) => Object.values(bucketArnsOf(b))),
      // In the endpoint's own partition: a partition of "*" would also match any other service's ARN pattern ending in "*".
      ...d.endpoints.map((e) => `arn:${partitionOf(e.resource.provider?.props)}:ec2:*:*:vpc-endpoint/${e.id ?? "*"}`),
      // The managed policies that grant to the workload: a new policy version rewrites what the roles may do.
      ...[...workload].flatMap((r) => r.grants.map((g) => g.policyArn).filter((a): a is string => a !== undefined && !/^arn:[^:]+:iam::aws:policy\//.test(a))),
    ];
    // Resource policies can grant on their own: a bucket policy Allow of a permissions change to anyone is refused.
    for (const policy of d.bucketPolicies.filter((p) => d.transferBuckets.some((b) => b.name === p.bucket))) {
      for (const statement of allowsOf(policy.document)) {
        const escalating = (await actionsOf(statement)).filter(escalates);
        if (escalating.length > 0) report(`${where(policy.resource, "policy", statement)} grants ${names(escalating)} on the transfer bucket: whoever holds it could rewrite the bucket's guards.`, policy.resource.urn);
      }
    }
    for (const principal of d.principals) {
      const name = principal.name ?? principal.resource.name;
      const who = `${principal.kind} ${name}`;
      for (const grant of principal.grants) {
        for (const statement of allowsOf(grant.document)) {
          const at = where(grant.owner, grant.property, statement);
          const actions = await actionsOf(statement);
          const resources = statement.notResources ? ["*"] : statement.resources ?? [];
          const assumes = actions.filter((a) => a.action === "sts:assumerole" || (a.unknown && /^(\*|sts:)/.test(a.action)));
          if (workload.has(principal)) {
            const escalating = actions.filter(escalates);
            if (escalating.length > 0) report(`${at} lets the ${instance.has(principal) ? "instance" : "transfer"} role ${name} use ${names(escalating)}: it could grant itself or others more than the transfer. Remove them.`, grant.owner.urn);
            if (assumes.length > 0) {
              const targets = resources.filter((r) => !instance.has(principal) || !isExactRoleArn(r) || !transferArns.has(r));
              if (targets.length > 0) {
                report(`${at} lets the ${instance.has(principal) ? "instance" : "transfer"} role ${name} assume ${targets.join(", ")}: the instance role assumes only the transfer role${transferArns.size ? ` (${[...transferArns].join(", ")})` : ""}, and a transfer role assumes nothing.`, grant.owner.urn);
              }
            }
            continue;
          }
          const escalating = actions.filter((a) => escalates(a) || a.action === "sts:assumerole");
          if (escalating.length === 0) continue;
          const touched = resources.filter((r) => guarded.some((g) => patternsIntersect(r, g)));
          if (touched.length > 0) report(`${at} lets the ${who} use ${names(escalating)} on ${touched.join(", ")}, which can reach the transfer's roles, bucket or endpoints.`, grant.owner.urn);
        }
      }
    }
  }),
};
