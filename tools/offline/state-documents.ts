/**
 * What the Pulumi CLI would write for a stack the program built under mocks: a `pulumi stack export`
 * document (after `up`), and `pulumi preview --json` output (before the first `up`, when ids and
 * the documents built from them are still unknown).
 */
import { UNKNOWN } from "../../policy-pack/lib/unknowns";
import { RESOURCE_TYPES as TYPES } from "./resource-types";
import { PROJECT, ProgramRun, RecordedResource } from "./run-program";

/** One resource of `deployment.resources` in a stack export (and of `newState` in preview JSON). */
export interface State {
  urn: string;
  custom: boolean;
  id?: string;
  type: string;
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
  parent?: string;
  provider?: string;
  protect?: boolean;
  retainOnDelete?: boolean;
  dependencies?: string[];
  propertyDependencies?: Record<string, string[]>;
}

export function urnFor(stack: string, type: string, name: string): string {
  return `urn:pulumi:${stack}::${PROJECT}::${type}::${name}`;
}


/**
 * The states of a run's resources. `dependencies` holds the explicit `dependsOn` only: the mocks do
 * not see which inputs came from which resource.
 */
export function stackStates(stack: string, resources: readonly RecordedResource[]): State[] {
  const urnOf = (typeAndName: string) => {
    const [type, ...name] = typeAndName.split("::");
    return urnFor(stack, type, name.join("::"));
  };
  const root = resources.find((r) => r.type === TYPES.stack);
  return resources.map((r) => ({
    urn: urnFor(stack, r.type, r.name),
    custom: r.custom,
    id: r.custom ? r.id : undefined,
    type: r.type,
    inputs: r.inputs,
    outputs: { ...r.state, ...(r.custom ? { id: r.id } : {}) },
    parent: r.opts.parent ? urnOf(r.opts.parent) : r.type !== TYPES.stack && root ? urnFor(stack, TYPES.stack, root.name) : undefined,
    provider: r.provider ? `${urnFor(stack, TYPES.provider, r.provider.name)}::${r.provider.id}` : undefined,
    protect: r.opts.protect,
    retainOnDelete: r.opts.retainOnDelete,
    dependencies: r.opts.dependsOn?.map(urnOf),
  }));
}

export function exportDocument(resources: State[]) {
  return { version: 3, deployment: { manifest: { time: "2026-11-23T00:00:00Z", magic: "", version: "v3.248.0" }, resources } };
}

/** `pulumi stack export` of a run; `edit` may change the states first (to build a bad stack). */
export function stackExport(run: ProgramRun, stack: string, edit: (states: State[]) => void = () => undefined) {
  const resources = stackStates(stack, run.resources);
  edit(resources);
  return exportDocument(resources);
}

/** Documents computed from ids that do not exist yet, with the resources they are computed from. */
const COMPUTED = [
  { type: TYPES.bucketPolicy, property: "policy", from: [[TYPES.vpcEndpoint, "source-endpoints-s3"]] },
  { type: TYPES.role, property: "assumeRolePolicy", from: [[TYPES.vpcEndpoint, "source-endpoints-sts"], [TYPES.role, "source-instance"]] },
];

export function previewJson(run: ProgramRun, stack: string, edit: (states: State[]) => void = () => undefined) {
  const creates = stackStates(stack, run.resources).map((state) => {
    const preview: State = { ...state, id: undefined, outputs: state.custom ? { ...state.outputs, id: UNKNOWN, arn: UNKNOWN } : state.outputs };
    const computed = COMPUTED.find((c) => c.type === state.type && (state.type !== TYPES.role || state.urn.endsWith("::target-transfer")));
    if (computed) {
      preview.inputs = { ...state.inputs, [computed.property]: UNKNOWN };
      preview.outputs = { ...preview.outputs, [computed.property]: UNKNOWN };
      preview.propertyDependencies = { [computed.property]: computed.from.map(([type, name]) => urnFor(stack, type, name)) };
    }
    return preview;
  });
  edit(creates);
  return {
    steps: creates.map((newState) => ({ op: "create", urn: newState.urn, provider: newState.provider, newState })),
    changeSummary: { create: creates.length },
  };
}
