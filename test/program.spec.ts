import * as assert from "node:assert/strict";
import { BUCKET, INSTANCE_ROLE_ARN, REGION, SOURCE_ACCOUNT, TARGET_ACCOUNT, TRANSFER_ROLE_ARN, validConfig } from "./support/fixtures";
import { fakeRoleUniqueId } from "../tools/offline/mocks";
import { ProgramRun, runProgram } from "../tools/offline/run-program";
import { RESOURCE_TYPES } from "../tools/offline/resource-types";
import { shippedStackConfig } from "../tools/offline/stack-files";

const T = RESOURCE_TYPES;

const SOURCE_SIDE_TYPES = [T.vpc, T.subnet, T.routeTable, T.routeTableAssociation, T.securityGroup, T.vpcEndpoint, T.role, T.rolePolicy, T.instanceProfile].sort();
const TARGET_SIDE_TYPES = [T.role, T.rolePolicy, T.bucket, T.ownershipControls, T.publicAccessBlock, T.encryption, T.versioning, T.lifecycle, T.bucketPolicy].sort();

function awsResources(run: ProgramRun) {
  return run.resources.filter((r) => r.type.startsWith("aws:"));
}
function typesIn(run: ProgramRun, accountId: string): string[] {
  return [...new Set(awsResources(run).filter((r) => r.provider?.accountId === accountId).map((r) => r.type))].sort();
}
function statement(document: any, sid: string): any {
  const found = document.Statement.find((s: any) => s.Sid === sid);
  assert.ok(found, `no statement ${sid} in ${JSON.stringify(document.Statement.map((s: any) => s.Sid))}`);
  return found;
}

