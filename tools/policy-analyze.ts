/**
 * npm run -s policy:analyze -- --stack <name> | --config <Pulumi.<name>.yaml>
 *
 * Checks every policy document the program generates for a stack with AWS's own reasoning engine,
 * IAM Access Analyzer (https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-policy-validation.html,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-custom-policy-checks.html):
 *   - ValidatePolicy on every document: ERROR and SECURITY_WARNING findings fail; WARNING and
 *     SUGGESTION are printed.
 *   - CheckNoPublicAccess on the bucket policy (AWS::S3::Bucket).
 *   - CheckAccessNotGranted for what the design forbids: bucket-configuration writes (policy, ACLs,
 *     public access block, ownership, versioning, lifecycle, encryption, deleting the bucket),
 *     writes, reads and deletes outside the prefix, deleting object versions, and IAM writes.
 * The documents are the ones the program registers for the stack's config, built offline under
 * Pulumi's mocks (the same run as `npm run plan`); ids of resources not yet created are realistic
 * placeholders, which does not change what a document grants.
 *
 * Needs AWS credentials (any identity allowed access-analyzer:ValidatePolicy,
 * CheckNoPublicAccess and CheckAccessNotGranted; none of them reads or changes resources). Without
 * credentials it prints one "skipped" line and exits 0. Credentials are looked up with the SDK's
 * default chain (environment, shared files, SSO, web identity, then instance metadata); set
 * AWS_EC2_METADATA_DISABLED=true to keep it off the metadata service.
 *
 * Exit codes: 0 every check passed, or skipped without credentials; 1 a finding, or a bad config;
 * 2 unusable arguments or files, or an AWS call that failed (after retrying throttling).
 */
import "./offline/deferred-sdk-dependencies";
import { existsSync } from "node:fs";
import { basename, isAbsolute, join, resolve } from "node:path";
import {
  AccessAnalyzerClient,
  CheckAccessNotGrantedCommand,
  CheckNoPublicAccessCommand,
  ValidatePolicyCommand,
  type Access,
  type AccessCheckPolicyType,
  type ValidatePolicyFinding,
  type ValidatePolicyResourceType,
} from "@aws-sdk/client-accessanalyzer";
import { ConfigError, XacctConfig } from "../infra/config";
import type { RecordedResource } from "./offline/run-program";
import { REPO_ROOT, configOf, readStackFile, stackFilePath } from "./offline/stack-files";
import { BOOTSTRAP_NAMESPACE, BootstrapConfig, BootstrapConfigError, parseBootstrapConfig, scopeOf } from "../bootstrap/config";
import {
  BUCKET_NEVER_ACTIONS,
  BUCKET_WRITE_ACTIONS,
  EC2_CHANGE_ACTIONS,
  EC2_CREATE_ACTIONS,
  INSTANCE_PROFILE_ACTIONS,
  ROLE_LIFECYCLE_ACTIONS,
  ROLE_READ_ACTIONS,
  deployPolicy,
  githubSubject,
  githubTrustPolicy,
  previewPolicy,
  toJson,
} from "../bootstrap/policies";

export const USAGE = `usage: npm run -s policy:analyze -- --stack <name> | --config <Pulumi.<name>.yaml> | --bootstrap <account-stack>

Checks every policy document the program generates for the stack with IAM Access Analyzer:
ValidatePolicy (ERROR and SECURITY_WARNING fail), CheckNoPublicAccess on the bucket policy, and
CheckAccessNotGranted for what the design forbids. --bootstrap checks the documents of
bootstrap/Pulumi.<account-stack>.yaml instead (deploy and preview roles; the preview role must
be granted no write). Without AWS credentials: prints "skipped", exit 0.

Exit codes: 0 passed or skipped, 1 a finding or a bad config, 2 bad arguments or files, or an AWS
call that failed.`;

