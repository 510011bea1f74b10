import { PolicyResource, ReportViolation, StackValidationPolicy } from "@pulumi/policy";
import { Designation, DesignationConfig, designate, designationConfigSchemaProperties } from "../lib/designation";
import { Statement, clausesOn, coversAction, patternCovers, statementLabel } from "../lib/iam";
import { patternsIntersect } from "../lib/arn";
import { principalArnNarrowing } from "../lib/principals";
import { allows, endpointServiceOf } from "../lib/resources";
import { accountOf, accountOfArn, documentOf, idOf, isWiredTo, propsOf, roleArnOf, stackOutputs, stackReferenceOutputs } from "../lib/stack";
import { unpinnedWriterGrants, writeProtectingFences } from "../lib/bucket-policy";
import { InternetPath, exactAddress, internetPathOf, sourceIpValues } from "../lib/internet-path";
import { isUnknown } from "../lib/unknowns";

/** An endpoint or role the documents must name: a resource of this stack, or a value read from the other half. */
interface Part {
  name: string;
  /** Its id (endpoints) or ARN (roles), when known. */
  value?: string;
  resource?: PolicyResource;
  /** Read from a StackReference: the account of the source half it belongs to (its instance role's). */
  account?: string;
}

/** An instance role's unique id (`AROA…`), with the source account it belongs to when known. */
interface UniqueId {
  value: string;
  account?: string;
}

interface Wiring {
  resources: PolicyResource[];
  designation: Designation;
  s3Endpoints: Part[];
  stsEndpoints: Part[];
  instanceRoles: Part[];
  /** Unique ids of the instance roles: from the other half, or the roles' own state. */
  instanceRoleUniqueIds: UniqueId[];
  transferRoles: Part[];
  bucketNames: string[];
  /** The internet path (no endpoints): its NAT addresses take the endpoints' place in the fences. */
  internet?: InternetPath;
  report: ReportViolation;
}

const VPCE_ID = /^vpce-[0-9a-f]{8,17}$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[^*?]+$/;
const UNIQUE_ID = /^AROA[A-Z0-9]{12,}$/;

/**
 * What the other half of a split pair says about itself: the StackReference outputs. Output names
 * say which endpoint is which (`…s3…`, `…sts…`); values are recognised by their form. A split
 * fan-in target (xacct:sourceStacks) reads one source stack per source account: each reference's
 * endpoints and unique id belong to the account of the instance role it exports.
 */
function otherHalf(resources: PolicyResource[], report: ReportViolation) {
  const found = { s3: [] as Part[], sts: [] as Part[], instanceRoles: [] as Part[], uniqueIds: [] as UniqueId[] };
  const halves: { reference: PolicyResource; found: typeof found }[] = [];
  for (const { reference, outputs } of stackReferenceOutputs(resources)) {
    if (outputs === "unknown") {
      report(`${reference.name} (StackReference): the other stack's outputs are unknown or secret, so this stack cannot be judged against them. Export them as plain (non-secret) outputs.`, reference.urn);
      continue;
    }
    const half = { s3: [] as Part[], sts: [] as Part[], instanceRoles: [] as Part[], uniqueIds: [] as UniqueId[] };
    for (const [key, value] of Object.entries(outputs)) {
      if (isUnknown(value)) {
        if (/role|endpoint|vpce|sts|s3|uniqueid|nat/i.test(key)) report(`${reference.name} (StackReference) output ${key} is unknown or secret: what it names cannot be judged.`, reference.urn);
        continue;
      }
      if (typeof value !== "string") continue;
      const part = { name: `${reference.name}.${key}`, value };
      if (VPCE_ID.test(value)) {
        if (/sts/i.test(key)) half.sts.push(part);
        else if (/s3/i.test(key)) half.s3.push(part);
        else report(`${reference.name} output ${key} is an endpoint id whose service its name does not say (s3 or sts): it cannot be matched to the documents.`, reference.urn);
      } else if (ROLE_ARN.test(value) && /instance/i.test(key)) half.instanceRoles.push(part);
      else if (UNIQUE_ID.test(value)) half.uniqueIds.push({ value });
    }
    // The source half is the account of the one instance role it exports.
    const account = new Set(half.instanceRoles.map((r) => r.value)).size === 1 ? accountOfArn(String(half.instanceRoles[0].value)) : undefined;
    for (const parts of [half.s3, half.sts, half.instanceRoles, half.uniqueIds] as { account?: string }[][]) parts.forEach((p) => (p.account = account));
    halves.push({ reference, found: half });
    found.s3.push(...half.s3);
    found.sts.push(...half.sts);
    found.instanceRoles.push(...half.instanceRoles);
    found.uniqueIds.push(...half.uniqueIds);
  }
  // Several source stacks (fan-in): each must say which source account it is, by its instance role.
  const sourceAccounts = new Set(found.instanceRoles.map((r) => r.account).filter((a) => a !== undefined));
  if (sourceAccounts.size > 1) {
    for (const { reference } of halves.filter((h) => h.found.instanceRoles[0]?.account === undefined && (h.found.s3.length > 0 || h.found.sts.length > 0 || h.found.uniqueIds.length > 0))) {
      report(`${reference.name} (StackReference) exports endpoints but not one instance role: with several source stacks, what it exports cannot be matched to a source account.`, reference.urn);
    }
  }
  // Two source halves of one account (or one stack exporting two) would let a second, foreign
  // instance role or endpoint in beside the real one. References to one stack export the same values.
  const groups = sourceAccounts.size > 1 ? [...sourceAccounts, undefined] : ["all" as const];
  for (const group of groups) {
    const of = (parts: Part[]) => (group === "all" ? parts : parts.filter((p) => p.account === group));
    for (const [what, parts] of [["instance roles", of(found.instanceRoles)], ["S3 endpoints", of(found.s3)], ["STS endpoints", of(found.sts)]] as const) {
      const distinct = [...new Set(parts.map((p) => p.value))];
      if (distinct.length > 1) {
        report(`the StackReference outputs name ${distinct.length} different ${what}${group === "all" ? "" : group ? ` of account ${group}` : " of no one source account"} (${distinct.join(", ")}): a target stack has exactly one source half${group === "all" ? "" : " per source account"}.`);
      }
    }
  }
  return found;
}

