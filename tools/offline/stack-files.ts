import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { StackConfig } from "./run-program";

export const REPO_ROOT = join(__dirname, "..", "..");
export const SHIPPED_STACKS = ["pair", "source", "target"] as const;

/** The `config:` map of a shipped Pulumi.<stack>.yaml. */
export function shippedStackConfig(stack: string): StackConfig {
  const file = parse(readFileSync(join(REPO_ROOT, `Pulumi.${stack}.yaml`), "utf8")) as { config: StackConfig };
  return file.config;
}
