/**
 * The access proof of a fan-in stack (xacct:sources): each tenant's own proof (the one-source
 * matrix, on its own instance role, transfer role, endpoints and prefix, against the shared
 * bucket policy), and cross-tenant cells for every source against the next one, so O(N) cells:
 * A's session writing B's prefix, A's instance role assuming B's transfer role, A's session
 * through B's S3 endpoint — each through the whole path and each control on its own — all denied.
 */
import { SourceAccount, XacctConfig } from "../../infra/config";
import { tenantTargetOf } from "../../infra/fan-in-config";
import { RESOURCE_TYPES } from "../offline/resource-types";
import { RecordedResource } from "../offline/run-program";
import { IncompletePairError } from "./from-program";
import { ActionCase, Expectation, PrincipalCase, principals } from "./matrix";
import { ADMIN_POLICY, AccessPolicies, NamedPolicy, permissiveResourcePolicy } from "./policies";
import { AccessCell, AccessProof, AccessRequest, Layers, evaluateRequest, proveAccess } from "./prove";

/** A fan-in tenant's documents: always the assumeRole pattern, so its transfer role and STS endpoint are there. */
export type TenantAccessPolicies = AccessPolicies & Required<Pick<AccessPolicies, "transferRole" | "stsEndpoint" | "s3Endpoint">>;

/** The registered resources the proof reads, grouped once so that N tenants do not each search them all. */
class ProofResources {
  private readonly groups = new Map<string, RecordedResource[]>();

  constructor(resources: readonly RecordedResource[]) {
    for (const r of resources) {
      const account = r.provider?.accountId;
      const key =
        r.type === RESOURCE_TYPES.role ? `role ${account} ${r.inputs.name}`
        : r.type === RESOURCE_TYPES.rolePolicy ? `inline ${account} ${r.inputs.role}`
        : r.type === RESOURCE_TYPES.vpcEndpoint ? `endpoint ${account}`
        : r.type === RESOURCE_TYPES.bucketPolicy ? "bucket policy"
        : undefined;
      if (!key) continue;
      const group = this.groups.get(key);
      if (group) group.push(r);
      else this.groups.set(key, [r]);
    }
  }

  all(key: string): RecordedResource[] {
    return this.groups.get(key) ?? [];
  }
}

/** One tenant's documents and ids, as the one-source proof reads them. */
export function tenantAccessPolicies(config: XacctConfig, source: SourceAccount, resources: readonly RecordedResource[] | ProofResources): TenantAccessPolicies {
  const target = tenantTargetOf(config.target, source);
  const index = resources instanceof ProofResources ? resources : new ProofResources(resources);
  const find = (what: string, found: RecordedResource[]) => {
    if (found.length !== 1) throw new IncompletePairError(`expected one ${what} of ${source.key} among the registered resources, found ${found.length}`);
    return found[0];
  };
  const role = (accountId: string, name: string) => find(`role ${name}`, index.all(`role ${accountId} ${name}`));
  const inlinePolicies = (accountId: string, roleName: string): NamedPolicy[] =>
    index.all(`inline ${accountId} ${roleName}`).map((r) => ({ name: `${roleName}/${r.inputs.name}`, policy: JSON.parse(r.inputs.policy) }));
  const endpoint = (service: string) =>
    find(`${service} VPC endpoint`, index.all(`endpoint ${source.accountId}`).filter((r) => String(r.inputs.serviceName).endsWith(`.${service}`)));
  const instanceRole = role(source.accountId, source.instanceRoleName);
  const transferRole = role(target.accountId, target.transferRoleName);
  const s3 = endpoint("s3");
  const sts = endpoint("sts");
  return {
    pattern: "assumeRole",
    partition: target.partition,
    sourceAccountId: source.accountId,
    targetAccountId: target.accountId,
    bucketName: target.bucketName,
    prefix: target.prefix,
    access: target.access,
    instanceRole: { name: source.instanceRoleName, arn: source.instanceRoleArn, uniqueId: instanceRole.state.uniqueId, policies: inlinePolicies(source.accountId, source.instanceRoleName) },
    transferRole: {
      name: target.transferRoleName,
      arn: target.transferRoleArn,
      uniqueId: transferRole.state.uniqueId,
      trustPolicy: JSON.parse(transferRole.inputs.assumeRolePolicy),
      policies: inlinePolicies(target.accountId, target.transferRoleName),
    },
    bucketPolicy: JSON.parse(find("bucket policy", index.all("bucket policy")).inputs.policy),
    s3Endpoint: { id: s3.id, policy: JSON.parse(s3.inputs.policy) },
    stsEndpoint: { id: sts.id, policy: JSON.parse(sts.inputs.policy) },
    writesFencedBucketWide: true,
    ...(target.organizationId ? { organizationId: target.organizationId } : {}),
  };
}

export function fanInAccessPolicies(config: XacctConfig, resources: readonly RecordedResource[]): TenantAccessPolicies[] {
  const index = new ProofResources(resources);
  return config.sources.map((source) => tenantAccessPolicies(config, source, index));
}