/**
 * The endpoint ids a document names must be exactly the expected endpoints'. When an endpoint of
 * this stack does not exist yet (preview), its id is unknown, and so is any document built from it:
 * a known document naming a literal cannot be naming the endpoint about to be created.
 */
function checkEndpointIds(owner: PolicyResource, named: string[], endpoints: Part[], where: string, report: ReportViolation) {
  if (endpoints.length === 0) return;
  for (const endpoint of endpoints) {
    if (endpoint.value === undefined) {
      report(`${owner.name} ${where} names ${named.join(", ") || "no endpoint"} literally, but ${endpoint.name} is not created yet: build the condition from the endpoint's id.`, owner.urn);
    } else if (!named.includes(endpoint.value)) {
      report(`${owner.name} ${where} does not name ${endpoint.name} (${endpoint.value}): requests through that endpoint would be denied.`, owner.urn);
    }
  }
  const known = endpoints.map((e) => e.value);
  // With an endpoint unknown the document is refused above already; going on would only add messages (so the ConditionalExpression `true` variant survives).
  // Stryker disable next-line MethodExpression: as above, some for every only adds messages
  if (known.every((k) => k !== undefined)) {
    for (const id of named.filter((n) => !known.includes(n))) report(`${owner.name} ${where} names ${id}, which is not ${endpoints.map((e) => e.name).join(" or ")}: another way in.`, owner.urn);
  }
}

/** The internet path's counterpart of checkEndpointIds: the addresses a fence names are exactly the NAT gateways' Elastic IPs. */
function checkAddresses(owner: PolicyResource, named: string[], internet: InternetPath, where: string, report: ReportViolation) {
  const exact = named.map(exactAddress);
  for (const address of internet.addresses) {
    if (address.value === undefined) {
      report(`${owner.name} ${where} names ${named.join(", ") || "no address"} literally, but ${address.name} has no address yet: build the condition from the Elastic IP's publicIp.`, owner.urn);
    } else if (!exact.includes(address.value)) {
      report(`${owner.name} ${where} does not name ${address.name} (${address.value}): requests from the NAT gateway would be denied.`, owner.urn);
    }
  }
  const known = internet.addresses.map((a) => a.value);
  // With an address unknown the document is refused above already; going on would only add messages (so the ConditionalExpression `true` variant survives).
  // Stryker disable next-line MethodExpression: as above, some for every only adds messages
  if (known.every((k) => k !== undefined)) {
    for (const [i, value] of named.entries()) {
      // known holds no undefined here, so the `exact[i] === undefined` test is for the compiler (its `false` variant survives).
      if (exact[i] === undefined || !known.includes(exact[i])) report(`${owner.name} ${where} names ${value}, which is not the NAT gateway's Elastic IP (${known.join(", ")}): another way in.`, owner.urn);
    }
  }
}

