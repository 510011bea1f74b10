/** The shipped stacks run under mocks, as pack input: what the integration tests and the wiring spec start from. */
import { packResources } from "../../tools/offline/pack-input";
import { ProgramRun, runProgram } from "../../tools/offline/run-program";
import { shippedStackConfig } from "../../tools/offline/stack-files";
import { ResourceUnderTest } from "../../policy-pack/testing/harness";
import { INSTANCE_ROLE_ARN } from "./fixtures";
import { INSTANCE_ROLE_UNIQUE_ID, S3_ENDPOINT_ID, STS_ENDPOINT_ID } from "./pack-fixtures";

/** What the `source` stack exports, as the `target` stack's StackReference reads it. */
export const SOURCE_STACK_OUTPUTS = {
  "organization/xacct/source": {
    instanceRoleArn: INSTANCE_ROLE_ARN,
    instanceRoleUniqueId: INSTANCE_ROLE_UNIQUE_ID,
    s3EndpointId: S3_ENDPOINT_ID,
    stsEndpointId: STS_ENDPOINT_ID,
  },
};

export async function runShippedStack(stack: string): Promise<{ run: ProgramRun; resources: ResourceUnderTest[] }> {
  const run = await runProgram(shippedStackConfig(stack), { stack, stackOutputs: SOURCE_STACK_OUTPUTS });
  return { run, resources: packResources(stack, run.resources) };
}

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
