import * as assert from "node:assert/strict";
import { classifyType, parseType } from "./resource-types";

describe("resource types", () => {
  it("reads a type token by package, module and name, lower-cased, with missing parts empty", () => {
    assert.deepEqual(parseType("aws:iam/rolePolicy:RolePolicy"), { package: "aws", module: "iam", name: "rolepolicy" });
    assert.deepEqual(parseType("aws-native:s3:AccessPoint"), { package: "aws-native", module: "s3", name: "accesspoint" });
    assert.deepEqual(parseType("Broken"), { package: "broken", module: "", name: "" });
  });

  it("classifies types as understood, ordinary or sensitive, and says why a sensitive one is refused", () => {
    const verdict = (type: string, custom?: boolean) => classifyType(type, custom);
    assert.deepEqual(verdict("pulumi:pulumi:Stack"), { kind: "ordinary" });
    assert.deepEqual(verdict("pulumi:providers:aws"), { kind: "ordinary" });
    assert.deepEqual(verdict("aws:iam/role:Role"), { kind: "understood" });
    assert.deepEqual(verdict("aws:cloudwatch/logGroup:LogGroup"), { kind: "ordinary" });
    assert.deepEqual(verdict("random:index/randomString:RandomString"), { kind: "ordinary" });
    assert.deepEqual(verdict("xacct:target:TransferBucket", false), { kind: "ordinary" });
    assert.deepEqual(verdict("aws-native:ec2:KeyPair"), { kind: "ordinary" });
    // Route and gateway names outside EC2 are not network paths (a Location Service route calculator).
    assert.deepEqual(verdict("aws:location/routeCalculator:RouteCalculator"), { kind: "ordinary" });
    const why = (type: string) => {
      const v = classifyType(type);
      assert.equal(v.kind, "sensitive", type);
      return (v as { why: string }).why;
    };
    // Without `custom`, a resource is taken to be deployed through a provider.
    assert.match(why("gcp:storage/bucket:Bucket"), /belongs to the gcp package, which this pack does not judge/);
    assert.match(why("command:local:Command"), /runs arbitrary code with the deployer's credentials/);
    assert.match(why("aws:ram/resourceShare:ResourceShare"), /is in the ram family/);
    assert.match(why("aws:sqs/queuePolicy:QueuePolicy"), /can grant access, share or move data, or open a network path/);
    assert.match(why("aws:ec2/trafficMirrorSession:TrafficMirrorSession"), /can open a network path/);
    assert.match(why("aws-native:ec2:Subnet"), /aws-native network or workload resource/);
  });
});