/** The parts an unknown fence must be computed from: the endpoints, or (internet path) the Elastic IPs. */
function fenceSources(w: Wiring, endpoints: Part[]): Part[] {
  return w.internet ? w.internet.addresses.map((a) => ({ name: a.name, value: a.value, resource: a.resource })) : endpoints;
}

function checkUnknownIsWired(owner: PolicyResource, property: string, sources: Part[], what: string, report: ReportViolation) {
  for (const source of sources.filter((s) => s.resource && !isWiredTo(owner, property, s.resource))) {
    report(`${owner.name} ${property} is not known yet and is not computed from ${source.name}: it cannot be ${what}.`, owner.urn);
  }
}

function writesObjects(statement: Statement): boolean {
  // Any spelling of the write: a wildcard (`s3:Put*`, `s3:PutObjec?`), another case, or a NotAction leaving it in.
  return coversAction(statement, "s3:PutObject");
}

/** The Allow statements of a role's grants, those whose documents are known. */
function grantAllows(role: Designation["transferRoles"][number]): Statement[] {
  // Stryker disable next-line ArrayDeclaration: both callers keep only write statements, and a placeholder element is none, like an empty list
  return role.grants.flatMap((grant) => (typeof grant.document === "object" ? allows(grant.document.statements) : []));
}

/** The object ARNs the given roles' documents allow s3:PutObject on. */
function objectsWritableBy(roles: Designation["transferRoles"]): string[] {
  return roles
    .flatMap(grantAllows)
    .filter(writesObjects)
    // A NotResource write grant may write anywhere but what it names.
    .flatMap((s) => s.resources ?? ["*"]);
}

/** The object ARNs the transfer roles' documents allow s3:PutObject on. */
function writableObjects(w: Wiring): string[] {
  return objectsWritableBy([...w.designation.transferRoles, ...w.designation.directWriters]);
}

/**
 * Fan-in: no object is writable by the transfer roles of two source accounts. Each pair of tenants
 * is compared once; a pattern of one that can match a key of the other's (`team-b/*` granted to A,
 * or `team-a/sub/*` granted to B inside A's `team-a/*`) lets one tenant write into another's prefix.
 */
function checkTenantsDisjoint(tenants: Wiring[], report: ReportViolation) {
  // Stryker disable next-line StringLiteral: message text only; the fallback is unreachable (every tenant holds an instance role of its account)
  const writes = tenants.map((t) => ({ roles: t.designation.transferRoles, accounts: [...new Set(t.instanceRoles.map(accountOfPart))].join(", ") || "no known source account" }))
    .map((t) => ({ ...t, objects: t.roles.map((role) => ({ role, objects: objectsWritableBy([role]) })) }));
  for (const [i, a] of writes.entries()) {
    for (const b of writes.slice(i + 1)) {
      for (const { role, objects } of a.objects) {
        for (const other of b.objects) {
          const shared = objects.filter((x) => other.objects.some((y) => patternsIntersect(x, y)));
          if (shared.length > 0) {
            report(`${role.resource.name} (of ${a.accounts}) may write ${shared.join(", ")}, where ${other.role.resource.name} (of ${b.accounts}) may write too: each source's prefix is its own, distinct and never nested.`, role.resource.urn);
          }
        }
      }
    }
  }
}

