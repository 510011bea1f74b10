/**
 * Fan-in (xacct:sources): N source accounts write into one bucket, each into its own prefix.
 * Every source gets its own provider (named by its `name`), its own network, endpoints and instance
 * role; the target gets one transfer role per source and one bucket whose policy stays O(1) in
 * statements. Kept apart from index.ts so the one-source shorthand's graph does not change.
 */
import * as pulumi from "@pulumi/pulumi";
import { CLI_PROFILE_NAME, awsCliProfile, uploadCommand } from "./client-config";
import { SourceAccount, XacctConfig, transferGrant } from "./config";
import { tenantTargetOf } from "./fan-in-config";
import { TransferBucket } from "./components/transfer-bucket";
import { TransferRole } from "./components/transfer-role";
import { MAX_SESSION_SECONDS, buildFanInBucketPolicy, buildTenantTransferRolePolicy, buildTransferRoleTrustPolicy, toPolicyJson } from "./policies";
import { accountProvider } from "./providers";
import { SourceHalf, deploySource } from "./source-side";

/** The name of tenant `name`'s transfer role resource in the target account. */
export const tenantRoleResourceName = (name: string) => `target-transfer-${name}`;

/** A source's S3 endpoint: every fan-in source has one (the internet path is refused with xacct:sources). */
function s3EndpointOf(source: SourceHalf): pulumi.Output<string> {
  if (!source.s3EndpointId) throw new Error(`source ${source.account.key} has no S3 endpoint`);
  return source.s3EndpointId;
}

/** Account ②'s half: one transfer role per source, and the bucket fenced to the sources' S3 endpoints. */
export function deployFanInTarget(config: XacctConfig, sources: SourceHalf[]) {
  const { target } = config;
  const fanIn = config.fanIn as NonNullable<XacctConfig["fanIn"]>;
  const provider = accountProvider("target", target);
  const roles = sources.map((source) => {
    const own = tenantTargetOf(target, source.account);
    // Fan-in is always assumeRole, whose sources always have an STS endpoint.
    if (!source.stsEndpointId) throw new Error(`source ${source.account.key} has no STS endpoint`);
    const s3EndpointId = s3EndpointOf(source);
    const trustPolicy = pulumi.all([source.instanceRoleUniqueId, source.stsEndpointId]).apply(([instanceRoleUniqueId, stsEndpointId]) =>
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

/** The whole fan-in graph in one stack (xacct:deploy both). */
export function deployFanIn(config: XacctConfig) {
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