describe("program, deploy: both (Pulumi.pair.yaml)", () => {
  let run: ProgramRun;
  let s3EndpointId: string;
  let stsEndpointId: string;
  before(async () => {
    run = await runProgram(shippedStackConfig("pair"), { stack: "pair" });
    s3EndpointId = run.one(T.vpcEndpoint, "source-endpoints-s3").id;
    stsEndpointId = run.one(T.vpcEndpoint, "source-endpoints-sts").id;
  });

  it("creates every AWS resource through an explicit provider of the right account", () => {
    for (const resource of awsResources(run)) {
      assert.ok(resource.provider, `${resource.type} ${resource.name} has no explicit provider`);
      assert.doesNotMatch(resource.providerRef ?? "", /::default/);
    }
    assert.deepEqual(typesIn(run, SOURCE_ACCOUNT), SOURCE_SIDE_TYPES);
    assert.deepEqual(typesIn(run, TARGET_ACCOUNT), TARGET_SIDE_TYPES);
    for (const name of ["source-network", "source-endpoints-s3", "source-endpoints-sts", "source-instance"]) {
      const resource = run.resources.find((r) => r.name === name && r.type.startsWith("aws:"));
      assert.equal(resource?.provider?.accountId, SOURCE_ACCOUNT, name);
    }
    assert.equal(run.one(T.bucket).provider?.accountId, TARGET_ACCOUNT);
    assert.equal(run.one(T.role, "target-transfer").provider?.accountId, TARGET_ACCOUNT);
  });

  it("pins each provider to its account, region and deploy role, with default tags", () => {
    const providers = run.ofType(T.provider);
    assert.deepEqual(providers.map((p) => p.name).sort(), ["source", "target"]);
    for (const [name, account] of [["source", SOURCE_ACCOUNT], ["target", TARGET_ACCOUNT]]) {
      const inputs = run.one(T.provider, name).inputs;
      assert.deepEqual(JSON.parse(inputs.allowedAccountIds), [account]);
      assert.equal(inputs.region, REGION);
      assert.deepEqual(JSON.parse(inputs.assumeRoles).map((r: any) => r.roleArn), [`arn:aws:iam::${account}:role/xacct-deployer`]);
      assert.deepEqual(JSON.parse(inputs.defaultTags).tags, { Project: "xacct", Stack: "pair", ManagedBy: "pulumi", XacctSide: name });
    }
  });

  it("builds a private VPC with DNS on, two subnets in two zones, and no way to the internet", () => {
    const vpc = run.one(T.vpc).inputs;
    assert.equal(vpc.cidrBlock, "10.80.0.0/16");
    assert.equal(vpc.enableDnsSupport, true);
    assert.equal(vpc.enableDnsHostnames, true);
    const subnets = run.ofType(T.subnet).map((s) => s.inputs);
    assert.deepEqual(subnets.map((s) => s.cidrBlock), ["10.80.0.0/20", "10.80.16.0/20"]);
    assert.deepEqual(subnets.map((s) => s.availabilityZone), ["ap-northeast-1a", "ap-northeast-1b"]);
    assert.ok(subnets.every((s) => s.mapPublicIpOnLaunch === false));
    const zoneLookup = run.mocks.invokes.filter((i) => i.token === "aws:index/getAvailabilityZones:getAvailabilityZones");
    assert.deepEqual(zoneLookup.map((i) => i.provider?.name), ["source"]);
    for (const type of ["aws:ec2/internetGateway:InternetGateway", "aws:ec2/natGateway:NatGateway", "aws:ec2/route:Route", "aws:ec2/eip:Eip"]) {
      assert.deepEqual(run.ofType(type), [], `${type} must not exist`);
    }
    assert.deepEqual(run.one(T.routeTable).inputs.routes ?? [], []);
    assert.equal(run.ofType(T.routeTableAssociation).length, 2);
  });

  it("puts the S3 gateway endpoint on the private route table, with a policy for the target role and our prefix only", () => {
    const endpoint = run.one(T.vpcEndpoint, "source-endpoints-s3");
    assert.match(endpoint.id, /^vpce-[0-9a-f]{17}$/);
    assert.equal(endpoint.inputs.vpcEndpointType, "Gateway");
    assert.equal(endpoint.inputs.serviceName, "com.amazonaws.ap-northeast-1.s3");
    assert.deepEqual(endpoint.inputs.routeTableIds, [run.one(T.routeTable).id]);
    const policy = JSON.parse(endpoint.inputs.policy);
    assert.deepEqual(policy.Statement, [
      {
        Sid: "AllowOnlyTheTransferRoleToWriteObjectsUnderThePrefix",
        Effect: "Allow",
        Principal: "*",
        Action: ["s3:PutObject", "s3:AbortMultipartUpload"],
        Resource: [`arn:aws:s3:::${BUCKET}/example/*`],
        // The target role, not the instance role: S3 sees the assumed-role session.
        Condition: { ArnEquals: { "aws:PrincipalArn": [TRANSFER_ROLE_ARN] } },
      },
      {
        Sid: "AllowReadingTheAmazonLinuxPackageRepositories",
        Effect: "Allow",
        Principal: "*",
        Action: ["s3:GetObject"],
        Resource: [
          "arn:aws:s3:::al2023-repos-ap-northeast-1-de612dc2/*",
          "arn:aws:s3:::amazonlinux-2-repos-ap-northeast-1/*",
          "arn:aws:s3:::amazonlinux.ap-northeast-1.amazonaws.com/*",
        ],
      },
    ]);
  });

  it("puts the STS interface endpoint in the private subnets with private DNS, HTTPS from the VPC only, and a policy for the instance role", () => {
    const endpoint = run.one(T.vpcEndpoint, "source-endpoints-sts");
    assert.equal(endpoint.inputs.vpcEndpointType, "Interface");
    assert.equal(endpoint.inputs.serviceName, "com.amazonaws.ap-northeast-1.sts");
    assert.equal(endpoint.inputs.privateDnsEnabled, true);
    assert.deepEqual(endpoint.inputs.subnetIds, run.ofType(T.subnet).map((s) => s.id));
    const group = run.one(T.securityGroup, "source-endpoints-sts");
    assert.match(group.id, /^sg-[0-9a-f]{17}$/);
    assert.deepEqual(endpoint.inputs.securityGroupIds, [group.id]);
    assert.deepEqual(group.inputs.ingress.map((r: any) => [r.protocol, r.fromPort, r.toPort, r.cidrBlocks]), [["tcp", 443, 443, ["10.80.0.0/16"]]]);
    assert.deepEqual(group.inputs.egress, []);
    assert.deepEqual(JSON.parse(endpoint.inputs.policy).Statement, [
      {
        Sid: "AllowOnlyTheInstanceRoleToAssumeOnlyTheTransferRole",
        Effect: "Allow",
        Principal: "*",
        Action: ["sts:AssumeRole"],
        Resource: [TRANSFER_ROLE_ARN],
        Condition: { ArnEquals: { "aws:PrincipalArn": [INSTANCE_ROLE_ARN] } },
      },
    ]);
  });

  it("gives the workload a security group that reaches only the two endpoints", () => {
    const group = run.one(T.securityGroup, "source-endpoints-workload").inputs;
    assert.deepEqual(group.ingress, []);
    const s3PrefixList = run.one(T.vpcEndpoint, "source-endpoints-s3").state.prefixListId;
    assert.deepEqual(
      group.egress.map((r: any) => [r.protocol, r.fromPort, r.toPort, r.securityGroups ?? r.prefixListIds]),
      [["tcp", 443, 443, [run.one(T.securityGroup, "source-endpoints-sts").id]], ["tcp", 443, 443, [s3PrefixList]]],
    );
    assert.ok(group.egress.every((r: any) => !r.cidrBlocks));
  });

  it("lets EC2 hand out the instance role, whose only permission is to assume the transfer role", () => {
    const role = run.one(T.role, "source-instance");
    assert.equal(role.inputs.name, "xacct-instance");
    assert.deepEqual(run.policyOf(T.role, "source-instance").Statement, [
      { Sid: "AllowEc2ToHandTheInstanceRoleToTheWorkload", Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: ["sts:AssumeRole"] },
    ]);
    const policies = run.ofType(T.rolePolicy).filter((p) => p.provider?.accountId === SOURCE_ACCOUNT);
    assert.equal(policies.length, 1);
    assert.equal(policies[0].inputs.role, "xacct-instance");
    assert.deepEqual(JSON.parse(policies[0].inputs.policy).Statement, [
      { Sid: "AllowAssumingOnlyTheTransferRoleInTheTargetAccount", Effect: "Allow", Action: ["sts:AssumeRole"], Resource: [TRANSFER_ROLE_ARN] },
    ]);
    assert.equal(run.one(T.instanceProfile).inputs.role, "xacct-instance");
    assert.equal(run.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment").length, 0);
  });

  it("trusts exactly the source instance role, through our STS endpoint, pinned to the role's unique id", () => {
    const role = run.one(T.role, "target-transfer");
    assert.equal(role.inputs.name, "xacct-transfer");
    assert.equal(role.inputs.maxSessionDuration, 3600);
    assert.match(stsEndpointId, /^vpce-[0-9a-f]{17}$/);
    assert.deepEqual(run.policyOf(T.role, "target-transfer").Statement, [
      {
        Sid: "AllowTheInstanceRoleOf111111111111ToAssumeOnlyThroughItsStsEndpoint",
        Effect: "Allow",
        Principal: { AWS: INSTANCE_ROLE_ARN },
        Action: ["sts:AssumeRole"],
        Condition: {
          StringEquals: { "aws:SourceVpce": stsEndpointId },
          StringLike: { "aws:userid": `${fakeRoleUniqueId(INSTANCE_ROLE_ARN)}:*` },
        },
      },
    ]);
  });

  it("lets the transfer role write under the prefix and nothing else", () => {
    const policies = run.ofType(T.rolePolicy).filter((p) => p.provider?.accountId === TARGET_ACCOUNT);
    assert.equal(policies.length, 1);
    assert.equal(policies[0].inputs.role, "xacct-transfer");
    assert.deepEqual(JSON.parse(policies[0].inputs.policy).Statement, [
      {
        Sid: "AllowWriteObjectsUnderThePrefix",
        Effect: "Allow",
        Action: ["s3:PutObject", "s3:AbortMultipartUpload"],
        Resource: [`arn:aws:s3:::${BUCKET}/example/*`],
      },
    ]);
  });

  it("hardens the bucket and keeps it, and its guards, through pulumi destroy", () => {
    const bucket = run.one(T.bucket);
    assert.equal(bucket.inputs.bucket, BUCKET);
    assert.equal(bucket.inputs.forceDestroy, false);
    assert.equal(bucket.opts.protect, true);
    assert.equal(bucket.opts.retainOnDelete, true);
    for (const type of [T.ownershipControls, T.publicAccessBlock, T.encryption, T.versioning, T.lifecycle, T.bucketPolicy]) {
      const guard = run.one(type);
      assert.equal(guard.inputs.bucket, BUCKET, type);
      assert.equal(guard.opts.retainOnDelete, true, `${type} must be retained on delete`);
    }
    assert.deepEqual(run.one(T.ownershipControls).inputs.rule, { objectOwnership: "BucketOwnerEnforced" });
    const block = run.one(T.publicAccessBlock).inputs;
    assert.deepEqual([block.blockPublicAcls, block.blockPublicPolicy, block.ignorePublicAcls, block.restrictPublicBuckets], [true, true, true, true]);
    assert.deepEqual(run.one(T.encryption).inputs.rules, [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }]);
    assert.deepEqual(run.one(T.versioning).inputs.versioningConfiguration, { status: "Enabled" });
    const [rule] = run.one(T.lifecycle).inputs.rules;
    assert.equal(rule.status, "Enabled");
    assert.deepEqual(rule.abortIncompleteMultipartUpload, { daysAfterInitiation: 7 });
    assert.deepEqual([...(run.one(T.bucketPolicy).opts.dependsOn ?? [])].sort(), [T.ownershipControls + "::target-bucket", T.publicAccessBlock + "::target-bucket"].sort());
  });

  it("denies writes into the prefix unless they come through our S3 endpoint, and every request without TLS", () => {
    const policy = run.policyOf(T.bucketPolicy);
    assert.ok(policy.Statement.every((s: any) => s.Effect === "Deny"), "the bucket policy only denies");
    assert.deepEqual(statement(policy, "DenyWritesIntoThePrefixThatDoNotComeThroughTheS3Endpoint"), {
      Sid: "DenyWritesIntoThePrefixThatDoNotComeThroughTheS3Endpoint",
      Effect: "Deny",
      Principal: "*",
      Action: ["s3:PutObject", "s3:AbortMultipartUpload"],
      Resource: [`arn:aws:s3:::${BUCKET}/example/*`],
      Condition: { StringNotEquals: { "aws:SourceVpce": [s3EndpointId] } },
    });
    const roleOutsideEndpoint = statement(policy, "DenyEveryRequestOfTheTransferRoleThatDoesNotComeThroughTheS3Endpoint");
    assert.deepEqual(roleOutsideEndpoint.Condition, {
      StringNotEquals: { "aws:SourceVpce": [s3EndpointId] },
      ArnEquals: { "aws:PrincipalArn": [TRANSFER_ROLE_ARN] },
    });
    const tls = statement(policy, "DenyEveryRequestThatDoesNotUseTls");
    assert.deepEqual(tls.Action, ["s3:*"]);
    assert.deepEqual(tls.Resource, [`arn:aws:s3:::${BUCKET}`, `arn:aws:s3:::${BUCKET}/*`]);
    assert.deepEqual(tls.Condition, { Bool: { "aws:SecureTransport": "false" } });
  });

  it("exports ids, ARNs, a ready-to-paste CLI profile and the upload command", () => {
    const o = run.outputs;
    assert.equal(o.instanceRoleArn, INSTANCE_ROLE_ARN);
    assert.equal(o.transferRoleArn, TRANSFER_ROLE_ARN);
    assert.equal(o.instanceProfileName, "xacct-instance");
    assert.equal(o.bucketName, BUCKET);
    assert.equal(o.s3EndpointId, s3EndpointId);
    assert.equal(o.stsEndpointId, stsEndpointId);
    assert.equal(
      o.awsConfigProfile,
      [
        "[profile xacct-transfer]",
        `role_arn = ${TRANSFER_ROLE_ARN}`,
        "credential_source = Ec2InstanceMetadata",
        "region = ap-northeast-1",
        "sts_regional_endpoints = regional",
        "duration_seconds = 3600",
        "",
      ].join("\n"),
    );
    assert.equal(o.uploadCommand, `aws s3 cp ./example.txt s3://${BUCKET}/example/example.txt --profile xacct-transfer --region ap-northeast-1`);
  });
});

