/**
 * The TypeScript runner of the tests and the command-line jobs: `node -r ./tools/ts-runner.cjs x.ts`.
 * esbuild strips the types of each file as it is loaded (no type-checking: `npm run typecheck` does
 * that once), far faster than ts-node. `import()` is compiled to `require()`, as TypeScript does
 * for `"module": "commonjs"`, so a lazily loaded `.ts` module resolves like any other.
 *
 * esbuild-register turns on Node's source-map support for every module, which makes Node read the
 * source maps of all of @pulumi/pulumi on load (~0.2 s). It stays as Node was started: run with
 * `--enable-source-maps` (e.g. `NODE_OPTIONS=--enable-source-maps npm test`) for stack traces
 * that point into the .ts files.
 */
const sourceMapsWanted = process.sourceMapsEnabled;
// eslint-disable-next-line @typescript-eslint/no-require-imports
require("esbuild-register/dist/node").register({ target: "node20", supported: { "dynamic-import": false }, sourcemap: "inline" });
process.setSourceMapsEnabled(sourceMapsWanted);
