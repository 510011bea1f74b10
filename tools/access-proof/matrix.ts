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
/**
 * Through our endpoint, another endpoint, the internet, plain HTTP; on the internet path
 * (xacct:source.endpoints none) our path is the NAT gateway's address and "the internet" is any
 * other address.
 */
export type PathId = "our-endpoint" | "other-endpoint" | "internet" | "plain-http" | "nat-address" | "other-address";
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

/** Is this the internet path (no S3 or STS endpoint, the fences pin the NAT gateway's address)? */
export function isInternetPath(p: Pick<AccessPolicies, "natPublicIp">): boolean {
  return p.natPublicIp !== undefined;
}

/** The one path the transfer is meant to take: our endpoints, or (internet path) our NAT address. */
export function intendedPath(p: Pick<AccessPolicies, "natPublicIp">): PathId {
  return isInternetPath(p) ? "nat-address" : "our-endpoint";
}

/** The path from outside: the internet, or (internet path) an address that is not our NAT's. */
export function outsidePath(p: Pick<AccessPolicies, "natPublicIp">): PathId {
  return isInternetPath(p) ? "other-address" : "internet";
}

/** The paths each service is asked along. */
export function pathsOf(p: Pick<AccessPolicies, "natPublicIp">, service: ActionCase["service"]): PathId[] {
  // The SSM agent's calls: only through the workload's own endpoints (the VPC has no other way out).
  if (service === "ssm") return ["our-endpoint"];
  const paths: PathId[] = [intendedPath(p), "other-endpoint", outsidePath(p)];
  // STS only listens on HTTPS: there is no plain-HTTP AssumeRole to refuse.
  return service === "s3" ? [...paths, "plain-http"] : paths;
}

/** Does a request along this path go through a VPC endpoint (ours or another)? */
export function throughEndpoint(p: Pick<AccessPolicies, "natPublicIp">, path: PathId): boolean {
  return path === "our-endpoint" || path === "other-endpoint" || (path === "plain-http" && !isInternetPath(p));
}

const PATH_LABELS: Record<PathId, string> = {
  "our-endpoint": "through our endpoint, TLS",
  "other-endpoint": "through another VPC endpoint, TLS",
  internet: "over the internet, TLS",
  "plain-http": "through our endpoint, plain HTTP",
  "nat-address": "from our NAT gateway's address, TLS",
  "other-address": "from another internet address, TLS",
};

export function pathLabel(p: Pick<AccessPolicies, "natPublicIp">, path: PathId): string {
  return path === "plain-http" && isInternetPath(p) ? "from our NAT gateway's address, plain HTTP" : PATH_LABELS[path];
}

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

export interface OwnerFences {
  /** Fan-in (xacct:sources): the bucket policy fences writes anywhere in the bucket, not one prefix. */
  writesFencedBucketWide?: boolean;
  /** xacct:target.organizationId: the fence is aws:VpceOrgID, any endpoint of the organization. */
  organizationFence?: boolean;
}

/**
 * The bucket account's own admins keep the owner's rights from outside our path (our endpoint
 * policies do not stop them, and the bucket policy only fences writes into the prefix). On the
 * internet path there is no endpoint policy at all, and the NAT address passes the fence: from it
 * they may also write into the prefix. That is what makes the internet path weaker.
 */
function ownerCell(principal: PrincipalCase, action: ActionCase, path: PathId, intended: PathId, fences: OwnerFences): boolean {
  if (principal.id !== "target-admin-role" || path === "plain-http") return false;
  const ownerActions = fences.writesFencedBucketWide ? OWNER_ACTIONS.filter((a) => a !== "write-outside-prefix") : OWNER_ACTIONS;
  if (path === intended) return intended === "nat-address" && (ownerActions.includes(action.id) || action.id === "write-in-prefix");
  // The organization fence lets the owner's admins write through any endpoint of the organization.
  if (fences.organizationFence && path === "other-endpoint" && (action.id === "write-in-prefix" || action.id === "write-outside-prefix")) return true;
  return ownerActions.includes(action.id);
}

/**
 * xacct:pattern direct: exactly one intended path (plus what `access` opts into): the instance
 * role's own session uses the prefix along our path over TLS. No sts:AssumeRole is ever
 * allowed. The bucket owner's cells are the same as with assumeRole.
 */
function directExpectation(principal: PrincipalCase, action: ActionCase, path: PathId, access: readonly AccessLevel[], intended: PathId, fences: OwnerFences): Expectation {
  if (principal.id === "source-instance-role" && path === intended && action.grantedBy && access.includes(action.grantedBy)) return "allowed (intended)";
  if (ownerCell(principal, action, path, intended, fences)) return "allowed (bucket owner)";
  return "denied";
}

/**
 * Exactly two intended paths (plus what `access` opts into): the instance role assumes the transfer
 * role through our STS endpoint (internet path: from our NAT address); the transfer role's session
 * uses the prefix the same way, over TLS. The bucket account's own admins keep the owner's rights
 * (see ownerCell) — shown as owner cells, never as grants of ours. Everything else is denied.
 */
export function expectation(
  principal: PrincipalCase,
  action: ActionCase,
  path: PathId,
  access: readonly AccessLevel[],
  pattern: AccessPolicies["pattern"] = "assumeRole",
  intended: PathId = "our-endpoint",
  fences: OwnerFences = {},
): Expectation {
  if (pattern === "direct") return directExpectation(principal, action, path, access, intended, fences);
  if (principal.id === "source-instance-role" && action.id === "assume-transfer-role" && path === intended) return "allowed (intended)";
  if (principal.id === "target-transfer-role" && path === intended && action.grantedBy && access.includes(action.grantedBy)) return "allowed (intended)";
  if (ownerCell(principal, action, path, intended, fences)) return "allowed (bucket owner)";
  return "denied";
}
