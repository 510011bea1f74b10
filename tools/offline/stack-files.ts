import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { CONFIG_NAMESPACE, XacctConfig, namespaceKeys, parseConfig } from "../../infra/config";
import { FileError, fsReason } from "../cli";
import type { StackConfig } from "./run-program";

export const REPO_ROOT = join(__dirname, "..", "..");
/** The two-team example and the one-stack pair: the stacks the pack's fixtures are written from. */
export const SHIPPED_STACKS = ["pair", "source", "target"] as const;
/** The stacks the pack's fixtures are written from: the shipped ones, the direct pattern's, the internet path's and the split fan-in target's. */
export const PACK_FIXTURE_STACKS = [...SHIPPED_STACKS, "direct", "internet", "fanin-target"] as const;

/** Every stack file shipped at the project root (Pulumi.<name>.yaml): the examples of each option too. */
export function stackFileNames(): string[] {
  return readdirSync(REPO_ROOT)
    .map((file) => /^Pulumi\.(.+)\.yaml$/.exec(file)?.[1])
    .filter((name): name is string => name !== undefined)
    .sort();
}

/** The `config:` map of a Pulumi.<stack>.yaml file. */
export function readStackFile(path: string): StackConfig {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new FileError(path, `cannot read: ${fsReason(error)}`);
  }
  if (text.trim() === "") throw new FileError(path, "is empty: a stack file needs a config: map");
  let file: { config?: StackConfig } | null;
  try {
    file = parse(text) as { config?: StackConfig } | null;
  } catch (error) {
    throw new FileError(path, `is not valid YAML: ${(error as Error).message.split("\n")[0]}`);
  }
  if (!file || typeof file.config !== "object" || file.config === null || Array.isArray(file.config)) {
    throw new FileError(path, "has no config: map");
  }
  return file.config;
}

export function stackFilePath(stack: string): string {
  return join(REPO_ROOT, `Pulumi.${stack}.yaml`);
}

/** The `config:` map of a shipped Pulumi.<stack>.yaml. */
export function shippedStackConfig(stack: string): StackConfig {
  return readStackFile(stackFilePath(stack));
}

/** The validated xacct config of a stack file's `config:` map; throws ConfigError naming every bad key. */
export function configOf(stackConfig: StackConfig): XacctConfig {
  return parseConfig(Object.fromEntries(namespaceKeys(Object.keys(stackConfig)).map((key) => [key, stackConfig[`${CONFIG_NAMESPACE}:${key}`]])));
}