describe("program, deploy: source (Pulumi.source.yaml)", () => {
  let run: ProgramRun;
  before(async () => {
    run = await runProgram(shippedStackConfig("source"), { stack: "source" });
  });

  it("registers nothing in the target account", () => {
    assert.deepEqual(run.ofType(T.provider).map((p) => p.name), ["source"]);
    assert.deepEqual(typesIn(run, SOURCE_ACCOUNT), SOURCE_SIDE_TYPES);
    assert.deepEqual(awsResources(run).filter((r) => r.provider?.accountId !== SOURCE_ACCOUNT), []);
    assert.deepEqual(run.ofType(T.stackReference), []);
  });

  it("names the target role and bucket, computed from config, in its endpoint policies", () => {
    const s3 = JSON.parse(run.one(T.vpcEndpoint, "source-endpoints-s3").inputs.policy);
    assert.deepEqual(s3.Statement[0].Resource, [`arn:aws:s3:::${BUCKET}/example/*`]);
    assert.deepEqual(s3.Statement[0].Condition.ArnEquals["aws:PrincipalArn"], [TRANSFER_ROLE_ARN]);
    const sts = JSON.parse(run.one(T.vpcEndpoint, "source-endpoints-sts").inputs.policy);
    assert.deepEqual(sts.Statement[0].Resource, [TRANSFER_ROLE_ARN]);
  });

  it("exports what the target stack reads", () => {
    const o = run.outputs;
    assert.equal(o.instanceRoleArn, INSTANCE_ROLE_ARN);
    assert.equal(o.instanceRoleUniqueId, fakeRoleUniqueId(INSTANCE_ROLE_ARN));
    assert.equal(o.s3EndpointId, run.one(T.vpcEndpoint, "source-endpoints-s3").id);
    assert.equal(o.stsEndpointId, run.one(T.vpcEndpoint, "source-endpoints-sts").id);
    assert.match(o.awsConfigProfile, /sts_regional_endpoints = regional/);
  });
});

