import { PolicyResource, ReportViolation, StackValidationPolicy } from "@pulumi/policy";
import { Statement, clausesOn, parsePolicyDocument, patternCovers, statementLabel } from "../lib/iam";
import { principalArnNarrowing } from "../lib/principals";
import { TYPES, allows } from "../lib/resources";
import { accountOf, idOf, isWiredTo, propsOf } from "../lib/stack";
import { partitionOf } from "../lib/providers";
import { isUnknown } from "../lib/unknowns";
import { writeProtectingDenies } from "../lib/bucket-policy";
import { designate } from "../lib/designation";

type Document = { statements: Statement[] } | "unknown" | undefined;

function documentOf(resource: PolicyResource, property: string): Document {
  const value = propsOf(resource)[property];
  if (value === undefined || value === null) return undefined;
  if (isUnknown(value)) return "unknown";
  const parsed = parsePolicyDocument(value);
  return parsed.ok ? { statements: parsed.statements } : undefined; // unreadable: the resource rules report it
}

/** A role's ARN: its output once known; before that, what AWS will make of its name and account. */
function roleArnOf(role: PolicyResource): string | undefined {
  const props = propsOf(role);
  if (props.arn !== undefined && !isUnknown(props.arn)) return String(props.arn);
  const account = accountOf(role);
  return account && typeof props.name === "string" && !isUnknown(props.name) ? `arn:${partitionOf(role.provider?.props)}:iam::${account}:role/${props.name}` : undefined;
}

interface Wiring {
  resources: PolicyResource[];
  s3Endpoints: PolicyResource[];
  stsEndpoints: PolicyResource[];
  instanceRoles: PolicyResource[];
  transferRoles: PolicyResource[];
  buckets: PolicyResource[];
  report: ReportViolation;
}

/**
 * The endpoint ids a policy names in `aws:SourceVpce` must be exactly the ids of this stack's
 * endpoints. When an endpoint does not exist yet (preview), its id is unknown, and so is any
 * document built from it: an unknown document must be wired to the endpoint, and a known document
 * can only name a literal, which cannot be the endpoint about to be created.
 */
function checkEndpointIds(owner: PolicyResource, named: string[], endpoints: PolicyResource[], where: string, report: ReportViolation) {
  if (endpoints.length === 0) return;
  const known = endpoints.map(idOf);
  for (const [index, endpoint] of endpoints.entries()) {
    if (known[index] === undefined) {
      report(`${owner.name} ${where} names ${named.join(", ") || "no endpoint"} literally, but ${endpoint.name} is not created yet: build the condition from the endpoint's id.`, owner.urn);
    } else if (!named.includes(known[index] as string)) {
      report(`${owner.name} ${where} does not name ${endpoint.name} (${known[index]}): requests through this stack's endpoint would be denied.`, owner.urn);
    }
  }
  for (const id of named.filter((n) => !known.includes(n))) {
    if (known.every((k) => k !== undefined)) report(`${owner.name} ${where} names ${id}, which is not an endpoint of this stack.`, owner.urn);
  }
}

function checkUnknownIsWired(owner: PolicyResource, property: string, sources: PolicyResource[], what: string, report: ReportViolation) {
  for (const source of sources.filter((s) => !isWiredTo(owner, property, s))) {
    report(`${owner.name} ${property} is not known yet and is not computed from ${source.name}: it cannot be ${what}.`, owner.urn);
  }
}

function checkBucketPolicies(w: Wiring) {
  for (const bucketPolicy of w.resources.filter((r) => r.type === TYPES.bucketPolicy)) {
    const document = documentOf(bucketPolicy, "policy");
    if (document === "unknown") {
      checkUnknownIsWired(bucketPolicy, "policy", w.s3Endpoints, "checked against the S3 endpoint", w.report);
      continue;
    }
    if (!document) continue;
    const denies = writeProtectingDenies(document.statements);
    for (const deny of denies) {
      const ids = clausesOn(deny.statement, "aws:SourceVpce").flatMap((c) => c.values);
      checkEndpointIds(bucketPolicy, ids, w.s3Endpoints, `${statementLabel(deny.statement)} (aws:SourceVpce)`, w.report);
    }
    // The deny must cover everything the transfer role may write.
    const written = w.transferRoles.flatMap((role) => writableObjects(w.resources, role));
    for (const objects of written) {
      if (!denies.some((d) => (d.statement.resources ?? []).some((r) => patternCovers(r, objects)))) {
        w.report(`${bucketPolicy.name} does not deny writes to ${objects} from outside the S3 endpoint, though the transfer role may write there.`, bucketPolicy.urn);
      }
    }
  }
}

