import * as assert from "node:assert/strict";
import { ConfigError, parseConfig } from "../../infra/config";
import { StackConfig } from "../../tools/offline/run-program";

export const SOURCE_ACCOUNT = "111111111111";
export const TARGET_ACCOUNT = "222222222222";
export const REGION = "ap-northeast-1";
export const BUCKET = "xacct-transfer-222222222222-apne1";
export const INSTANCE_ROLE_ARN = `arn:aws:iam::${SOURCE_ACCOUNT}:role/xacct-instance`;
export const TRANSFER_ROLE_ARN = `arn:aws:iam::${TARGET_ACCOUNT}:role/xacct-transfer`;

/** A valid `both` stack config; tests override one key at a time. */
export function validConfig(overrides: { deploy?: string; source?: Record<string, unknown>; target?: Record<string, unknown>; sourceStack?: string } = {}): StackConfig {
  const config: StackConfig = {
    "pulumi:disable-default-providers": ["*"],
    "xacct:deploy": overrides.deploy ?? "both",
    "xacct:source": { accountId: SOURCE_ACCOUNT, region: REGION, ...overrides.source },
    "xacct:target": { accountId: TARGET_ACCOUNT, region: REGION, bucketName: BUCKET, prefix: "example/", ...overrides.target },
  };
  if (overrides.sourceStack !== undefined) config["xacct:sourceStack"] = overrides.sourceStack;
  return config;
}

/** `validConfig` as the raw object `parseConfig` receives. */
export function rawConfig(overrides: Parameters<typeof validConfig>[0] = {}) {
  const config = validConfig(overrides);
  return {
    deploy: config["xacct:deploy"],
    source: config["xacct:source"],
    target: config["xacct:target"],
    sourceStack: config["xacct:sourceStack"],
  };
}

/** The problems a config is refused with, one per bad key; fails the test when it is accepted. */
export function configProblemsOf(raw: Parameters<typeof parseConfig>[0]): string[] {
  try {
    parseConfig(raw);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    return error.problems;
  }
  return assert.fail("the config was accepted");
}
