/**
 * The access proof: every cell of the matrix, and every control on its own, evaluated by a real IAM
 * policy evaluator (@cloud-copilot/iam-simulate, AGPL-3.0: a devDependency of this repository,
 * never a dependency of the program or of the policy pack).
 *
 * The evaluator does not derive request context: each request carries the keys a real one would
 * (aws:PrincipalArn, aws:userid, aws:SourceVpce or aws:SourceIp, aws:SecureTransport, s3:prefix), and a cell fails
 * if the evaluator ignored any of them.
 */
import { anonymousPrincipal, getDenialReasons, getGrantReasons, runSimulation, type Simulation } from "@cloud-copilot/iam-simulate";
import { ADMIN_ROLE_NAME, ActionCase, Expectation, PathId, PrincipalCase, actions, expectation, intendedPath, isInternetPath, outsidePath, pathLabel, pathsOf, principals, throughEndpoint } from "./matrix";
import { deepFreeze } from "../../policy-pack/lib/iam";
import { sessionManagerRequests } from "./session-manager";
import { ADMIN_POLICY, AccessPolicies, DEFAULT_ENDPOINT_POLICY, NamedPolicy, OTHER_ENDPOINT_ID, OTHER_SOURCE_IP, permissiveResourcePolicy } from "./policies";
import { installCachedCollators } from "./cached-collators";

// The evaluator compares strings with localeCompare and options, which builds a collator per call.
installCachedCollators();

export interface AccessCell {
  /** "whole path", or the one control looked at on its own ("S3 endpoint policy alone"). */
  scope: string;
  principal: string;
  action: string;
  resource: string;
  path: string;
  expected: Expectation;
  actual: "allowed" | "denied" | "error";
  /** The policies and statements that decided, e.g. "bucket policy: DenyEveryRequestThatDoesNotUseTls (explicit deny)". */
  decidedBy: string;
  ok: boolean;
}

export interface AccessProof {
  holds: boolean;
  cells: AccessCell[];
  failures: AccessCell[];
}

export interface Layers {
  identity: NamedPolicy[];
  resourcePolicy?: { label: string; policy: unknown };
  endpoint?: { label: string; policy: unknown };
}

export interface AccessRequest {
  scope: string;
  principal: PrincipalCase;
  action: ActionCase;
  path: PathId;
  layers: Layers;
  expected: Expectation;
}

function endpointIdFor(p: AccessPolicies, action: ActionCase, path: PathId): string | undefined {
  if (!throughEndpoint(p, path)) return undefined;
  if (path === "other-endpoint") return OTHER_ENDPOINT_ID;
  if (action.endpointId) return action.endpointId;
  return action.service === "s3" ? p.s3Endpoint?.id : p.stsEndpoint?.id;
}

/**
 * aws:SourceIp is in the context only for requests over the public internet, never through a VPC
 * endpoint (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourceip).
 */
function sourceIpFor(p: AccessPolicies, path: PathId): string | undefined {
  if (throughEndpoint(p, path)) return undefined;
  return (path === "nat-address" || path === "plain-http") && p.natPublicIp ? p.natPublicIp : OTHER_SOURCE_IP;
}

function contextOf(p: AccessPolicies, principal: PrincipalCase, action: ActionCase, path: PathId): Record<string, string> {
  const context: Record<string, string> = { "aws:SecureTransport": path === "plain-http" ? "false" : "true", ...action.context };
  const endpointId = endpointIdFor(p, action, path);
  if (endpointId) context["aws:SourceVpce"] = endpointId;
  const sourceIp = sourceIpFor(p, path);
  if (sourceIp) context["aws:SourceIp"] = sourceIp;
  // S3 sets aws:VpceOrgID for requests through an endpoint of an organization's account; STS does not.
  if (endpointId && p.organizationId && action.service === "s3") context["aws:VpceOrgID"] = p.organizationId;
  if (principal.principalArn) context["aws:PrincipalArn"] = principal.principalArn;
  if (principal.userId) context["aws:userid"] = principal.userId;
  return context;
}