/** One document to analyze, and what to ask about it. */
export interface AnalyzedDocument {
  /** e.g. `RolePolicy source-instance-assume-transfer-role .policy` */
  label: string;
  document: string;
  policyType: AccessCheckPolicyType;
  validateResourceType?: ValidatePolicyResourceType;
  checkNoPublicAccess: boolean;
  notGranted: { what: string; access: Access }[];
}

export interface CheckOutcome {
  label: string;
  check: "ValidatePolicy" | "CheckNoPublicAccess" | "CheckAccessNotGranted";
  ok: boolean;
  detail: string;
  findings?: ValidatePolicyFinding[];
}

/** Findings that fail the check; WARNING and SUGGESTION are reported only. */
export const FAILING_FINDING_TYPES = new Set(["ERROR", "SECURITY_WARNING"]);

/** Bucket-level actions no generated policy may grant: they would let a principal undo the guards. */
export const BUCKET_CONTROL_ACTIONS = [
  "s3:PutBucketPolicy",
  "s3:DeleteBucketPolicy",
  "s3:PutBucketAcl",
  "s3:PutObjectAcl",
  "s3:PutBucketPublicAccessBlock",
  "s3:PutBucketOwnershipControls",
  "s3:PutBucketVersioning",
  "s3:PutLifecycleConfiguration",
  "s3:PutEncryptionConfiguration",
  "s3:DeleteBucket",
];

/** Long-term credentials and privilege changes: never in a document of this program. */
export const IAM_WRITE_ACTIONS = [
  "iam:CreateUser",
  "iam:CreateAccessKey",
  "iam:CreateLoginProfile",
  "iam:PassRole",
  "iam:PutRolePolicy",
  "iam:AttachRolePolicy",
  "iam:UpdateAssumeRolePolicy",
];

/** An object key that is certainly outside `prefix`. */
export function keyOutsidePrefix(prefix: string): string {
  const key = "xacct-outside-the-prefix/object";
  return key.startsWith(prefix) ? `~${key}` : key;
}

/** What CheckAccessNotGranted asks of a document that can reach the bucket. */
export function forbiddenBucketAccess(config: XacctConfig): { what: string; access: Access }[] {
  const { bucketArn, prefix } = config.target;
  const outside = `${bucketArn}/${keyOutsidePrefix(prefix)}`;
  return [
    { what: "bucket configuration writes", access: { actions: BUCKET_CONTROL_ACTIONS, resources: [bucketArn, `${bucketArn}/*`] } },
    { what: `writes, reads and deletes outside ${prefix}`, access: { actions: ["s3:PutObject", "s3:GetObject", "s3:DeleteObject"], resources: [outside] } },
    { what: "deleting object versions", access: { actions: ["s3:DeleteObjectVersion"], resources: [`${bucketArn}/*`] } },
  ];
}

const IAM_WRITES = { what: "IAM writes", access: { actions: IAM_WRITE_ACTIONS } };

/** Every policy document among the resources a stack registers, with the checks each gets. */
export function documentsOf(config: XacctConfig, resources: RecordedResource[]): AnalyzedDocument[] {
  const bucketChecks = forbiddenBucketAccess(config);
  const documents: AnalyzedDocument[] = [];
  for (const r of resources) {
    const label = (property: string) => `${r.type.split(":").pop()} ${r.name} .${property}`;
    switch (r.type) {
      case "aws:iam/role:Role":
        documents.push({ label: label("assumeRolePolicy"), document: r.inputs.assumeRolePolicy, policyType: "RESOURCE_POLICY", validateResourceType: "AWS::IAM::AssumeRolePolicyDocument", checkNoPublicAccess: false, notGranted: [] });
        break;
      case "aws:iam/rolePolicy:RolePolicy":
      case "aws:iam/policy:Policy":
        documents.push({ label: label("policy"), document: r.inputs.policy, policyType: "IDENTITY_POLICY", checkNoPublicAccess: false, notGranted: [...bucketChecks, IAM_WRITES] });
        break;
      case "aws:s3/bucketPolicy:BucketPolicy":
        documents.push({ label: label("policy"), document: r.inputs.policy, policyType: "RESOURCE_POLICY", validateResourceType: "AWS::S3::Bucket", checkNoPublicAccess: true, notGranted: bucketChecks });
        break;
      case "aws:ec2/vpcEndpoint:VpcEndpoint": {
        // Access Analyzer has no resource type for endpoint policies: validated as generic resource policies.
        const isS3 = String(r.inputs.serviceName).endsWith(".s3");
        documents.push({ label: label("policy"), document: r.inputs.policy, policyType: "RESOURCE_POLICY", checkNoPublicAccess: false, notGranted: isS3 ? bucketChecks : [IAM_WRITES] });
        break;
      }
    }
  }
  return documents.filter((d) => typeof d.document === "string" && d.document.length > 0);
}

