import * as assert from "node:assert/strict";
import { UNKNOWN } from "./unknowns";
import { accountPinOf, isDefaultProviderName, partitionOf, pinnedAccountOf, transportOverridesOf } from "./providers";

describe("a provider's allowedAccountIds", () => {
  it("unset when absent or null", () => {
    assert.deepEqual(accountPinOf(undefined), { kind: "unset" });
    assert.deepEqual(accountPinOf({}), { kind: "unset" });
    assert.deepEqual(accountPinOf({ allowedAccountIds: null }), { kind: "unset" });
  });

  it("reads a list, JSON-encoded or not, numbers included, each account once", () => {
    assert.deepEqual(accountPinOf({ allowedAccountIds: ["111111111111"] }), { kind: "ids", ids: ["111111111111"] });
    assert.deepEqual(accountPinOf({ allowedAccountIds: '["111111111111","111111111111"]' }), { kind: "ids", ids: ["111111111111"] });
    assert.deepEqual(accountPinOf({ allowedAccountIds: [111111111111, "222222222222"] }), { kind: "ids", ids: ["111111111111", "222222222222"] });
    assert.equal(pinnedAccountOf({ allowedAccountIds: [111111111111] }), "111111111111");
  });

  it("unknown when the list or one of its entries is unknown", () => {
    assert.deepEqual(accountPinOf({ allowedAccountIds: UNKNOWN }), { kind: "unknown" });
    assert.deepEqual(accountPinOf({ allowedAccountIds: ["111111111111", UNKNOWN] }), { kind: "unknown" });
    assert.equal(pinnedAccountOf({ allowedAccountIds: [UNKNOWN] }), undefined);
  });

  it("unreadable (never a pin) when it is not JSON, not a list, or holds something other than ids", () => {
    assert.deepEqual(accountPinOf({ allowedAccountIds: "111111111111," }), { kind: "unreadable", value: "111111111111," });
    assert.deepEqual(accountPinOf({ allowedAccountIds: '{"a":"111111111111"}' }), { kind: "unreadable", value: { a: "111111111111" } });
    assert.deepEqual(accountPinOf({ allowedAccountIds: ["111111111111", true] }), { kind: "unreadable", value: ["111111111111", true] });
    assert.equal(pinnedAccountOf({ allowedAccountIds: ["111111111111", { id: "x" }] }), undefined);
  });
});

describe("default provider names", () => {
  it("default and default_<version>, however many digits and whatever suffix", () => {
    for (const name of ["default", "default_7_48_0", "default_17_148_10", "default_6_0_0_alpha.1-rc", "default_6_0_0_ab"]) assert.ok(isDefaultProviderName(name), name);
  });

  it("no other name: an explicit provider may be called anything else", () => {
    for (const name of ["default-target", "my-default_7_48_0", "default_7_48_0 copy", "default_7_48", "default_7_48_0_", "default_7_48_0_a b"]) assert.ok(!isDefaultProviderName(name), name);
  });
});

describe("a provider's partition", () => {
  it("from its region: China, GovCloud, otherwise aws", () => {
    assert.equal(partitionOf({ region: "cn-north-1" }), "aws-cn");
    assert.equal(partitionOf({ region: "us-gov-west-1" }), "aws-us-gov");
    assert.equal(partitionOf({ region: "eu-west-1" }), "aws");
    assert.equal(partitionOf({}), "aws");
    assert.equal(partitionOf(undefined), "aws");
  });
});

describe("a provider's transport overrides", () => {
  it("none for a plain provider, or settings left empty or false", () => {
    assert.deepEqual(transportOverridesOf(undefined), []);
    assert.deepEqual(transportOverridesOf({ region: "eu-west-1", allowedAccountIds: ["111111111111"] }), []);
    assert.deepEqual(transportOverridesOf({ insecure: false, httpProxy: "", httpsProxy: null, customCaBundle: undefined, endpoints: null }), []);
    assert.deepEqual(transportOverridesOf({ insecure: "false", endpoints: "" }), []);
    assert.deepEqual(transportOverridesOf({ insecure: null, endpoints: [null, undefined, { s3: "", sts: null, iam: undefined }] }), []);
  });

  it("insecure, each proxy and a CA bundle, with the value as written", () => {
    assert.deepEqual(transportOverridesOf({ insecure: true, httpProxy: "http://proxy:3128", httpsProxy: "http://proxy:3129", customCaBundle: "-----BEGIN CERTIFICATE-----" }), [
      { setting: "insecure", value: "true" },
      { setting: "httpProxy", value: "http://proxy:3128" },
      { setting: "httpsProxy", value: "http://proxy:3129" },
      { setting: "customCaBundle", value: "-----BEGIN CERTIFICATE-----" },
    ]);
    assert.deepEqual(transportOverridesOf({ insecure: "true", httpsProxy: UNKNOWN }), [
      { setting: "insecure", value: "true" },
      { setting: "httpsProxy", value: undefined },
    ]);
  });

  it("each endpoint, as a list or one object, JSON-encoded or not", () => {
    const expected = [
      { setting: "endpoints.sts", value: "https://sts.example" },
      { setting: "endpoints.s3", value: "https://s3.example" },
    ];
    assert.deepEqual(transportOverridesOf({ endpoints: [{ sts: "https://sts.example" }, null, { s3: "https://s3.example" }] }), expected);
    assert.deepEqual(transportOverridesOf({ endpoints: JSON.stringify([{ sts: "https://sts.example" }, { s3: "https://s3.example" }]) }), expected);
    assert.deepEqual(transportOverridesOf({ endpoints: { sts: "https://sts.example", s3: "https://s3.example" } }), expected);
    assert.deepEqual(transportOverridesOf({ endpoints: [{ sts: UNKNOWN, s3: "" }] }), [{ setting: "endpoints.sts", value: undefined }]);
  });

  it("endpoints it cannot read as services count as overridden", () => {
    assert.deepEqual(transportOverridesOf({ endpoints: UNKNOWN }), [{ setting: "endpoints", value: undefined }]);
    assert.deepEqual(transportOverridesOf({ httpProxy: "http://p", endpoints: "https://evil.example" }), [
      { setting: "httpProxy", value: "http://p" },
      { setting: "endpoints", value: "https://evil.example" },
    ]);
    assert.deepEqual(transportOverridesOf({ endpoints: ["https://evil.example", UNKNOWN, 5] }), [
      { setting: "endpoints", value: "https://evil.example" },
      { setting: "endpoints", value: undefined },
      { setting: "endpoints", value: "5" },
    ]);
  });
});