/** The object ARNs a role's inline policies allow s3:PutObject on. */
function writableObjects(resources: PolicyResource[], role: PolicyResource): string[] {
  const roleName = propsOf(role).name;
  return resources
    .filter((r) => r.type === TYPES.rolePolicy && propsOf(r).role === roleName)
    .flatMap((r) => {
      const document = documentOf(r, "policy");
      return typeof document === "object" ? allows(document.statements) : [];
    })
    .filter((s) => (s.actions ?? []).includes("s3:putobject"))
    .flatMap((s) => s.resources ?? []);
}

function checkTrust(w: Wiring) {
  const instanceArns = w.instanceRoles.map(roleArnOf).filter((a): a is string => a !== undefined);
  for (const role of w.transferRoles) {
    const trust = documentOf(role, "assumeRolePolicy");
    if (trust === "unknown") {
      checkUnknownIsWired(role, "assumeRolePolicy", [...w.stsEndpoints, ...w.instanceRoles], "checked against the instance role and the STS endpoint", w.report);
      continue;
    }
    if (!trust) continue;
    for (const statement of allows(trust.statements)) {
      const where = `trust ${statementLabel(statement)}`;
      if (w.instanceRoles.length > 0) {
        const strangers = (statement.principal?.aws ?? []).filter((arn) => !instanceArns.includes(arn));
        if (strangers.length > 0) w.report(`${role.name} ${where} trusts ${strangers.join(", ")}, not this stack's instance role (${instanceArns.join(", ")}).`, role.urn);
      }
      const ids = clausesOn(statement, "aws:SourceVpce").flatMap((c) => c.values);
      if (w.stsEndpoints.length > 0 && ids.length === 0) {
        w.report(`${role.name} ${where} has no aws:SourceVpce condition: the role could be assumed from outside the source VPC.`, role.urn);
      } else {
        checkEndpointIds(role, ids, w.stsEndpoints, `${where} (aws:SourceVpce)`, w.report);
      }
    }
  }
}

function principalArnsOf(statement: Statement): string[] {
  return principalArnNarrowing(statement) ?? statement.principal?.aws ?? [];
}

function checkS3EndpointPolicies(w: Wiring) {
  const instanceArns = w.instanceRoles.map(roleArnOf);
  const transferArns = w.transferRoles.map(roleArnOf).filter((a): a is string => a !== undefined);
  const bucketNames = w.buckets.map((b) => propsOf(b).bucket).filter((n) => typeof n === "string" && !isUnknown(n));
  for (const endpoint of w.s3Endpoints) {
    const document = documentOf(endpoint, "policy");
    if (typeof document !== "object") continue;
    for (const statement of allows(document.statements).filter((s) => principalArnsOf(s).length > 0)) {
      const where = `${endpoint.name} policy ${statementLabel(statement)}`;
      const named = principalArnsOf(statement);
      const instance = named.filter((arn) => instanceArns.includes(arn));
      if (instance.length > 0) {
        w.report(
          `${where} names the instance role ${instance.join(", ")}, but S3 is called with the transfer role's session, whose aws:PrincipalArn is the transfer role: every upload would be denied. Name the transfer role.`,
          endpoint.urn,
        );
      }
      const strangers = named.filter((arn) => transferArns.length > 0 && !transferArns.includes(arn) && !instanceArns.includes(arn));
      if (strangers.length > 0) w.report(`${where} names ${strangers.join(", ")}, not this stack's transfer role (${transferArns.join(", ")}).`, endpoint.urn);
      if (bucketNames.length > 0) {
        const elsewhere = (statement.resources ?? []).filter((r) => !bucketNames.some((b) => new RegExp(`^arn:[^:]+:s3:::${b.replace(/[.]/g, "\\.")}(/|$)`).test(r)));
        if (elsewhere.length > 0) w.report(`${where} grants on ${elsewhere.join(", ")}, outside this stack's bucket (${bucketNames.join(", ")}).`, endpoint.urn);
      }
    }
  }
}

