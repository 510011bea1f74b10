import * as pulumi from "@pulumi/pulumi";
import { TransferBucket } from "./components/transfer-bucket";
import { TransferRole } from "./components/transfer-role";
import { TargetAccount, transferGrant } from "./config";
import { buildBucketPolicy, buildTransferRolePolicy, buildTransferRoleTrustPolicy, toPolicyJson } from "./policies";
import { accountProvider } from "./providers";
import { SourceHalf } from "./source-side";

export interface DeployedTarget {
  bucketName: pulumi.Output<string>;
  transferRoleArn: pulumi.Output<string>;
}

/** Account ②: the hardened bucket and the transfer role, both wired to the sources' endpoints. */
export function deployTarget(target: TargetAccount, sources: SourceHalf[]): DeployedTarget {
  const provider = accountProvider("target", target);

  const trustPolicy = pulumi
    .all(sources.map((s) => pulumi.all([s.instanceRoleUniqueId, s.stsEndpointId])))
    .apply((wired) =>
      toPolicyJson(buildTransferRoleTrustPolicy(wired.map(([instanceRoleUniqueId, stsEndpointId], index) => ({
        accountId: sources[index].account.accountId,
        instanceRoleArn: sources[index].account.instanceRoleArn,
        instanceRoleUniqueId,
        stsEndpointId,
      })))),
    );
  const role = new TransferRole("target-transfer", {
    roleName: target.transferRoleName,
    trustPolicy,
    permissionsPolicy: toPolicyJson(buildTransferRolePolicy(transferGrant(target))),
  }, { provider });

  const bucketPolicy = pulumi.all(sources.map((s) => s.s3EndpointId)).apply((s3EndpointIds) =>
    toPolicyJson(buildBucketPolicy({ grant: transferGrant(target), transferRoleArn: target.transferRoleArn, s3EndpointIds })),
  );
  const bucket = new TransferBucket("target-bucket", { bucketName: target.bucketName, policy: bucketPolicy }, { provider });

  return { bucketName: bucket.bucket.bucket, transferRoleArn: role.role.arn };
}
