// @ts-check
/**
 * Mutation testing of the policy pack (`npm run mutate`): StrykerJS breaks the pack's rules and
 * libraries one small change at a time and runs the pack's own specs against each change; a
 * change no spec notices (a surviving mutant) is a guarantee nothing checks. Not part of `.ci/run`
 * (it takes minutes). Reports land in `reports/mutation/` (git-ignored).
 *
 * The config sits at the root so that the sandbox keeps the workspace layout (root node_modules,
 * the pack's own node_modules symlinked) and can use the root's esbuild transpiler; the pack
 * itself stays self-contained. Its spec list comes from the pack's own mocha config.
 */
import { readFileSync } from "node:fs";
import { URL } from "node:url";

// The pack's property specs draw new cases on each run unless seeded (testing/property-seed.ts): a
// mutant must meet the same cases in every run, or its verdict (and the incremental report) would
// change between two runs of the same code. The workers inherit this environment.
process.env.FC_SEED ??= "20261125";

const packMocha = JSON.parse(readFileSync(new URL("./policy-pack/.mocharc.json", import.meta.url), "utf8"));

/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  packageManager: "npm",
  testRunner: "mocha",
  mochaOptions: {
    config: "policy-pack/.mocharc.json",
    spec: packMocha.spec.map((/** @type {string} */ glob) => `policy-pack/${glob}`),
    // esbuild strips the types far faster than ts-node; no type-checking is needed to run mutants.
    require: ["./tools/ts-runner.cjs"],
  },
  mutate: ["policy-pack/lib/**/*.ts", "policy-pack/policies/**/*.ts", "!**/*.spec.ts"],
  ignorePatterns: ["/infra", "/test", "/bootstrap", "/reports", "/bin", "/.pulumi", "/scratch"],
  coverageAnalysis: "perTest",
  // A static mutant (a module-level table such as a set of resource types) is only seen after a
  // reload of every module, and then runs the whole suite: it costs as much as a hundred others.
  // `XACCT_MUTATE_STATIC=1 npm run mutate` includes them (Stryker's CLI can only turn the option on).
  ignoreStatic: process.env.XACCT_MUTATE_STATIC !== "1",
  concurrency: 2,
  timeoutMS: 20000,
  reporters: ["html", "json", "clear-text", "progress"],
  htmlReporter: { fileName: "reports/mutation/index.html" },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  clearTextReporter: { allowEmojis: false, reportTests: false, reportMutants: false, reportScoreTable: true },
  incremental: true,
  incrementalFile: "reports/mutation/stryker-incremental.json",
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
};
