/**
 * The access matrix: who (principal) does what (action) along which network path, and what must
 * happen. The principals are the two roles of the transfer path, an admin role (`*` on `*`) in each
 * account — the attacker the design must stop — and an anonymous caller; the paths are our VPC
 * endpoints, another VPC endpoint with AWS's default full-access policy, the internet, and plain
 * HTTP. Pure: no evaluator in here.
 */
import { AccessLevel } from "../../infra/policies";
import { AccessPolicies } from "./policies";

export type PrincipalId = "source-instance-role" | "target-transfer-role" | "source-admin-role" | "target-admin-role" | "anonymous";
export type ActionId = "assume-transfer-role" | "write-in-prefix" | "write-outside-prefix" | "read" | "delete" | "list";
export type PathId = "our-endpoint" | "other-endpoint" | "internet" | "plain-http";
export type Expectation = "allowed (intended)" | "allowed (bucket owner)" | "denied";

export interface PrincipalCase {
  id: PrincipalId;
  label: string;
  accountId: string;
  /** The ARN a request is signed with: a role session, or undefined for anonymous. */
  sessionArn?: string;
  /** What AWS puts in aws:PrincipalArn for that session: the role's ARN. */
  principalArn?: string;
  userId?: string;
  identity: "instance" | "transfer" | "admin" | "none";
}

export interface ActionCase {
  id: ActionId;
  service: "sts" | "s3" | "ssm";
  action: string;
  resource: string;
  /** What `access` level grants this to the transfer role, if any. */
  grantedBy?: AccessLevel;
  context?: Record<string, string>;
  /** The endpoint "our endpoint" means, when it is not the S3 or the STS one. */
  endpointId?: string;
  /** The account the resource is in, when its ARN does not say (`*`). */
  accountId?: string;
}

export const PATHS: Record<ActionCase["service"], PathId[]> = {
  // STS only listens on HTTPS: there is no plain-HTTP AssumeRole to refuse.
  sts: ["our-endpoint", "other-endpoint", "internet"],
  s3: ["our-endpoint", "other-endpoint", "internet", "plain-http"],
  // The SSM agent's calls: only through the workload's own endpoints (the VPC has no other way out).
  ssm: ["our-endpoint"],
};

export const PATH_LABELS: Record<PathId, string> = {
  "our-endpoint": "through our endpoint, TLS",
  "other-endpoint": "through another VPC endpoint, TLS",
  internet: "over the internet, TLS",
  "plain-http": "through our endpoint, plain HTTP",
};

export const ADMIN_ROLE_NAME = "xacct-proof-admin";

export function principals(p: AccessPolicies): PrincipalCase[] {
  const role = (account: string, name: string) => `arn:${p.partition}:iam::${account}:role/${name}`;
  const session = (account: string, name: string, sessionName: string) => `arn:${p.partition}:sts::${account}:assumed-role/${name}/${sessionName}`;
  return [
    {
      id: "source-instance-role",
      label: `instance role session (${p.instanceRole.name})`,
      accountId: p.sourceAccountId,
      sessionArn: session(p.sourceAccountId, p.instanceRole.name, "i-0123456789abcdef0"),
      principalArn: p.instanceRole.arn,
      userId: `${p.instanceRole.uniqueId}:i-0123456789abcdef0`,
      identity: "instance",
    },
    // xacct:pattern direct has no transfer role.
    ...(p.transferRole
      ? [{
        id: "target-transfer-role",
        label: `transfer role session (${p.transferRole.name})`,
        accountId: p.targetAccountId,
        sessionArn: session(p.targetAccountId, p.transferRole.name, "botocore-session-1"),
        principalArn: p.transferRole.arn,
        userId: `${p.transferRole.uniqueId}:botocore-session-1`,
        identity: "transfer",
      } satisfies PrincipalCase]
      : []),
    {
      id: "source-admin-role",
      label: "an admin role in the source account",
      accountId: p.sourceAccountId,
      sessionArn: session(p.sourceAccountId, ADMIN_ROLE_NAME, "attacker"),
      principalArn: role(p.sourceAccountId, ADMIN_ROLE_NAME),
      userId: "AROASOURCEADMINEXAMPLE:attacker",
      identity: "admin",
    },
    {
      id: "target-admin-role",
      label: "an admin role in the target account",
      accountId: p.targetAccountId,
      sessionArn: session(p.targetAccountId, ADMIN_ROLE_NAME, "operator"),
      principalArn: role(p.targetAccountId, ADMIN_ROLE_NAME),
      userId: "AROATARGETADMINEXAMPLE:operator",
      identity: "admin",
    },
    { id: "anonymous", label: "anonymous (unsigned)", accountId: "", identity: "none" },
  ];
}

