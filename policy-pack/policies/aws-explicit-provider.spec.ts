import * as assert from "node:assert/strict";
import { UNKNOWN } from "../lib/unknowns";
import { checkResource, PackConfig } from "../testing/harness";
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

describe("aws-explicit-provider: what each refusal tells, and what review cannot loosen", () => {
  const provider = (props: Record<string, unknown>, type = "pulumi:providers:aws") => ({ type, name: "target", props: { allowedAccountIds: ["222222222222"], ...props }, provider: null });
  const messages = async (props: Record<string, unknown>, config?: PackConfig) => (await checkResource(awsExplicitProvider, provider(props), config)).violations.map((v) => v.message);

  it("says why insecure and a proxy are refused, and offers review only for the proxy", async () => {
    const [insecure] = await messages({ insecure: "true" });
    assert.match(insecure, /turns off TLS certificate verification.*Remove it\.$/);
    assert.doesNotMatch(insecure, /allowedTransportSettings/);
    const [proxy] = await messages({ httpProxy: "http://10.0.0.5:3128" });
    assert.match(proxy, /through a host that can read the deployer's credentials.*Remove it, or after review list exactly "httpProxy=http:\/\/10\.0\.0\.5:3128" in aws-explicit-provider\.allowedTransportSettings/);
    assert.doesNotMatch(proxy, /TLS certificate verification/);
    assert.match((await messages({ endpoints: UNKNOWN }))[0], /list exactly "endpoints=<value>"/);
  });

  it("does not let an unknown setting match an allowed entry spelled \"undefined\"", async () => {
    assert.equal((await messages({ httpProxy: UNKNOWN }, { "aws-explicit-provider": { allowedTransportSettings: ["httpProxy=undefined"] } })).length, 1);
  });

  it("refuses insecure even when the config bypassed schema validation to allow it", async () => {
    const reported: string[] = [];
    const args = { type: "pulumi:providers:aws", name: "target", urn: "urn:pulumi:test::xacct::pulumi:providers:aws::target", props: { allowedAccountIds: ["222222222222"], insecure: "true" }, getConfig: <T>() => ({ allowedTransportSettings: ["insecure=true"] }) as T };
    await (awsExplicitProvider.validateResource as (a: unknown, r: (m: string) => void) => void)(args, (m) => reported.push(m));
    assert.equal(reported.length, 1);
    assert.match(reported[0], /sets insecure/);
  });

  it("names the accounts it found, and says how to pin one", async () => {
    const pin = async (allowedAccountIds: unknown) => (await messages({ allowedAccountIds }))[0];
    assert.match(await pin(["222222222222", "333333333333"]), /pins 2 accounts \(222222222222, 333333333333\).*Pin the one account this provider deploys into/);
    assert.match(await pin([]), /pins 0 accounts \(none\)/);
    assert.match(await pin("222222222222, 333333333333"), /allowedAccountIds is "222222222222, 333333333333", not a list of account ids/);
    assert.match(await pin(["2222222222223"]), /pins "2222222222223", which is not a 12-digit account id/);
  });

  it("says a resource without a provider uses the default one, and refuses a provider of the other AWS package", async () => {
    const [none] = (await checkResource(awsExplicitProvider, { ...bucket, provider: null })).violations.map((v) => v.message);
    assert.match(none, /^target-bucket uses the default AWS provider\. Pass an explicit provider/);
    assertViolates(await checkResource(awsExplicitProvider, { ...bucket, provider: { name: "target", type: "pulumi:providers:aws-native" } }), /deployed through pulumi:providers:aws-native target, not an pulumi:providers:aws provider/);
  });
});
