import * as assert from "node:assert/strict";
import { SECRET, UNKNOWN, booleanOf, isUnknown, known, numberOf } from "./unknowns";

// Settings a rule compares (a session length, a public-access flag): an unset, blank or malformed
// value must never be read as a number or boolean that would pass the comparison.

describe("reading settings that may be unknown", () => {
  it("numberOf: a number or numeric string is read; unset is undefined", () => {
    assert.equal(numberOf(3600), 3600);
    assert.equal(numberOf("3600"), 3600);
    assert.equal(numberOf(undefined), undefined);
    assert.equal(numberOf(null), undefined);
  });

  it("numberOf: unknown, secret, blank, boolean or text is never read as a number (a blank would otherwise be 0, true 1)", () => {
    for (const value of [UNKNOWN, SECRET, "", "  ", true, "one hour"]) assert.equal(numberOf(value), "unknown", JSON.stringify(value));
  });

  it("booleanOf: true/false and the strings providers send; unknown and secret stay unknown; unset is undefined; anything else invalid", () => {
    assert.equal(booleanOf(true), true);
    assert.equal(booleanOf("true"), true);
    assert.equal(booleanOf(false), false);
    assert.equal(booleanOf("false"), false);
    assert.equal(booleanOf(UNKNOWN), "unknown");
    assert.equal(booleanOf(SECRET), "unknown");
    assert.equal(booleanOf(undefined), undefined);
    assert.equal(booleanOf(null), undefined);
    assert.equal(booleanOf("yes"), "invalid");
  });

  it("known: the value when known throughout, otherwise undefined", () => {
    assert.deepEqual(known({ days: 30, ids: ["a"] }), { days: 30, ids: ["a"] });
    assert.equal(known({ days: 30, ids: [UNKNOWN] }), undefined);
    assert.equal(known(SECRET), undefined);
  });

  it("isUnknown: only the engine's sentinels and secrets, not look-alike values", () => {
    assert.ok(isUnknown(UNKNOWN) && isUnknown(SECRET));
    for (const value of ["", "secret", 0, null, undefined, [UNKNOWN], { value: UNKNOWN }]) assert.equal(isUnknown(value), false, JSON.stringify(value));
  });
});
