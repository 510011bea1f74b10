/**
 * `npm run bench -- --fan-in[=1,10,50,200]`: synthetic fan-in stacks (N source accounts into one
 * bucket), each planned offline in its own process. Prints per N the plan's wall time (the whole
 * worker: program, pack, proof), the pack's and the proof's time, the proof's cells and the largest
 * document of each kind as a share of its limit; then the goals, each met or not.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { buildFanInBucketPolicy, toPolicyJson } from "../../infra/policies";
import { REPO_ROOT } from "../offline/stack-files";
import type { WorkerResult } from "./worker";

export const DEFAULT_FAN_IN_SIZES = [1, 10, 50, 200];
const TARGET_ACCOUNT = "222222222222";
const BUCKET = "xacct-transfer-222222222222-apne1";
const BUCKET_POLICY_LIMIT = 20480;

const ORGANIZATION_ID = "o-a1b2c3d4e5";

/** A stack file with `n` sources, each in its own account with its own prefix; fenced by organization when `organizationId` is given. */
export function syntheticFanInStack(n: number, organizationId?: string): object {
  const sources = Array.from({ length: n }, (_, i) => {
    const accountId = String(300000000000 + i * 1111);
    const name = `t${String(i).padStart(3, "0")}`;
    return { name, accountId, region: "ap-northeast-1", prefix: `${name}/`, deployRoleArn: `arn:aws:iam::${accountId}:role/xacct-deployer` };
  });
  return {
    config: {
      "pulumi:disable-default-providers": ["*"],
      "xacct:deploy": "both",
      "xacct:sources": sources,
      "xacct:target": { ...(organizationId ? { organizationId } : {}), accountId: TARGET_ACCOUNT, region: "ap-northeast-1", deployRoleArn: `arn:aws:iam::${TARGET_ACCOUNT}:role/xacct-deployer`, bucketName: BUCKET, transferRoleName: "xacct-transfer", access: ["write"] },
    },
  };
}

/** The fan-in bucket policy's size for `n` endpoint ids (17-hex ids, the longest AWS issues), or with the organization fence. */
export function bucketPolicyBytes(n: number, organizationId?: string): number {
  const s3EndpointIds = Array.from({ length: n }, (_, i) => `vpce-${i.toString(16).padStart(17, "0")}`);
  const grant = { partition: "aws" as const, bucketName: BUCKET };
  const document = buildFanInBucketPolicy({ grant, transferRolesArnPattern: `arn:aws:iam::${TARGET_ACCOUNT}:role/xacct-transfer-*`, s3EndpointIds, organizationId });
  return Buffer.byteLength(toPolicyJson(document), "utf8");
}

/** The smallest N whose endpoint-id list makes the bucket policy exceed AWS's 20 KB (it grows by one id per source). */
export function endpointListLimitN(): number {
  let low = 1;
  let high = 1;
  while (bucketPolicyBytes(high) <= BUCKET_POLICY_LIMIT) high *= 2;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (bucketPolicyBytes(middle) > BUCKET_POLICY_LIMIT) high = middle;
    else low = middle + 1;
  }
  return low;
}