/** Tenant `a` against tenant `b`: what a's principals must never get of b's. */
export function crossTenantRequests(a: TenantAccessPolicies, b: TenantAccessPolicies): AccessRequest[] {
  const of = (p: TenantAccessPolicies) => Object.fromEntries(principals(p).map((x) => [x.id, x])) as Record<string, PrincipalCase>;
  const who = of(a);
  const tag = (principal: PrincipalCase, tenant: string): PrincipalCase => ({ ...principal, label: `${principal.label} of ${tenant}` });
  const session = tag(who["target-transfer-role"], a.sourceAccountId);
  const instance = tag(who["source-instance-role"], a.sourceAccountId);
  const bucket = `arn:${a.partition}:s3:::${a.bucketName}`;
  const admin = [{ name: "AdministratorAccess", policy: ADMIN_POLICY }];
  const openBucket = { label: "a bucket policy that lets anyone in", policy: permissiveResourcePolicy([bucket, `${bucket}/*`], "s3:*") };
  const openTrust = { label: "a trust policy that lets anyone in", policy: permissiveResourcePolicy([b.transferRole.arn], "sts:AssumeRole") };
  const bucketPolicy = { label: `bucket policy of ${a.bucketName}`, policy: a.bucketPolicy };
  const s3Of = (p: TenantAccessPolicies) => ({ label: `S3 endpoint policy of ${p.sourceAccountId} (${p.s3Endpoint.id})`, policy: p.s3Endpoint.policy });
  const stsOf = (p: TenantAccessPolicies) => ({ label: `STS endpoint policy of ${p.sourceAccountId} (${p.stsEndpoint.id})`, policy: p.stsEndpoint.policy });
  const trustOf = (p: TenantAccessPolicies) => ({ label: `trust policy of ${p.transferRole.name}`, policy: p.transferRole.trustPolicy });

  const writeInto = (p: TenantAccessPolicies, through: TenantAccessPolicies, id: ActionCase["id"] = "write-in-prefix"): ActionCase => ({
    id, service: "s3", action: "s3:PutObject", resource: `${bucket}/${p.prefix}xacct-proof.txt`, endpointId: through.s3Endpoint.id,
  });
  const assume = (p: TenantAccessPolicies, through: TenantAccessPolicies): ActionCase => ({ id: "assume-transfer-role", service: "sts", action: "sts:AssumeRole", resource: p.transferRole.arn, endpointId: through.stsEndpoint.id });
  const request = (scope: string, principal: PrincipalCase, action: ActionCase, layers: Layers, expected: Expectation = "denied"): AccessRequest =>
    ({ scope: `cross-tenant ${a.sourceAccountId} → ${b.sourceAccountId}: ${scope}`, principal, action, path: "our-endpoint", layers, expected });

  return [
    // The control cell: a's own write, through a's endpoint, is the intended path.
    request("whole path", session, writeInto(a, a), { identity: a.transferRole.policies, resourcePolicy: bucketPolicy, endpoint: s3Of(a) }, "allowed (intended)"),
    // a's session writing b's prefix, through a's endpoint.
    request("whole path", session, writeInto(b, a), { identity: a.transferRole.policies, resourcePolicy: bucketPolicy, endpoint: s3Of(a) }),
    request(`identity policy of ${a.transferRole.name} alone`, session, writeInto(b, a), { identity: a.transferRole.policies }),
    request(`S3 endpoint policy of ${a.sourceAccountId} alone`, session, writeInto(b, a), { identity: admin, resourcePolicy: openBucket, endpoint: s3Of(a) }),
    // a's instance role assuming b's transfer role, through a's STS endpoint (and through b's).
    request("whole path", instance, assume(b, a), { identity: a.instanceRole.policies, resourcePolicy: trustOf(b), endpoint: stsOf(a) }),
    request("whole path, through b's STS endpoint", instance, assume(b, b), { identity: a.instanceRole.policies, resourcePolicy: trustOf(b), endpoint: stsOf(b) }),
    request(`trust policy of ${b.transferRole.name} alone`, instance, assume(b, b), { identity: admin, resourcePolicy: trustOf(b) }),
    request(`identity policy of ${a.instanceRole.name} alone`, instance, assume(b, a), { identity: a.instanceRole.policies, resourcePolicy: openTrust }),
    request(`STS endpoint policy of ${a.sourceAccountId} alone`, instance, assume(b, a), { identity: admin, resourcePolicy: openTrust, endpoint: stsOf(a) }),
    // a's session (a's own prefix) through b's S3 endpoint.
    request("whole path", session, writeInto(a, b), { identity: a.transferRole.policies, resourcePolicy: bucketPolicy, endpoint: s3Of(b) }),
    request(`identity policy of ${a.transferRole.name} alone, through b's S3 endpoint`, session, writeInto(a, b), { identity: a.transferRole.policies }),
    request(`S3 endpoint policy of ${b.sourceAccountId} alone`, session, writeInto(a, b), { identity: admin, resourcePolicy: openBucket, endpoint: s3Of(b) }),
  ];
}

export interface FanInProof extends AccessProof {
  tenants: number;
  crossTenantCells: number;
}

/** Every tenant's own proof and every tenant against the next: O(N) cells. */
export async function proveFanIn(tenants: TenantAccessPolicies[]): Promise<FanInProof> {
  const cells: AccessCell[] = [];
  for (const tenant of tenants) cells.push(...(await proveAccess(tenant)).cells);
  let crossTenantCells = 0;
  if (tenants.length > 1) {
    for (const [index, a] of tenants.entries()) {
      const b = tenants[(index + 1) % tenants.length];
      for (const request of crossTenantRequests(a, b)) {
        cells.push(await evaluateRequest(a, request));
        crossTenantCells++;
      }
    }
  }
  const failures = cells.filter((c) => !c.ok);
  return { holds: failures.length === 0, cells, failures, tenants: tenants.length, crossTenantCells };
}