function accountOfResource(p: AccessPolicies, action: ActionCase): string {
  if (action.accountId) return action.accountId;
  const match = /^arn:[^:]+:iam::(\d{12}):/.exec(action.resource);
  return match ? match[1] : p.targetAccountId;
}

const simulations = new Map<string, ReturnType<typeof runSimulation>>();

/**
 * A short key for a policy document, equal for equal documents: each document object is serialized
 * once, not once per cell (a fan-in bucket policy lists every tenant's endpoint and is in most
 * cells). A keyed document is frozen, so that changing it in place fails loudly instead of
 * answering from the cache.
 */
const documentKeys = new WeakMap<object, string>();
let keysByJson = new Map<string, string>();
let documentCount = 0;
function policyKey(policy: unknown): string | undefined {
  if (policy === undefined) return undefined;
  if (policy === null || typeof policy !== "object") return JSON.stringify(policy);
  let key = documentKeys.get(policy);
  if (key === undefined) {
    const json = JSON.stringify(policy);
    key = keysByJson.get(json);
    if (key === undefined) {
      if (keysByJson.size >= 50_000) keysByJson = new Map();
      key = `#${++documentCount}`;
      keysByJson.set(json, key);
    }
    documentKeys.set(deepFreeze(policy), key);
  }
  return key;
}

/**
 * The evaluator answers the same simulation the same way, and the proofs of the shipped stacks
 * share most of theirs (a two-team pair asks what the one-stack pair asks), so each distinct
 * simulation is run once per process.
 */
function simulate(simulation: Simulation): ReturnType<typeof runSimulation> {
  const { identityPolicies, resourcePolicy, vpcEndpointPolicies, ...rest } = simulation;
  const key = JSON.stringify([
    rest,
    identityPolicies.map((p) => [p.name, policyKey(p.policy)]),
    policyKey(resourcePolicy),
    vpcEndpointPolicies?.map((p) => [p.name, policyKey(p.policy)]),
  ]);
  let result = simulations.get(key);
  if (!result) {
    if (simulations.size >= 50_000) simulations.clear();
    result = runSimulation(simulation, {});
    simulations.set(key, result);
  }
  return result;
}

export async function evaluateRequest(p: AccessPolicies, request: AccessRequest): Promise<AccessCell> {
  const { principal, action, path, layers } = request;
  const contextVariables = contextOf(p, principal, action, path);
  const simulation: Simulation = {
    request: {
      principal: principal.sessionArn ?? anonymousPrincipal,
      action: action.action,
      resource: { resource: action.resource, accountId: accountOfResource(p, action) },
      contextVariables,
    },
    identityPolicies: principal.sessionArn ? layers.identity : [],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: layers.resourcePolicy?.policy,
    vpcEndpointPolicies: layers.endpoint ? [{ name: layers.endpoint.label, policy: layers.endpoint.policy }] : undefined,
  };
  const cell = {
    scope: request.scope,
    principal: principal.label,
    action: action.action,
    resource: action.resource,
    path: pathLabel(p, path),
    expected: request.expected,
  };
  const result = await simulate(simulation);
  if (result.resultType === "error") {
    return { ...cell, actual: "error", decidedBy: `the evaluator refused the request: ${result.errors.message}`, ok: false };
  }
  if (result.resultType !== "single") {
    return { ...cell, actual: "error", decidedBy: `unexpected ${result.resultType} result`, ok: false };
  }
  const ignored = (result.result.ignoredContextKeys ?? []).filter((key) => Object.keys(contextVariables).some((k) => k.toLowerCase() === key.toLowerCase()));
  if (ignored.length > 0) {
    return { ...cell, actual: "error", decidedBy: `the evaluator ignored context key(s) ${ignored.join(", ")}: the cell proves nothing`, ok: false };
  }
  const allowed = result.overallResult === "Allowed";
  const decidedBy = allowed ? describeGrants(result.result.analysis, layers) : describeDenials(result.result.analysis, layers);
  const actual = allowed ? "allowed" : "denied";
  return { ...cell, actual, decidedBy, ok: allowed === (request.expected !== "denied") };
}

type Analysis = Parameters<typeof getDenialReasons>[0];

