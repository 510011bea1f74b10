import * as assert from "node:assert/strict";
import { UNKNOWN } from "../lib/unknowns";
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

  it("takes provider names as free: an explicit provider named default-target is not the default provider", async () => {
    assertPasses(await checkResource(awsExplicitProvider, { ...bucket, provider: { name: "default-target" } }));
    assertViolates(await checkResource(awsExplicitProvider, { ...bucket, provider: { name: "default" } }), /default AWS provider/);
    assertViolates(await checkResource(awsExplicitProvider, { type: "aws-native:s3:Bucket", name: "b", props: {}, provider: { name: "default_1_30_0", type: "pulumi:providers:aws-native" } }), /default AWS provider/);
  });

  it("refuses a provider pinning two accounts, none, or a pin that is unknown, secret or not an account id", async () => {
    const provider = (allowedAccountIds: unknown) => ({ type: "pulumi:providers:aws", name: "target", props: { allowedAccountIds }, provider: null });
    assertViolates(await checkResource(awsExplicitProvider, provider('["222222222222","333333333333"]')), /pins 2 accounts/);
    assertViolates(await checkResource(awsExplicitProvider, provider([])), /pins 0 accounts/);
    assertViolates(await checkResource(awsExplicitProvider, provider(UNKNOWN)), /unknown or secret/);
    assertViolates(await checkResource(awsExplicitProvider, provider("[secret]")), /unknown or secret/);
    assertViolates(await checkResource(awsExplicitProvider, provider(["*"])), /not a 12-digit account id/);
  });

  it("refuses a provider that does not pin allowedAccountIds", async () => {
    assertViolates(await checkResource(awsExplicitProvider, { type: "pulumi:providers:aws", name: "target", props: { region: "ap-northeast-1" }, provider: null }), /does not set allowedAccountIds/);
  });

  it("refuses insecure, proxies, a custom CA bundle and endpoint overrides, unless a setting is allowed exactly by pack config", async () => {
    const provider = (extra: Record<string, unknown>, type = "pulumi:providers:aws") => ({ type, name: "target", props: { allowedAccountIds: ["222222222222"], ...extra }, provider: null });
    assertViolates(await checkResource(awsExplicitProvider, provider({ insecure: "true" })), /sets insecure/);
    assertViolates(await checkResource(awsExplicitProvider, provider({ httpProxy: "http://10.0.0.5:3128" })), /sets httpProxy to "http:\/\/10.0.0.5:3128"/);
    assertViolates(await checkResource(awsExplicitProvider, provider({ customCaBundle: "/ca.pem" }, "pulumi:providers:aws-native")), /sets customCaBundle/);
    assertViolates(await checkResource(awsExplicitProvider, provider({ endpoints: '[{"sqs":"https://sqs.example.net"}]' })), /sets endpoints.sqs/);
    assertViolates(await checkResource(awsExplicitProvider, provider({ endpoints: UNKNOWN })), /endpoints to an unknown or secret value/);
    assertPasses(await checkResource(awsExplicitProvider, provider({ insecure: "false", endpoints: "[]", skipRequestingAccountId: "true", skipCredentialsValidation: true })));
    const allowed = { "aws-explicit-provider": { allowedTransportSettings: ["endpoints.sts=https://sts-fips.us-east-1.amazonaws.com"] } };
    assertPasses(await checkResource(awsExplicitProvider, provider({ endpoints: [{ sts: "https://sts-fips.us-east-1.amazonaws.com" }] }), allowed));
    assertViolates(await checkResource(awsExplicitProvider, provider({ endpoints: [{ sts: "https://sts.example.net" }] }), allowed), /endpoints.sts/);
    await assert.rejects(checkResource(awsExplicitProvider, provider({ insecure: true }), { "aws-explicit-provider": { allowedTransportSettings: ["insecure=true"] } }), /allowedTransportSettings.0: must match pattern/);
  });

  it("leaves non-AWS resources alone", async () => {
    assertPasses(await checkResource(awsExplicitProvider, { type: "xacct:target:TransferBucket", name: "c", props: {}, provider: null }));
  });
});
