/** The shipped stacks (Pulumi.<stack>.yaml at the repository root) run under mocks. */
import type { ResourceUnderTest } from "../../policy-pack/testing/harness";
import { packResources } from "./pack-input";
import { runPair } from "./pair";
import type { ProgramRun } from "./run-program";
import { shippedStackConfig, stackFilePath } from "./stack-files";

/**
 * The run of a shipped stack and its resources as pack input. The `target` stack reads the outputs
 * of the shipped `source` stack's run through its StackReference, as it would after `pulumi up`.
 */
export async function runShippedStack(stack: string): Promise<{ run: ProgramRun; resources: ResourceUnderTest[] }> {
  const { own } = await runPair(stack, shippedStackConfig(stack), stackFilePath(stack));
  return { run: own, resources: packResources(stack, own.resources, own.outputs) };
}
