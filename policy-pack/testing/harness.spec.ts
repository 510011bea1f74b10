import * as assert from "node:assert/strict";
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { UNKNOWN } from "../lib/unknowns";
import { checkResource, checkStack, runPack } from "./harness";

const readsPolicy: ResourceValidationPolicy = {
  name: "reads-policy",
  description: "test policy",
  enforcementLevel: "mandatory",
  configSchema: { properties: { limit: { type: "integer", default: 3 } } },
  validateResource: (args, report) => {
    if (args.type !== "aws:s3/bucketPolicy:BucketPolicy") args.notApplicable("only bucket policies");
    if (String(args.props.policy).length > args.getConfig<{ limit: number }>().limit) report("too long");
  },
};

describe("policy harness", () => {
  it("builds args like @pulumi/policy: config defaults and overrides, enforcement levels", async () => {
    const resource = { type: "aws:s3/bucketPolicy:BucketPolicy", props: { policy: "abcd" } };
    assert.deepEqual((await checkResource(readsPolicy, resource)).violations.map((v) => [v.message, v.level]), [["too long", "mandatory"]]);
    assert.deepEqual((await checkResource(readsPolicy, resource, { "reads-policy": { limit: 10 } })).violations, []);
    assert.deepEqual((await checkResource(readsPolicy, resource, { "reads-policy": "advisory" })).violations.map((v) => v.level), ["advisory"]);
    assert.deepEqual((await checkResource(readsPolicy, resource, { "reads-policy": "disabled" })).violations, []);
  });

  it("reports notApplicable with its reason", async () => {
    const outcome = await checkResource(readsPolicy, { type: "aws:iam/role:Role", props: {} });
    assert.equal(outcome.notApplicable, "only bucket policies");
    assert.deepEqual(outcome.violations, []);
  });

  it("turns a read of an unknown value into an unknown outcome, as the engine does during preview", async () => {
    const outcome = await checkResource(readsPolicy, { type: "aws:s3/bucketPolicy:BucketPolicy", props: { policy: UNKNOWN } });
    assert.match(outcome.unknown ?? "", /string value at \.policy can't be known during preview/);
    const pack = await runPack([readsPolicy], [{ type: "aws:s3/bucketPolicy:BucketPolicy", name: "p", props: { policy: UNKNOWN } }]);
    assert.equal(pack.unknowns.length, 1);
  });

  it("resolves parents and property dependencies for stack policies", async () => {
    const seen: string[] = [];
    const stackPolicy: StackValidationPolicy = {
      name: "sees-wiring",
      description: "test",
      enforcementLevel: "mandatory",
      validateStack: (args) => {
        for (const r of args.resources) seen.push(`${r.name}<-${(r.propertyDependencies.bucket ?? []).map((d) => d.name).join(",")}|${r.parent?.name ?? ""}`);
      },
    };
    await checkStack(stackPolicy, [
      { type: "aws:s3/bucket:Bucket", name: "b", urn: "urn:b", parent: "urn:c" },
      { type: "xacct:target:TransferBucket", name: "c", urn: "urn:c", props: {}, provider: null },
      { type: "aws:s3/bucketVersioning:BucketVersioning", name: "v", props: { bucket: UNKNOWN }, propertyDependencies: { bucket: ["urn:b"] } },
    ].map((r) => ({ props: {}, ...r })));
    assert.deepEqual(seen, ["b<-|c", "c<-|", "v<-b|"]);
  });
});
