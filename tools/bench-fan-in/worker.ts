/**
 * One fan-in bench run, in its own process (the program's mocks run once per process):
 * `node -r ./tools/ts-runner.cjs tools/bench-fan-in/worker.ts <stack file>`. Runs the offline
 * plan's three phases as tools/plan/plan.ts does, timing each, and prints one JSON line: the
 * phases' times, the proof's cells and the largest document of each kind against its limit.
 */
import { policies } from "../../policy-pack/policies";
import { runPack, stackResources } from "../../policy-pack/testing/harness";
import { DEFAULT_ROLES_PER_ACCOUNT, DEFAULT_SIZE_LIMITS, Measure, measureResource, rolesPerAccount } from "../../policy-pack/lib/sizes";
import { fanInAccessPolicies, proveFanIn } from "../access-proof/fan-in";
import { packResources } from "../offline/pack-input";
import { runPair } from "../offline/pair";
import { readStackFile } from "../offline/stack-files";

export interface WorkerResult {
  programMs: number;
  packMs: number;
  proofMs: number;
  resources: number;
  cells: number;
  proofHolds: boolean;
  mandatoryViolations: string[];
  /** Per kind (bucket, trust, endpoint, inline total, …): the largest measured document. */
  largest: Record<string, { what: string; size: number; limit: number; unit: string }>;
}

async function main(file: string): Promise<WorkerResult> {
  const stackConfig = readStackFile(file);
  const now = () => Number(process.hrtime.bigint()) / 1e6;
  const t0 = now();
  const pair = await runPair("bench", stackConfig, file);
  const t1 = now();
  const resources = packResources("bench", pair.own.resources, pair.own.outputs);
  const pack = await runPack(policies, resources);
  const t2 = now();
  const proof = await proveFanIn(fanInAccessPolicies(pair.config, pair.own.resources));
  const t3 = now();
  const largest: WorkerResult["largest"] = {};
  for (const resource of resources) {
    for (const measure of measureResource(resource.type, resource.props, DEFAULT_SIZE_LIMITS) as Measure[]) {
      const best = largest[measure.kind];
      if (!best || measure.size / measure.limit > best.size / best.limit) largest[measure.kind] = { what: `${resource.name} ${measure.what}`, size: measure.size, limit: measure.limit, unit: measure.unit };
    }
  }
  for (const [account, roles] of rolesPerAccount(stackResources(resources))) {
    const best = largest.roles;
    if (!best || roles.length > best.size) largest.roles = { what: `the roles of account ${account}`, size: roles.length, limit: DEFAULT_ROLES_PER_ACCOUNT, unit: "roles (default quota)" };
  }
  return {
    programMs: t1 - t0,
    packMs: t2 - t1,
    proofMs: t3 - t2,
    resources: resources.length,
    cells: proof.cells.length,
    proofHolds: proof.holds,
    mandatoryViolations: pack.violations.filter((v) => v.level === "mandatory").map((v) => `${v.policy}: ${v.message}`),
    largest,
  };
}

main(process.argv[2]).then(
  (result) => process.stdout.write(JSON.stringify(result) + "\n"),
  (error) => {
    process.stderr.write(`${(error as Error).stack ?? error}\n`);
    process.exitCode = 1;
  },
);
