import * as pulumi from "@pulumi/pulumi";
import { CONFIG_NAMESPACE, ConfigError, OBJECT_CONFIG_KEYS, RawConfig, XacctConfig, namespaceKeys, parseConfig } from "./config";

/**
 * Reads every `xacct:*` key of the stack (so a misspelt one is refused, not ignored) and fails the
 * run with one message naming every bad key.
 */
export function readStackConfig(): XacctConfig {
  const config = new pulumi.Config(CONFIG_NAMESPACE);
  try {
    const raw: RawConfig = {};
    for (const key of namespaceKeys(Object.keys(pulumi.runtime.allConfig()))) {
      raw[key] = OBJECT_CONFIG_KEYS.includes(key) ? config.getObject(key) : config.get(key);
    }
    return parseConfig(raw);
  } catch (error) {
    // RunError prints just the message, without a stack trace of the program.
    throw error instanceof ConfigError ? new pulumi.RunError(error.message) : error;
  }
}