export interface RetryOptions {
  attempts: number;
  baseDelayMs: number;
  sleep: (ms: number) => Promise<void>;
}

export const DEFAULT_RETRY: RetryOptions = { attempts: 6, baseDelayMs: 250, sleep: (ms) => new Promise((r) => setTimeout(r, ms)) };

function isRetryable(error: unknown): boolean {
  const e = error as { name?: string; $retryable?: { throttling?: boolean }; $metadata?: { httpStatusCode?: number } };
  return e?.name === "ThrottlingException" || e?.name === "TooManyRequestsException" || e?.$retryable?.throttling === true || (e?.$metadata?.httpStatusCode ?? 0) >= 500;
}

/** Calls `send`, retrying throttling and server errors with exponential backoff and full jitter. */
export async function withRetries<T>(send: () => Promise<T>, options: RetryOptions = DEFAULT_RETRY): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (error) {
      if (!isRetryable(error) || attempt >= options.attempts) throw error;
      await options.sleep(Math.random() * options.baseDelayMs * 2 ** (attempt - 1));
    }
  }
}

async function validate(client: AccessAnalyzerClient, d: AnalyzedDocument, retry: RetryOptions): Promise<CheckOutcome> {
  const findings: ValidatePolicyFinding[] = [];
  let nextToken: string | undefined;
  do {
    const page = await withRetries(
      () => client.send(new ValidatePolicyCommand({ policyDocument: d.document, policyType: d.policyType, validatePolicyResourceType: d.validateResourceType, locale: "EN", nextToken })),
      retry,
    );
    findings.push(...(page.findings ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  const failing = findings.filter((f) => FAILING_FINDING_TYPES.has(String(f.findingType)));
  const kind = `${d.policyType}${d.validateResourceType ? `, ${d.validateResourceType}` : ""}`;
  return { label: d.label, check: "ValidatePolicy", ok: failing.length === 0, detail: `${kind}: ${findings.length === 0 ? "no findings" : `${findings.length} finding(s), ${failing.length} failing`}`, findings };
}

export async function analyzeDocuments(client: AccessAnalyzerClient, documents: AnalyzedDocument[], retry: RetryOptions = DEFAULT_RETRY): Promise<CheckOutcome[]> {
  const outcomes: CheckOutcome[] = [];
  for (const d of documents) {
    outcomes.push(await validate(client, d, retry));
    if (d.checkNoPublicAccess) {
      const result = await withRetries(() => client.send(new CheckNoPublicAccessCommand({ policyDocument: d.document, resourceType: "AWS::S3::Bucket" })), retry);
      outcomes.push({ label: d.label, check: "CheckNoPublicAccess", ok: result.result === "PASS", detail: `AWS::S3::Bucket: ${result.result}${result.message ? ` (${result.message})` : ""}${reasons(result.reasons)}` });
    }
    for (const { what, access } of d.notGranted) {
      const result = await withRetries(() => client.send(new CheckAccessNotGrantedCommand({ policyDocument: d.document, policyType: d.policyType, access: [access] })), retry);
      outcomes.push({ label: d.label, check: "CheckAccessNotGranted", ok: result.result === "PASS", detail: `${what}: ${result.result}${result.message ? ` (${result.message})` : ""}${reasons(result.reasons)}` });
    }
  }
  return outcomes;
}

function reasons(list: { description?: string; statementId?: string; statementIndex?: number }[] | undefined): string {
  if (!list || list.length === 0) return "";
  return `; ${list.map((r) => `${r.statementId ?? `statement ${r.statementIndex}`}: ${r.description ?? ""}`.trim()).join("; ")}`;
}

export function report(stack: string, region: string, documents: AnalyzedDocument[], outcomes: CheckOutcome[]): string {
  const lines = [`xacct policy:analyze: stack ${stack}, region ${region}, ${documents.length} document(s), ${outcomes.length} check(s) with IAM Access Analyzer`];
  for (const o of outcomes) {
    lines.push(`${o.ok ? "ok  " : "FAIL"} ${o.check} ${o.label}: ${o.detail}`);
    for (const f of o.findings ?? []) {
      const where = (f.locations ?? []).map((l) => l.path?.map((p) => ("value" in p ? p.value : "index" in p ? p.index : "key" in p ? p.key : "")).join(".")).filter(Boolean).join(", ");
      lines.push(`       ${f.findingType} ${f.issueCode}${where ? ` at ${where}` : ""}: ${f.findingDetails} ${f.learnMoreLink ?? ""}`.trimEnd());
    }
  }
  const failed = outcomes.filter((o) => !o.ok).length;
  lines.push(failed === 0 ? "OK: IAM Access Analyzer found nothing that fails." : `FAILED: ${failed} check(s) failed.`);
  return lines.join("\n");
}

/**
 * True when the SDK's default credential chain yields credentials within `timeoutMs`; otherwise the
 * reason. No AWS API is called: the chain reads the environment and files, and the metadata
 * service last.
 */
export async function findCredentials(provider: () => Promise<{ accessKeyId?: string }>, timeoutMs = 3000): Promise<{ found: true } | { found: false; reason: string }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no credentials within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    const credentials = await Promise.race([provider(), timeout]);
    return credentials?.accessKeyId ? { found: true } : { found: false, reason: "the credential chain returned no access key" };
  } catch (error) {
    return { found: false, reason: (error as Error).message.split("\n")[0] };
  } finally {
    clearTimeout(timer);
  }
}

class UsageError extends Error {}

export function parseArgs(argv: string[]): { help: boolean; stack?: string; config?: string; bootstrap?: string } {
  const options: { help: boolean; stack?: string; config?: string; bootstrap?: string } = { help: false };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].startsWith("--") && argv[i].includes("=") ? [argv[i].slice(0, argv[i].indexOf("=")), argv[i].slice(argv[i].indexOf("=") + 1)] : [argv[i], undefined];
    const value = () => {
      const next = inline ?? argv[++i];
      if (next === undefined || next === "" || (inline === undefined && next.startsWith("-"))) throw new UsageError(`${flag} needs a value`);
      return next;
    };
    if (flag === "--help" || flag === "-h") options.help = true;
    else if (flag === "--stack" || flag === "--config" || flag === "--bootstrap") {
      const key = flag.slice(2) as "stack" | "config" | "bootstrap";
      if (options[key] !== undefined) throw new UsageError(`${flag} given twice`);
      options[key] = value();
    } else throw new UsageError(`unknown argument ${argv[i]}`);
  }
  const given = [options.stack, options.config, options.bootstrap].filter((v) => v !== undefined).length;
  if (!options.help && given !== 1) throw new UsageError("give exactly one of --stack, --config and --bootstrap");
  return options;
}

