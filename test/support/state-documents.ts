/**
 * What the Pulumi CLI would write for a stack the program built under mocks: a `pulumi stack export`
 * document (after `up`), and `pulumi preview --json --show-sames` output (before the first `up`, when
 * ids and everything computed from them are still unknown).
 *
 * As the CLI records them: every resource but the stack has a parent (its component or the stack);
 * `dependencies` and `propertyDependencies` name the resources whose outputs an input was computed
 * from (found here by the ids, unique ids and prefix-list ids the mocks made, which appear nowhere
 * else); a StackReference is a custom resource read through the default `pulumi` provider.
 */
import { UNKNOWN } from "../../policy-pack/lib/unknowns";
import { urnFor } from "../../tools/offline/pack-input";
import { ProgramRun, RecordedResource } from "../../tools/offline/run-program";

interface State {
  urn: string;
  custom: boolean;
  id?: string;
  type: string;
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
  parent?: string;
  provider?: string;
  protect?: boolean;
  external?: boolean;
  dependencies?: string[];
  propertyDependencies?: Record<string, string[]>;
}

const STACK_TYPE = "pulumi:pulumi:Stack";
const PULUMI_PROVIDER_ID = "00000000-0000-4000-8000-000000000001";

/** Values only the cloud makes (not given as inputs): what is unknown before a resource exists. */
function computedValues(r: RecordedResource): string[] {
  const values = [r.state.uniqueId, r.state.prefixListId, r.id !== r.inputs.name && r.id !== r.inputs.bucket ? r.id : undefined];
  return values.filter((v): v is string => typeof v === "string" && v.length >= 8 && !/^\d{12}$/.test(v) && !v.startsWith("organization/"));
}

/** Replaces every string containing one of `values` with UNKNOWN; returns whether it did. */
function blank(value: unknown, values: string[]): { value: unknown; hit: boolean } {
  if (typeof value === "string") return values.some((v) => value.includes(v)) ? { value: UNKNOWN, hit: true } : { value, hit: false };
  if (Array.isArray(value)) {
    const items = value.map((item) => blank(item, values));
    return { value: items.map((i) => i.value), hit: items.some((i) => i.hit) };
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).map(([k, v]) => [k, blank(v, values)] as const);
    return { value: Object.fromEntries(entries.map(([k, v]) => [k, v.value])), hit: entries.some(([, v]) => v.hit) };
  }
  return { value, hit: false };
}

function states(run: ProgramRun, stack: string): State[] {
  const stackUrn = urnFor(stack, STACK_TYPE, `xacct-${stack}`);
  const providerRef = (name: string, id: string) => `${urnFor(stack, "pulumi:providers:aws", name)}::${id}`;
  const pulumiProviderUrn = urnFor(stack, "pulumi:providers:pulumi", "default");
  const producers = run.resources.map((r) => ({ urn: urnFor(stack, r.type, r.name), values: computedValues(r) })).filter((p) => p.values.length > 0);
  const result: State[] = run.resources.map((r) => {
    const urn = urnFor(stack, r.type, r.name);
    const propertyDependencies: Record<string, string[]> = {};
    for (const [property, value] of Object.entries(r.inputs)) {
      const from = producers.filter((p) => p.urn !== urn && blank(value, p.values).hit).map((p) => p.urn);
      if (from.length > 0) propertyDependencies[property] = from;
    }
    const dependencies = [...new Set(Object.values(propertyDependencies).flat())];
    const isStackReference = r.type === "pulumi:pulumi:StackReference";
    return {
      urn,
      custom: r.type.startsWith("aws:") || r.type.startsWith("pulumi:providers:") || isStackReference,
      id: r.id,
      type: r.type,
      inputs: r.inputs,
      // The stack resource holds the stack's outputs, as `pulumi stack export` records them.
      outputs: r.type === STACK_TYPE ? { ...run.outputs } : { ...r.state, id: r.id },
      ...(r.type === STACK_TYPE ? {} : { parent: r.opts.parent ? urnFor(stack, r.opts.parent.split("::")[0], r.opts.parent.split("::")[1]) : stackUrn }),
      provider: r.provider ? providerRef(r.provider.name, r.provider.id) : isStackReference ? `${pulumiProviderUrn}::${PULUMI_PROVIDER_ID}` : undefined,
      protect: r.opts.protect,
      ...(isStackReference ? { external: true } : {}),
      ...(dependencies.length > 0 ? { dependencies, propertyDependencies } : {}),
    };
  });
  if (result.some((s) => s.type === "pulumi:pulumi:StackReference")) {
    const at = result.findIndex((s) => s.type === "pulumi:pulumi:StackReference");
    result.splice(at, 0, { urn: pulumiProviderUrn, custom: true, id: PULUMI_PROVIDER_ID, type: "pulumi:providers:pulumi", inputs: {}, outputs: {}, parent: stackUrn });
  }
  return result;
}

export function stackExport(run: ProgramRun, stack: string, edit: (states: State[]) => void = () => undefined) {
  const resources = states(run, stack);
  edit(resources);
  return { version: 3, deployment: { manifest: { time: "2026-11-23T00:00:00Z", magic: "", version: "v3.248.0" }, resources } };
}

/** `pulumi preview --json --show-sames` before the first `up`: every resource is created, ids are unknown. */
export function previewJson(run: ProgramRun, stack: string, edit: (states: State[]) => void = () => undefined) {
  const unknownValues = run.resources.flatMap(computedValues);
  const creates = states(run, stack).map((state) => {
    if (state.type === "pulumi:pulumi:StackReference" || state.type === "pulumi:providers:pulumi") return { ...state };
    const inputs = blank(state.inputs, unknownValues).value as Record<string, unknown>;
    const computed = Object.fromEntries(["id", "arn", "uniqueId", "prefixListId"].filter((k) => k in state.outputs).map((k) => [k, UNKNOWN]));
    const preview: State = { ...state, id: undefined, inputs, outputs: state.custom ? { ...inputs, ...computed } : {} };
    return preview;
  });
  edit(creates);
  const opOf = (state: State) => (state.type === "pulumi:pulumi:StackReference" ? "read" : "create");
  const counts: Record<string, number> = {};
  for (const state of creates) counts[opOf(state)] = (counts[opOf(state)] ?? 0) + 1;
  return {
    steps: creates.map((newState) => ({ op: opOf(newState), urn: newState.urn, ...(newState.provider ? { provider: newState.provider } : {}), newState })),
    changeSummary: counts,
  };
}
