/**
 * What the Pulumi CLI would write for a stack the program built under mocks: a `pulumi stack export`
 * document (after `up`), and `pulumi preview --json --show-sames` output (before the first `up`,
 * when ids and everything computed from them are still unknown).
 *
 * As the CLI records them: every resource but the stack has a parent (its component or the stack);
 * `dependencies` hold the explicit `dependsOn` and, with `propertyDependencies`, the resources whose
 * outputs an input was computed from (found by the ids, unique ids and prefix-list ids the mocks
 * made, which appear nowhere else); a StackReference is a custom resource read through the default
 * `pulumi` provider; the stack resource carries the stack's outputs.
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
  external?: boolean;
  dependencies?: string[];
  propertyDependencies?: Record<string, string[]>;
}

export function urnFor(stack: string, type: string, name: string): string {
  return `urn:pulumi:${stack}::${PROJECT}::${type}::${name}`;
}

const PULUMI_PROVIDER_ID = "00000000-0000-4000-8000-000000000001";

/** Every computed value is at least this long: shorter ones (a name such as "main") would match by chance. */
const KEY_LENGTH = 8;

/** Values only the cloud makes (not given as inputs): what is unknown before a resource exists. */
function computedValues(r: RecordedResource): string[] {
  // An Elastic IP's address (publicIp, "203.0.113.45") is the cloud's too: the internet path's fences name it.
  const values = [r.state.uniqueId, r.state.prefixListId, r.state.publicIp, r.state.allocationId, r.id !== r.inputs.name && r.id !== r.inputs.bucket ? r.id : undefined];
  return values.filter((v): v is string => typeof v === "string" && v.length >= KEY_LENGTH && !/^\d{12}$/.test(v) && !v.startsWith("organization/"));
}

/**
 * Which of many values (each at least {@link KEY_LENGTH} characters) occur in a string, in one pass
 * over the string: a value is looked up by its last characters, so a stack of thousands of
 * resources is not searched once per value.
 */
class ValueIndex {
  private readonly byTail = new Map<string, { value: string; owner: number }[]>();

  constructor(valuesByOwner: readonly string[][]) {
    valuesByOwner.forEach((values, owner) => {
      for (const value of values) {
        const tail = value.slice(-KEY_LENGTH);
        const entries = this.byTail.get(tail) ?? [];
        entries.push({ value, owner });
        this.byTail.set(tail, entries);
      }
    });
  }

  /** Adds to `owners` the owner of every value that occurs in `text`. */
  collect(text: string, owners: Set<number>): void {
    for (let end = KEY_LENGTH; end <= text.length; end++) {
      const entries = this.byTail.get(text.slice(end - KEY_LENGTH, end));
      if (entries) for (const { value, owner } of entries) if (text.startsWith(value, end - value.length)) owners.add(owner);
    }
  }

  /** The owners of every value that occurs in any string within `value`. */
  ownersIn(value: unknown, owners = new Set<number>()): Set<number> {
    if (typeof value === "string") this.collect(value, owners);
    else if (Array.isArray(value)) for (const item of value) this.ownersIn(item, owners);
    else if (value !== null && typeof value === "object") for (const item of Object.values(value)) this.ownersIn(item, owners);
    return owners;
  }

  /** `value` with every string that contains one of the values replaced by UNKNOWN. */
  blank(value: unknown): unknown {
    if (typeof value === "string") return this.ownersIn(value).size > 0 ? UNKNOWN : value;
    if (Array.isArray(value)) return value.map((item) => this.blank(item));
    if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.blank(v)]));
    return value;
  }
}

