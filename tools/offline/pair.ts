/**
 * Builds both halves of the transfer path offline, whatever a stack owns: a `both` stack is one run;
 * a `source` stack is completed by the target half its own config describes; a `target` stack reads
 * the source stack's config from Pulumi.<stack>.yaml beside it (named by xacct:sourceStack) and gets
 * that run's outputs through its StackReference.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { ConfigError, XacctConfig, qualifiedStackName } from "../../infra/config";
import { ORGANIZATION, PROJECT, ProgramRun, StackConfig, runProgram } from "./run-program";
import { configOf, readStackFile } from "./stack-files";

export interface PairRuns {
  config: XacctConfig;
  /** The run of the stack itself. */
  own: ProgramRun;
  /** The other half, when the stack owns only one (source or target); a split fan-in target's first source stack. */
  complement?: { stack: string; run: ProgramRun };
  /** Every other half: the complement, and a split fan-in target's every source stack (xacct:sourceStacks). */
  complements: { stack: string; run: ProgramRun }[];
}

export class PairAssemblyError extends Error {}

export async function runPair(stack: string, stackConfig: StackConfig, configFile: string): Promise<PairRuns> {
  const config = configOf(stackConfig);
  if (config.deploy === "both") {
    return { config, own: await runProgram(stackConfig, { stack }), complements: [] };
  }
  if (config.deploy === "source") {
    const own = await runProgram(stackConfig, { stack });
    const sourceStack = qualifiedStackName(stack, { organization: ORGANIZATION, project: PROJECT });
    const complementConfig = { ...stackConfig, "xacct:deploy": "target", "xacct:sourceStack": sourceStack, "xacct:source": withoutInstance(stackConfig["xacct:source"]) };
    const run = await runProgram(complementConfig, { stack: `${stack}-complement`, stackOutputs: { [sourceStack]: own.outputs } });
    const complement = { stack: `${stack}-complement (target half from xacct:target)`, run };
    return { config, own, complement, complements: [complement] };
  }
  // One source stack (xacct:sourceStack), or with xacct:sources one per source (xacct:sourceStacks).
  const keyed = config.sourceStacks ? config.sourceStacks.map((name, i) => ({ key: `xacct:sourceStacks[${i}]`, name })) : [{ key: "xacct:sourceStack", name: config.sourceStack }];
  const halves = [];
  for (const { key, name } of keyed) halves.push(await runSourceStack(key, name, configFile));
  const own = await runProgram(stackConfig, { stack, stackOutputs: Object.fromEntries(halves.map((h) => [h.qualified, h.run.outputs])) });
  const complements = halves.map((h) => ({ stack: h.name, run: h.run }));
  return { config, own, complement: complements[0], complements };
}

/** A target's source stack, built from Pulumi.<name>.yaml beside the target's stack file. */
async function runSourceStack(key: string, name: string, configFile: string): Promise<{ qualified: string; name: string; run: ProgramRun }> {
  const qualified = qualifiedStackName(name, { organization: ORGANIZATION, project: PROJECT });
  const sourceName = qualified.split("/").pop() as string;
  const sourceFile = join(dirname(configFile), `Pulumi.${sourceName}.yaml`);
  if (!existsSync(sourceFile)) {
    throw new PairAssemblyError(`${key} is ${qualified}, but ${sourceFile} does not exist: the source stack's config is needed to build its half`);
  }
  const sourceConfig = readStackFile(sourceFile);
  let sourceDeploy: string;
  try {
    sourceDeploy = configOf(sourceConfig).deploy;
  } catch (error) {
    if (error instanceof ConfigError) throw new PairAssemblyError(`the source stack's config in ${sourceFile} is not valid:\n${error.problems.map((p) => `  - ${p}`).join("\n")}`);
    throw error;
  }
  if (sourceDeploy !== "source") throw new PairAssemblyError(`${sourceFile} is not a source stack (xacct:deploy must be source)`);
  return { qualified, name: sourceName, run: await runProgram(sourceConfig, { stack: sourceName }) };
}

/**
 * The source description a target stack reads: the instance, the existing VPC and the endpoints are
 * the source stack's only; endpoints: none stays (the target's fences then name the NAT address).
 */
function withoutInstance(source: unknown): unknown {
  if (source === null || typeof source !== "object" || Array.isArray(source)) return source;
  const { instance: _instance, vpc: _vpc, endpoints, clientCidrs: _clientCidrs, ...rest } = source as Record<string, unknown>;
  return endpoints === "none" ? { ...rest, endpoints } : rest;
}
