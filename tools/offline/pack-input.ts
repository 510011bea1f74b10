/**
 * The resources of a program run as the policy pack sees them. A run goes through the
 * `pulumi stack export` document the CLI would hold for it and the reader `npm run policy:check`
 * uses on the CLI's real files: one adapter, so the offline plan and `policy:check` cannot disagree
 * (on which of inputs and outputs wins, on providers, parents or options).
 */
import type { ResourceUnderTest } from "../../policy-pack/testing/harness";
import type { RecordedResource } from "./run-program";
import { readStateFile } from "./state-files";
import { exportDocument, stackStates } from "./state-documents";

export { urnFor } from "./state-documents";

/** `outputs` are the stack's own: the CLI records them on the stack resource, where stack rules read them. */
export function packResources(stack: string, resources: readonly RecordedResource[], outputs: Record<string, unknown> = {}): ResourceUnderTest[] {
  return readStateFile(JSON.stringify(exportDocument(stackStates(stack, resources, outputs)))).resources;
}