function policyLabel(layers: Layers, type: string, identifier?: string): string {
  switch (type) {
    case "identity":
      return `identity policy ${identifier ?? (layers.identity.map((policy) => policy.name).join(", ") || "(none)")}`;
    case "resource":
      return layers.resourcePolicy?.label ?? "resource policy";
    case "vpce":
      return layers.endpoint?.label ?? identifier ?? "endpoint policy";
    default:
      return type;
  }
}

function describeDenials(analysis: Analysis, layers: Layers): string {
  const reasons = getDenialReasons(analysis);
  if (reasons.length === 0) return "no policy allows it";
  const explicit = reasons.filter((r) => r.denialType === "Explicit");
  const shown = explicit.length > 0 ? explicit : reasons;
  return shown
    .map((r) =>
      r.denialType === "Explicit"
        ? `${policyLabel(layers, r.policyType, r.policyIdentifier)}: ${r.statementId ?? `statement #${r.statementIndex}`} (explicit deny)`
        : `${policyLabel(layers, r.policyType, r.identifier)}: no statement allows it`,
    )
    .join("; ");
}

function describeGrants(analysis: Analysis, layers: Layers): string {
  return getGrantReasons(analysis)
    .map((g) => `${policyLabel(layers, g.policyType, "policyIdentifier" in g ? g.policyIdentifier : undefined)}: ${g.statementId ?? `statement #${g.statementIndex}`}`)
    .join("; ");
}

/** The real policies of the transfer path, as layers for one request. */
function realLayers(p: AccessPolicies, principal: PrincipalCase, action: ActionCase, path: PathId): Layers {
  const identity = { instance: p.instanceRole.policies, transfer: p.transferRole?.policies ?? [], admin: [{ name: "AdministratorAccess", policy: ADMIN_POLICY }], none: [] }[principal.identity];
  // direct: no trust policy of ours; the worst case is a role of the target account that lets anyone in.
  const resourcePolicy =
    action.service === "sts"
      ? p.transferRole
        ? { label: `trust policy of ${p.transferRole.name}`, policy: p.transferRole.trustPolicy }
        : openTrustOf(p)
      : { label: `bucket policy of ${p.bucketName}`, policy: p.bucketPolicy };
  const ours =
    action.service === "s3"
      ? p.s3Endpoint && { label: `S3 endpoint policy (${p.s3Endpoint.id})`, policy: p.s3Endpoint.policy }
      : p.stsEndpoint && { label: `STS endpoint policy (${p.stsEndpoint.id})`, policy: p.stsEndpoint.policy };
  const endpoint = !throughEndpoint(p, path) ? undefined : path === "other-endpoint" ? { label: `another endpoint's default policy (${OTHER_ENDPOINT_ID})`, policy: DEFAULT_ENDPOINT_POLICY } : ours;
  return { identity, resourcePolicy, endpoint };
}

function openTrustOf(p: AccessPolicies) {
  return { label: "a trust policy that lets anyone in", policy: permissiveResourcePolicy([...(p.transferRole ? [p.transferRole.arn] : []), `arn:${p.partition}:iam::${p.targetAccountId}:role/*`], "sts:AssumeRole") };
}

function wholePathRequests(p: AccessPolicies): AccessRequest[] {
  const requests: AccessRequest[] = [];
  for (const principal of principals(p)) {
    for (const action of actions(p)) {
      // direct: there is no STS endpoint of ours and no trust of ours. The one STS question is
      // whether the instance role can assume anything, even a role whose trust lets anyone in.
      if (p.pattern === "direct" && action.service === "sts" && principal.id !== "source-instance-role") continue;
      for (const path of pathsOf(p, action.service)) {
        if (p.pattern === "direct" && action.service === "sts" && path === intendedPath(p)) continue;
        requests.push({ scope: "whole path", principal, action, path, layers: realLayers(p, principal, action, path), expected: expectation(principal, action, path, p.access, p.pattern, intendedPath(p), { writesFencedBucketWide: p.writesFencedBucketWide, organizationFence: p.organizationId !== undefined }) });
      }
    }
  }
  return requests;
}

/**
 * Each control on its own, every other control replaced by one that allows everything: so a control
 * weakened behind the others' backs (`s3:*` on the role, a `:root` trust still fenced by its
 * conditions) is caught even when the whole path still holds.
 */
function controlRequests(p: AccessPolicies): AccessRequest[] {
  if (p.pattern === "direct") return directControlRequests(p);
  const { transferRole, stsEndpoint, s3Endpoint } = p;
  if (!transferRole || (!isInternetPath(p) && (!stsEndpoint || !s3Endpoint))) throw new Error("the assumeRole proof needs the transfer role and, with endpoints, the STS and S3 endpoints");
  // Our path and the way in from outside: through our endpoints and the internet, or our NAT address and any other address.
  const ours = intendedPath(p);
  const outside = outsidePath(p);
  const endpointFor = (path: PathId) => (throughEndpoint(p, path) ? openEndpoint : undefined);
  const who = Object.fromEntries(principals(p).map((x) => [x.id, x])) as Record<string, PrincipalCase>;
  const act = Object.fromEntries(actions(p).map((x) => [x.id, x])) as Record<string, ActionCase>;
  const bucketArn = `arn:${p.partition}:s3:::${p.bucketName}`;
  const admin = [{ name: "AdministratorAccess", policy: ADMIN_POLICY }];
  const openTrust = openTrustOf(p);
  const openBucket = { label: "a bucket policy that lets anyone in", policy: permissiveResourcePolicy([bucketArn, `${bucketArn}/*`], "s3:*") };
  const openEndpoint = { label: "an endpoint policy that lets anything through", policy: DEFAULT_ENDPOINT_POLICY };
  const allowedIf = (yes: boolean): Expectation => (yes ? "allowed (intended)" : "denied");
  const extra = (id: string, action: string, resource: string, service: "s3" | "sts" = "s3"): ActionCase => ({ id: id as ActionCase["id"], service, action, resource });
  const otherRole = extra("assume-transfer-role", "sts:AssumeRole", `arn:${p.partition}:iam::${p.targetAccountId}:role/${ADMIN_ROLE_NAME}`, "sts");
  const requests: AccessRequest[] = [];

  // The transfer role's identity policy: only the opted-in actions, only inside the prefix.
  const transferIdentity = `identity policy of ${transferRole.name} alone`;
  const neverGranted = [extra("delete", "s3:DeleteObjectVersion", act["delete"].resource), extra("write-outside-prefix", "s3:PutBucketPolicy", bucketArn)];
  for (const action of [...actions(p).filter((a) => a.service === "s3"), ...neverGranted]) {
    const granted = !neverGranted.includes(action) && action.grantedBy !== undefined && p.access.includes(action.grantedBy);
    // With fan-in the role's own grants are pinned to its own S3 endpoint: asked through it.
    requests.push({ scope: transferIdentity, principal: who["target-transfer-role"], action, path: p.writesFencedBucketWide ? ours : outside, layers: { identity: transferRole.policies }, expected: allowedIf(granted) });
  }
  if (p.writesFencedBucketWide) {
    for (const path of [outside, "other-endpoint"] as const) {
      requests.push({ scope: transferIdentity, principal: who["target-transfer-role"], action: act["write-in-prefix"], path, layers: { identity: transferRole.policies }, expected: "denied" });
    }
  }

  // The instance role's identity policy: assume the transfer role, nothing else.
  const instanceIdentity = `identity policy of ${p.instanceRole.name} alone`;
  requests.push(
    { scope: instanceIdentity, principal: who["source-instance-role"], action: act["assume-transfer-role"], path: outside, layers: { identity: p.instanceRole.policies, resourcePolicy: openTrust }, expected: "allowed (intended)" },
    { scope: instanceIdentity, principal: who["source-instance-role"], action: otherRole, path: outside, layers: { identity: p.instanceRole.policies, resourcePolicy: openTrust }, expected: "denied" },
    { scope: instanceIdentity, principal: who["source-instance-role"], action: act["write-in-prefix"], path: outside, layers: { identity: p.instanceRole.policies, resourcePolicy: openBucket }, expected: "denied" },
  );

  // The trust policy: only the instance role (this incarnation of it), only through our STS endpoint.
  const trust = { label: `trust policy of ${transferRole.name}`, policy: transferRole.trustPolicy };
  const trustScope = `trust policy of ${transferRole.name} alone`;
  const recreated: PrincipalCase = { ...who["source-instance-role"], label: `${who["source-instance-role"].label}, recreated under the same name`, userId: "AROARECREATEDEXAMPLE0:i-0123456789abcdef0" };
  const trustCases: [PrincipalCase, PathId, boolean][] = [
    [who["source-instance-role"], ours, true],
    [who["source-instance-role"], "other-endpoint", false],
    [who["source-instance-role"], outside, false],
    [recreated, ours, false],
    [who["source-admin-role"], ours, false],
    [who["target-admin-role"], ours, false],
  ];
  for (const [principal, path, allowed] of trustCases) {
    requests.push({ scope: trustScope, principal, action: act["assume-transfer-role"], path, layers: { identity: admin, resourcePolicy: trust, endpoint: endpointFor(path) }, expected: allowedIf(allowed) });
  }

  // The endpoint policies, when there are endpoints (not on the internet path).
  if (stsEndpoint && s3Endpoint) requests.push(...endpointControlRequests(p, stsEndpoint, s3Endpoint));

  // The bucket policy: writes into the prefix only along our path, the transfer role only along
  // it, nothing without TLS, and no grant to the other account.
  const bucket = { label: `bucket policy of ${p.bucketName}`, policy: p.bucketPolicy };
  const bucketScope = "bucket policy alone";
  const bucketCases: [PrincipalCase, ActionCase, PathId, boolean][] = [
    [who["target-admin-role"], act["write-in-prefix"], outside, false],
    // With the organization fence, another endpoint of the organization gets in: the transfer
    // role's own grant (its identity policy, above) is then what pins it to its endpoint.
    [who["target-admin-role"], act["write-in-prefix"], "other-endpoint", p.organizationId !== undefined],
    [who["target-admin-role"], act["write-in-prefix"], ours, true],
    [who["target-admin-role"], act["read"], "plain-http", false],
    [who["target-transfer-role"], act["read"], outside, false],
    [who["target-transfer-role"], act["write-in-prefix"], p.organizationId ? outside : "other-endpoint", false],
    [who["source-admin-role"], act["write-in-prefix"], ours, false],
    [who["anonymous"], act["write-in-prefix"], ours, false],
  ];
  for (const [principal, action, path, allowed] of bucketCases) {
    requests.push({ scope: bucketScope, principal, action, path, layers: { identity: admin, resourcePolicy: bucket, endpoint: endpointFor(path) }, expected: allowedIf(allowed) });
  }
  return requests;
}

/** The STS endpoint policy (only the instance role, only the transfer role) and the S3 endpoint policy (only the transfer role, only its opted-in actions in the prefix), each on its own. */
function endpointControlRequests(p: AccessPolicies, stsEndpoint: { id: string; policy: unknown }, s3Endpoint: { id: string; policy: unknown }): AccessRequest[] {
  const who = Object.fromEntries(principals(p).map((x) => [x.id, x])) as Record<string, PrincipalCase>;
  const act = Object.fromEntries(actions(p).map((x) => [x.id, x])) as Record<string, ActionCase>;
  const bucketArn = `arn:${p.partition}:s3:::${p.bucketName}`;
  const admin = [{ name: "AdministratorAccess", policy: ADMIN_POLICY }];
  const openTrust = openTrustOf(p);
  const openBucket = { label: "a bucket policy that lets anyone in", policy: permissiveResourcePolicy([bucketArn, `${bucketArn}/*`], "s3:*") };
  const allowedIf = (yes: boolean): Expectation => (yes ? "allowed (intended)" : "denied");
  const otherRole: ActionCase = { id: "assume-transfer-role", service: "sts", action: "sts:AssumeRole", resource: `arn:${p.partition}:iam::${p.targetAccountId}:role/${ADMIN_ROLE_NAME}` };
  const requests: AccessRequest[] = [];
  const sts = { label: `STS endpoint policy (${stsEndpoint.id})`, policy: stsEndpoint.policy };
  const stsScope = "STS endpoint policy alone";
  const stsCases: [PrincipalCase, ActionCase, boolean][] = [
    [who["source-instance-role"], act["assume-transfer-role"], true],
    [who["source-instance-role"], otherRole, false],
    [who["source-admin-role"], act["assume-transfer-role"], false],
  ];
  for (const [principal, action, allowed] of stsCases) {
    requests.push({ scope: stsScope, principal, action, path: "our-endpoint", layers: { identity: admin, resourcePolicy: openTrust, endpoint: sts }, expected: allowedIf(allowed) });
  }

  // The S3 endpoint policy: only the transfer role, only its opted-in actions in the prefix.
  const s3 = { label: `S3 endpoint policy (${s3Endpoint.id})`, policy: s3Endpoint.policy };
  const s3Scope = "S3 endpoint policy alone";
  for (const action of actions(p).filter((a) => a.service === "s3")) {
    const granted = action.grantedBy !== undefined && p.access.includes(action.grantedBy);
    requests.push({ scope: s3Scope, principal: who["target-transfer-role"], action, path: "our-endpoint", layers: { identity: admin, resourcePolicy: openBucket, endpoint: s3 }, expected: allowedIf(granted) });
  }
  for (const principal of [who["target-admin-role"], who["source-instance-role"], who["source-admin-role"]]) {
    requests.push({ scope: s3Scope, principal, action: act["write-in-prefix"], path: "our-endpoint", layers: { identity: admin, resourcePolicy: openBucket, endpoint: s3 }, expected: "denied" });
  }

  return requests;
}

/**
 * xacct:pattern direct, each control on its own: the instance role's identity policy (only the
 * opted-in actions in the prefix, no sts:AssumeRole), the S3 endpoint policy (only the instance
 * role), and the bucket policy (only this incarnation of the instance role, only through our S3
 * endpoint, only the opted-in actions, nothing without TLS).
 */
function directControlRequests(p: AccessPolicies): AccessRequest[] {
  const who = Object.fromEntries(principals(p).map((x) => [x.id, x])) as Record<string, PrincipalCase>;
  const act = Object.fromEntries(actions(p).map((x) => [x.id, x])) as Record<string, ActionCase>;
  const bucketArn = `arn:${p.partition}:s3:::${p.bucketName}`;
  const admin = [{ name: "AdministratorAccess", policy: ADMIN_POLICY }];
  const openBucket = { label: "a bucket policy that lets anyone in", policy: permissiveResourcePolicy([bucketArn, `${bucketArn}/*`], "s3:*") };
  const openEndpoint = { label: "an endpoint policy that lets anything through", policy: DEFAULT_ENDPOINT_POLICY };
  const allowedIf = (yes: boolean): Expectation => (yes ? "allowed (intended)" : "denied");
  const granted = (action: ActionCase) => action.grantedBy !== undefined && p.access.includes(action.grantedBy);
  const extra = (id: string, action: string, resource: string, service: "s3" | "sts" = "s3"): ActionCase => ({ id: id as ActionCase["id"], service, action, resource });
  const instance = who["source-instance-role"];
  const recreated: PrincipalCase = { ...instance, label: `${instance.label}, recreated under the same name`, userId: "AROARECREATEDEXAMPLE0:i-0123456789abcdef0" };
  const s3Actions = actions(p).filter((a) => a.service === "s3");
  const ours = intendedPath(p);
  const outside = outsidePath(p);
  const endpointFor = (path: PathId) => (throughEndpoint(p, path) ? openEndpoint : undefined);
  const requests: AccessRequest[] = [];

  // The instance role's identity policy: the opted-in actions in the prefix; no role to assume.
  const instanceIdentity = `identity policy of ${p.instanceRole.name} alone`;
  const neverGranted = [extra("delete", "s3:DeleteObjectVersion", act["delete"].resource), extra("write-outside-prefix", "s3:PutBucketPolicy", bucketArn)];
  for (const action of [...s3Actions, ...neverGranted]) {
    requests.push({ scope: instanceIdentity, principal: instance, action, path: outside, layers: { identity: p.instanceRole.policies, resourcePolicy: openBucket }, expected: allowedIf(!neverGranted.includes(action) && granted(action)) });
  }
  for (const role of [`arn:${p.partition}:iam::${p.targetAccountId}:role/xacct-transfer`, `arn:${p.partition}:iam::${p.sourceAccountId}:role/${ADMIN_ROLE_NAME}`]) {
    requests.push({ scope: instanceIdentity, principal: instance, action: extra("assume-transfer-role", "sts:AssumeRole", role, "sts"), path: outside, layers: { identity: p.instanceRole.policies, resourcePolicy: openTrustOf(p) }, expected: "denied" });
  }

  // The S3 endpoint policy (not on the internet path): only the instance role, only its opted-in actions in the prefix.
  if (p.s3Endpoint) {
    const s3 = { label: `S3 endpoint policy (${p.s3Endpoint.id})`, policy: p.s3Endpoint.policy };
    const s3Scope = "S3 endpoint policy alone";
    for (const action of s3Actions) {
      requests.push({ scope: s3Scope, principal: instance, action, path: "our-endpoint", layers: { identity: admin, resourcePolicy: openBucket, endpoint: s3 }, expected: allowedIf(granted(action)) });
    }
    for (const principal of [who["target-admin-role"], who["source-admin-role"]]) {
      requests.push({ scope: s3Scope, principal, action: act["write-in-prefix"], path: "our-endpoint", layers: { identity: admin, resourcePolicy: openBucket, endpoint: s3 }, expected: "denied" });
    }
  }

  // The bucket policy, with an identity policy that allows everything: it alone admits the other
  // account's instance role, so it must admit exactly that role, that incarnation, that path.
  const bucket = { label: `bucket policy of ${p.bucketName}`, policy: p.bucketPolicy };
  const bucketScope = "bucket policy alone";
  const bucketCases: [PrincipalCase, ActionCase, PathId, boolean][] = [
    ...s3Actions.map((action): [PrincipalCase, ActionCase, PathId, boolean] => [instance, action, ours, granted(action)]),
    [instance, act["write-in-prefix"], "other-endpoint", false],
    [instance, act["write-in-prefix"], outside, false],
    [instance, act["write-in-prefix"], "plain-http", false],
    [recreated, act["write-in-prefix"], ours, false],
    [who["source-admin-role"], act["write-in-prefix"], ours, false],
    [who["target-admin-role"], act["write-in-prefix"], outside, false],
    [who["target-admin-role"], act["write-in-prefix"], "other-endpoint", false],
    [who["target-admin-role"], act["write-in-prefix"], ours, true],
    [who["target-admin-role"], act["read"], "plain-http", false],
    [who["anonymous"], act["write-in-prefix"], ours, false],
  ];
  for (const [principal, action, path, allowed] of bucketCases) {
    requests.push({ scope: bucketScope, principal, action, path, layers: { identity: admin, resourcePolicy: bucket, endpoint: endpointFor(path) }, expected: allowedIf(allowed) });
  }
  return requests;
}

/** Proofs already made, by their input: the evaluator is deterministic, and a proof takes ~150 evaluations. */
const proofs = new Map<string, Promise<AccessProof>>();

export function proveAccess(p: AccessPolicies): Promise<AccessProof> {
  const key = JSON.stringify(p);
  let proof = proofs.get(key);
  if (!proof) {
    proof = evaluateAll(p).then((result) => Object.freeze({ ...result, cells: Object.freeze(result.cells), failures: Object.freeze(result.failures) }) as AccessProof);
    proofs.set(key, proof);
    proof.catch(() => proofs.delete(key));
  }
  return proof;
}

async function evaluateAll(p: AccessPolicies): Promise<AccessProof> {
  const cells: AccessCell[] = [];
  for (const request of [...wholePathRequests(p), ...controlRequests(p), ...sessionManagerRequests(p)]) {
    cells.push(await evaluateRequest(p, request));
  }
  const failures = cells.filter((c) => !c.ok);
  return { holds: failures.length === 0, cells, failures };
}
