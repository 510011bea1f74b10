/**
 * What the Pulumi CLI would write for a stack the program built under mocks: a `pulumi stack export`
 * document (after `up`), and `pulumi preview --json` output (before the first `up`, when ids and
 * the documents built from them are still unknown).
 */
import { UNKNOWN } from "../../policy-pack/lib/unknowns";
import { urnFor } from "../../tools/offline/pack-input";
import { ProgramRun } from "../../tools/offline/run-program";

interface State {
  urn: string;
  custom: boolean;
  id?: string;
  type: string;
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
  provider?: string;
  protect?: boolean;
  propertyDependencies?: Record<string, string[]>;
}

function states(run: ProgramRun, stack: string): State[] {
  const providerRef = (name: string, id: string) => `${urnFor(stack, "pulumi:providers:aws", name)}::${id}`;
  return run.resources.map((r) => ({
    urn: urnFor(stack, r.type, r.name),
    custom: r.type.startsWith("aws:") || r.type.startsWith("pulumi:providers:"),
    id: r.id,
    type: r.type,
    inputs: r.inputs,
    outputs: { ...r.state, id: r.id },
    provider: r.provider ? providerRef(r.provider.name, r.provider.id) : undefined,
    protect: r.opts.protect,
  }));
}

export function stackExport(run: ProgramRun, stack: string, edit: (states: State[]) => void = () => undefined) {
  const resources = states(run, stack);
  edit(resources);
  return { version: 3, deployment: { manifest: { time: "2026-11-23T00:00:00Z", magic: "", version: "v3.248.0" }, resources } };
}

/** Documents computed from ids that do not exist yet, with the resources they are computed from. */
const COMPUTED = [
  { type: "aws:s3/bucketPolicy:BucketPolicy", property: "policy", from: [["aws:ec2/vpcEndpoint:VpcEndpoint", "source-endpoints-s3"]] },
  { type: "aws:iam/role:Role", property: "assumeRolePolicy", from: [["aws:ec2/vpcEndpoint:VpcEndpoint", "source-endpoints-sts"], ["aws:iam/role:Role", "source-instance"]] },
];

export function previewJson(run: ProgramRun, stack: string, edit: (states: State[]) => void = () => undefined) {
  const creates = states(run, stack).map((state) => {
    const preview: State = { ...state, id: undefined, outputs: { ...state.outputs, id: UNKNOWN, arn: UNKNOWN } };
    const computed = COMPUTED.find((c) => c.type === state.type && (state.type !== "aws:iam/role:Role" || state.urn.endsWith("::target-transfer")));
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
