/** Edits of the shipped stacks' pack input, for specs that weaken one resource at a time. */
import { ResourceUnderTest } from "../../policy-pack/testing/harness";

export { runShippedStack } from "../../tools/offline/shipped-stacks";

/** A copy of `resources` with the one named `name` (of `type`) given new props. */
export function withProps(resources: ResourceUnderTest[], type: string, name: string, change: (props: Record<string, any>) => Record<string, any>): ResourceUnderTest[] {
  let found = false;
  const changed = resources.map((r) => {
    if (r.type !== type || r.name !== name) return r;
    found = true;
    return { ...r, props: change(r.props) };
  });
  if (!found) throw new Error(`no ${type} named ${name}`);
  return changed;
}

/** Rewrites the JSON policy document held in `property`. */
export function editDocument(property: string, edit: (document: any) => void) {
  return (props: Record<string, any>) => {
    const document = JSON.parse(props[property]);
    edit(document);
    return { ...props, [property]: JSON.stringify(document) };
  };
}
