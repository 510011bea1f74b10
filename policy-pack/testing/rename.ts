/**
 * The same stack written by someone else: every resource and provider renamed, tags and
 * descriptions dropped. The pack designates by relation, so the verdict must not change.
 */
import { ResourceUnderTest } from "./harness";

export function renameEverything(resources: ResourceUnderTest[]): ResourceUnderTest[] {
  const names = new Map<string, string>();
  const rename = (urn: string | undefined) => {
    if (urn === undefined) return undefined;
    let renamed = names.get(urn);
    if (!renamed) {
      renamed = urn.replace(/::([^:]+)$/, `::r${names.size}`);
      names.set(urn, renamed);
    }
    return renamed;
  };
  return resources.map((r) => {
    const urn = rename(r.urn ?? `urn:pulumi:pair::xacct::${r.type}::${r.name}`)!;
    const { tags: _tags, description: _description, tagsAll: _tagsAll, ...props } = r.props;
    // A default provider is one by its name (`default`, `default_<version>`): that name is its meaning, not a marker.
    const isDefault = (name: string) => /^default(_|$)/.test(name);
    const provider =
      r.provider && !isDefault(r.provider.name)
        ? { ...r.provider, name: `p${rename(r.provider.urn ?? r.provider.name)!.split("::r").pop()}`, urn: r.provider.urn ? rename(r.provider.urn) : undefined }
        : r.provider;
    return {
      ...r,
      name: urn.split("::").pop(),
      urn,
      props,
      provider,
      parent: rename(r.parent),
      dependencies: r.dependencies?.map((d) => rename(d)!),
      propertyDependencies: r.propertyDependencies && Object.fromEntries(Object.entries(r.propertyDependencies).map(([k, v]) => [k, v.map((d) => rename(d)!)])),
    };
  });
}
