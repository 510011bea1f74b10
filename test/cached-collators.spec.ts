import * as assert from "node:assert/strict";
import * as fc from "fast-check";
import { collatorKey, installCachedCollators } from "../tools/access-proof/cached-collators";

describe("cached collators behind String.prototype.localeCompare (the access proof's speed-up)", () => {
  before(() => installCachedCollators());

  it("is installed, and answers as ECMA-402 defines localeCompare: a new Intl.Collator(locales, options)'s compare", () => {
    assert.equal((String.prototype as unknown as Record<symbol, unknown>)[Symbol.for("xacct.cachedCollators")], true);
    const text = fc.string({ unit: fc.constantFrom("a", "A", "á", "Á", "ß", "ss", "\u212A", "k", "ä", "z", "1", "10", "2", ":", "/", "-", " ", "é", "e\u0301", "ｱ", "ア") });
    const locales = fc.constantFrom(undefined, "en", "de", "sv", "tr", "ja", ["de", "en"], "en-u-kn-true");
    const options = fc.option(
      fc.record(
        {
          sensitivity: fc.constantFrom("base", "accent", "case", "variant"),
          numeric: fc.boolean(),
          caseFirst: fc.constantFrom("upper", "lower", "false"),
          ignorePunctuation: fc.boolean(),
          usage: fc.constantFrom("sort", "search"),
        },
        { requiredKeys: [] },
      ),
      { nil: undefined },
    );
    fc.assert(
      fc.property(text, text, locales, options, (a, b, l, o) => {
        assert.equal(a.localeCompare(b, l, o), new Intl.Collator(l, o).compare(a, b));
        assert.equal(a.localeCompare(b), new Intl.Collator().compare(a, b));
      }),
    );
  });

  it("keeps the built-in's errors and its shape", () => {
    assert.throws(() => "a".localeCompare("b", "not a locale!"), RangeError);
    assert.throws(() => "a".localeCompare("b", undefined, { sensitivity: "loud" as "base" }), RangeError);
    assert.throws(() => String.prototype.localeCompare.call(null, "a"), TypeError);
    assert.equal(String.prototype.localeCompare.name, "localeCompare");
    assert.equal(String.prototype.localeCompare.length, 1);
    assert.equal(Object.keys(String.prototype).includes("localeCompare"), false);
  });

  it("keys collators by every option the collator reads, and not options whose reading could run code", () => {
    assert.equal(collatorKey(undefined, { sensitivity: "accent" }), collatorKey(undefined, { sensitivity: "accent", unrelated: 1 }));
    assert.notEqual(collatorKey(undefined, { sensitivity: "accent" }), collatorKey(undefined, { sensitivity: "base" }));
    assert.notEqual(collatorKey(undefined, { numeric: true }), collatorKey(undefined, { numeric: "true" }));
    assert.notEqual(collatorKey("en", undefined), collatorKey("de", undefined));
    assert.equal(collatorKey(undefined, { get sensitivity() { return "base"; } }), undefined);
    assert.equal(collatorKey(undefined, Object.create({ sensitivity: "base" })), undefined);
    assert.equal(collatorKey(undefined, { sensitivity: { toString: () => "base" } }), undefined);
    assert.equal(collatorKey([{ toString: () => "en" }], undefined), undefined);
  });
});