describe("program, deploy: target (Pulumi.target.yaml)", () => {
  const SOURCE_STACK = "organization/xacct/source";
  const sourceOutputs = {
    instanceRoleArn: INSTANCE_ROLE_ARN,
    instanceRoleUniqueId: "AROAEXAMPLEUNIQUE0001",
    s3EndpointId: "vpce-0a1b2c3d4e5f60718",
    stsEndpointId: "vpce-0f1e2d3c4b5a69788",
  };
  let run: ProgramRun;
  before(async () => {
    run = await runProgram(shippedStackConfig("target"), { stack: "target", stackOutputs: { [SOURCE_STACK]: sourceOutputs } });
  });

  it("registers nothing in the source account", () => {
    assert.deepEqual(run.ofType(T.provider).map((p) => p.name), ["target"]);
    assert.deepEqual(typesIn(run, TARGET_ACCOUNT), TARGET_SIDE_TYPES);
    assert.deepEqual(awsResources(run).filter((r) => r.provider?.accountId !== TARGET_ACCOUNT), []);
  });

  it("reads the source half through a StackReference to xacct:sourceStack", () => {
    assert.deepEqual(run.ofType(T.stackReference).map((r) => r.inputs.name), [SOURCE_STACK]);
  });

  it("wires the bucket policy to the source stack's S3 endpoint", () => {
    const deny = statement(run.policyOf(T.bucketPolicy), "DenyWritesIntoThePrefixThatDoNotComeThroughTheS3Endpoint");
    assert.deepEqual(deny.Condition.StringNotEquals["aws:SourceVpce"], [sourceOutputs.s3EndpointId]);
  });

  it("wires the trust policy to the source stack's STS endpoint and role incarnation", () => {
    const [trust] = run.policyOf(T.role, "target-transfer").Statement;
    assert.deepEqual(trust.Principal, { AWS: INSTANCE_ROLE_ARN });
    assert.deepEqual(trust.Condition, {
      StringEquals: { "aws:SourceVpce": sourceOutputs.stsEndpointId },
      StringLike: { "aws:userid": "AROAEXAMPLEUNIQUE0001:*" },
    });
  });

  it("refuses a source stack that deployed a different instance role than xacct:source describes", async () => {
    const wrong = { ...sourceOutputs, instanceRoleArn: `arn:aws:iam::${SOURCE_ACCOUNT}:role/someone-else` };
    await assert.rejects(
      runProgram(shippedStackConfig("target"), { stack: "target", stackOutputs: { [SOURCE_STACK]: wrong } }),
      /exports instanceRoleArn arn:aws:iam::111111111111:role\/someone-else, but xacct:source describes arn:aws:iam::111111111111:role\/xacct-instance/,
    );
  });
});

