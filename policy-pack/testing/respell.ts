/**
 * The same policy, spelled another way: action names and condition keys in other cases, single
 * values as strings or one-element lists, a single Statement as an object, the document as a
 * JSON string or an object. AWS reads all of them alike, and so must the pack.
 */
import { ResourceUnderTest } from "./harness";

export interface Spelling {
  casing: boolean[];
  listify: boolean[];
  asString: boolean;
  singleStatement: boolean;
  indent: number;
}

/** Rewrites a document the way people write the same policy differently; AWS reads all of them alike. */
export function respell(document: any, choices: Spelling): unknown {
  let pick = 0;
  const next = (list: boolean[]) => list[pick++ % list.length];
  const recase = (value: string) => (next(choices.casing) ? value.toUpperCase() : value.toLowerCase());
  const shape = (value: unknown) => {
    if (Array.isArray(value) && value.length === 1 && next(choices.listify)) return value[0];
    if (typeof value === "string" && next(choices.listify)) return [value];
    return value;
  };
  const statements = (Array.isArray(document.Statement) ? document.Statement : [document.Statement]).map((s: any) => {
    const out: any = { ...s };
    for (const element of ["Action", "NotAction"]) {
      if (out[element] !== undefined) out[element] = shape(([] as string[]).concat(out[element]).map(recase));
    }
    for (const element of ["Resource", "NotResource"]) {
      if (out[element] !== undefined) out[element] = shape(out[element]);
    }
    if (out.Principal?.AWS !== undefined) out.Principal = { ...out.Principal, AWS: shape(out.Principal.AWS) };
    if (out.Condition) {
      out.Condition = Object.fromEntries(
        Object.entries(out.Condition).map(([operator, block]) => [
          operator,
          Object.fromEntries(Object.entries(block as object).map(([key, value]) => [recase(key), shape(value)])),
        ]),
      );
    }
    return out;
  });
  const rewritten = { ...document, Statement: statements.length === 1 && choices.singleStatement ? statements[0] : statements };
  return choices.asString ? JSON.stringify(rewritten, null, choices.indent) : rewritten;
}


/** Properties that hold policy documents, by resource type. */
const DOCUMENT_PROPERTIES: Record<string, string[]> = {
  "aws:iam/role:Role": ["assumeRolePolicy"],
  "aws:iam/rolePolicy:RolePolicy": ["policy"],
  "aws:iam/policy:Policy": ["policy"],
  "aws:iam/groupPolicy:GroupPolicy": ["policy"],
  "aws:s3/bucketPolicy:BucketPolicy": ["policy"],
  "aws:ec2/vpcEndpoint:VpcEndpoint": ["policy"],
  "aws:kms/key:Key": ["policy"],
};

/** Every policy document of a stack respelled (kept a JSON string, as the provider stores it). */
export function respellStack(resources: ResourceUnderTest[], choices: Spelling): ResourceUnderTest[] {
  return resources.map((resource) => {
    const properties = (DOCUMENT_PROPERTIES[resource.type] ?? []).filter((p) => typeof resource.props[p] === "string" && resource.props[p].includes("Statement"));
    if (properties.length === 0) return resource;
    const props = { ...resource.props };
    for (const property of properties) props[property] = respell(JSON.parse(props[property]), { ...choices, asString: true, indent: 0 });
    return { ...resource, props };
  });
}
