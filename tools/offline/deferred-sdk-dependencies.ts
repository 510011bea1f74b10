/**
 * Importing @pulumi/pulumi loads TypeScript's compiler and npm's Arborist (with pacote, sigstore
 * and npm's fetch stack): more than half of the import's time. The SDK needs them only to
 * serialize a JavaScript function and find the packages it uses (`pulumi.runtime.serializeFunction`,
 * dynamic providers, function-valued resource arguments), which a program run under mocks never
 * does. Imported before @pulumi/pulumi, this module puts a stand-in for each in `require.cache`
 * (https://nodejs.org/api/modules.html#requirecache: "adding or replacing entries is also
 * possible"). The stand-in loads the real module the first time anything reads from it and
 * forwards every read there, so code that does use them works as before, only later.
 */
import { Module, createRequire } from "node:module";
import { dirname } from "node:path";

type Loaded = Record<PropertyKey, unknown>;

/**
 * `viaImportStar`: the SDK takes the module through TypeScript's `__importStar`, which copies every
 * property of a CommonJS module (loading it) unless the module says `__esModule`; the stand-in
 * says so, and `__importStar` then hands the stand-in over as it is. The SDK reads only named
 * exports from it, never `default`.
 */
function defer(request: string, from: string, viaImportStar: boolean): void {
  let filename: string;
  try {
    filename = createRequire(from).resolve(request);
  } catch {
    return; // not installed where the SDK looks: the SDK's own fallback applies
  }
  if (require.cache[filename]) return; // already loaded: nothing to save
  let real: Loaded | undefined;
  const load = (): Loaded => {
    if (!real) {
      delete require.cache[filename];
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- the real module, by the path the SDK resolves
      real = require(filename) as Loaded;
    }
    return real;
  };
  const standIn = new Proxy({} as Loaded, {
    get: (_target, key) => (viaImportStar && key === "__esModule" ? true : Reflect.get(load(), key)),
    has: (_target, key) => Reflect.has(load(), key),
    ownKeys: () => Reflect.ownKeys(load()),
    getOwnPropertyDescriptor: (_target, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(load(), key);
      return descriptor && { ...descriptor, configurable: true };
    },
    set: (_target, key, value) => Reflect.set(load(), key, value),
  });
  const cached = new Module(filename);
  cached.filename = filename;
  cached.loaded = true;
  cached.exports = standIn;
  require.cache[filename] = cached;
}

let sdkEntry: string | undefined;
try {
  sdkEntry = require.resolve("@pulumi/pulumi");
} catch {
  sdkEntry = undefined;
}
if (sdkEntry && !require.cache[sdkEntry]) {
  const sdk = dirname(sdkEntry);
  defer("typescript", `${sdk}/typescript-shim.js`, false);
  defer("@npmcli/arborist", `${sdk}/runtime/closure/codePaths.js`, true);
}
