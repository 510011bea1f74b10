import { ResourceValidationPolicy } from "@pulumi/policy";
import { actionsOf, takesOnlyStar } from "../lib/actions";
import { isBroadResource } from "../lib/arn";
import { Statement, statementLabel, wildcardMatch } from "../lib/iam";
import { principalArnNarrowing, whyNotExactRole } from "../lib/principals";
import { TYPES, allows, readDocuments } from "../lib/resources";
import { quoted } from "../lib/rule";

/** The Amazon Linux repository buckets, read by `dnf` with unsigned requests. */
export const DEFAULT_ANONYMOUS_READ_BUCKETS = ["al2023-repos-*-de612dc2", "amazonlinux-2-repos-*", "amazonlinux.*.amazonaws.com"];

function isAnonymousRepositoryRead(statement: Statement, buckets: string[]): boolean {
  const { resources, actions } = statement;
  return (
    // NotAction (no Action list) grants everything it does not name, NotResource every object it does not name: never an unsigned read.
    actions !== undefined &&
    actions.length > 0 &&
    actions.every((a) => a === "s3:getobject") &&
    resources !== undefined &&
    resources.length > 0 &&
    resources.every((r) => {
      // An object (a non-empty key) in the bucket.
      const match = /^arn:[^:]+:s3:::([^/]+)\/./.exec(r);
      // The bucket name itself must be exact: a wildcard could match a bucket anyone registers.
      return match !== null && !/[*?$]/.test(match[1]) && buckets.some((pattern) => wildcardMatch(pattern, match[1]));
    })
  );
}

/**
 * Every VPC endpoint carries its own policy (the default one allows any principal to do anything
 * through the endpoint), and every Allow in it names its resources and its principals: exact role
 * ARNs, or `"*"` narrowed by an exact `aws:PrincipalArn` condition. The one exception is an
 * unsigned `s3:GetObject` on the Amazon Linux repository buckets, which `dnf` needs and which
 * cannot carry a principal.
 *
 * Severity: high. Why: AWS PrivateLink guide, "Control access to VPC endpoints using endpoint
 * policies" (https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html).
 */
export const vpcePolicyLeastPrivilege: ResourceValidationPolicy = {
  name: "vpce-policy-least-privilege",
  description: "VPC endpoints have a non-default policy whose Allow statements name principals and resources.",
  enforcementLevel: "mandatory",
  severity: "high",
  configSchema: {
    properties: {
      anonymousReadBuckets: {
        type: "array",
        items: { type: "string" },
        default: DEFAULT_ANONYMOUS_READ_BUCKETS,
        description: "Bucket name patterns an endpoint may allow unsigned s3:GetObject on.",
      },
    },
  },
  validateResource: async (args, reportViolation) => {
    if (args.type !== TYPES.vpcEndpoint && args.type !== TYPES.vpcEndpointPolicy) return;
    const policy = args.props.policy;
    if (policy === undefined || policy === null || policy === "") {
      reportViolation("has no policy: the default endpoint policy lets any principal do anything through it. Set a policy naming the principals and resources it is for.");
      return;
    }
    const { anonymousReadBuckets } = args.getConfig<{ anonymousReadBuckets: string[] }>();
    for (const document of readDocuments(args.type, args.props, ["endpoint"], reportViolation)) {
      for (const statement of allows(document.statements)) {
        const where = `policy ${statementLabel(statement)}`;
        const resources = statement.resources ?? [];
        const broad = statement.notResources ? [`everything except ${quoted(statement.notResources)}`] : resources.filter(isBroadResource);
        // A broad Resource is fine only for actions that take no specific resource (e.g. an SSM endpoint's session channels).
        // Or, on an endpoint of another service, for a statement narrowed to exact roles: the principal is the fence there.
        // The actions are read only to excuse a broad resource: without one there is nothing to excuse.
        const actions = await actionsOf(statement);
        const narrowedToRoles = Boolean(principalArnNarrowing(statement)) || (statement.principal !== undefined && !statement.principal.wildcard && statement.principal.aws.length > 0 && statement.principal.aws.every((a) => !whyNotExactRole(a)));
        const otherService = actions.every((a) => !a.unknown && !/^(s3|s3-object-lambda|s3express|s3-outposts|sts|iam|kms):/.test(a.action));
        const everything = actions.some((a) => !takesOnlyStar(a)) && !(narrowedToRoles && otherService) ? broad : [];
        if ((resources.length === 0 && !statement.notResources) || everything.length > 0) {
          reportViolation(`${where} allows ${everything.length ? quoted(everything) : "no named Resource"}: name the exact ARNs the endpoint is for.`);
        }
        const principal = statement.principal;
        if (!principal) continue;
        if (principal.wildcard && !principalArnNarrowing(statement) && !isAnonymousRepositoryRead(statement, anonymousReadBuckets)) {
          reportViolation(
            `${where} allows any principal ("*") without an exact aws:PrincipalArn condition: any credentials inside the VPC could use the endpoint. ` +
              "Add Condition ArnEquals aws:PrincipalArn = <the role ARN>.",
          );
        }
        for (const arn of principal.aws) {
          const why = whyNotExactRole(arn);
          if (why) reportViolation(`${where} names ${JSON.stringify(arn)}, which ${why}. Name exact role ARNs.`);
        }
      }
    }
  },
};
