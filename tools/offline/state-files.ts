/**
 * Reads the resources of a `pulumi stack export` file or of `pulumi preview --json` output into the
 * shape the policy pack validates. Both hold, per resource: urn, type, inputs, outputs, a provider
 * reference (`<provider urn>::<provider id>`), options and dependencies.
 */
import { ResourceUnderTest } from "../../policy-pack/testing/harness";

interface StateResource {
  urn: string;
  type: string;
  id?: string;
  custom?: boolean;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  provider?: string;
  parent?: string;
  protect?: boolean;
  dependencies?: string[];
  propertyDependencies?: Record<string, string[]>;
}

export type StateFormat = "stack-export" | "preview-json";

export class UnreadableInputError extends Error {}

export function detectFormat(document: unknown): StateFormat {
  if (isObject(document) && isObject(document.deployment) && Array.isArray(document.deployment.resources)) return "stack-export";
  if (isObject(document) && Array.isArray(document.steps)) return "preview-json";
  throw new UnreadableInputError("neither a `pulumi stack export` file (deployment.resources) nor `pulumi preview --json` output (steps)");
}

export function readStateFile(text: string): { format: StateFormat; resources: ResourceUnderTest[] } {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new UnreadableInputError(`not JSON: ${(error as Error).message}`);
  }
  const format = detectFormat(document);
  const states: StateResource[] =
    format === "stack-export"
      ? (document as { deployment: { resources: StateResource[] } }).deployment.resources
      : (document as { steps: { op: string; newState?: StateResource }[] }).steps
          .filter((step) => step.op !== "delete" && step.op !== "discard" && step.newState)
          .map((step) => step.newState as StateResource);
  for (const state of states) {
    if (typeof state.urn !== "string" || typeof state.type !== "string") throw new UnreadableInputError("a resource has no urn or type");
  }
  return { format, resources: toPackResources(states) };
}

function nameOf(urn: string): string {
  return urn.split("::").pop() ?? urn;
}

function toPackResources(states: StateResource[]): ResourceUnderTest[] {
  const byUrn = new Map(states.map((s) => [s.urn, s]));
  return states
    .filter((s) => s.type !== "pulumi:pulumi:Stack")
    .map((state) => {
      const providerUrn = state.provider ? state.provider.split("::").slice(0, -1).join("::") : undefined;
      const provider = providerUrn ? byUrn.get(providerUrn) : undefined;
      return {
        type: state.type,
        name: nameOf(state.urn),
        urn: state.urn,
        // Resource rules read inputs, stack rules outputs; inputs win where both are set.
        props: { ...state.outputs, ...state.inputs, ...(state.id !== undefined ? { id: state.id } : {}) },
        provider: providerUrn ? { name: nameOf(providerUrn), type: provider?.type, urn: providerUrn, props: { ...provider?.outputs, ...provider?.inputs } } : null,
        opts: { protect: state.protect ?? false },
        parent: state.parent,
        dependencies: state.dependencies ?? [],
        propertyDependencies: state.propertyDependencies ?? {},
      };
    });
}

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