describe("program, options", () => {
  it("maps each opted-in access level to exact actions, in the role policy and the S3 endpoint policy alike", async () => {
    const run = await runProgram(validConfig({ target: { access: ["write", "read", "list", "delete"] } }));
    const rolePolicy = JSON.parse(run.one(T.rolePolicy, "target-transfer-write-prefix").inputs.policy);
    assert.deepEqual(rolePolicy.Statement, [
      {
        Sid: "AllowWriteObjectsUnderThePrefix",
        Effect: "Allow",
        Action: ["s3:PutObject", "s3:AbortMultipartUpload", "s3:GetObject", "s3:DeleteObject"],
        Resource: [`arn:aws:s3:::${BUCKET}/example/*`],
      },
      {
        Sid: "AllowListOnlyThePrefix",
        Effect: "Allow",
        Action: ["s3:ListBucket"],
        Resource: [`arn:aws:s3:::${BUCKET}`],
        Condition: { StringLike: { "s3:prefix": ["example/*"] } },
      },
    ]);
    const endpointPolicy = JSON.parse(run.one(T.vpcEndpoint, "source-endpoints-s3").inputs.policy);
    assert.deepEqual(endpointPolicy.Statement[1].Condition, {
      StringLike: { "s3:prefix": ["example/*"] },
      ArnEquals: { "aws:PrincipalArn": [TRANSFER_ROLE_ARN] },
    });
  });

  it("closes the Amazon Linux repositories when asked", async () => {
    const run = await runProgram(validConfig({ source: { allowAmazonLinuxRepositories: false } }));
    const policy = JSON.parse(run.one(T.vpcEndpoint, "source-endpoints-s3").inputs.policy);
    assert.deepEqual(policy.Statement.map((s: any) => s.Sid), ["AllowOnlyTheTransferRoleToWriteObjectsUnderThePrefix"]);
  });

  it("uses the configured availability zones without asking the provider", async () => {
    const zones = ["ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d"];
    const run = await runProgram(validConfig({ source: { availabilityZones: zones, vpcCidr: "10.1.0.0/24" } }));
    assert.deepEqual(run.ofType(T.subnet).map((s) => [s.inputs.availabilityZone, s.inputs.cidrBlock]), [
      ["ap-northeast-1a", "10.1.0.0/28"],
      ["ap-northeast-1c", "10.1.0.16/28"],
      ["ap-northeast-1d", "10.1.0.32/28"],
    ]);
    assert.deepEqual(run.mocks.invokes, []);
  });

  it("uses the providers' ambient credentials when no deploy role is configured", async () => {
    const run = await runProgram(validConfig());
    for (const provider of run.ofType(T.provider)) {
      assert.equal(provider.inputs.assumeRoles, undefined);
    }
  });
});