function checkBucketPolicies(w: Wiring) {
  // Only the transfer buckets' policies: an unrelated bucket (e.g. for logs) has its own rules.
  const transferBuckets = new Set(w.bucketNames);
  const policies = w.designation.bucketPolicies.filter((p) => p.resource.type === "aws:s3/bucketPolicy:BucketPolicy" && (p.bucket === undefined || transferBuckets.has(p.bucket)));
  for (const bucketPolicy of policies.map((p) => p.resource)) {
    const document = documentOf(bucketPolicy, "policy");
    if (document === "unknown") {
      checkUnknownIsWired(bucketPolicy, "policy", fenceSources(w, w.s3Endpoints), w.internet ? "checked against the NAT gateway's address" : "checked against the S3 endpoint", w.report);
      continue;
    }
    if (!document) continue;
    const denies = writeProtectingFences(document.statements, w.internet);
    const checkFence = (statement: Statement, where: string) => {
      if (w.internet) checkAddresses(bucketPolicy, sourceIpValues(statement), w.internet, `${where} (aws:SourceIp)`, w.report);
      else checkEndpointIds(bucketPolicy, clausesOn(statement, "aws:SourceVpce").flatMap((c) => c.values), w.s3Endpoints, `${where} (aws:SourceVpce)`, w.report);
    };
    const byOrganization = (d: (typeof denies)[number]) => "fence" in d && d.fence === "organization";
    for (const deny of denies.filter((d) => !byOrganization(d))) checkFence(deny.statement, statementLabel(deny.statement));
    // An organization fence names no endpoint: each writer's own grant must (checkTransferRoleEndpoints says whose).
    for (const deny of denies.filter(byOrganization)) {
      for (const role of [...w.designation.transferRoles, ...w.designation.directWriters]) {
        const writes = grantAllows(role).filter((s) => coversAction(s, "s3:PutObject"));
        for (const statement of unpinnedWriterGrants(writes)) {
          w.report(`${bucketPolicy.name} ${statementLabel(deny.statement)} fences writes by organization (aws:VpceOrgID), any VPC endpoint of it, but ${role.resource.name} ${statementLabel(statement)} does not pin aws:SourceVpce to its source's S3 endpoint: with an organization fence, that pin is the only endpoint fence.`, bucketPolicy.urn);
        }
      }
    }
    // xacct:pattern direct: the grant to an instance role names the S3 endpoint (or NAT address) and its unique id.
    // Stryker disable next-line ArrayDeclaration,OptionalChaining: a placeholder element is never a direct writer's ARN, so it selects nothing, like an empty list; S3 refuses a bucket policy statement without Principal
    for (const statement of allows(document.statements).filter((s) => (s.principal?.aws ?? []).some((arn) => w.designation.directWriterArns.includes(arn)))) {
      const where = statementLabel(statement);
      checkFence(statement, where);
      checkUserIds(bucketPolicy, statement, where, w);
    }
    for (const objects of writableObjects(w)) {
      // Stryker disable next-line ArrayDeclaration: a placeholder element covers no object ARN, like an empty list
      if (!denies.some((d) => (d.statement.resources ?? []).some((r) => patternCovers(r, objects)))) {
        w.report(`${bucketPolicy.name} does not deny writes to ${objects} ${w.internet ? "not coming from the NAT gateway's address" : "from outside the S3 endpoint"}, though the transfer role may write there.`, bucketPolicy.urn);
      }
    }
  }
}

function checkTrust(w: Wiring) {
  const instanceArns = w.instanceRoles.map((r) => r.value).filter((a): a is string => a !== undefined);
  for (const role of w.designation.transferRoles.map((r) => r.resource)) {
    const trust = documentOf(role, "assumeRolePolicy");
    if (trust === "unknown") {
      checkUnknownIsWired(role, "assumeRolePolicy", [...fenceSources(w, w.stsEndpoints), ...w.instanceRoles], `checked against the instance role and the ${w.internet ? "NAT gateway's address" : "STS endpoint"}`, w.report);
      continue;
    }
    if (!trust) continue;
    for (const statement of allows(trust.statements)) {
      const where = `trust ${statementLabel(statement)}`;
      if (w.instanceRoles.length === 0) {
        w.report(`${role.name} ${where} cannot be checked against the instance role: it is neither in this stack nor read from the source stack (StackReference outputs) nor in pack config (instanceRoleArns).`, role.urn);
      } else {
        // Principal "*" lets in anyone the conditions let in: a stranger too.
        // Stryker disable next-line ArrayDeclaration,OptionalChaining: IAM refuses a trust statement without Principal, so the fallback is never used
        const aws = statement.principal?.aws ?? [];
        // Stryker disable next-line OptionalChaining: as above
        const principals = [...(statement.principal?.wildcard ? ["*"] : []), ...aws];
        const strangers = principals.filter((arn) => !instanceArns.includes(arn));
        if (strangers.length > 0) w.report(`${role.name} ${where} trusts ${strangers.join(", ")}, not the instance role (${instanceArns.join(", ")}).`, role.urn);
      }
      const ids = clausesOn(statement, "aws:SourceVpce").flatMap((c) => c.values);
      if (w.internet) {
        const addresses = sourceIpValues(statement);
        if (addresses.length === 0) w.report(`${role.name} ${where} has no aws:SourceIp condition: on the internet path the role could be assumed from anywhere.`, role.urn);
        else checkAddresses(role, addresses, w.internet, `${where} (aws:SourceIp)`, w.report);
      } else if (ids.length === 0) {
        w.report(`${role.name} ${where} has no aws:SourceVpce condition: the role could be assumed from outside the source VPC.`, role.urn);
      } else if (w.stsEndpoints.length === 0) {
        w.report(`${role.name} ${where} names ${ids.join(", ")} in aws:SourceVpce, but the STS endpoint is neither in this stack nor read from the source stack: it cannot be checked.`, role.urn);
      } else {
        checkEndpointIds(role, ids, w.stsEndpoints, `${where} (aws:SourceVpce)`, w.report);
      }
      checkUserIds(role, statement, where, w);
    }
  }
}

