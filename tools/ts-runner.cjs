/**
 * The TypeScript runner of the tests and the command-line jobs: `node -r ./tools/ts-runner.cjs x.ts`.
 * esbuild strips the types of each file as it is loaded (no type-checking: `npm run typecheck` does
 * that once), far faster than ts-node. `import()` is compiled to `require()`, as TypeScript does
 * for `"module": "commonjs"`, so a lazily loaded `.ts` module resolves like any other.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
require("esbuild-register/dist/node").register({ target: "node20", supported: { "dynamic-import": false }, sourcemap: "inline" });
