import * as assert from "node:assert/strict";
import { COMMERCIAL_REGIONS, ConfigError, parseConfig, qualifiedStackName } from "../infra/config";
import { INSTANCE_ROLE_ARN, rawConfig, validConfig } from "./support/fixtures";
import { runProgram, runProgramBare } from "../tools/offline/run-program";
import { INSTANCE_ROLE_UNIQUE_ID, S3_ENDPOINT_ID, STS_ENDPOINT_ID } from "./support/pack-fixtures";

/** What the `source` stack exports, as the `target` stack's StackReference reads it. */
const SOURCE_STACK_OUTPUTS = { instanceRoleArn: INSTANCE_ROLE_ARN, instanceRoleUniqueId: INSTANCE_ROLE_UNIQUE_ID, s3EndpointId: S3_ENDPOINT_ID, stsEndpointId: STS_ENDPOINT_ID };

function configErrorOf(raw: Parameters<typeof parseConfig>[0]): ConfigError {
  try {
    parseConfig(raw);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    return error;
  }
  assert.fail("the config was accepted");
}

/** Asserts the config is refused with exactly one problem, naming `key` and saying `why`. */
function assertRefused(raw: Parameters<typeof parseConfig>[0], key: string, why: RegExp): void {
  const error = configErrorOf(raw);
  assert.equal(error.problems.length, 1, `expected one problem, got:\n${error.message}`);
  assert.ok(error.problems[0].startsWith(`${key}: `), `expected the problem to name ${key}:\n${error.message}`);
  assert.match(error.problems[0], why);
}