/** What may follow `<unique id>:` in a pin: any session (`*`), or one exact session name (for EC2, the instance id). */
const SESSION = /^([*]|[\w+=,.@-]+)$/;

/** A pin on aws:userid names the source instance role's unique id (read from the other half, or the role's own state). */
function checkUserIds(owner: PolicyResource, statement: Statement, where: string, w: Wiring) {
  if (w.instanceRoleUniqueIds.length === 0) return;
  const ids = w.instanceRoleUniqueIds.map((u) => u.value);
  const userIds = clausesOn(statement, "aws:userid").flatMap((c) => c.values);
  const foreign = userIds.filter((v) => !ids.some((id) => v.startsWith(`${id}:`) && SESSION.test(v.slice(id.length + 1))));
  if (foreign.length > 0) w.report(`${owner.name} ${where} pins aws:userid to ${foreign.join(", ")}, not the source instance role's unique id (${ids.join(", ")}).`, owner.urn);
}

function principalArnsOf(statement: Statement): string[] {
  return principalArnNarrowing(statement) ?? statement.principal?.aws ?? [];
}

function checkS3EndpointPolicies(w: Wiring) {
  const instanceArns = w.instanceRoles.map((r) => r.value);
  const transferArns = w.transferRoles.map((r) => r.value).filter((a): a is string => a !== undefined);
  for (const endpoint of w.s3Endpoints.map((e) => e.resource).filter((r): r is PolicyResource => r !== undefined)) {
    const document = documentOf(endpoint, "policy");
    if (typeof document !== "object") continue;
    for (const statement of allows(document.statements).filter((s) => principalArnsOf(s).length > 0)) {
      const where = `${endpoint.name} policy ${statementLabel(statement)}`;
      const named = principalArnsOf(statement);
      // xacct:pattern direct: the instance role calls S3 with its own session, so naming it is right.
      const instance = named.filter((arn) => instanceArns.includes(arn) && !w.designation.directWriterArns.includes(arn));
      if (instance.length > 0) {
        w.report(
          `${where} names the instance role ${instance.join(", ")}, but S3 is called with the transfer role's session, whose aws:PrincipalArn is the transfer role: every upload would be denied. Name the transfer role.`,
          endpoint.urn,
        );
      }
      const strangers = named.filter((arn) => transferArns.length > 0 && !transferArns.includes(arn) && !instanceArns.includes(arn));
      if (strangers.length > 0) w.report(`${where} names ${strangers.join(", ")}, not the transfer role (${transferArns.join(", ")}).`, endpoint.urn);
      if (w.bucketNames.length > 0) {
        // A NotResource grants on everything it does not name: never only the transfer bucket.
        const elsewhere = statement.resources
          ? statement.resources.filter((r) => !w.bucketNames.some((b) => r.startsWith(`arn:aws:s3:::${b}/`) || r === `arn:aws:s3:::${b}`))
          : statement.notResources
            ? [`everything but ${statement.notResources.join(", ")} (NotResource)`]
            : ["every resource (no Resource)"];
        if (elsewhere.length > 0) w.report(`${where} grants on ${elsewhere.join(", ")}, outside the transfer bucket (${w.bucketNames.join(", ")}).`, endpoint.urn);
      }
    }
  }
}

