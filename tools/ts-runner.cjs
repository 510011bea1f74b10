/**
 * The TypeScript runner of the tests and the command-line jobs: `node -r ./tools/ts-runner.cjs x.ts`.
 * esbuild strips the types of each `.ts` file as it is loaded (no type-checking: `npm run typecheck`
 * does that once), far faster than ts-node. `import()` is compiled to `require()`, as TypeScript
 * does for `"module": "commonjs"`, so a lazily loaded `.ts` module resolves like any other. Each
 * file is compiled with the nearest tsconfig.json, so class fields follow its `target` as tsc's
 * output would.
 *
 * A compiled file is kept in `node_modules/.cache/xacct-ts-runner/`, named by a hash of everything
 * that decides the output (source, path, tsconfig, esbuild's version, options), so the next run
 * reads it instead of compiling again; the first run after a change compiles what changed.
 * `XACCT_TS_CACHE=off` compiles every file every time.
 *
 * Source maps are inline but Node's source-map support stays as Node was started: run with
 * `--enable-source-maps` (e.g. `NODE_OPTIONS=--enable-source-maps npm test`) for stack traces
 * that point into the .ts files (turning it on for every run makes Node read the source maps of all
 * of @pulumi/pulumi on load, ~0.2 s).
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const { createHash } = require("node:crypto");
const { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } = require("node:fs");
const { dirname, join } = require("node:path");
const { addHook } = require("pirates");
const esbuild = require("esbuild");

const OPTIONS = { target: "node20", format: "cjs", loader: "ts", sourcemap: "inline", supported: { "dynamic-import": false } };
const CACHE = process.env.XACCT_TS_CACHE === "off" ? undefined : join(__dirname, "..", "node_modules", ".cache", "xacct-ts-runner");
const SALT = `${esbuild.version}\0${JSON.stringify(OPTIONS)}`;

const tsconfigs = new Map();
/** The raw text of the tsconfig.json nearest to `directory` ("" when there is none). */
function tsconfigFor(directory) {
  let found = tsconfigs.get(directory);
  if (found === undefined) {
    const file = join(directory, "tsconfig.json");
    const parent = dirname(directory);
    found = existsSync(file) ? readFileSync(file, "utf8") : parent === directory ? "" : tsconfigFor(parent);
    tsconfigs.set(directory, found);
  }
  return found;
}

function compile(source, filename) {
  const tsconfigRaw = tsconfigFor(dirname(filename));
  const cached = CACHE && join(CACHE, `${createHash("sha256").update(`${SALT}\0${filename}\0${tsconfigRaw}\0${source}`).digest("hex")}.js`);
  if (cached && existsSync(cached)) return readFileSync(cached, "utf8");
  const { code } = esbuild.transformSync(source, { ...OPTIONS, sourcefile: filename, tsconfigRaw });
  if (cached) {
    try {
      mkdirSync(CACHE, { recursive: true });
      // Written aside and renamed, so a process reading the cache at the same time sees the whole file or none.
      const partial = `${cached}.${process.pid}.tmp`;
      writeFileSync(partial, code);
      renameSync(partial, cached);
    } catch {
      // A read-only node_modules only costs the next run its compile.
    }
  }
  return code;
}

addHook(compile, { exts: [".ts"], ignoreNodeModules: true });
