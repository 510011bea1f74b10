import * as assert from "node:assert/strict";
import { builtinModules } from "node:module";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";

const PACK = resolve(__dirname, "..");

function typescriptFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((entry) => {
    const path = join(directory, entry);
    if (entry === "node_modules") return [];
    return statSync(path).isDirectory() ? typescriptFiles(path) : path.endsWith(".ts") ? [path] : [];
  });
}

describe("the pack stands alone", () => {
  it("every file under policy-pack/, specs and fixtures included, imports only the pack and the pack's declared dependencies", () => {
    const manifest = JSON.parse(readFileSync(join(PACK, "package.json"), "utf8"));
    const declared = new Set(Object.keys({ ...manifest.dependencies, ...manifest.devDependencies }));
    const files = typescriptFiles(PACK);
    assert.ok(files.length > 40);
    for (const file of files) {
      for (const [, specifier] of readFileSync(file, "utf8").matchAll(/(?:from\s+|require\(|import\()\s*"([^"]+)"/g)) {
        const where = `${relative(PACK, file)} imports ${specifier}`;
        if (specifier.startsWith(".")) {
          assert.ok(!relative(PACK, resolve(file, "..", specifier)).startsWith(".."), where);
          continue;
        }
        const name = specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : specifier.split("/")[0];
        assert.ok(declared.has(name) || specifier.startsWith("node:") || builtinModules.includes(name), where);
      }
    }
  });
});