export function actions(p: AccessPolicies): ActionCase[] {
  const bucket = `arn:${p.partition}:s3:::${p.bucketName}`;
  return [
    // direct: no transfer role; the instance role must not assume any role of the target account (the admin role here).
    { id: "assume-transfer-role", service: "sts", action: "sts:AssumeRole", resource: p.transferRole?.arn ?? `arn:${p.partition}:iam::${p.targetAccountId}:role/${ADMIN_ROLE_NAME}` },
    { id: "write-in-prefix", service: "s3", action: "s3:PutObject", resource: `${bucket}/${p.prefix}xacct-proof.txt`, grantedBy: "write" },
    { id: "write-outside-prefix", service: "s3", action: "s3:PutObject", resource: `${bucket}/outside-the-prefix/xacct-proof.txt` },
    { id: "read", service: "s3", action: "s3:GetObject", resource: `${bucket}/${p.prefix}xacct-proof.txt`, grantedBy: "read" },
    { id: "delete", service: "s3", action: "s3:DeleteObject", resource: `${bucket}/${p.prefix}xacct-proof.txt`, grantedBy: "delete" },
    { id: "list", service: "s3", action: "s3:ListBucket", resource: bucket, grantedBy: "list", context: { "s3:prefix": p.prefix } },
  ];
}

const OWNER_ACTIONS: ActionId[] = ["write-outside-prefix", "read", "delete", "list"];

/**
 * xacct:pattern direct: exactly one intended path (plus what `access` opts into): the instance
 * role's own session uses the prefix through our S3 endpoint over TLS. No sts:AssumeRole is ever
 * allowed. The bucket owner's cells are the same as with assumeRole.
 */
function directExpectation(principal: PrincipalCase, action: ActionCase, path: PathId, access: readonly AccessLevel[]): Expectation {
  if (principal.id === "source-instance-role" && path === "our-endpoint" && action.grantedBy && access.includes(action.grantedBy)) return "allowed (intended)";
  if (principal.id === "target-admin-role" && OWNER_ACTIONS.includes(action.id) && (path === "internet" || path === "other-endpoint")) return "allowed (bucket owner)";
  return "denied";
}

/**
 * Exactly two intended paths (plus what `access` opts into): the instance role assumes the transfer
 * role through our STS endpoint; the transfer role's session uses the prefix through our S3
 * endpoint over TLS. The bucket account's own admins keep the owner's rights outside our VPC (they
 * are not stopped by our endpoint policies, and the bucket policy only fences writes into the
 * prefix) — shown as owner cells, never as grants of ours. Everything else is denied.
 */
export function expectation(principal: PrincipalCase, action: ActionCase, path: PathId, access: readonly AccessLevel[], pattern: AccessPolicies["pattern"] = "assumeRole", writesFencedBucketWide = false, organizationFence = false): Expectation {
  if (pattern === "direct") return directExpectation(principal, action, path, access);
  if (principal.id === "source-instance-role" && action.id === "assume-transfer-role" && path === "our-endpoint") return "allowed (intended)";
  if (principal.id === "target-transfer-role" && path === "our-endpoint" && action.grantedBy && access.includes(action.grantedBy)) return "allowed (intended)";
  // With fan-in (xacct:sources) the bucket policy fences writes anywhere in the bucket, not one prefix.
  const ownerActions = writesFencedBucketWide ? OWNER_ACTIONS.filter((a) => a !== "write-outside-prefix") : OWNER_ACTIONS;
  if (principal.id === "target-admin-role" && ownerActions.includes(action.id) && (path === "internet" || path === "other-endpoint")) return "allowed (bucket owner)";
  // The organization fence (aws:VpceOrgID) lets the owner's admins write through any endpoint of the organization.
  if (organizationFence && principal.id === "target-admin-role" && path === "other-endpoint" && (action.id === "write-in-prefix" || action.id === "write-outside-prefix")) return "allowed (bucket owner)";
  return "denied";
}