export interface Dependencies {
  client?: AccessAnalyzerClient;
  retry?: RetryOptions;
  out?: (line: string) => void;
  err?: (line: string) => void;
}

export async function main(argv: string[], deps: Dependencies = {}): Promise<number> {
  const out = deps.out ?? ((line: string) => console.log(line));
  const err = deps.err ?? ((line: string) => console.error(line));
  let options: ReturnType<typeof parseArgs>;
  try {
    options = parseArgs(argv);
  } catch (error) {
    err(`policy:analyze: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (options.help) {
    out(USAGE);
    return 0;
  }
  if (options.bootstrap !== undefined) return analyzeBootstrap(options.bootstrap, deps, out, err);
  const userDirectory = process.env.INIT_CWD ?? process.cwd();
  const file = options.config !== undefined ? (isAbsolute(options.config) ? options.config : resolve(userDirectory, options.config)) : options.stack !== undefined ? stackFilePath(options.stack) : undefined;
  if (file === undefined) {
    err(`policy:analyze: give exactly one of --stack, --config and --bootstrap\n${USAGE}`);
    return 2;
  }
  const stack = options.stack ?? (/^Pulumi\.(.+)\.ya?ml$/.exec(basename(file))?.[1] ?? "analyze");
  if (!existsSync(file)) {
    err(`policy:analyze: ${file} does not exist`);
    return 2;
  }
  let stackConfig;
  let config: XacctConfig;
  try {
    stackConfig = readStackFile(file);
    config = configOf(stackConfig);
  } catch (error) {
    if (error instanceof ConfigError) {
      err(`error: ${error.message}`);
      return 1;
    }
    err(`policy:analyze: cannot read ${file}: ${(error as Error).message.split("\n")[0]}`);
    return 2;
  }
  const region = config.sources[0].region;
  const client = deps.client ?? new AccessAnalyzerClient({ region, maxAttempts: 1 });
  const credentials = await findCredentials(() => client.config.credentials());
  if (!credentials.found) {
    out(`xacct policy:analyze: skipped: no AWS credentials (${credentials.reason}); nothing was checked`);
    return 0;
  }
  // Loaded only now: the skip answers at once, without loading Pulumi and the AWS provider.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy require: a CommonJS module's import() would bypass ts-node
  const { runPair } = require("./offline/pair") as typeof import("./offline/pair");
  const pair = await runPair(stack, stackConfig, file);
  const documents = documentsOf(config, pair.own.resources);
  try {
    const outcomes = await analyzeDocuments(client, documents, deps.retry);
    out(report(stack, region, documents, outcomes));
    return outcomes.every((o) => o.ok) ? 0 : 1;
  } catch (error) {
    const e = error as Error;
    err(`policy:analyze: IAM Access Analyzer call failed: ${e.name}: ${e.message}`);
    return 2;
  }
}

/** Writes the preview role must never be granted: every write the deploy roles have, of both halves. */
export const PREVIEW_FORBIDDEN_ACTIONS = [
  ...ROLE_LIFECYCLE_ACTIONS.filter((a) => !ROLE_READ_ACTIONS.includes(a)),
  ...INSTANCE_PROFILE_ACTIONS.filter((a) => a !== "iam:GetInstanceProfile"),
  "iam:PassRole",
  ...new Set([...EC2_CREATE_ACTIONS, ...EC2_CHANGE_ACTIONS]),
  ...BUCKET_WRITE_ACTIONS,
  ...BUCKET_NEVER_ACTIONS,
];

/** The bootstrap's documents for one account, from the same pure builders the bootstrap program uses. */
export function bootstrapDocumentsOf(config: BootstrapConfig): AnalyzedDocument[] {
  const scope = scopeOf(config);
  const trust = (subject: string, operatorRoleArns: string[] = []) => JSON.stringify(githubTrustPolicy({ accountId: config.accountId, subjects: [subject], operatorRoleArns }));
  const deploySubject = githubSubject(config.repository, config.deployEnvironment !== undefined ? { environment: config.deployEnvironment } : { branch: config.deployBranch as string });
  const longTermCredentials = { what: "IAM users and access keys", access: { actions: ["iam:CreateUser", "iam:CreateAccessKey", "iam:CreateLoginProfile"] } };
  const deployChecks: AnalyzedDocument["notGranted"] = [longTermCredentials];
  if (config.half === "source") {
    deployChecks.push({ what: "passing any other role", access: { actions: ["iam:PassRole"], resources: [`arn:aws:iam::${config.accountId}:role/xacct-analyze-any-other-role`] } });
  } else {
    const bucket = `arn:aws:s3:::${config.bucketName}`;
    deployChecks.push({ what: "deleting the bucket or its policy, or opening ACLs", access: { actions: BUCKET_NEVER_ACTIONS, resources: [bucket, `${bucket}/*`] } });
  }
  return [
    { label: `Role ${config.deployRoleName} .assumeRolePolicy`, document: trust(deploySubject, config.operatorRoleArns), policyType: "RESOURCE_POLICY", validateResourceType: "AWS::IAM::AssumeRolePolicyDocument", checkNoPublicAccess: false, notGranted: [] },
    { label: `Role ${config.previewRoleName} .assumeRolePolicy`, document: trust(githubSubject(config.repository, { pullRequest: true })), policyType: "RESOURCE_POLICY", validateResourceType: "AWS::IAM::AssumeRolePolicyDocument", checkNoPublicAccess: false, notGranted: [] },
    { label: `RolePolicy xacct-deploy-${config.half} .policy`, document: toJson(deployPolicy(scope)), policyType: "IDENTITY_POLICY", checkNoPublicAccess: false, notGranted: deployChecks },
    {
      label: `RolePolicy xacct-preview-${config.half} .policy`,
      document: toJson(previewPolicy(scope)),
      policyType: "IDENTITY_POLICY",
      checkNoPublicAccess: false,
      notGranted: [longTermCredentials, { what: "any write the deploy roles have", access: { actions: PREVIEW_FORBIDDEN_ACTIONS } }],
    },
  ];
}

async function analyzeBootstrap(stack: string, deps: Dependencies, out: (line: string) => void, err: (line: string) => void): Promise<number> {
  const file = join(REPO_ROOT, "bootstrap", `Pulumi.${stack}.yaml`);
  if (!existsSync(file)) {
    err(`policy:analyze: ${file} does not exist`);
    return 2;
  }
  let config: BootstrapConfig;
  try {
    const raw = Object.fromEntries(
      Object.entries(readStackFile(file))
        .filter(([key]) => key.startsWith(`${BOOTSTRAP_NAMESPACE}:`))
        .map(([key, value]) => [key.slice(BOOTSTRAP_NAMESPACE.length + 1), value]),
    );
    config = parseBootstrapConfig(raw);
  } catch (error) {
    if (error instanceof BootstrapConfigError) {
      err(`error: ${error.message}`);
      return 1;
    }
    err(`policy:analyze: cannot read ${file}: ${(error as Error).message.split("\n")[0]}`);
    return 2;
  }
  const client = deps.client ?? new AccessAnalyzerClient({ region: config.region, maxAttempts: 1 });
  const credentials = await findCredentials(() => client.config.credentials());
  if (!credentials.found) {
    out(`xacct policy:analyze: skipped: no AWS credentials (${credentials.reason}); nothing was checked`);
    return 0;
  }
  const documents = bootstrapDocumentsOf(config);
  try {
    const outcomes = await analyzeDocuments(client, documents, deps.retry);
    out(report(`bootstrap ${stack}`, config.region, documents, outcomes));
    return outcomes.every((o) => o.ok) ? 0 : 1;
  } catch (error) {
    const e = error as Error;
    err(`policy:analyze: IAM Access Analyzer call failed: ${e.name}: ${e.message}`);
    return 2;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      console.error(`policy:analyze: ${(error as Error).message}`);
      process.exitCode = 2;
    },
  );
}
