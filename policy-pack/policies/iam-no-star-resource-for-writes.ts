import { ResourceValidationPolicy } from "@pulumi/policy";
import { ActionInfo, actionsOf, takesOnlyStar } from "../lib/actions";
import { isBroadResource } from "../lib/arn";
import { statementLabel } from "../lib/iam";
import { allows, readDocuments } from "../lib/resources";
import { quoted } from "../lib/rule";

/** Services whose resources are the transfer's guards or secrets: never granted account-wide. */
const GUARDED_SERVICES = /^(s3|s3-object-lambda|s3express|iam|sts|kms|secretsmanager|ssm|ec2):/;

/** Services that hand out identities, credentials or keys: their optional-resource writes (`sts:GetFederationToken`) still need a resource. */
const IDENTITY_SERVICES = /^(iam|sts|kms|secretsmanager):/;

/** S3 marks its object and bucket types optional because an access point can stand in: they still need a resource. */
const NEEDS_A_RESOURCE_ANYWAY = /^(s3|s3-object-lambda|s3express):/;

/**
 * May this action be granted on every resource? Yes when AWS's data says it only ever takes `*`
 * (`sts:GetCallerIdentity`, `ssmmessages:OpenDataChannel`), when it only lists, when it writes
 * and none of its resource types is required (`cloudwatch:PutMetricData`), or when it reads, none of
 * its resource types is required, and its service holds none of the transfer's guards
 * (`cloudwatch:GetMetricData`). Reading every secret, object, parameter or key, permissions
 * management, tagging, and writes to named resources are not.
 */
function mayTakeEveryResource(info: ActionInfo): boolean {
  if (info.unknown) return false;
  if (takesOnlyStar(info)) return true;
  if ([...info.levels].every((l) => l === "List")) return true;
  if ([...info.levels].every((l) => l === "Write")) return !NEEDS_A_RESOURCE_ANYWAY.test(info.action) && !IDENTITY_SERVICES.test(info.action) && info.optionalResources;
  // A read whose resource types are all optional (`cloudwatch:GetMetricData`: classic metrics have no
  // ARN, so `*` is the only value that works), of a service that holds none of the transfer's guards.
  // Reading every object, secret, parameter or key (S3, Secrets Manager, SSM, KMS) stays refused.
  return [...info.levels].every((l) => l === "Read" || l === "List" || l === "Write") && info.optionalResources && !GUARDED_SERVICES.test(info.action);
}


/**
 * An ARN pinned to one region and one account whose resource part is a wildcard
 * (`arn:aws:logs:ap-northeast-1:111111111111:*`, as AWS's own Lambda logging policy writes it).
 */
function isAccountWide(resource: string): boolean {
  return /^arn:aws(-cn|-us-gov)?:[a-z0-9-]+:[a-z0-9-]+:\d{12}:/.test(resource) && !/\$\{/.test(resource);
}

/** A write-only action of a service that holds none of the transfer's guards may be granted on one account's resources. */
function mayTakeAccountWide(info: ActionInfo): boolean {
  return !info.unknown && [...info.levels].every((l) => l === "Write") && !GUARDED_SERVICES.test(info.action);
}

/**
 * No Allow statement grants an action on resources named by wildcard (`*`, `arn:aws:s3:::*`,
 * `arn:aws:s3:::*\/*`, `arn:aws:iam::*:role/x`, `role/*`, or `NotResource`) unless AWS's service
 * data says the action takes no specific resource or only lists. Reading every object or secret
 * is as bad as writing. Actions are classified by AWS's data, not by their verbs. One allowance:
 * a write-only action of a service that holds none of the transfer's guards (e.g.
 * `logs:CreateLogGroup`) on a pattern pinned to one region and account.
 *
 * Severity: high. Why: IAM User Guide, "IAM JSON policy elements: Resource"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html).
 */
export const iamNoStarResourceForWrites: ResourceValidationPolicy = {
  name: "iam-no-star-resource-for-writes",
  description: "Allow statements name the resources they read or write: no '*' or wildcard ARNs beyond listing and resource-less actions.",
  enforcementLevel: "mandatory",
  severity: "high",
  validateResource: async (args, reportViolation) => {
    for (const document of readDocuments(args.type, args.props, ["identity", "bucket", "endpoint"], reportViolation)) {
      for (const statement of allows(document.statements)) {
        const everything = statement.notResources ? [`everything except ${quoted(statement.notResources)}`] : (statement.resources ?? []).filter(isBroadResource);
        if (everything.length === 0) continue;
        const accountWide = everything.every(isAccountWide);
        const risky = [...new Set((await actionsOf(statement)).filter((a) => !mayTakeEveryResource(a) && !(accountWide && mayTakeAccountWide(a))).map((a) => a.action))];
        if (risky.length > 0) {
          reportViolation(
            `${document.property} ${statementLabel(statement)} allows ${quoted(risky.slice(0, 5))}${risky.length > 5 ? ` and ${risky.length - 5} more` : ""} on ${everything.map((e) => JSON.stringify(e)).join(", ")}: every such resource, in every account. ` +
              "Name the exact ARNs (e.g. arn:aws:s3:::<bucket>/<prefix>/*).",
          );
        }
      }
    }
  },
};
