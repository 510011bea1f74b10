import * as assert from "node:assert/strict";
import { AccessPolicies } from "../tools/access-proof/policies";
import { accessPoliciesOf } from "../tools/access-proof/from-program";
import { principals } from "../tools/access-proof/matrix";
import { AccessCell, AccessProof, evaluateRequest, proveAccess } from "../tools/access-proof/prove";
import { runPair } from "../tools/offline/pair";
import { SHIPPED_STACKS, shippedStackConfig, stackFilePath } from "../tools/offline/stack-files";
import { SID } from "../infra/policies";
import { BUCKET, validConfig } from "./support/fixtures";
import { COMMON_MISTAKES } from "./support/pack-fixtures";

async function policiesOf(stack: string): Promise<AccessPolicies> {
  const pair = await runPair(stack, shippedStackConfig(stack), stackFilePath(stack));
  return accessPoliciesOf(pair.config, [...pair.own.resources, ...(pair.complement?.run.resources ?? [])]);
}

/** `text` contains `part`, verbatim. */
function assertIncludes(text: string | undefined, part: string): void {
  assert.ok(text?.includes(part), `expected ${JSON.stringify(part)} in ${JSON.stringify(text)}`);
}
const allowed = (proof: AccessProof, scope = "whole path") => proof.cells.filter((c) => c.scope === scope && c.actual === "allowed");
const cellKey = (c: AccessCell) => `${c.principal} | ${c.action} | ${c.resource.split(":::").pop()} | ${c.path}`;
function failureMatching(proof: AccessProof, scope: string | RegExp, principal: RegExp, action: string, path: RegExp): AccessCell {
  const found = proof.failures.find((c) => (typeof scope === "string" ? c.scope === scope : scope.test(c.scope)) && principal.test(c.principal) && c.action === action && path.test(c.path));
  assert.ok(found, `no failing cell [${scope}] ${principal} ${action} ${path}; failures:\n${proof.failures.map(cellKey).join("\n")}`);
  return found;
}

