import * as assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { REPO_ROOT } from "../tools/offline/stack-files";

const read = (file: string) => readFileSync(join(REPO_ROOT, file), "utf8");

/**
 * What the Pulumi CLI's Node.js language host does with the project: it runs the program from the
 * directory `main` names (the project root when there is none) and scans that directory for the
 * packages whose plugins it reports; its ts-node reads that directory's tsconfig.json, ignores
 * `extends`, and forces module/moduleResolution nodenext and target ES2020.
 */
describe("the project as the Pulumi CLI loads it", () => {
  const project = parse(read("Pulumi.yaml")) as { name: string; main?: string; runtime: { name: string } };
  const pkg = JSON.parse(read("package.json")) as { main: string; scripts: Record<string, string> };

  it("runs the program from the project root, where node_modules is: no main in Pulumi.yaml, package.json main is the program", () => {
    assert.equal(project.main, undefined);
    assert.equal(project.runtime.name, "nodejs");
    assert.equal(pkg.main, "infra/index.ts");
    assert.ok(existsSync(join(REPO_ROOT, pkg.main)));
  });

  it("type-checks in CI with the tsconfig the CLI uses, with the options the CLI forces", () => {
    assert.match(pkg.scripts.typecheck, /^tsc --noEmit -p tsconfig\.json$/);
    const { compilerOptions, extends: base } = JSON.parse(read("tsconfig.json"));
    assert.equal(base, undefined, "the CLI's ts-node ignores extends");
    assert.deepEqual([compilerOptions.module, compilerOptions.moduleResolution, compilerOptions.target].map((o: string) => o.toLowerCase()), ["nodenext", "nodenext", "es2020"]);
    assert.ok(!existsSync(join(REPO_ROOT, "infra", "tsconfig.json")), "a second tsconfig beside the program would be a second, unchecked configuration");
  });
});
