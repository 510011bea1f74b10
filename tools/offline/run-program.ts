/**
 * Runs the xacct program in-process under mocks, the way `pulumi preview` would run it, and
 * returns every resource it registered with its provider (and so its account) and options.
 *
 * The program is deterministic (mocked ids are hashes of type, name and account), so a run is
 * cached per configuration: the specs, the access proof and the plan ask for the same dozen
 * configurations many times, and each gets the same frozen run.
 */
import "./deferred-sdk-dependencies";
import * as pulumi from "@pulumi/pulumi";
import { AwsMocks, ExistingVpcAttributes, ProviderRecord, RegisteredResource } from "./mocks";
import { RESOURCE_TYPES } from "./resource-types";

/** A stack's `config:` map as written in Pulumi.<stack>.yaml. */
export type StackConfig = Record<string, unknown>;

export interface RecordedOptions {
  protect?: boolean;
  retainOnDelete?: boolean;
  /** `type::name` of the parent given in the resource's options; undefined for the stack's children. */
  parent?: string;
  /** `type::name` of each resource in `dependsOn`. */
  dependsOn?: string[];
}

export interface RecordedResource extends RegisteredResource {
  opts: RecordedOptions;
}

export interface ProgramRun {
  /** The stack this run stands for (the `<stack>` of its URNs). */
  stack: string;
  resources: RecordedResource[];
  outputs: Record<string, any>;
  mocks: AwsMocks;
  /** Every resource of `type`; `ofType(RESOURCE_TYPES.role)`. */
  ofType(type: string): RecordedResource[];
  /** The one resource of `type` (named `name` when several). Throws when absent or ambiguous. */
  one(type: string, name?: string): RecordedResource;
  /** A policy input parsed from JSON, so tests compare documents, not strings. */
  policyOf(type: string, name?: string, property?: string): any;
}

export interface RunOptions {
  stack?: string;
  /** Outputs of other stacks, for StackReferences: fully qualified name → outputs. */
  stackOutputs?: Record<string, Record<string, unknown>>;
  /** What pulumi.getOrganization() answers; a self-managed backend's by default. */
  organization?: string;
  /** Attributes of existing VPCs (xacct:source.vpc) that differ from the mocks' answer (DNS on, a /16). */
  existingVpcs?: ExistingVpcAttributes;
}

export const PROJECT = "xacct";
/** What pulumi.getOrganization() answers on a self-managed backend (S3, a local directory). */
export const ORGANIZATION = "organization";

export function toRuntimeConfig(config: StackConfig): Record<string, string> {
  return Object.fromEntries(Object.entries(config).map(([key, value]) => [key, typeof value === "string" ? value : JSON.stringify(value)]));
}

/** Sets the mocks and the config; the program is loaded only after the first mocks exist. */
async function prepare(config: StackConfig, options: RunOptions): Promise<AwsMocks> {
  const mocks = new AwsMocks(options.stackOutputs, options.existingVpcs);
  await pulumi.runtime.setMocks(mocks, PROJECT, options.stack ?? "test", false, options.organization ?? ORGANIZATION);
  pulumi.runtime.setAllConfig(toRuntimeConfig(config));
  return mocks;
}

function loadProgram(): () => Promise<Record<string, unknown>> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require("../../infra");
}

/** The Pulumi runtime state (mocks, config, root stack) is process-wide: runs take turns. */
let turn: Promise<unknown> = Promise.resolve();
function exclusively<T>(work: () => Promise<T>): Promise<T> {
  const result = turn.then(work);
  turn = result.catch(() => undefined);
  return result;
}

/** Runs only the program function, outside any stack: for errors that must come before any registration. */
export function runProgramBare(config: StackConfig, options: RunOptions = {}): Promise<{ mocks: AwsMocks; error?: unknown }> {
  return exclusively(async () => {
    const mocks = await prepare(config, options);
    try {
      await loadProgram()();
      return { mocks };
    } catch (error) {
      return { mocks, error };
    } finally {
      await pulumi.runtime.disconnect();
    }
  });
}

/** Finished runs per config and stack, with the StackReference outputs each one read. */
const finished = new Map<string, { run: ProgramRun; referenced: Record<string, string> }[]>();

function cachedRun(key: string, stackOutputs: RunOptions["stackOutputs"] = {}): ProgramRun | undefined {
  return finished.get(key)?.find(({ referenced }) => Object.entries(referenced).every(([name, outputs]) => JSON.stringify(stackOutputs[name]) === outputs))?.run;
}

export function runProgram(config: StackConfig, options: RunOptions = {}): Promise<ProgramRun> {
  const key = JSON.stringify([config, options.stack ?? "test", options.organization ?? ORGANIZATION, options.existingVpcs ?? {}]);
  return exclusively(async () => {
    const cached = cachedRun(key, options.stackOutputs);
    if (cached) return cached;
    const run = deepFreeze(await executeWithoutPromiseStacks(config, options));
    const referenced = Object.fromEntries(run.ofType(RESOURCE_TYPES.stackReference).map((r) => [r.inputs.name, JSON.stringify(options.stackOutputs?.[r.inputs.name])]));
    finished.set(key, [...(finished.get(key) ?? []), { run, referenced }]);
    return run;
  });
}

