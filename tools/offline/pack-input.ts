/** Turns what the program registered under mocks into the resources the policy pack validates. */
import { ResourceUnderTest } from "../../policy-pack/testing/harness";
import { PROJECT, RecordedResource } from "./run-program";

export function urnFor(stack: string, type: string, name: string): string {
  return `urn:pulumi:${stack}::${PROJECT}::${type}::${name}`;
}

/**
 * Props are the resource's inputs merged with its outputs and id: resource rules read inputs,
 * stack rules read outputs, and the program's mocks echo inputs into outputs as AWS would.
 */
export function packResources(stack: string, resources: RecordedResource[]): ResourceUnderTest[] {
  return resources
    .filter((r) => r.type !== "pulumi:pulumi:Stack")
    .map((r) => ({
      type: r.type,
      name: r.name,
      urn: urnFor(stack, r.type, r.name),
      props: { ...r.inputs, ...r.state, id: r.id },
      provider: r.provider ? { name: r.provider.name, props: r.provider.inputs } : null,
      opts: { protect: r.opts.protect ?? false },
    }));
}