describe("access proof", () => {
  for (const stack of SHIPPED_STACKS) {
    it(`holds for the shipped ${stack} stack: two intended paths, the owner's rights, nothing else`, async () => {
      const proof = await proveAccess(await policiesOf(stack));
      assert.deepEqual(proof.failures.map(cellKey), []);
      assert.ok(proof.holds);
      assert.deepEqual(
        allowed(proof).filter((c) => c.expected === "allowed (intended)").map(cellKey),
        [
          "instance role session (xacct-instance) | sts:AssumeRole | arn:aws:iam::222222222222:role/xacct-transfer | through our endpoint, TLS",
          "transfer role session (xacct-transfer) | s3:PutObject | xacct-transfer-222222222222-apne1/example/xacct-proof.txt | through our endpoint, TLS",
        ],
      );
      const others = allowed(proof).filter((c) => c.expected !== "allowed (intended)");
      assert.ok(others.length > 0 && others.every((c) => c.expected === "allowed (bucket owner)" && /admin role in the target account/.test(c.principal) && !/our endpoint/.test(c.path)));
      assert.ok(!others.some((c) => c.action === "s3:PutObject" && c.resource.includes("/example/")), "nobody but the transfer role writes into the prefix");
      const denied = proof.cells.filter((c) => c.scope === "whole path" && c.actual === "denied");
      assert.ok(denied.every((c) => c.decidedBy.length > 0));
    });
  }

  it("says which policy and statement denied each cell", async () => {
    const proof = await proveAccess(await policiesOf("pair"));
    const decided = (principal: RegExp, action: string, resource: RegExp, path: RegExp) =>
      proof.cells.find((c) => c.scope === "whole path" && principal.test(c.principal) && c.action === action && resource.test(c.resource) && path.test(c.path))?.decidedBy;
    assertIncludes(decided(/admin role in the target/, "s3:PutObject", /\/example\//, /internet/), `bucket policy of ${BUCKET}: ${SID.denyWritesNotThroughS3Endpoint} (explicit deny)`);
    assertIncludes(decided(/transfer role/, "s3:PutObject", /\/example\//, /plain HTTP/), `${SID.denyWithoutTls} (explicit deny)`);
    assert.match(decided(/admin role in the source/, "sts:AssumeRole", /./, /another VPC endpoint/) ?? "", /trust policy of xacct-transfer: no statement allows it/);
    assert.match(decided(/transfer role/, "s3:GetObject", /./, /our endpoint, TLS/) ?? "", /identity policy xacct-transfer\/transfer-into-prefix: no statement allows it/);
  });

  it("follows the access opted into by config", async () => {
    const pair = await runPair("opt-in", validConfig({ target: { access: ["write", "read", "list"] } }), stackFilePath("pair"));
    const proof = await proveAccess(accessPoliciesOf(pair.config, pair.own.resources));
    assert.deepEqual(proof.failures.map(cellKey), []);
    assert.deepEqual(
      allowed(proof).filter((c) => /transfer role/.test(c.principal)).map((c) => c.action).sort(),
      ["s3:GetObject", "s3:ListBucket", "s3:PutObject"],
    );
  });

  it("fails a cell whose context key the evaluator ignored, instead of trusting its answer", async () => {
    const p = await policiesOf("pair");
    const transfer = principals(p).find((x) => x.id === "target-transfer-role")!;
    const cell = await evaluateRequest(p, {
      scope: "whole path",
      principal: transfer,
      // s3:prefix means nothing to PutObject: a condition on it would silently never match.
      action: { id: "write-in-prefix", service: "s3", action: "s3:PutObject", resource: `arn:aws:s3:::${p.bucketName}/example/x`, context: { "s3:prefix": "example/" } },
      path: "our-endpoint",
      layers: { identity: p.transferRole!.policies, resourcePolicy: { label: "bucket policy", policy: p.bucketPolicy }, endpoint: { label: "S3 endpoint policy", policy: p.s3Endpoint!.policy } },
      expected: "allowed (intended)",
    });
    assert.equal(cell.ok, false);
    assert.equal(cell.actual, "error");
    assert.match(cell.decidedBy, /ignored context key\(s\) s3:prefix/);
  });

  describe("fails on each deliberate weakening, naming the cell and the policy", () => {
    let good: AccessPolicies;
    before(async () => {
      good = await policiesOf("pair");
    });
    const edit = (change: (p: AccessPolicies) => void): AccessPolicies => {
      const copy = structuredClone(good);
      change(copy);
      return copy;
    };

    it("the bucket policy's S3 endpoint deny dropped", async () => {
      const proof = await proveAccess(edit((p) => {
        (p.bucketPolicy as any).Statement = (p.bucketPolicy as any).Statement.filter((s: any) => s.Sid !== SID.denyWritesNotThroughS3Endpoint);
      }));
      assert.equal(proof.holds, false);
      const cell = failureMatching(proof, "whole path", /admin role in the target/, "s3:PutObject", /over the internet/);
      assert.equal(cell.actual, "allowed");
      assert.match(cell.decidedBy, /identity policy AdministratorAccess/);
      failureMatching(proof, "bucket policy alone", /admin role in the target/, "s3:PutObject", /over the internet/);
    });

    it("a trust in the source account's :root", async () => {
      const proof = await proveAccess(edit((p) => {
        p.transferRole!.trustPolicy = COMMON_MISTAKES.rootTrust;
      }));
      const cell = failureMatching(proof, "whole path", /admin role in the source/, "sts:AssumeRole", /another VPC endpoint/);
      assert.match(cell.decidedBy, /trust policy of xacct-transfer: statement #1/);
    });

    it("s3:* on the transfer role, contained by the other controls but not on its own", async () => {
      const proof = await proveAccess(edit((p) => {
        (p.transferRole!.policies[0].policy as any).Statement[0].Action = "s3:*";
      }));
      assert.equal(proof.failures.filter((c) => c.scope === "whole path").length, 0, "the endpoint and bucket policies still contain it");
      const cell = failureMatching(proof, "identity policy of xacct-transfer alone", /transfer role/, "s3:DeleteObject", /./);
      assertIncludes(cell.decidedBy, `identity policy xacct-transfer/transfer-into-prefix: ${SID.transferRoleGrant("WriteObjectsUnderThePrefix")}`);
    });

    it("the S3 endpoint policy's principal widened", async () => {
      const proof = await proveAccess(edit((p) => {
        delete (p.s3Endpoint!.policy as any).Statement[0].Condition;
      }));
      const cell = failureMatching(proof, "whole path", /admin role in the target/, "s3:PutObject", /through our endpoint, TLS/);
      assert.match(cell.decidedBy, /S3 endpoint policy \(vpce-[0-9a-f]{17}\): /);
      assertIncludes(cell.decidedBy, SID.s3EndpointGrant("WriteObjectsUnderThePrefix"));
    });

    it("an S3 endpoint policy that names the source instance role instead of the transfer role", async () => {
      const proof = await proveAccess(edit((p) => {
        p.s3Endpoint!.policy = { Version: "2012-10-17", ...COMMON_MISTAKES.s3EndpointPolicyNamingInstanceRole };
      }));
      const cell = failureMatching(proof, "whole path", /transfer role/, "s3:PutObject", /through our endpoint, TLS/);
      assert.equal(cell.actual, "denied");
      assert.match(cell.decidedBy, /S3 endpoint policy \(vpce-[0-9a-f]{17}\): no statement allows it/);
    });

    it("a trust policy no longer pinned to the instance role's incarnation", async () => {
      const proof = await proveAccess(edit((p) => {
        delete (p.transferRole!.trustPolicy as any).Statement[0].Condition.StringLike;
      }));
      failureMatching(proof, "trust policy of xacct-transfer alone", /recreated under the same name/, "sts:AssumeRole", /our endpoint/);
    });
  });
});