/** An output's value, through the public `apply` (what pulumi/examples testing-unit-ts does). */
function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

/** `type::name` of a resource, read from its URN (`urn:pulumi:<stack>::<project>::<parent types$>type::name`). */
async function typeAndName(resource: pulumi.Resource): Promise<string> {
  const [, , qualifiedType, ...name] = (await valueOf(resource.urn)).split("::");
  return `${qualifiedType.split("$").pop()}::${name.join("::")}`;
}

/**
 * The SDK records a stack trace for every promise it makes (for its leak report, which an offline
 * run never prints): about a third of a run's time. A run records none; a run that fails with
 * anything but a RunError (a config error says all it has to say) runs again with stack traces, so
 * the error it throws says where it came from.
 */
async function executeWithoutPromiseStacks(config: StackConfig, options: RunOptions): Promise<ProgramRun> {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return await execute(config, options);
  } catch (error) {
    if (pulumi.RunError.isInstance(error)) throw error;
  } finally {
    Error.stackTraceLimit = limit;
  }
  return execute(config, options);
}

async function execute(config: StackConfig, options: RunOptions): Promise<ProgramRun> {
  const mocks = await prepare(config, options);
  const program = loadProgram();
  const created: { type: string; name: string; resource: pulumi.Resource; opts: pulumi.ResourceOptions }[] = [];

  let outputs: Record<string, any>;
  try {
    outputs = await failOnUnhandledRejection(async () => {
      // A root stack, made the way the Pulumi language host makes it, so that a stack
      // transformation sees every resource with the options the program gave it. Under mocks
      // nothing else reveals options: MockResourceArgs carries no parent, protect or dependsOn,
      // registerResourceTransform throws with @pulumi/pulumi 3.248 mocks (supportsTransforms is
      // off), and without a root stack registerStackTransformation throws too
      // (https://github.com/pulumi/pulumi/issues/4669). runInPulumiStack is declared in the SDK's
      // typings (runtime/stack.d.ts), unlike waitForRPCs, which is marked @internal.
      const stackOutputs = await pulumi.runtime.runInPulumiStack(async () => {
        pulumi.runtime.registerStackTransformation(({ resource, type, name, opts }) => {
          created.push({ type, name, resource, opts });
          return undefined;
        });
        return program();
      });
      // Resources nothing exports finish after the outputs: wait for every registration.
      await Promise.all(created.map(({ resource }) => valueOf(resource.urn)));
      return (stackOutputs ?? {}) as Record<string, any>;
    });
  } catch (error) {
    // Registrations waiting on the failed value never finish: drop them rather than wait, and
    // start the runtime afresh so that they are not reported as leaked promises at exit.
    pulumi.runtime.disconnectSync();
    await pulumi.runtime.setMocks(new AwsMocks(), PROJECT, options.stack ?? "test", false);
    throw error;
  }
  // Lets the last RPCs (the stack's outputs) drain before the next run replaces the mocks.
  await pulumi.runtime.disconnect();

  const optionsByResource = new Map<string, RecordedOptions>();
  for (const { type, name, opts } of created) {
    const dependsOn = ([] as unknown[]).concat(opts.dependsOn ?? []) as pulumi.Resource[];
    optionsByResource.set(`${type}::${name}`, {
      protect: opts.protect,
      retainOnDelete: opts.retainOnDelete,
      parent: opts.parent ? await typeAndName(opts.parent) : undefined,
      dependsOn: await Promise.all(dependsOn.map(typeAndName)),
    });
  }
  const resources: RecordedResource[] = mocks.resources.map((r) => ({ ...r, opts: optionsByResource.get(`${r.type}::${r.name}`) ?? {} }));

  const ofType = (type: string) => resources.filter((r) => r.type === type);
  const one = (type: string, name?: string) => {
    const matches = ofType(type).filter((r) => name === undefined || r.name === name);
    if (matches.length !== 1) {
      throw new Error(`expected one ${type}${name ? ` named ${name}` : ""}, found ${matches.length}: ${matches.map((m) => m.name).join(", ")}`);
    }
    return matches[0];
  };
  return {
    stack: options.stack ?? "test",
    resources,
    outputs,
    mocks,
    ofType,
    one,
    policyOf: (type, name, property) => {
      const resource = one(type, name);
      const key = property ?? (type === RESOURCE_TYPES.role ? "assumeRolePolicy" : "policy");
      return JSON.parse(resource.inputs[key]);
    },
  };
}

/** A cached run is shared: freezing it makes a spec that edits it fail instead of changing the others' input. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
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
