/** The offline plan: the program under mocks, the policy pack in-process, and the access proof. */
import { XacctConfig } from "../../infra/config";
import { policies } from "../../policy-pack/policies";
import { PackResult, Violation, runPack } from "../../policy-pack/testing/harness";
import type { PackConfigSummary } from "../policy-check";
import { accessPoliciesOf } from "../access-proof/from-program";
import { AccessProof, proveAccess } from "../access-proof/prove";
import { fanInAccessPolicies, proveFanIn } from "../access-proof/fan-in";
import { packResources, urnFor } from "../offline/pack-input";
import { runPair } from "../offline/pair";
import { ProgramRun, RecordedResource, StackConfig } from "../offline/run-program";

export interface PlanResult {
  ok: boolean;
  stack: string;
  config: XacctConfig;
  run: ProgramRun;
  /** The first other half (a target stack's source stack, or a source stack's target half). */
  complement?: ProgramRun;
  /** Every other half: with xacct:sourceStacks, each source stack. */
  complements: ProgramRun[];
  complementNote?: string;
  warnings: string[];
  policyCount: number;
  packResources: number;
  violations: Violation[];
  unknowns: PackResult["unknowns"];
  /** What a --policy-pack-config file loosened, one line each (empty without one). */
  packConfigLines: string[];
  proof: AccessProof;
}

export async function plan(stack: string, stackConfig: StackConfig, configFile: string, packConfig?: PackConfigSummary): Promise<PlanResult> {
  const pair = await runPair(stack, stackConfig, configFile);
  const warnings: string[] = [];
  const disabled = stackConfig["pulumi:disable-default-providers"];
  if (!Array.isArray(disabled) || !disabled.includes("*")) {
    warnings.push('the stack does not set pulumi:disable-default-providers: ["*"]; a resource without an explicit provider would use ambient credentials');
  }
  const resources = packResources(stack, pair.own.resources, pair.own.outputs);
  const pack = await runPack(policies, resources, packConfig?.config);
  const registered = [...pair.own.resources, ...pair.complements.flatMap((c) => c.run.resources)];
  // Fan-in (xacct:sources): every tenant's own proof, and each tenant against the next.
  const proof = pair.config.fanIn ? await proveFanIn(fanInAccessPolicies(pair.config, registered)) : await proveAccess(accessPoliciesOf(pair.config, registered));
  return {
    ok: !pack.violations.some((v) => v.level === "mandatory") && proof.holds,
    stack,
    config: pair.config,
    run: pair.own,
    complement: pair.complement?.run,
    complements: pair.complements.map((c) => c.run),
    complementNote: pair.complements.length > 0
      ? `the access proof also covers the other ${pair.complements.length > 1 ? "halves" : "half"}: ${pair.complements.map((c) => c.stack).join(", ")}, built offline from ${pair.complements.length > 1 ? "their" : "its"} config`
      : undefined,
    warnings,
    policyCount: policies.length,
    packResources: resources.length,
    violations: pack.violations,
    unknowns: pack.unknowns,
    packConfigLines: packConfig?.lines ?? [],
    proof,
  };
}

const isProvider = (r: RecordedResource) => r.type.startsWith("pulumi:providers:");

/**
 * A resource's props with their types: the engine hands a provider's non-string inputs over
 * JSON-encoded (`allowedAccountIds: '["111111111111"]'`, `skipRegionValidation: "true"`); a
 * reader of the plan gets the array and the boolean that the program passed.
 */
export function typedProps(r: RecordedResource): Record<string, unknown> {
  const props: Record<string, unknown> = { ...r.inputs, id: r.id };
  if (!isProvider(r)) return props;
  for (const [key, value] of Object.entries(props)) {
    if (typeof value !== "string") continue;
    if (value === "true" || value === "false") props[key] = value === "true";
    else if (/^[[{]/.test(value)) {
      try {
        props[key] = JSON.parse(value);
      } catch {
        // not JSON after all: keep the string
      }
    }
  }
  return props;
}

/** The account a resource lives in: its provider's, or for a provider the one account it is pinned to. */
export function accountOf(r: RecordedResource): string | null {
  if (!isProvider(r)) return r.provider?.accountId ?? null;
  const allowed = typedProps(r).allowedAccountIds;
  return Array.isArray(allowed) && allowed.length === 1 ? String(allowed[0]) : null;
}

/** The `--json` shape: one object a pipeline can read. */
export function jsonReport(result: PlanResult) {
  return {
    ok: result.ok,
    stack: result.stack,
    deploy: result.config.deploy,
    warnings: result.warnings,
    packConfigLoosens: result.packConfigLines,
    outputs: result.run.outputs,
    resources: result.run.resources
      .filter((r) => r.type !== "pulumi:pulumi:Stack")
      .map((r) => ({ urn: urnFor(result.stack, r.type, r.name), type: r.type, account: accountOf(r), props: typedProps(r) })),
    violations: result.violations.map(({ policy, level, urn, message }) => ({ policy, level, urn: urn ?? null, message })),
    access: result.proof.cells.map(({ scope, principal, action, resource, path, expected, actual, decidedBy }) => ({ scope, principal, action, resource, path, expected, actual, decidedBy })),
  };
}
