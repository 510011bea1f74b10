import { checkResource } from "../testing/harness";
import { assertPasses, assertViolates } from "../testing/expect";
import { awsExplicitProvider } from "./aws-explicit-provider";

const bucket = { type: "aws:s3/bucket:Bucket", name: "target-bucket", props: {} };

describe("aws-explicit-provider", () => {
  it("passes a resource with an explicit provider, and a provider pinned to its account", async () => {
    assertPasses(await checkResource(awsExplicitProvider, { ...bucket, provider: { name: "target" } }));
    assertPasses(await checkResource(awsExplicitProvider, { type: "pulumi:providers:aws", name: "target", props: { allowedAccountIds: '["222222222222"]' }, provider: null }));
    assertPasses(await checkResource(awsExplicitProvider, { type: "pulumi:providers:aws", name: "target", props: { allowedAccountIds: ["222222222222"] }, provider: null }));
  });

  it("refuses the default provider, and a resource with none", async () => {
    assertViolates(await checkResource(awsExplicitProvider, { ...bucket, provider: { name: "default_7_48_0" } }), /uses the default AWS provider \(default_7_48_0\)/);
    assertViolates(await checkResource(awsExplicitProvider, { ...bucket, provider: null }), /uses the default AWS provider/);
  });

  it("refuses a provider that does not pin allowedAccountIds", async () => {
    assertViolates(await checkResource(awsExplicitProvider, { type: "pulumi:providers:aws", name: "target", props: { region: "ap-northeast-1" }, provider: null }), /does not set allowedAccountIds/);
  });

  it("leaves non-AWS resources alone", async () => {
    assertPasses(await checkResource(awsExplicitProvider, { type: "xacct:target:TransferBucket", name: "c", props: {}, provider: null }));
  });
});
