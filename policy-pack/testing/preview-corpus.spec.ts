import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { policies } from "../policies";
import { packConfigFor, runPack } from "./harness";
import { PackConfigError, loosenings } from "./pack-config";
import { FixtureName, PREVIEW_CORPUS, PreviewCase } from "./preview-corpus";
import { UnreadableInputError, readStateDocument } from "./state-files";

const raw = new Map<FixtureName, string>();
function base(name: FixtureName): any {
  if (!raw.has(name)) raw.set(name, readFileSync(join(__dirname, "fixtures", `${name}.json`), "utf8"));
  return JSON.parse(raw.get(name)!);
}

async function judge(testCase: PreviewCase) {
  const document = base(testCase.base);
  testCase.edit?.(document);
  let config;
  try {
    config = packConfigFor(policies, testCase.config ?? {});
  } catch (error) {
    if (error instanceof PackConfigError) return { unjudgeable: error.message };
    throw error;
  }
  let resources;
  try {
    resources = readStateDocument(document).resources;
  } catch (error) {
    if (error instanceof UnreadableInputError) return { unjudgeable: error.message };
    throw error;
  }
  const result = await runPack(policies, resources, config);
  return { violations: result.violations, loosened: [...new Set(loosenings(policies, config).map((l) => l.policy))] };
}

describe("preview, split-stack, provider and config corpus", () => {
  it(`has at least 25 cases, each named once (${PREVIEW_CORPUS.length})`, () => {
    assert.ok(PREVIEW_CORPUS.length >= 25);
    assert.equal(new Set(PREVIEW_CORPUS.map((c) => c.name)).size, PREVIEW_CORPUS.length);
  });

  for (const testCase of PREVIEW_CORPUS) {
    const expected = testCase.refusedBy ? `refused by ${testCase.refusedBy.join(", ")}` : testCase.unjudgeable ? "not judged" : "accepted";
    it(`${testCase.name}: ${expected}`, async () => {
      const outcome = await judge(testCase);
      if (testCase.unjudgeable) {
        assert.match(outcome.unjudgeable ?? JSON.stringify(outcome), testCase.unjudgeable);
        return;
      }
      assert.equal(outcome.unjudgeable, undefined, outcome.unjudgeable);
      const violations = outcome.violations!;
      const mandatory = violations.filter((v) => v.level === "mandatory");
      const show = JSON.stringify(violations.map((v) => `[${v.level}] ${v.policy}: ${v.message}`), null, 1);
      if (testCase.refusedBy) {
        for (const rule of testCase.refusedBy) assert.ok(mandatory.some((v) => v.policy === rule), `${rule} did not refuse it: ${show}`);
      } else {
        assert.deepEqual(mandatory, [], show);
        for (const rule of testCase.accepted?.advisories ?? []) assert.ok(violations.some((v) => v.policy === rule && v.level === "advisory"), `no advisory from ${rule}: ${show}`);
        assert.deepEqual(outcome.loosened, testCase.accepted?.loosened ?? []);
      }
    });
  }
});
