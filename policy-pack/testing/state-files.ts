/**
 * Reads the resources of a `pulumi stack export` file or of `pulumi preview --json` output into the
 * shape the policy pack validates, as the engine would hand them to the analyzer. Both formats hold,
 * per resource: urn, type, inputs, outputs, a provider reference (`<provider urn>::<provider id>`),
 * options, dependencies and property dependencies.
 *
 * Refused rather than judged:
 * - a partial preview: without `--show-sames`, `pulumi preview --json` leaves unchanged resources out
 *   of `steps` (it still counts them in `changeSummary.same`), so the pack would judge half a stack;
 * - anything that is neither format.
 *
 * Secrets: the engine gives rules the plaintext, the CLI's files do not. `"[secret]"` (preview) and
 * the ciphertext form of an export become `SECRET`, judged as unknown; the `plaintext` form of
 * `pulumi stack export --show-secrets` is decoded.
 */
import { SECRET } from "../lib/unknowns";
import type { ResourceUnderTest } from "./harness";

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

interface PreviewStep {
  op?: string;
  urn?: string;
  newState?: StateResource;
  oldState?: StateResource;
}

export type StateFormat = "stack-export" | "preview-json";

/** The input cannot be judged: exit 2, with this message. */
export class UnreadableInputError extends Error {}

/** A `pulumi preview --json` without `--show-sames`: unchanged resources are missing. */
export class PartialPreviewError extends UnreadableInputError {}

export const RERUN_WITH_SHOW_SAMES = "Rerun it as `pulumi preview --json --show-sames` so every resource of the stack is in the output.";

const SIGNATURE_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIGNATURE = "1b47061264138c4ac30d75fd1eb44270";

/** Steps that leave no resource behind. */
const GONE = new Set(["delete", "discard", "delete-replaced", "discard-replaced", "remove-pending-replace", "read-discard"]);

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
  return readStateDocument(document);
}

export function readStateDocument(document: unknown): { format: StateFormat; resources: ResourceUnderTest[] } {
  const format = detectFormat(document);
  const states = format === "stack-export" ? (document as { deployment: { resources: StateResource[] } }).deployment.resources : previewStates(document as Record<string, any>);
  for (const state of states) {
    if (!isObject(state) || typeof state.urn !== "string" || typeof state.type !== "string") throw new UnreadableInputError("a resource has no urn or type");
  }
  if (format === "preview-json") checkWhole(states);
  else checkProviders(states);
  return { format, resources: toPackResources(states) };
}

function previewStates(document: Record<string, any>): StateResource[] {
  const steps = document.steps as PreviewStep[];
  const summary = document.changeSummary;
  if (!isObject(summary)) {
    throw new PartialPreviewError(`the preview has no changeSummary, so it cannot be told whether every resource is in it. ${RERUN_WITH_SHOW_SAMES}`);
  }
  const sames = Number(summary.same ?? 0);
  const shown = steps.filter((step) => isObject(step) && step.op === "same").length;
  if (sames > shown) {
    throw new PartialPreviewError(
      `the preview leaves out ${sames - shown} unchanged resource(s) (changeSummary.same is ${sames}, steps show ${shown}): \`pulumi preview --json\` prints unchanged resources only with --show-sames, and the pack must see the whole stack. ${RERUN_WITH_SHOW_SAMES}`,
    );
  }
  const kept = steps.filter((step) => isObject(step) && !GONE.has(String(step.op)));
  const stateless = kept.find((step) => !isObject(step.newState));
  if (stateless) throw new UnreadableInputError(`step ${String(stateless.op)} of ${String(stateless.urn)} has no newState: the resource cannot be judged.`);
  return kept
    .map((step) => {
      const state = step.newState as StateResource;
      const old = step.oldState;
      // An unchanged or updated resource keeps its id and outputs; the step's new state may not carry them yet.
      if (old && (step.op === "same" || step.op === "update" || step.op === "refresh")) {
        return { ...state, id: state.id ?? old.id, outputs: { ...old.outputs, ...state.outputs } };
      }
      return state;
    });
}

/**
 * Every provider a resource is deployed through must be in the preview: without `--show-sames` an
 * unchanged provider is left out, and its account pin could not be judged. (A dependency on a
 * resource that is not in the input makes its value "not computed from this stack"; the rules say so.)
 */
function checkWhole(states: StateResource[]): void {
  const urns = new Set(states.map((s) => s.urn));
  for (const state of states) {
    const provider = state.provider ? providerUrnOf(state.provider) : undefined;
    if (provider && !urns.has(provider)) {
      throw new PartialPreviewError(`${state.urn} refers to ${provider}, which is not in the preview: resources are missing. ${RERUN_WITH_SHOW_SAMES}`);
    }
  }
}

/** Every provider a resource of an export is deployed through must be in the export: its pin is judged there. */
function checkProviders(states: StateResource[]): void {
  const urns = new Set(states.map((s) => s.urn));
  for (const state of states) {
    if (state.provider && !urns.has(providerUrnOf(state.provider))) {
      throw new UnreadableInputError(`${state.urn} is deployed through ${providerUrnOf(state.provider)}, which is not in the export: its account pin cannot be judged.`);
    }
  }
}

function providerUrnOf(reference: string): string {
  return reference.split("::").slice(0, -1).join("::");
}

function nameOf(urn: string): string {
  return urn.split("::").pop() ?? urn;
}

/** Secret values as the rules must see them offline: decoded when the plaintext is there, `SECRET` otherwise. */
export function decodeSecrets(value: unknown): unknown {
  if (value === SECRET) return SECRET;
  if (Array.isArray(value)) return value.map(decodeSecrets);
  if (!isObject(value)) return value;
  if (value[SIGNATURE_KEY] === SECRET_SIGNATURE) {
    if (typeof value.plaintext === "string") {
      try {
        return decodeSecrets(JSON.parse(value.plaintext));
      } catch {
        return SECRET;
      }
    }
    if ("value" in value) return decodeSecrets(value.value);
    return SECRET;
  }
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, decodeSecrets(item)]));
}

function toPackResources(states: StateResource[]): ResourceUnderTest[] {
  const byUrn = new Map(states.map((s) => [s.urn, s]));
  // The stack resource stays: its outputs say what a half of a split pair was configured with.
  return states.map((state) => {
      const providerUrn = state.provider ? providerUrnOf(state.provider) : undefined;
      const provider = providerUrn ? byUrn.get(providerUrn) : undefined;
      const providerType = provider?.type ?? (providerUrn ? providerUrn.split("::")[2] : undefined);
      return {
        type: state.type,
        name: nameOf(state.urn),
        urn: state.urn,
        // Resource rules read inputs, stack rules outputs; inputs win where both are set.
        props: decodeSecrets({ ...state.outputs, ...state.inputs, ...(state.id !== undefined && state.id !== "" ? { id: state.id } : {}) }) as Record<string, unknown>,
        provider: providerUrn
          ? { name: nameOf(providerUrn), type: providerType, urn: providerUrn, props: decodeSecrets({ ...provider?.outputs, ...provider?.inputs }) as Record<string, unknown> }
          : null,
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