function checkStsEndpointPolicies(w: Wiring) {
  const instanceArns = w.instanceRoles.map((r) => r.value).filter((a): a is string => a !== undefined);
  const transferArns = w.transferRoles.map((r) => r.value).filter((a): a is string => a !== undefined);
  for (const endpoint of w.stsEndpoints.map((e) => e.resource).filter((r): r is PolicyResource => r !== undefined)) {
    const document = documentOf(endpoint, "policy");
    if (typeof document !== "object") continue;
    for (const statement of allows(document.statements)) {
      const where = `${endpoint.name} policy ${statementLabel(statement)}`;
      const named = principalArnsOf(statement);
      if (instanceArns.length > 0 && (named.length === 0 || named.some((arn) => !instanceArns.includes(arn)))) {
        w.report(`${where} lets ${named.join(", ") || "any principal"} call STS, not only the instance role (${instanceArns.join(", ")}).`, endpoint.urn);
      }
      const targets = statement.resources ?? [];
      if (transferArns.length > 0 && (targets.length === 0 || targets.some((arn) => !transferArns.includes(arn)))) {
        w.report(`${where} allows assuming ${targets.join(", ") || "any role"}, not only the transfer role (${transferArns.join(", ")}).`, endpoint.urn);
      }
    }
  }
}

/**
 * In a `source` stack the target half is known only by what the documents name: the transfer role(s)
 * and bucket(s) must be the ones pack config designates (`transferRoleArns`, `transferBuckets`) when it
 * does, must all be in one account other than the source account, and never in a third account.
 */
function checkTargetHalf(w: Wiring, config: DesignationConfig) {
  // A source stack holds no transfer role: every one its documents name is of the target half.
  // Stryker disable next-line MethodExpression: every such role is named by its ARN (the filter only narrows the type); its ConditionalExpression `true` variant, the same no-op, survives
  const named = w.transferRoles.map((r) => r.value).filter((a): a is string => a !== undefined);
  // Stryker disable next-line MethodExpression: an undefined account is never looked up (see \`account &&\` below); its ConditionalExpression `true` variant, the same no-op, survives
  const sourceAccounts = new Set(w.designation.instanceRoles.map((r) => accountOf(r.resource)).filter((a): a is string => a !== undefined));
  // Pack config names the target half; failing that, the source stack's own outputs (from its config) do.
  const outputs = stackOutputs(w.resources);
  const fromOutputs = (pattern: RegExp, valid: RegExp) =>
    Object.entries(outputs).filter(([key, value]) => pattern.test(key) && typeof value === "string" && valid.test(value)).map(([, value]) => value as string);
  // Stryker disable next-line OptionalChaining: the config schema defaults the list to []
  const configuredRoles = config.transferRoleArns?.length ? config.transferRoleArns : fromOutputs(/transferrole/i, ROLE_ARN);
  // Stryker disable next-line OptionalChaining: the config schema defaults the list to []
  const configuredBuckets = config.transferBuckets?.length ? config.transferBuckets : fromOutputs(/^bucket(name)?$/i, /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/);
  // Called only for a stack holding an instance role: the violations are reported on it.
  const anchor = w.designation.instanceRoles[0].resource;
  for (const arn of named) {
    if (configuredRoles.length > 0 && !configuredRoles.includes(arn)) w.report(`the source stack's documents name the transfer role ${arn}, which neither pack config (transferRoleArns) nor the stack's outputs designate (${configuredRoles.join(", ")}).`, anchor.urn);
    const account = accountOfArn(arn);
    if (account && sourceAccounts.has(account)) w.report(`the transfer role ${arn} is in the source account ${account}: the transfer must cross into the target account.`, anchor.urn);
  }
  // Stryker disable next-line MethodExpression: every named ARN passed the role ARN pattern, so it has an account; its ConditionalExpression `true` variant, the same no-op, survives
  const accounts = new Set(named.map(accountOfArn).filter((a) => a !== undefined));
  if (accounts.size > 1) w.report(`the source stack's documents name transfer roles in ${accounts.size} accounts (${[...accounts].join(", ")}): exactly one target account may be named.`, anchor.urn);
  if (configuredBuckets.length > 0) {
    for (const bucket of w.designation.transferBuckets.filter((b) => !b.resource)) {
      if (!configuredBuckets.includes(bucket.name)) w.report(`the source stack's documents open the bucket ${bucket.name}, which neither pack config (transferBuckets) nor the stack's outputs designate (${configuredBuckets.join(", ")}).`, anchor.urn);
    }
  }
}

