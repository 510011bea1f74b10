/**
 * The bootstrap stack's configuration (namespace `xacct-bootstrap`), validated in one place before
 * any resource is registered. Pure: the program and the tests parse config through here.
 */
import { z } from "zod";
import { Half, HalfScope, deployPolicy, previewPolicy, toJson } from "./policies";

export const BOOTSTRAP_NAMESPACE = "xacct-bootstrap";


const roleName = z.string().regex(/^[\w+=,.@-]{1,64}$/, "must be an IAM role name: 1-64 letters, digits or +=,.@_-");
const roleArn = z.string().regex(/^arn:aws:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/, "must be an exact IAM role ARN (arn:aws:iam::<account>:role/<name>), no wildcards");

const schema = z
  .strictObject({
    accountId: z.string({ error: (i) => (i.input === undefined ? "is required" : "must be a 12-digit AWS account id written as a quoted string") }).regex(/^\d{12}$/, "must be a 12-digit AWS account id"),
    region: z.string({ error: "is required" }).regex(/^[a-z]{2}-[a-z]+-\d$/, "must be a region of the commercial aws partition, e.g. ap-northeast-1"),
    half: z.enum(["source", "target"], { error: "must be source or target: the half of xacct this account holds" }),
    repository: z.string({ error: "is required: the GitHub repository, owner/name" }).regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, "must be a GitHub repository written owner/name"),
    deployEnvironment: z.string().min(1).refine((v) => !/[*?:]/.test(v), "must not contain '*', '?' or ':': the environment is matched exactly").optional(),
    deployBranch: z.string().min(1).refine((v) => !/[*?]/.test(v), "must not contain '*' or '?': the branch is matched exactly").optional(),
    createOidcProvider: z.boolean({ error: "must be true or false" }).default(true),
    operatorRoleArns: z.array(roleArn).default([]),
    deployRoleName: roleName.default("xacct-deployer"),
    previewRoleName: roleName.default("xacct-preview"),
    instanceRoleName: roleName.default("xacct-instance"),
    transferRoleName: roleName.optional(),
    transferRoleNames: z.array(roleName, { error: "must be a list of IAM role names" }).min(1, "must name at least one role").optional(),
    bucketName: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "must be a valid S3 bucket name").optional(),
  })
  .superRefine((c, ctx) => {
    if ((c.deployEnvironment === undefined) === (c.deployBranch === undefined)) {
      ctx.addIssue({ code: "custom", path: ["deployEnvironment"], message: "set exactly one of deployEnvironment (recommended: a GitHub environment with required reviewers) and deployBranch" });
    }
    if (c.transferRoleName !== undefined && c.transferRoleNames !== undefined) {
      ctx.addIssue({ code: "custom", path: ["transferRoleNames"], message: "set one of transferRoleName (one source account) and transferRoleNames (fan-in: every tenant's <transferRoleName>-<name>)" });
    }
    if (c.half === "target" && c.bucketName === undefined) {
      ctx.addIssue({ code: "custom", path: ["bucketName"], message: "is required for the target half: the deploy policy is scoped to the bucket" });
    }
  });

export type BootstrapConfig = z.infer<typeof schema>;

export class BootstrapConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid ${BOOTSTRAP_NAMESPACE} configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "BootstrapConfigError";
  }
}

export const CONFIG_KEYS = Object.keys(schema.shape);

/** Parses the raw `xacct-bootstrap:*` values; throws one error naming every bad key. */
export function parseBootstrapConfig(raw: Record<string, unknown>): BootstrapConfig {
  const result = schema.safeParse(raw);
  if (result.success) {
    assertWithinInlinePolicyQuota(result.data);
    return result.data;
  }
  const problems = new Map<string, string>();
  for (const issue of result.error.issues) {
    const key = issue.code === "unrecognized_keys" ? issue.keys.join(", ") : String(issue.path[0] ?? "");
    const message = issue.code === "unrecognized_keys" ? `unknown key; the keys are ${CONFIG_KEYS.join(", ")}` : issue.message;
    if (!problems.has(key)) problems.set(key, `${BOOTSTRAP_NAMESPACE}:${key}: ${message}`);
  }
  throw new BootstrapConfigError([...problems.values()]);
}

/**
 * A role's inline policies may hold 10,240 characters in all, whitespace not counted
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-entity-length).
 * Each bootstrap role has one inline policy; only a long transferRoleNames list can reach the quota.
 */
const INLINE_POLICY_QUOTA = 10240;

function assertWithinInlinePolicyQuota(c: BootstrapConfig): void {
  const scope = scopeOf(c);
  for (const [role, policy] of [[c.deployRoleName, deployPolicy(scope)], [c.previewRoleName, previewPolicy(scope)]] as const) {
    const length = toJson(policy).length;
    if (length > INLINE_POLICY_QUOTA) {
      throw new BootstrapConfigError([`${BOOTSTRAP_NAMESPACE}:transferRoleNames: makes the inline policy of ${role} ${length} characters; IAM allows ${INLINE_POLICY_QUOTA} per role: list fewer roles (shorter names help), or split the tenants over more target accounts`]);
    }
  }
}

export const DEFAULT_TRANSFER_ROLE_NAME = "xacct-transfer";

export function scopeOf(c: BootstrapConfig): HalfScope {
  const half: Half = c.half;
  return half === "source"
    ? { half, accountId: c.accountId, region: c.region, instanceRoleName: c.instanceRoleName }
    : { half, accountId: c.accountId, region: c.region, transferRoleNames: c.transferRoleNames ?? [c.transferRoleName ?? DEFAULT_TRANSFER_ROLE_NAME], bucketName: c.bucketName };
}