/** The states of a run's resources; `outputs` are the stack's own, recorded on the stack resource. */
export function stackStates(stack: string, resources: readonly RecordedResource[], outputs: Record<string, unknown> = {}): State[] {
  const urnOf = (typeAndName: string) => {
    const [type, ...name] = typeAndName.split("::");
    return urnFor(stack, type, name.join("::"));
  };
  const root = resources.find((r) => r.type === TYPES.stack);
  const pulumiProviderUrn = urnFor(stack, "pulumi:providers:pulumi", "default");
  const producers = resources.map((r) => ({ urn: urnFor(stack, r.type, r.name), values: computedValues(r) })).filter((p) => p.values.length > 0);
  const index = new ValueIndex(producers.map((p) => p.values));
  const states: State[] = resources.map((r) => {
    const urn = urnFor(stack, r.type, r.name);
    const propertyDependencies: Record<string, string[]> = {};
    for (const [property, value] of Object.entries(r.inputs)) {
      const from = [...index.ownersIn(value)].sort((a, b) => a - b).map((owner) => producers[owner].urn).filter((producer) => producer !== urn);
      if (from.length > 0) propertyDependencies[property] = from;
    }
    const dependencies = [...new Set([...(r.opts.dependsOn?.map(urnOf) ?? []), ...Object.values(propertyDependencies).flat()])];
    const isStackReference = r.type === TYPES.stackReference;
    const custom = r.custom || isStackReference;
    return {
      urn,
      custom,
      id: custom ? r.id : undefined,
      type: r.type,
      inputs: r.inputs,
      outputs: r.type === TYPES.stack ? { ...outputs } : { ...r.state, ...(custom ? { id: r.id } : {}) },
      parent: r.opts.parent ? urnOf(r.opts.parent) : r.type !== TYPES.stack && root ? urnFor(stack, TYPES.stack, root.name) : undefined,
      provider: r.provider ? `${urnFor(stack, TYPES.provider, r.provider.name)}::${r.provider.id}` : isStackReference ? `${pulumiProviderUrn}::${PULUMI_PROVIDER_ID}` : undefined,
      protect: r.opts.protect,
      retainOnDelete: r.opts.retainOnDelete,
      ...(isStackReference ? { external: true } : {}),
      ...(dependencies.length > 0 ? { dependencies } : {}),
      ...(Object.keys(propertyDependencies).length > 0 ? { propertyDependencies } : {}),
    };
  });
  const at = states.findIndex((s) => s.type === TYPES.stackReference);
  if (at >= 0) {
    const parent = root ? urnFor(stack, TYPES.stack, root.name) : undefined;
    states.splice(at, 0, { urn: pulumiProviderUrn, custom: true, id: PULUMI_PROVIDER_ID, type: "pulumi:providers:pulumi", inputs: {}, outputs: {}, parent });
  }
  return states;
}

export function exportDocument(resources: State[]) {
  return { version: 3, deployment: { manifest: { time: "2026-11-23T00:00:00Z", magic: "", version: "v3.248.0" }, resources } };
}

/** `pulumi stack export` of a run; `edit` may change the states first (to build a bad stack). */
export function stackExport(run: ProgramRun, stack: string, edit: (states: State[]) => void = () => undefined) {
  const resources = stackStates(stack, run.resources, run.outputs);
  edit(resources);
  return exportDocument(resources);
}

/** `pulumi preview --json --show-sames` before the first `up`: every resource is created, ids are unknown. */
export function previewJson(run: ProgramRun, stack: string, edit: (states: State[]) => void = () => undefined) {
  const unknownValues = new ValueIndex(run.resources.map(computedValues));
  const creates = stackStates(stack, run.resources, run.outputs).map((state) => {
    if (state.type === TYPES.stackReference || state.type === "pulumi:providers:pulumi") return { ...state };
    const inputs = unknownValues.blank(state.inputs) as Record<string, unknown>;
    const computed = Object.fromEntries(["id", "arn", "uniqueId", "prefixListId", "publicIp", "allocationId"].filter((k) => k in state.outputs).map((k) => [k, UNKNOWN]));
    const preview: State = { ...state, id: undefined, inputs, outputs: state.custom ? { ...inputs, ...computed } : {} };
    return preview;
  });
  edit(creates);
  const opOf = (state: State) => (state.type === TYPES.stackReference ? "read" : "create");
  const counts: Record<string, number> = {};
  for (const state of creates) counts[opOf(state)] = (counts[opOf(state)] ?? 0) + 1;
  return {
    steps: creates.map((newState) => ({ op: opOf(newState), urn: newState.urn, ...(newState.provider ? { provider: newState.provider } : {}), newState })),
    changeSummary: counts,
  };
}