/** The account a part lives in: its resource's pinned account, or the account of the ARN it names. */
function accountOfPart(part: Part): string | undefined {
  if (part.resource) return accountOf(part.resource);
  return part.account ?? (part.value ? accountOfArn(part.value) : undefined);
}

/**
 * Fan-in (instance roles of several source accounts in one stack): one wiring per source account,
 * holding that account's instance roles and endpoints and the transfer roles whose trust names one
 * of those instance roles. A transfer role trusting no known instance role is judged on its own
 * (every principal it trusts is a stranger). Undefined for one source account: the wiring is whole.
 */
function tenantsOf(w: Wiring): Wiring[] | undefined {
  const accounts = [...new Set(w.instanceRoles.map(accountOfPart).filter((a): a is string => a !== undefined))];
  if (accounts.length < 2) return undefined;
  // Stryker disable next-line ArrayDeclaration,OptionalChaining: a placeholder element is never an instance role's ARN, so it trusts no tenant, like an empty list; IAM refuses a trust statement without Principal
  const trusted = (role: Designation["transferRoles"][number]) => statementsOfTrust(role).flatMap((s) => s.principal?.aws ?? []);
  const tenants = accounts.map((account): Wiring => {
    const inAccount = (part: Part) => accountOfPart(part) === account;
    const instanceRoles = w.instanceRoles.filter(inAccount);
    const arns = instanceRoles.map((r) => r.value);
    const roles = w.designation.transferRoles.filter((role) => trusted(role).some((arn) => arns.includes(arn)));
    return {
      ...w,
      designation: { ...w.designation, transferRoles: roles },
      s3Endpoints: w.s3Endpoints.filter(inAccount),
      stsEndpoints: w.stsEndpoints.filter(inAccount),
      instanceRoles,
      // A tenant's trust pins its own instance role's unique id; an id of unknown account stays with every tenant.
      instanceRoleUniqueIds: w.instanceRoleUniqueIds.filter((u) => u.account === undefined || u.account === account),
      // Its own transfer roles, and those pack config designates outside the stack (never an in-stack role's ARN).
      transferRoles: w.transferRoles.filter((part) => !part.resource || roles.some((r) => r.resource === part.resource)),
    };
  });
  const claimed = new Set(tenants.flatMap((t) => t.designation.transferRoles));
  const orphans = w.designation.transferRoles.filter((role) => !claimed.has(role));
  // A tenant without transfer roles and endpoints would have nothing to check (the `true` and `>=` variants survive).
  if (orphans.length > 0) tenants.push({ ...w, designation: { ...w.designation, transferRoles: orphans }, s3Endpoints: [], stsEndpoints: [] });
  return tenants;
}

function statementsOfTrust(role: Designation["transferRoles"][number]): Statement[] {
  const trust = documentOf(role.resource, "assumeRolePolicy");
  // Stryker disable next-line ArrayDeclaration: its only caller reads principal ARNs, and a placeholder element has none, like an empty list
  return typeof trust === "object" ? allows(trust.statements) : [];
}

/**
 * A tenant's transfer role that pins the network in its own grants (aws:SourceVpce) names only its
 * own source's S3 endpoints: naming another tenant's would let this tenant's session in through
 * the other's VPC.
 */
function checkTransferRoleEndpoints(w: Wiring, fanIn = false) {
  const own = w.s3Endpoints.map((e) => e.value);
  if (own.some((v) => v === undefined)) return;
  for (const role of w.designation.transferRoles) {
    for (const grant of role.grants) {
      if (typeof grant.document !== "object") continue;
      for (const statement of allows(grant.document.statements)) {
        const named = clausesOn(statement, "aws:SourceVpce").flatMap((c) => c.values);
        if (fanIn && named.length === 0 && writesObjects(statement)) {
          w.report(`${role.resource.name} ${grant.property} ${statementLabel(statement)} grants writes without pinning aws:SourceVpce to its own source's S3 endpoint (${own.join(", ") || "none"}): with several sources, a session could write through another tenant's network.`, role.resource.urn);
        }
        const foreign = named.filter((id) => !own.includes(id));
        if (foreign.length > 0) {
          w.report(`${role.resource.name} ${grant.property} ${statementLabel(statement)} lets its session in through ${foreign.join(", ")}, not its own source's S3 endpoint (${own.join(", ") || "none"}).`, role.resource.urn);
        }
      }
    }
  }
}