function runWorker(file: string): { wallMs: number; result?: WorkerResult; error?: string } {
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, ["--max-semi-space-size=64", "-r", "./tools/ts-runner.cjs", "tools/bench-fan-in/worker.ts", file], { cwd: REPO_ROOT, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (child.status !== 0) return { wallMs, error: child.stderr };
  return { wallMs, result: JSON.parse(child.stdout) as WorkerResult };
}

const pct = (size: number, limit: number) => `${((100 * size) / limit).toFixed(1)}%`;

export function benchFanIn(sizes: number[], log: (line: string) => void = console.log): number {
  const directory = mkdtempSync(join(tmpdir(), "xacct-bench-fan-in-"));
  try {
    const rows: { n: number; wallMs: number; result: WorkerResult }[] = [];
    const plan = (n: number, organizationId?: string) => {
      const file = join(directory, `Pulumi.fanin-${n}${organizationId ? "-organization" : ""}.yaml`);
      writeFileSync(file, stringify(syntheticFanInStack(n, organizationId)));
      const { wallMs, result, error } = runWorker(file);
      if (!result) console.error(`bench: the plan at N=${n}${organizationId ? " with the organization fence" : ""} failed:\n${error}`);
      return result && { n, wallMs, result };
    };
    for (const n of sizes) {
      const row = plan(n);
      if (!row) return 1;
      rows.push(row);
      const { wallMs, result } = row;
      log(`N=${String(n).padEnd(4)} plan ${(wallMs / 1000).toFixed(2).padStart(6)} s wall (program ${(result.programMs / 1000).toFixed(2)} s, pack ${(result.packMs / 1000).toFixed(2)} s, proof ${(result.proofMs / 1000).toFixed(2)} s); ${result.resources} resources; ${result.cells} proof cells; proof ${result.proofHolds ? "holds" : "FAILS"}; ${result.mandatoryViolations.length} mandatory violations`);
      for (const [kind, m] of Object.entries(result.largest).filter(([, m]) => m.size > 0)) {
        log(`        largest ${kind.padEnd(13)} ${pct(m.size, m.limit).padStart(6)} of ${m.limit} ${m.unit} (${m.size}: ${m.what})`);
      }
    }
    const ok = rows.every((r) => r.result.proofHolds && r.result.mandatoryViolations.length === 0);
    const one = rows.find((r) => r.n === 1);
    const biggest = rows[rows.length - 1];
    if (one && biggest.n > 1) {
      const ratio = biggest.wallMs / one.wallMs;
      log(`goal: plan at N=${biggest.n} ≤ 5× plan at N=1: ${ratio.toFixed(1)}× — ${ratio <= 5 ? "met" : "NOT met"}`);
      // The floor: registering the program's resources through the Pulumi SDK, before any check.
      log(`        the program phase alone at N=${biggest.n} (${biggest.result.resources} resources registered through the Pulumi SDK) takes ${(biggest.result.programMs / one.wallMs).toFixed(1)}× the whole plan at N=1`);
    }
    const worst = Object.values(biggest.result.largest).reduce((a, m) => (m.size / m.limit > a.size / a.limit ? m : a));
    log(`goal: every document ≤ 75% of its limit at N=${biggest.n}: largest ${worst.what} at ${pct(worst.size, worst.limit)} — ${worst.size / worst.limit <= 0.75 ? "met" : "NOT met"}`);
    const limitN = endpointListLimitN();
    log(`the bucket policy's endpoint-id list reaches AWS's 20 KB at N=${limitN} (${bucketPolicyBytes(limitN - 1)} bytes at N=${limitN - 1}); ` +
      `75% (15,360 bytes) at N=${[...Array(limitN).keys()].find((n) => bucketPolicyBytes(n) > 0.75 * BUCKET_POLICY_LIMIT)}`);
    log(`with the organization fence (aws:VpceOrgID) the bucket policy is ${bucketPolicyBytes(1, ORGANIZATION_ID)} bytes whatever N: the limit is gone`);
    if (biggest.n === 1) return ok ? 0 : 1;
    // Every proof cell reads the bucket policy: with the endpoint list, each reading compares N ids.
    const fenced = plan(biggest.n, ORGANIZATION_ID);
    if (!fenced) return 1;
    log(`N=${biggest.n} with the organization fence: plan ${(fenced.wallMs / 1000).toFixed(2)} s wall (proof ${(fenced.result.proofMs / 1000).toFixed(2)} s against ${(biggest.result.proofMs / 1000).toFixed(2)} s with the endpoint list); proof ${fenced.result.proofHolds ? "holds" : "FAILS"}; ${fenced.result.mandatoryViolations.length} mandatory violations`);
    return ok && fenced.result.proofHolds && fenced.result.mandatoryViolations.length === 0 ? 0 : 1;
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
