import * as pulumi from "@pulumi/pulumi";
import { TransferBucket } from "./components/transfer-bucket";
import { TransferRole } from "./components/transfer-role";
import { Pattern, TargetAccount, transferGrant } from "./config";
import { buildBucketPolicy, buildDirectBucketPolicy, buildTransferRolePolicy, buildTransferRoleTrustPolicy, toPolicyJson } from "./policies";
import { accountProvider } from "./providers";
import { SourceHalf } from "./source-side";

export interface DeployedTarget {
  bucketName: pulumi.Output<string>;
  /** Undefined with xacct:pattern direct. */
  transferRoleArn?: pulumi.Output<string>;
}

/**
 * Account ②: the hardened bucket and (assumeRole) the transfer role, wired to the sources'
 * endpoints. direct: no transfer role; the bucket policy lets each source's instance role in.
 */
export function deployTarget(target: TargetAccount, sources: SourceHalf[], pattern: Pattern): DeployedTarget {
  const provider = accountProvider("target", target);
  // On the internet path (xacct:source.endpoints none) the fences name the NAT address instead of the endpoints.
  const internet = sources.every((s) => s.natPublicIp !== undefined);
  if (pattern === "direct") {
    const bucketPolicy = pulumi
      .all(sources.map((s) => pulumi.all([s.instanceRoleUniqueId, internet ? required(s.natPublicIp) : required(s.s3EndpointId)])))
      .apply((wired) =>
        toPolicyJson(buildDirectBucketPolicy({
          grant: transferGrant(target),
          writers: wired.map(([instanceRoleUniqueId, origin], index) => ({
            accountId: sources[index].account.accountId,
            instanceRoleArn: sources[index].account.instanceRoleArn,
            instanceRoleUniqueId,
            ...(internet ? { natPublicIp: origin } : { s3EndpointId: origin }),
          })),
        })),
      );
    const bucket = new TransferBucket("target-bucket", { bucketName: target.bucketName, policy: bucketPolicy }, { provider });
    return { bucketName: bucket.bucket.bucket };
  }
  const transferRoleName = target.transferRoleName as string;
  const transferRoleArn = target.transferRoleArn as string;

  const trustPolicy = pulumi
    .all(sources.map((s) => pulumi.all([s.instanceRoleUniqueId, internet ? required(s.natPublicIp) : required(s.stsEndpointId)])))
    .apply((wired) =>
      toPolicyJson(buildTransferRoleTrustPolicy(wired.map(([instanceRoleUniqueId, origin], index) => ({
        accountId: sources[index].account.accountId,
        instanceRoleArn: sources[index].account.instanceRoleArn,
        instanceRoleUniqueId,
        ...(internet ? { natPublicIp: origin } : { stsEndpointId: origin }),
      })))),
    );
  const role = new TransferRole("target-transfer", {
    roleName: transferRoleName,
    trustPolicy,
    permissionsPolicy: toPolicyJson(buildTransferRolePolicy(transferGrant(target))),
  }, { provider });

  const bucketPolicy = internet
    ? pulumi.all(sources.map((s) => required(s.natPublicIp))).apply((natPublicIps) =>
      toPolicyJson(buildBucketPolicy({ grant: transferGrant(target), transferRoleArn, natPublicIps })))
    : pulumi.all(sources.map((s) => required(s.s3EndpointId))).apply((s3EndpointIds) =>
      toPolicyJson(buildBucketPolicy({ grant: transferGrant(target), transferRoleArn, s3EndpointIds })));
  const bucket = new TransferBucket("target-bucket", { bucketName: target.bucketName, policy: bucketPolicy }, { provider });

  return { bucketName: bucket.bucket.bucket, transferRoleArn: role.role.arn };
}

/** A source half's endpoint id or NAT address: set for its path (deploySource and referenceSource guarantee it). */
function required(value: pulumi.Output<string> | undefined): pulumi.Output<string> {
  if (value === undefined) throw new Error("a source half lacks the endpoint id or NAT address of its path");
  return value;
}