/**
 * The pieces of the transfer path agree with each other, in one stack or across a split pair: the
 * bucket policy's `aws:SourceVpce` is exactly the source's S3 endpoint(s); the transfer role trusts
 * exactly the instance role (and its unique id) through exactly the source's STS endpoint; the S3
 * endpoint policy names the *transfer* role (S3 sees the assumed-role session, whose
 * `aws:PrincipalArn` is the transfer role) and the transfer bucket; the STS endpoint policy names
 * the instance role and the transfer role. In a `target` stack the source half is read from the
 * StackReference's outputs (or pack config); on the internet path the fences name exactly the NAT
 * gateway's Elastic IP (the stack's, or the `natPublicIp` the source half exports) in aws:SourceIp
 * instead; in a `source` stack the target half must be one account
 * other than the source's, and the one pack config designates when it does. During preview an
 * unknown value counts as the resource it is computed from.
 *
 * Severity: critical. Why: IAM User Guide, "aws:PrincipalArn" for assumed-role sessions
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn).
 */
export const xacctWiringConsistent: StackValidationPolicy = {
  name: "xacct-wiring-consistent",
  description: "Bucket policy, trust policy and endpoint policies name exactly this transfer's endpoints, roles and bucket, across split stacks too.",
  enforcementLevel: "mandatory",
  severity: "critical",
  configSchema: { properties: { ...designationConfigSchemaProperties } },
  validateStack: (args, reportViolation) => {
    const config = args.getConfig<DesignationConfig>();
    const designation = designate(args.resources, config);
    const half = otherHalf(args.resources, reportViolation);
    const endpointPart = (e: { resource: PolicyResource }): Part => ({ name: e.resource.name, value: idOf(e.resource), resource: e.resource });
    const instanceRoles: Part[] = [
      ...designation.instanceRoles.map((r) => ({ name: r.resource.name, value: roleArnOf(r.resource), resource: r.resource })),
      ...half.instanceRoles,
      // Stryker disable next-line ArrayDeclaration: the config schema defaults instanceRoleArns to [], so the fallback is never used
      ...(config.instanceRoleArns ?? []).map((arn) => ({ name: "pack config instanceRoleArns", value: arn })),
    ];
    const inStackTransfer = designation.transferRoles.map((r) => ({ name: r.resource.name, value: roleArnOf(r.resource), resource: r.resource }));
    const transferRoles: Part[] = [...inStackTransfer, ...designation.transferRoleArns.filter((arn) => !inStackTransfer.some((t) => t.value === arn)).map((arn) => ({ name: arn, value: arn }))];
    const wiring: Wiring = {
      resources: args.resources,
      designation,
      s3Endpoints: [...designation.s3Endpoints.filter((e) => endpointServiceOf(propsOf(e.resource).serviceName) === "s3").map(endpointPart), ...half.s3],
      stsEndpoints: [...designation.stsEndpoints.filter((e) => endpointServiceOf(propsOf(e.resource).serviceName) === "sts").map(endpointPart), ...half.sts],
      instanceRoles,
      instanceRoleUniqueIds: [
        ...half.uniqueIds,
        ...designation.instanceRoles.flatMap((r) => {
          const id = propsOf(r.resource).uniqueId;
          return typeof id === "string" && UNIQUE_ID.test(id) ? [{ value: id, account: accountOf(r.resource) }] : [];
        }),
      ],
      transferRoles,
      bucketNames: designation.transferBuckets.map((b) => b.name),
      internet: internetPathOf(args.resources),
      report: reportViolation,
    };
    checkBucketPolicies(wiring);
    const tenants = tenantsOf(wiring);
    if (tenants === undefined) {
      checkTrust(wiring);
      checkS3EndpointPolicies(wiring);
      checkStsEndpointPolicies(wiring);
      checkTransferRoleEndpoints(wiring);
    } else {
      // Fan-in: every source account is a tenant, wired to its own transfer roles only.
      for (const tenant of tenants) {
        checkTrust(tenant);
        checkS3EndpointPolicies(tenant);
        checkStsEndpointPolicies(tenant);
        checkTransferRoleEndpoints(tenant, true);
      }
      checkTenantsDisjoint(tenants, reportViolation);
    }
    if (designation.instanceRoles.length > 0 && designation.transferRoles.length === 0) checkTargetHalf(wiring, config);
  },
};
