import * as assert from "node:assert/strict";
import { SECRET, UNKNOWN, booleanOf, containsUnknown, unknownPaths, unknownsOf, unwrap } from "./unknowns";

// The engine's own proxy (what every rule receives as `args.props`), so that `unwrap` is tested
// against the real behaviour rather than a copy of it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { unknownCheckingProxy }: { unknownCheckingProxy<T>(value: T): T } = require("@pulumi/policy/proxy");

const UNKNOWN_BOOLEAN = "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7";
const UNKNOWN_ARRAY = "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2";

describe("unknown values behind the policy proxy", () => {
  const props = {
    bucket: "xacct-transfer",
    versioning: { enabled: UNKNOWN_BOOLEAN, mfaDelete: false },
    tags: UNKNOWN_ARRAY,
    rules: [{ id: "expire", days: 30 }, UNKNOWN],
  };

  it("reading an unknown property through the proxy throws, which is why rules unwrap first", () => {
    const proxied = unknownCheckingProxy(props);
    assert.throws(() => proxied.versioning.enabled, /can't be known during preview/);
    assert.equal(proxied.bucket, "xacct-transfer");
  });

  it("unwrap gives plain data, equal to the input, with every unknown still recognisable", () => {
    const plain = unwrap(unknownCheckingProxy(props));
    assert.equal(plain.bucket, "xacct-transfer");
    assert.equal(plain.versioning.mfaDelete, false);
    assert.equal(booleanOf(plain.versioning.enabled), "unknown");
    assert.ok(Array.isArray(plain.rules));
    assert.deepEqual(plain.rules[0], { id: "expire", days: 30 });
    assert.deepEqual(unknownPaths(plain).sort(), [".rules[1]", ".tags", ".versioning.enabled"]);
  });

  it("one unknown property does not hide the known ones beside it", () => {
    const plain = unwrap(unknownCheckingProxy(props));
    assert.ok(containsUnknown(plain.versioning));
    assert.ok(!containsUnknown(plain.rules[0]));
  });

  it("unwrap hands back exactly the data behind the proxy: each unknown keeps its own sentinel", () => {
    assert.deepEqual(unwrap(unknownCheckingProxy(props)), props);
  });

  it("a proxied list unwraps to a plain list, an empty one included", () => {
    assert.deepEqual(unwrap(unknownCheckingProxy([])), []);
    const list = unwrap(unknownCheckingProxy(["a", UNKNOWN]));
    assert.ok(Array.isArray(list));
    assert.deepEqual(list, ["a", UNKNOWN]);
  });

  it("a proxy that hides its values behind getters (a later SDK) still unwraps: known values read, an unknown one that throws becomes UNKNOWN", () => {
    const target: Record<string, unknown> = { bucket: "xacct-transfer", forceDestroy: UNKNOWN_BOOLEAN };
    const hiding = new Proxy(target, {
      getOwnPropertyDescriptor: (t, key) => ({ configurable: true, enumerable: true, get: () => t[key as string] }),
      get: (t, key) => {
        if (t[key as string] === UNKNOWN_BOOLEAN) throw new Error("can't be known during preview");
        return t[key as string];
      },
    });
    assert.deepEqual(unwrap(hiding), { bucket: "xacct-transfer", forceDestroy: UNKNOWN });
  });

  it("plain data is returned as it is, and the same proxy unwraps to the same object", () => {
    assert.equal(unwrap(props), props);
    assert.equal(unwrap("text"), "text");
    assert.equal(unwrap(null), null);
    const proxied = unknownCheckingProxy(props);
    assert.equal(unwrap(proxied), unwrap(proxied));
  });
});

describe("unknownsOf: every unknown or secret inside a value, with where it is", () => {
  it("gives each one's own value and path, a key holding a dot kept whole", () => {
    const document = { Statement: [{ Resource: UNKNOWN, Condition: { StringEquals: { "aws:PrincipalTag/app.team": SECRET } } }], Version: "2012-10-17" };
    assert.deepEqual(unknownsOf(document), [
      { path: ".Statement[0].Resource", value: UNKNOWN },
      { path: '.Statement[0].Condition.StringEquals.aws:PrincipalTag/app.team', value: SECRET },
    ]);
    assert.deepEqual(unknownsOf(UNKNOWN_ARRAY), [{ path: "", value: UNKNOWN_ARRAY }]);
    assert.deepEqual(unknownsOf({ Version: "2012-10-17" }), []);
  });
});
