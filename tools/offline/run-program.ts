/**
 * Runs the xacct program in-process under mocks, the way `pulumi preview` would run it, and
 * returns every resource it registered with its provider (and so its account) and options.
 */
import * as pulumi from "@pulumi/pulumi";
import { AwsMocks, ProviderRecord, RegisteredResource } from "./mocks";

/** A stack's `config:` map as written in Pulumi.<stack>.yaml. */
export type StackConfig = Record<string, unknown>;

export interface RecordedResource extends RegisteredResource {
  opts: { protect?: boolean; retainOnDelete?: boolean; parentType?: string; parent?: string; dependsOn?: string[] };
}

export interface ProgramRun {
  resources: RecordedResource[];
  outputs: Record<string, any>;
  mocks: AwsMocks;
  /** Every resource of `type`; `ofType("aws:iam/role:Role")`. */
  ofType(type: string): RecordedResource[];
  /** The one resource of `type` (named `name` when several). Throws when absent or ambiguous. */
  one(type: string, name?: string): RecordedResource;
  /** A policy input parsed from JSON, so tests compare documents, not strings. */
  policyOf(type: string, name?: string, property?: string): any;
}

export interface RunOptions {
  stack?: string;
  preview?: boolean;
  /** Outputs of other stacks, for StackReferences: fully qualified name → outputs. */
  stackOutputs?: Record<string, Record<string, unknown>>;
  /** What pulumi.getOrganization() answers; a self-managed backend's by default. */
  organization?: string;
}

export const PROJECT = "xacct";
/** What pulumi.getOrganization() answers on a self-managed backend (S3, a local directory). */
export const ORGANIZATION = "organization";

export function toRuntimeConfig(config: StackConfig): Record<string, string> {
  return Object.fromEntries(Object.entries(config).map(([key, value]) => [key, typeof value === "string" ? value : JSON.stringify(value)]));
}

/** Sets the mocks and the config; the program is loaded only after the first mocks exist. */
async function prepare(config: StackConfig, options: RunOptions): Promise<AwsMocks> {
  const mocks = new AwsMocks(options.stackOutputs);
  await pulumi.runtime.setMocks(mocks, PROJECT, options.stack ?? "test", options.preview ?? false, options.organization ?? ORGANIZATION);
  pulumi.runtime.setAllConfig(toRuntimeConfig(config));
  return mocks;
}

function loadProgram(): () => Promise<Record<string, unknown>> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require("../../infra");
}

/** Runs only the program function, outside any stack: for errors that must come before any registration. */
export async function runProgramBare(config: StackConfig, options: RunOptions = {}): Promise<{ mocks: AwsMocks; error?: unknown }> {
  const mocks = await prepare(config, options);
  try {
    await loadProgram()();
    return { mocks };
  } catch (error) {
    return { mocks, error };
  }
}

// Internal to @pulumi/pulumi (not in its typings): resolves once every queued RPC has completed.
const waitForRPCs: () => Promise<void> = (pulumi.runtime as unknown as { waitForRPCs: () => Promise<void> }).waitForRPCs;

let running = false;

export async function runProgram(config: StackConfig, options: RunOptions = {}): Promise<ProgramRun> {
  // The Pulumi runtime state (mocks, config, root stack) is process-wide: runs must not overlap.
  if (running) throw new Error("runProgram: another run is in progress; await it first");
  running = true;
  try {
    return await runExclusively(config, options);
  } finally {
    running = false;
  }
}

async function runExclusively(config: StackConfig, options: RunOptions): Promise<ProgramRun> {
  const mocks = await prepare(config, options);
  const program = loadProgram();
  const created: { type: string; name: string; resource: pulumi.Resource; opts: pulumi.ResourceOptions }[] = [];

  const outputs = await failOnUnhandledRejection(async () => {
    const stackOutputs = await pulumi.runtime.runInPulumiStack(async () => {
      pulumi.runtime.registerStackTransformation(({ resource, type, name, opts }) => {
        created.push({ type, name, resource, opts });
        return undefined;
      });
      return program();
    });
    // Outputs resolve before resources that nothing exports; wait for every registration, then
    // for the RPCs still in flight (the stack's own outputs), before the next run resets the mocks.
    await Promise.all(created.map(({ resource }) => (resource.urn as any).promise()));
    await waitForRPCs();
    return stackOutputs;
  });

  const optionsByResource = new Map(created.map(({ type, name, opts }) => [`${type}::${name}`, opts]));
  const resources: RecordedResource[] = mocks.resources.map((r) => {
    const opts = optionsByResource.get(`${r.type}::${r.name}`) ?? {};
    return {
      ...r,
      opts: {
        protect: opts.protect,
        retainOnDelete: opts.retainOnDelete,
        parentType: (opts.parent as any)?.__pulumiType,
        parent: opts.parent ? `${(opts.parent as any).__pulumiType}::${(opts.parent as any).__name}` : undefined,
        dependsOn: ([] as any[]).concat(opts.dependsOn ?? []).map((d) => `${d.__pulumiType}::${d.__name}`),
      },
    };
  });

  const ofType = (type: string) => resources.filter((r) => r.type === type);
  const one = (type: string, name?: string) => {
    const matches = ofType(type).filter((r) => name === undefined || r.name === name);
    if (matches.length !== 1) {
      throw new Error(`expected one ${type}${name ? ` named ${name}` : ""}, found ${matches.length}: ${matches.map((m) => m.name).join(", ")}`);
    }
    return matches[0];
  };
  return {
    resources,
    outputs: (outputs ?? {}) as Record<string, any>,
    mocks,
    ofType,
    one,
    policyOf: (type, name, property) => {
      const resource = one(type, name);
      const key = property ?? (type === "aws:iam/role:Role" ? "assumeRolePolicy" : "policy");
      return JSON.parse(resource.inputs[key]);
    },
  };
}

/**
 * The Pulumi runtime reports a failed apply (an error thrown while building a resource input) as an
 * unhandled rejection, and `pulumi up` fails on the first one; so does a run here.
 */
async function failOnUnhandledRejection<T>(work: () => Promise<T>): Promise<T> {
  const previous = process.listeners("unhandledRejection");
  process.removeAllListeners("unhandledRejection");
  let onRejection: (reason: unknown) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => {
    onRejection = reject;
  });
  process.on("unhandledRejection", onRejection);
  try {
    return await Promise.race([work(), failed]);
  } finally {
    process.removeListener("unhandledRejection", onRejection);
    previous.forEach((listener) => process.on("unhandledRejection", listener));
  }
}

export type { ProviderRecord };
