import * as assert from "node:assert/strict";
import fc from "fast-check";
import { policies } from "../policies";
import { BYPASSES, CORPUS, CorpusCase, HARMLESS, WEAKENINGS } from "./corpus";
import { fixture } from "./fixtures";
import { renameEverything } from "./rename";
import { respellStack } from "./respell";
import { PackConfig, ResourceUnderTest, runPack } from "./harness";

const describeViolations = (violations: { policy: string; message: string }[]) => JSON.stringify(violations.map((v) => `${v.policy}: ${v.message}`), null, 1);

async function verdict(resources: ResourceUnderTest[], config?: PackConfig) {
  const result = await runPack(policies, resources, config);
  return result.violations;
}

function expectVerdict(testCase: CorpusCase, violations: { policy: string; level: string; message: string }[]) {
  if (testCase.refusedBy) {
    const named = violations.filter((v) => v.policy === testCase.refusedBy);
    assert.ok(named.length > 0, `${testCase.refusedBy} did not refuse it; reported: ${describeViolations(violations)}`);
    assert.ok(named.every((v) => v.level === "mandatory"));
  } else {
    assert.deepEqual(violations, [], describeViolations(violations));
  }
}

describe("adversarial corpus over the pair export", () => {
  it(`has ${WEAKENINGS.length} weakenings, ${BYPASSES.length} bypasses and ${HARMLESS.length} harmless additions, each named once`, () => {
    assert.ok(WEAKENINGS.length >= 20 && BYPASSES.length + HARMLESS.length >= 40);
    assert.equal(new Set(CORPUS.map((c) => c.name)).size, CORPUS.length);
  });

  it("starts from a pair export the pack accepts", async () => {
    assert.deepEqual(await verdict(fixture("pair")), []);
  });

  for (const [kind, cases] of [["weakening", WEAKENINGS], ["bypass", BYPASSES], ["harmless", HARMLESS]] as const) {
    describe(kind === "harmless" ? "accepts each harmless addition" : `refuses each ${kind}, naming the rule`, () => {
      for (const testCase of cases) {
        it(`${testCase.name}${testCase.refusedBy ? `: ${testCase.refusedBy}` : ""}`, async () => {
          expectVerdict(testCase, await verdict(testCase.edit(fixture("pair")), testCase.config));
        });
      }
    });
  }

  // One test per case, so that per-test coverage (npm run mutate) runs only the cases that reach a
  // mutant's code, not the whole corpus for every mutant.
  describe("gives every case the same verdict when every resource and provider is renamed and tags and descriptions are dropped", () => {
    for (const testCase of CORPUS) {
      it(`${testCase.name}, renamed`, async () => {
        expectVerdict(testCase, await verdict(renameEverything(testCase.edit(fixture("pair"))), testCase.config));
      });
    }
  });

  describe("property: mixed edits", () => {
    // Changes of spelling rewrite whole documents; the parser's property test covers them.
    // Cases that loosen pack config would loosen it for the bypass too: they run on their own above.
    const mixable = HARMLESS.filter((c) => !/spelled differently|as an object/.test(c.name) && !c.config);
    const spelling = fc.record({
      casing: fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
      listify: fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
      asString: fc.constant(true),
      singleStatement: fc.boolean(),
      indent: fc.constant(0),
    });
    it("any mix of harmless additions is accepted, and adding one bypass gets it refused by its rule, however the documents are spelled", async () => {
      await fc.assert(
        fc.asyncProperty(fc.subarray(mixable, { minLength: 1 }), fc.option(fc.constantFrom(...BYPASSES, ...WEAKENINGS), { nil: undefined }), fc.option(spelling, { nil: undefined }), async (harmless, bypass, respelled) => {
          let resources = fixture("pair");
          for (const edit of harmless) resources = edit.edit(resources);
          if (bypass) resources = bypass.edit(resources);
          if (respelled) resources = respellStack(resources, respelled);
          const config = Object.assign({}, ...[...harmless, bypass].map((c) => c?.config ?? {}));
          expectVerdict(bypass ?? { name: "harmless mix", edit: (r) => r }, await verdict(resources, config));
        }),
        { numRuns: 40 },
      );
    });
  });
});