describe("config", () => {
  it("accepts the minimal config and fills the defaults", () => {
    const config = parseConfig(rawConfig());
    assert.equal(config.deploy, "both");
    assert.equal(config.sources.length, 1);
    assert.deepEqual(
      { ...config.sources[0] },
      {
        key: "source",
        accountId: "111111111111",
        region: "ap-northeast-1",
        partition: "aws",
        vpcCidr: "10.80.0.0/16",
        endpoints: "gateway",
        instanceRoleName: "xacct-instance",
        instanceRoleArn: "arn:aws:iam::111111111111:role/xacct-instance",
        allowAmazonLinuxRepositories: true,
      },
    );
    assert.deepEqual(config.target.access, ["write"]);
    assert.equal(config.target.transferRoleArn, "arn:aws:iam::222222222222:role/xacct-transfer");
    assert.equal(config.target.bucketArn, "arn:aws:s3:::xacct-transfer-222222222222-apne1");
  });

  it("normalizes a prefix without a trailing slash, so 'example' cannot also match 'example-secrets/'", () => {
    assert.equal(parseConfig(rawConfig({ target: { prefix: "incoming/example" } })).target.prefix, "incoming/example/");
  });

  it("refuses China and GovCloud regions, which it has not been checked against", () => {
    for (const region of ["cn-north-1", "us-gov-west-1"]) {
      assertRefused(rawConfig({ source: { region } }), "xacct:source.region", /unknown AWS region/);
    }
  });

  describe("refuses, naming the key", () => {
    const cases: [string, Parameters<typeof rawConfig>[0], string, RegExp][] = [
      ["a malformed source account id", { source: { accountId: "12345" } }, "xacct:source.accountId", /12-digit/],
      ["a malformed target account id", { target: { accountId: "22222222222x" } }, "xacct:target.accountId", /12-digit/],
      ["an account id written as a YAML number", { source: { accountId: 111111111111 } }, "xacct:source.accountId", /quoted string/],
      ["the same account on both sides", { target: { accountId: "111111111111" } }, "xacct:target.accountId", /must differ/],
      ["an unknown source region", { source: { region: "ap-northeast-9" } }, "xacct:source.region", /unknown AWS region "ap-northeast-9"/],
      ["an unknown target region", { target: { region: "mars-1" } }, "xacct:target.region", /unknown AWS region/],
      ["a bucket region other than the VPC's", { target: { region: "us-east-1" } }, "xacct:target.region", /gateway endpoint only reaches buckets in its own region/],
      ["an upper-case bucket name", { target: { bucketName: "My-Bucket" } }, "xacct:target.bucketName", /valid S3 bucket name/],
      ["a bucket name shaped like an IP address", { target: { bucketName: "192.168.1.1" } }, "xacct:target.bucketName", /valid S3 bucket name/],
      ["a too-short bucket name", { target: { bucketName: "ab" } }, "xacct:target.bucketName", /valid S3 bucket name/],
      ["a bucket name with '..'", { target: { bucketName: "my..bucket" } }, "xacct:target.bucketName", /valid S3 bucket name/],
      ["a prefix with a wildcard", { target: { prefix: "example/*" } }, "xacct:target.prefix", /wildcards/],
      ["a prefix with '?'", { target: { prefix: "exam?le/" } }, "xacct:target.prefix", /wildcards/],
      ["a prefix with a leading slash", { target: { prefix: "/example/" } }, "xacct:target.prefix", /leading slash/],
      ["a prefix with '..'", { target: { prefix: "example/../secrets/" } }, "xacct:target.prefix", /'\.\.' segments/],
      ["a prefix with a policy variable", { target: { prefix: "${aws:username}/" } }, "xacct:target.prefix", /policy variable/],
      ["an empty prefix", { target: { prefix: "" } }, "xacct:target.prefix", /must not be empty/],
      ["an unknown access value", { target: { access: ["write", "admin"] } }, "xacct:target.access[1]", /unknown access "admin"/],
      ["an empty access list", { target: { access: [] } }, "xacct:target.access", /at least one/],
      ["a CIDR that is not a CIDR", { source: { vpcCidr: "10.80.0.0" } }, "xacct:source.vpcCidr", /CIDR notation/],
      ["a CIDR with host bits set", { source: { vpcCidr: "10.80.1.0/16" } }, "xacct:source.vpcCidr", /no host bits/],
      ["a CIDR too large for a VPC", { source: { vpcCidr: "10.0.0.0/8" } }, "xacct:source.vpcCidr", /\/16 to \/24/],
      ["a CIDR with an octet over 255", { source: { vpcCidr: "10.300.0.0/16" } }, "xacct:source.vpcCidr", /CIDR/],
      ["a single availability zone", { source: { availabilityZones: ["ap-northeast-1a"] } }, "xacct:source.availabilityZones", /at least two/],
      ["an availability zone of another region", { source: { availabilityZones: ["ap-northeast-1a", "us-east-1b"] } }, "xacct:source.availabilityZones[1]", /not in ap-northeast-1/],
      ["a deploy role in another account", { target: { deployRoleArn: "arn:aws:iam::111111111111:role/deployer" } }, "xacct:target.deployRoleArn", /must be a role in account 222222222222/],
      ["a deploy role that is not a role ARN", { source: { deployRoleArn: "arn:aws:iam::111111111111:user/deployer" } }, "xacct:source.deployRoleArn", /IAM role ARN/],
      ["an invalid role name", { target: { transferRoleName: "transfer role" } }, "xacct:target.transferRoleName", /IAM role name/],
      ["an unknown deploy mode", { deploy: "everything" }, "xacct:deploy", /one of both, source, target/],
      ["target without sourceStack", { deploy: "target" }, "xacct:sourceStack", /required when xacct:deploy is target/],
      ["a sourceStack of two parts, which could be <org>/<stack> or <project>/<stack>", { deploy: "target", sourceStack: "xacct/source" }, "xacct:sourceStack", /is ambiguous as <a>\/<b>/],
      ["a sourceStack with four parts", { deploy: "target", sourceStack: "acme/xacct/source/x" }, "xacct:sourceStack", /<organization>\/<project>\/<stack>/],
      ["a sourceStack with a space", { deploy: "target", sourceStack: "my source" }, "xacct:sourceStack", /letters, digits/],
      ["a sourceStack on a stack that does not read one", { deploy: "both", sourceStack: "source" }, "xacct:sourceStack", /only read when xacct:deploy is target \(this stack deploys both\)/],
      ["a misspelt key inside an object", { target: { bucketname: "x" } }, "xacct:target.bucketname", /^xacct:target\.bucketname: unknown key; did you mean xacct:target\.bucketName\?/],
      ["a region of another partition, known to @pulumi/aws", { source: { region: "us-iso-east-1" } }, "xacct:source.region", /unknown AWS region "us-iso-east-1"/],
    ];
    for (const [what, overrides, key, why] of cases) {
      it(what, () => assertRefused(rawConfig(overrides), key, why));
    }

    it("a misspelt top-level key, naming the closest valid one", () => {
      assertRefused({ ...rawConfig(), depoly: "target" }, "xacct:depoly", /^xacct:depoly: unknown key; did you mean xacct:deploy\?/);
      assertRefused({ ...rawConfig(), sourcestack: "source" }, "xacct:sourcestack", /did you mean xacct:sourceStack\?/);
    });

    it("a missing xacct:target", () => assertRefused({ ...rawConfig(), target: undefined }, "xacct:target", /is required/));
    it("a missing bucket name", () => {
      const raw = rawConfig();
      delete (raw.target as Record<string, unknown>).bucketName;
      assertRefused(raw, "xacct:target.bucketName", /is required/);
    });
  });

  describe("reports the root cause only, not what follows from it", () => {
    it("a short account id is not also a deploy role in another account", () => {
      assertRefused(rawConfig({ source: { accountId: "11111111111", deployRoleArn: "arn:aws:iam::111111111111:role/deployer" } }), "xacct:source.accountId", /12-digit/);
    });
    it("an unknown source region is not also a region mismatch, nor zones outside it", () => {
      assertRefused(rawConfig({ source: { region: "ap-northeast-9", availabilityZones: ["ap-northeast-1a", "ap-northeast-1c"] } }), "xacct:source.region", /unknown AWS region/);
    });
    it("an unknown target region is not also a deploy role of another partition", () => {
      assertRefused(rawConfig({ target: { region: "mars-1", deployRoleArn: "arn:aws:iam::222222222222:role/deployer" } }), "xacct:target.region", /unknown AWS region/);
    });
    it("two malformed account ids are not also 'the same account'", () => {
      const error = configErrorOf(rawConfig({ source: { accountId: "1" }, target: { accountId: "1" } }));
      assert.deepEqual(error.problems.map((p) => p.split(": ")[0]), ["xacct:source.accountId", "xacct:target.accountId"]);
      assert.ok(error.problems.every((p) => /12-digit/.test(p)), error.message);
    });
    it("an unknown deploy mode is not also a sourceStack the mode does not read", () => {
      assertRefused(rawConfig({ deploy: "targett", sourceStack: "source" }), "xacct:deploy", /one of both, source, target/);
    });
    it("a malformed deploy role ARN is not also a role in another account", () => {
      assertRefused(rawConfig({ target: { deployRoleArn: "arn:aws:iam::1:role/x" } }), "xacct:target.deployRoleArn", /IAM role ARN/);
    });
  });

  it("takes its regions from @pulumi/aws: a region newer than a hand-kept list is accepted", () => {
    const config = parseConfig(rawConfig({ source: { region: "ap-southeast-6" }, target: { region: "ap-southeast-6" } }));
    assert.equal(config.target.region, "ap-southeast-6");
    assert.ok(COMMERCIAL_REGIONS.includes("us-east-1"));
    assert.ok(!COMMERCIAL_REGIONS.some((r) => /^(cn|us-gov|eusc)-|-iso/.test(r)));
  });

  describe("xacct:sourceStack", () => {
    it("takes a stack name, qualified with this stack's organization and project", () => {
      const config = parseConfig(rawConfig({ deploy: "target", sourceStack: "source" }));
      assert.equal(config.deploy === "target" && config.sourceStack, "source");
      assert.equal(qualifiedStackName("source", { organization: "acme", project: "xacct" }), "acme/xacct/source");
    });
    it("keeps a fully qualified name as it is", () => {
      parseConfig(rawConfig({ deploy: "target", sourceStack: "acme/xacct/source" }));
      assert.equal(qualifiedStackName("other-org/other-project/source", { organization: "acme", project: "xacct" }), "other-org/other-project/source");
    });
  });

  it("lists every problem at once, one line per key", () => {
    const error = configErrorOf(rawConfig({ source: { accountId: "1" }, target: { prefix: "*" } }));
    assert.deepEqual(error.problems.map((p) => p.split(":").slice(0, 2).join(":")), ["xacct:source.accountId", "xacct:target.prefix"]);
  });

  it("fails the program with the message before any resource is registered", async () => {
    const config = validConfig({ target: { bucketName: "Bad_Bucket" } });
    const { mocks, error } = await runProgramBare(config);
    assert.ok(error instanceof Error, "the program accepted a bad bucket name");
    assert.match(error.message, /xacct:target\.bucketName: must be a valid S3 bucket name/);
    assert.equal(error.constructor.name, "RunError");
    assert.deepEqual(mocks.resources, []);
    assert.deepEqual(mocks.invokes, []);
  });

  it("refuses an unknown xacct key in the program, before any resource is registered", async () => {
    const { mocks, error } = await runProgramBare({ ...validConfig(), "xacct:depoly": "source" });
    assert.ok(error instanceof Error, "the program accepted xacct:depoly");
    assert.match(error.message, /xacct:depoly: unknown key; did you mean xacct:deploy\?/);
    assert.deepEqual(mocks.resources, []);
  });

  it("reads keys of other namespaces without complaint", async () => {
    const { error } = await runProgramBare({ ...validConfig(), "aws:region": "ap-northeast-1", "other:deploy": "x" });
    assert.equal(error, undefined);
  });

  it("reads a short xacct:sourceStack through this stack's organization and project", async () => {
    for (const organization of ["organization", "acme"]) {
      const run = await runProgram(validConfig({ deploy: "target", sourceStack: "source" }), {
        stack: "target",
        organization,
        stackOutputs: { [`${organization}/xacct/source`]: SOURCE_STACK_OUTPUTS },
      });
      assert.equal(run.one("pulumi:pulumi:StackReference").inputs.name, `${organization}/xacct/source`);
    }
  });
});
