import * as assert from "node:assert/strict";
import { amazonLinuxRepositoryObjectArns, serviceEndpointName, subnetCidrs } from "../infra/aws";
import { buildBucketPolicy, buildTransferRoleTrustPolicy, objectActionsOf, toPolicyJson } from "../infra/policies";
import { GRANT } from "./support/pack-fixtures";
import { TRANSFER_ROLE_ARN } from "./support/fixtures";

describe("policy builders", () => {
  it("trust several sources, each pinned to its own STS endpoint and role incarnation", () => {
    const trust = buildTransferRoleTrustPolicy([
      { accountId: "111111111111", instanceRoleArn: "arn:aws:iam::111111111111:role/a", instanceRoleUniqueId: "AROAA", stsEndpointId: "vpce-0000000000000000a" },
      { accountId: "333333333333", instanceRoleArn: "arn:aws:iam::333333333333:role/b", instanceRoleUniqueId: "AROAB", stsEndpointId: "vpce-0000000000000000b" },
    ]);
    assert.deepEqual(
      trust.Statement.map((s) => [s.Sid, (s.Principal as { AWS: string }).AWS, s.Condition?.StringEquals["aws:SourceVpce"], s.Condition?.StringLike["aws:userid"]]),
      [
        ["AllowTheInstanceRoleOf111111111111ToAssumeOnlyThroughItsStsEndpoint", "arn:aws:iam::111111111111:role/a", "vpce-0000000000000000a", "AROAA:*"],
        ["AllowTheInstanceRoleOf333333333333ToAssumeOnlyThroughItsStsEndpoint", "arn:aws:iam::333333333333:role/b", "vpce-0000000000000000b", "AROAB:*"],
      ],
    );
    assert.ok(trust.Statement.every((s) => /^[A-Za-z0-9]+$/.test(s.Sid)), "IAM Sids are alphanumeric");
  });

  it("let writes into the prefix through any of the sources' S3 endpoints, and no other", () => {
    const policy = buildBucketPolicy({ grant: GRANT, transferRoleArn: TRANSFER_ROLE_ARN, s3EndpointIds: ["vpce-0000000000000000a", "vpce-0000000000000000b"] });
    assert.deepEqual(policy.Statement[0].Condition, { StringNotEquals: { "aws:SourceVpce": ["vpce-0000000000000000a", "vpce-0000000000000000b"] } });
  });

  it("map access levels to exact actions, in a stable order", () => {
    assert.deepEqual(objectActionsOf(["delete", "write"]), ["s3:PutObject", "s3:AbortMultipartUpload", "s3:DeleteObject"]);
    assert.deepEqual(objectActionsOf(["list"]), []);
  });

  it("serialize compactly: what AWS receives and the size limits measure", () => {
    const json = toPolicyJson(buildBucketPolicy({ grant: GRANT, transferRoleArn: TRANSFER_ROLE_ARN, s3EndpointIds: ["vpce-0000000000000000a"] }));
    assert.ok(!/\n|": /.test(json));
    assert.ok(json.length < 1500);
  });
});

describe("AWS naming facts", () => {
  it("split a VPC into subnets 16 times smaller", () => {
    assert.deepEqual(subnetCidrs("10.80.0.0/16", 2), ["10.80.0.0/20", "10.80.16.0/20"]);
    assert.deepEqual(subnetCidrs("192.168.4.0/24", 3), ["192.168.4.0/28", "192.168.4.16/28", "192.168.4.32/28"]);
    assert.throws(() => subnetCidrs("10.0.0.0/16", 17), /cannot split/);
  });

  it("name endpoint services and the Amazon Linux repository buckets of a region", () => {
    assert.equal(serviceEndpointName("ap-northeast-1", "sts"), "com.amazonaws.ap-northeast-1.sts");
    assert.deepEqual(amazonLinuxRepositoryObjectArns("eu-west-1"), [
      "arn:aws:s3:::al2023-repos-eu-west-1-de612dc2/*",
      "arn:aws:s3:::amazonlinux-2-repos-eu-west-1/*",
      "arn:aws:s3:::amazonlinux.eu-west-1.amazonaws.com/*",
    ]);
  });
});