function checkStsEndpointPolicies(w: Wiring) {
  const instanceArns = w.instanceRoles.map(roleArnOf).filter((a): a is string => a !== undefined);
  const transferArns = w.transferRoles.map(roleArnOf).filter((a): a is string => a !== undefined);
  for (const endpoint of w.stsEndpoints) {
    const document = documentOf(endpoint, "policy");
    if (typeof document !== "object") continue;
    for (const statement of allows(document.statements)) {
      const where = `${endpoint.name} policy ${statementLabel(statement)}`;
      const named = principalArnsOf(statement);
      if (instanceArns.length > 0 && (named.length === 0 || named.some((arn) => !instanceArns.includes(arn)))) {
        w.report(`${where} lets ${named.join(", ") || "any principal"} call STS, not only this stack's instance role (${instanceArns.join(", ")}).`, endpoint.urn);
      }
      const targets = statement.resources ?? [];
      if (transferArns.length > 0 && (targets.length === 0 || targets.some((arn) => !transferArns.includes(arn)))) {
        w.report(`${where} allows assuming ${targets.join(", ") || "any role"}, not only this stack's transfer role (${transferArns.join(", ")}).`, endpoint.urn);
      }
    }
  }
}

/**
 * The pieces of the transfer path agree with each other: the bucket policy's aws:SourceVpce is this
 * stack's S3 endpoint and its deny covers what the transfer role writes; the transfer role trusts
 * this stack's instance role through this stack's STS endpoint; the S3 endpoint policy names the
 * *transfer* role (S3 sees the assumed-role session — the source article names the instance role,
 * which would deny every upload) and this stack's bucket; the STS endpoint policy names the instance
 * role and the transfer role. In a `source` or `target` stack, the pieces present are checked
 * against each other. During preview an unknown value counts as the resource it is computed from.
 *
 * Severity: critical. Why: IAM User Guide, "aws:PrincipalArn" for assumed-role sessions
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn).
 */
export const xacctWiringConsistent: StackValidationPolicy = {
  name: "xacct-wiring-consistent",
  description: "Bucket policy, trust policy and endpoint policies name this stack's endpoints, roles and bucket.",
  enforcementLevel: "mandatory",
  severity: "critical",
  validateStack: (args, reportViolation) => {
    // Which role, bucket and endpoint is which: by relation (lib/designation.ts), not by shape.
    const designation = designate(args.resources);
    const transferBuckets = new Set(designation.transferBuckets.map((b) => b.name));
    const wiring: Wiring = {
      resources: args.resources.filter((r) => r.type !== TYPES.bucketPolicy || designation.bucketPolicies.some((p) => p.resource === r && p.bucket !== undefined && transferBuckets.has(p.bucket))),
      s3Endpoints: designation.s3Endpoints.map((e) => e.resource).filter((r) => r.type === TYPES.vpcEndpoint),
      stsEndpoints: designation.stsEndpoints.map((e) => e.resource).filter((r) => r.type === TYPES.vpcEndpoint),
      instanceRoles: designation.instanceRoles.map((n) => n.resource).filter((r) => r.type === TYPES.role),
      transferRoles: designation.transferRoles.map((n) => n.resource).filter((r) => r.type === TYPES.role),
      buckets: designation.transferBuckets.flatMap((b) => (b.resource?.type === TYPES.bucket ? [b.resource] : [])),
      report: reportViolation,
    };
    checkBucketPolicies(wiring);
    checkTrust(wiring);
    checkS3EndpointPolicies(wiring);
    checkStsEndpointPolicies(wiring);
  },
};
