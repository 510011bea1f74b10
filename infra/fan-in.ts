/**
 * Fan-in (xacct:sources): N source accounts write into one bucket, each into its own prefix.
 * Every source gets its own provider (named by its `name`), its own network, endpoints and instance
 * role; the target gets one transfer role per source and one bucket whose policy stays O(1) in
 * statements. Kept apart from index.ts so the one-source shorthand's graph does not change.
 */
import * as pulumi from "@pulumi/pulumi";
import { CLI_PROFILE_NAME, awsCliProfile, uploadCommand } from "./client-config";
import { ConfigError, SourceAccount, XacctConfig, qualifiedStackName, transferGrant } from "./config";
import { tenantOf, tenantTargetOf } from "./fan-in-config";
import { TransferBucket } from "./components/transfer-bucket";
import { TransferRole } from "./components/transfer-role";
import { MAX_SESSION_SECONDS, buildFanInBucketPolicy, buildTenantTransferRolePolicy, buildTransferRoleTrustPolicy, toPolicyJson } from "./policies";
import { accountProvider } from "./providers";
import { SourceHalf, deploySource, referenceTenantSource } from "./source-side";

/** The name of tenant `name`'s transfer role resource in the target account. */
export const tenantRoleResourceName = (name: string) => `target-transfer-${name}`;

/** A source's S3 endpoint: every fan-in source has one (the internet path is refused with xacct:sources). */
function s3EndpointOf(source: SourceHalf): pulumi.Output<string> {
  if (!source.s3EndpointId) throw new Error(`source ${source.account.key} has no S3 endpoint`);
  return source.s3EndpointId;
}

function stsEndpointOf(source: SourceHalf): pulumi.Output<string> {
  // Fan-in is always assumeRole, whose sources always have an STS endpoint.
  if (!source.stsEndpointId) throw new Error(`source ${source.account.key} has no STS endpoint`);
  return source.stsEndpointId;
}

/** Account ②'s half: one transfer role per source, and the bucket fenced to the sources' S3 endpoints. */
export function deployFanInTarget(config: XacctConfig, sources: SourceHalf[]) {
  const { target } = config;
  const fanIn = config.fanIn as NonNullable<XacctConfig["fanIn"]>;
  const provider = accountProvider("target", target);
  const roles = sources.map((source) => {
    const own = tenantTargetOf(target, source.account);
    const s3EndpointId = s3EndpointOf(source);
    const trustPolicy = pulumi.all([source.instanceRoleUniqueId, stsEndpointOf(source)]).apply(([instanceRoleUniqueId, stsEndpointId]) =>
      toPolicyJson(buildTransferRoleTrustPolicy([{ accountId: source.account.accountId, instanceRoleArn: source.account.instanceRoleArn, instanceRoleUniqueId, stsEndpointId }])),
    );
    const permissionsPolicy = s3EndpointId.apply((id) => toPolicyJson(buildTenantTransferRolePolicy(transferGrant(own), id)));
    return new TransferRole(tenantRoleResourceName(source.account.key), { roleName: own.transferRoleName, trustPolicy, permissionsPolicy }, { provider });
  });
  const bucketPolicy = pulumi.all(sources.map(s3EndpointOf)).apply((s3EndpointIds) =>
    toPolicyJson(buildFanInBucketPolicy({ grant: transferGrant(target), transferRolesArnPattern: fanIn.transferRolesArnPattern, s3EndpointIds, organizationId: target.organizationId })),
  );
  const bucket = new TransferBucket("target-bucket", { bucketName: target.bucketName, policy: bucketPolicy }, { provider });
  return { bucketName: bucket.bucket.bucket, transferRoleArns: roles.map((r) => r.role.arn) };
}

/** What each source's workload needs, keyed by the source's name. */
function tenantOutputs(config: XacctConfig, source: SourceAccount) {
  const own = tenantTargetOf(config.target, source);
  return {
    accountId: source.accountId,
    prefix: own.prefix,
    transferRoleArn: own.transferRoleArn,
    instanceRoleArn: source.instanceRoleArn,
    awsConfigProfile: awsCliProfile({ profileName: CLI_PROFILE_NAME, transferRoleArn: own.transferRoleArn, region: source.region, sessionSeconds: MAX_SESSION_SECONDS }),
    uploadCommand: uploadCommand({ profileName: CLI_PROFILE_NAME, bucketName: own.bucketName, prefix: own.prefix, region: source.region }),
  };
}

/**
 * A split target (xacct:deploy target): each source's half is read from its own source stack,
 * sourceStacks[i] for sources[i]. Two entries naming one stack once qualified are refused here,
 * before any resource is registered (the config can only compare them as written).
 */
function referenceTenants(config: XacctConfig, sourceStacks: string[]): SourceHalf[] {
  const current = { organization: pulumi.getOrganization(), project: pulumi.getProject() };
  const qualified = sourceStacks.map((name) => qualifiedStackName(name, current));
  qualified.forEach((name, index) => {
    const first = qualified.indexOf(name);
    if (first !== index) {
      throw new pulumi.RunError(new ConfigError([`xacct:sourceStacks[${index}]: ${JSON.stringify(sourceStacks[index])} is ${name}, already xacct:sourceStacks[${first}]: each source has its own source stack`]).message);
    }
  });
  const halves = config.sources.map((source, index) => referenceTenantSource(source, {
    stackName: sourceStacks[index],
    index,
    transferRoleArn: tenantOf(source).transferRoleArn,
    bucketName: config.target.bucketName,
  }));
  // An endpoint serves one source: two stacks exporting the same id are a copy, not two tenants.
  const ids = pulumi.all(halves.map((h) => pulumi.all([s3EndpointOf(h), stsEndpointOf(h)]))).apply((all) => {
    all.forEach((pair, index) => pair.forEach((id) => {
      const first = all.findIndex((other) => other.includes(id));
      if (first !== index) throw new Error(`${qualified[index]} (xacct:sourceStacks[${index}]) exports the endpoint ${id}, which ${qualified[first]} (xacct:sourceStacks[${first}]) exports too: each source stack has its own endpoints`);
    }));
    return all;
  });
  return halves.map((half, index) => ({ ...half, s3EndpointId: ids.apply((all) => all[index][0]), stsEndpointId: ids.apply((all) => all[index][1]) }));
}

/** The fan-in graph: every source and the target in one stack (xacct:deploy both), or the target reading each source's stack (target). */
export function deployFanIn(config: XacctConfig) {
  if (config.sourceStacks) {
    const target = deployFanInTarget(config, referenceTenants(config, config.sourceStacks));
    return {
      targetAccountId: config.target.accountId,
      bucketName: target.bucketName,
      sources: Object.fromEntries(config.sources.map((source) => [source.key, tenantOutputs(config, source)])),
    };
  }
  const deployed = config.sources.map((source) => deploySource(source, tenantTargetOf(config.target, source), "assumeRole"));
  const target = deployFanInTarget(config, deployed);
  return {
    targetAccountId: config.target.accountId,
    bucketName: target.bucketName,
    sources: Object.fromEntries(deployed.map((source) => [source.account.key, {
      ...tenantOutputs(config, source.account),
      instanceProfileName: source.instanceProfileName,
      s3EndpointId: source.s3EndpointId,
      stsEndpointId: source.stsEndpointId,
      instanceRoleUniqueId: source.instanceRoleUniqueId,
    }])),
  };
}
