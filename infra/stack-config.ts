import * as pulumi from "@pulumi/pulumi";
import { CONFIG_NAMESPACE, ConfigError, XacctConfig, parseConfig } from "./config";

/** Reads `xacct:*` from the stack and fails the run with one message naming every bad key. */
export function readStackConfig(): XacctConfig {
  const config = new pulumi.Config(CONFIG_NAMESPACE);
  try {
    return parseConfig({
      deploy: config.get("deploy"),
      source: config.getObject("source"),
      target: config.getObject("target"),
      sourceStack: config.get("sourceStack"),
    });
  } catch (error) {
    // RunError prints just the message, without a stack trace of the program.
    throw error instanceof ConfigError ? new pulumi.RunError(error.message) : error;
  }
}
