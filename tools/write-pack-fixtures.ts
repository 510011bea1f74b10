/**
 * npm run -s fixtures:pack
 *
 * Writes the policy pack's own fixtures: what the Pulumi CLI would hold for each shipped stack, as
 * `pulumi stack export` documents, and the `pair` stack's first `pulumi preview --json`. The pack's
 * specs read these JSON files and never import the program, so the pack folder stands alone; run
 * this again after a change to the program and review the diff.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { runShippedStack } from "./offline/shipped-stacks";
import { previewJson, stackExport } from "./offline/state-documents";
import { REPO_ROOT, SHIPPED_STACKS } from "./offline/stack-files";

const FIXTURES = join(REPO_ROOT, "policy-pack", "testing", "fixtures");

async function main(): Promise<void> {
  for (const stack of SHIPPED_STACKS) {
    const { run } = await runShippedStack(stack);
    writeFileSync(join(FIXTURES, `${stack}.export.json`), `${JSON.stringify(stackExport(run, stack), null, 2)}\n`);
    writeFileSync(join(FIXTURES, `${stack}.preview.json`), `${JSON.stringify(previewJson(run, stack), null, 2)}\n`);
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
