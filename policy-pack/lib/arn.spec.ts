import * as assert from "node:assert/strict";
import fc from "fast-check";
import { bucketArns, isBroadResource, objectKeyPrefix, patternCovers, patternsIntersect } from "./arn";

/** Every string over a small alphabet up to `length`: enough to witness how patterns of a few characters relate. */
function allStrings(alphabet: string, length: number): string[] {
  const out = [""];
  for (let n = 0, level = [""]; n < length; n++) {
    level = level.flatMap((s) => [...alphabet].map((c) => s + c));
    out.push(...level);
  }
  return out;
}
const asRegExp = (pattern: string) => new RegExp(`^${[...pattern].map((c) => (c === "*" ? ".*" : c === "?" ? "." : c)).join("")}$`);
const WORDS = allStrings("abc", 6);
const pattern = fc.array(fc.constantFrom("a", "b", "*", "?"), { maxLength: 3 }).map((chars) => chars.join(""));

describe("ARN patterns", () => {
  it("two patterns intersect exactly when some ARN matches both (checked against every short string)", () => {
    fc.assert(
      fc.property(pattern, pattern, (a, b) => {
        const [x, y] = [asRegExp(a), asRegExp(b)];
        assert.equal(patternsIntersect(a, b), WORDS.some((w) => x.test(w) && y.test(w)), `${a} / ${b}`);
      }),
      { numRuns: 300 },
    );
  });

  it("a pattern covers another only when it matches every ARN the other matches (checked against every short string)", () => {
    fc.assert(
      fc.property(pattern, pattern, (outer, inner) => {
        const [x, y] = [asRegExp(outer), asRegExp(inner)];
        if (patternCovers(outer, inner)) assert.ok(WORDS.every((w) => !y.test(w) || x.test(w)), `${outer} covers ${inner}`);
      }),
      { numRuns: 300 },
    );
  });

  it("answers at once on patterns built to be slow (a policy must not be able to hang the preview)", () => {
    const stars = "arn:aws:s3:::" + "*a".repeat(25) + "*b";
    const plain = "arn:aws:s3:::" + "a".repeat(80);
    const started = process.hrtime.bigint();
    assert.equal(patternsIntersect(stars, plain), false);
    assert.equal(patternsIntersect(plain, stars), false);
    assert.equal(patternCovers(stars, plain), false);
    assert.equal(patternCovers("arn:aws:s3:::" + "*a".repeat(25) + "*c", "arn:aws:s3:::" + "a".repeat(60) + "*b"), false);
    assert.ok(Number(process.hrtime.bigint() - started) / 1e6 < 1000);
  });

  it("a grant on a bucket pattern can reach other buckets; a variable or other casing can be anything", () => {
    const yes: [string, string][] = [
      ["arn:aws:s3:::*/*", "arn:aws:s3:::xacct-transfer/in/a.csv"],
      ["arn:aws:s3:::xacct-?ransfer/*", "arn:aws:s3:::xacct-transfer/in/a.csv"],
      ["arn:aws:s3:::xacct-transfer*", "arn:aws:s3:::xacct-transfer-other"],
      ["arn:aws:s3:::xacct-transfer/${aws:username}/*", "arn:aws:s3:::xacct-transfer/in/a.csv"],
      ["arn:aws:iam::111111111111:role/Transfer", "arn:aws:iam::111111111111:role/transfer"],
      ["*", "arn:aws:kms:eu-west-1:111111111111:key/k"],
      ["arn:aws:s3:::b/*", "arn:aws:s3:::b/*x"],
    ];
    for (const [a, b] of yes) {
      assert.ok(patternsIntersect(a, b), `${a} / ${b}`);
      assert.ok(patternsIntersect(b, a), `${b} / ${a}`);
    }
    const no: [string, string][] = [
      ["arn:aws:s3:::xacct-transfer/*", "arn:aws:s3:::xacct-logs/*"],
      ["arn:aws:s3:::xacct-transfer/in/*", "arn:aws:s3:::xacct-transfer"],
      ["arn:aws:s3:::xacct-transfer/in/?", "arn:aws:s3:::xacct-transfer/in/ab"],
    ];
    for (const [a, b] of no) {
      assert.ok(!patternsIntersect(a, b), `${a} / ${b}`);
      assert.ok(!patternsIntersect(b, a), `${b} / ${a}`);
    }
  });

  it("a grant can reach a key that differs only in the casing of a non-ASCII letter, and '?' stands for any one of them", () => {
    // Object keys may hold any character; neither lower- nor upper-casing alone pairs every casing of a letter.
    const yes: [string, string][] = [
      ["arn:aws:s3:::xacct-transfer/in/\u212Aelvin.csv", "arn:aws:s3:::xacct-transfer/in/kelvin.csv"], // Kelvin sign, lower-cases to "k"
      ["arn:aws:s3:::xacct-transfer/in/\u017Fheet.csv", "arn:aws:s3:::xacct-transfer/in/sheet.csv"], // long s, upper-cases to "S"
      ["arn:aws:s3:::xacct-transfer/in/?.csv", "arn:aws:s3:::xacct-transfer/in/\u0130.csv"], // dotted capital I, lower-cases to two characters
    ];
    for (const [a, b] of yes) {
      assert.ok(patternsIntersect(a, b), `${a} / ${b}`);
      assert.ok(patternsIntersect(b, a), `${b} / ${a}`);
    }
    assert.ok(!patternsIntersect("arn:aws:s3:::xacct-transfer/in/\u212Aelvin.csv", "arn:aws:s3:::xacct-transfer/in/melvin.csv"));
  });

  it("a deny covers a grant only when it matches everything the grant names: exact case, no variable in the deny", () => {
    assert.ok(patternCovers("arn:aws:s3:::b/in/*", "arn:aws:s3:::b/in/sub/*"));
    assert.ok(patternCovers("arn:aws:s3:::b/*", "arn:aws:s3:::b/in/${aws:userid}/*"));
    assert.ok(patternCovers("arn:aws:s3:::b/in/?", "arn:aws:s3:::b/in/?"));
    assert.ok(patternCovers("arn:aws:s3:::b/in/*", "arn:aws:s3:::b/in/a?"));
    assert.ok(patternCovers("arn:aws:s3:::b/in/${aws:userid}/*", "arn:aws:s3:::b/in/${aws:userid}/*"));
    assert.ok(patternCovers("*", "*"));
    assert.ok(patternCovers("a*", "a"));
    assert.ok(patternCovers("arn:aws:s3:::b/?/x", "arn:aws:s3:::b/a/x"));
    assert.ok(patternCovers("arn:aws:s3:::b/?/*", "arn:aws:s3:::b/?/x"));
    assert.ok(patternCovers("arn:aws:s3:::B/in/*", "arn:aws:s3:::B/in/x"), "exact case");
    assert.ok(!patternCovers("arn:aws:s3:::b/?/x", "arn:aws:s3:::b/*/x"));
    assert.ok(!patternCovers("arn:aws:s3:::b/in/*", "arn:aws:s3:::b/*"));
    assert.ok(!patternCovers("arn:aws:s3:::b/in/*", "arn:aws:s3:::B/in/x"));
    assert.ok(!patternCovers("arn:aws:s3:::b/in/?", "arn:aws:s3:::b/in/*"));
    assert.ok(!patternCovers("arn:aws:s3:::b/in/${aws:userid}/*", "arn:aws:s3:::b/in/x/*"));
    assert.ok(!patternCovers("arn:aws:s3:::b/in/x", "arn:aws:s3:::b/in/${aws:userid}"), "a variable can be anything, not one name");
    assert.ok(!patternCovers("arn:aws:s3:::b/in/x", "arn:aws:s3:::b/in/xy"));
    assert.ok(!patternCovers("arn:aws:s3:::b/in/xy", "arn:aws:s3:::b/in/x"));
  });

  it("names by wildcard: every resource, other accounts, regions or buckets, a whole resource type", () => {
    const broad = [
      "*",
      "",
      "xacct-*",
      "arn:aws:s3:::*",
      "arn:aws:s3:::*/*",
      "arn:aws:s3:::xacct-?ransfer/*",
      "arn:aws:s3:::xacct-transfer*",
      "arn:aws:s3:::",
      "arn:aws:s3:::${aws:username}/*",
      "arn:*:s3:::xacct-transfer/*",
      "arn:aws:*:eu-west-1:111111111111:thing/x",
      "arn:aws:sqs:*:111111111111:queue",
      "arn:aws:sqs:eu-west-1:?11111111111:queue",
      "arn:aws:iam::123456789012:*",
      "arn:aws:iam::123456789012:role/*",
      "arn:aws:iam::123456789012:role/",
      "arn:aws:iam::123456789012:role*",
      "arn:aws:iam::123456789012:role/${aws:username}",
      "arn:aws:secretsmanager:eu-west-1:123456789012:secret:*",
      "arn:aws:iam::123456789012",
    ];
    for (const resource of broad) assert.ok(isBroadResource(resource), resource);
    const narrow = [
      "arn:aws:s3:::xacct-transfer",
      "arn:aws:s3:::xacct-transfer/*",
      "arn:aws:s3:::xacct-transfer/in/*",
      "arn:aws:iam::123456789012:role/xacct-transfer",
      "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/fn:*",
      "arn:aws:sqs:eu-west-1:123456789012:queue",
      "arn:aws:sqs:eu-west-1:123456789012:",
      "arn:aws:lambda:eu-west-1:123456789012:function:fn:*",
      "xacct-transfer",
    ];
    for (const resource of narrow) assert.ok(!isBroadResource(resource), resource);
  });

  it("bucket ARNs and the key prefix an object pattern is confined to", () => {
    assert.deepEqual(bucketArns("aws-cn", "b"), { bucket: "arn:aws-cn:s3:::b", objects: "arn:aws-cn:s3:::b/*" });
    assert.deepEqual(objectKeyPrefix("arn:aws:s3:::b/in/*"), { bucket: "b", prefix: "in/" });
    assert.deepEqual(objectKeyPrefix("arn:aws:s3:::b/*"), { bucket: "b", prefix: "" });
    assert.deepEqual(objectKeyPrefix("arn:aws:s3:::b/in/x/${aws:userid}/*"), { bucket: "b", prefix: "in/x/" });
    assert.deepEqual(objectKeyPrefix("arn:aws:s3:::b/in/${aws:userid}"), { bucket: "b", prefix: "in/" });
    assert.deepEqual(objectKeyPrefix("arn:aws:s3:::b/in/a/file.csv"), { bucket: "b", prefix: "in/a/" });
    assert.deepEqual(objectKeyPrefix("arn:aws:s3:::b/in?/x"), { bucket: "b", prefix: "" });
    assert.deepEqual(objectKeyPrefix("arn:aws:s3:::b/in/a?/x"), { bucket: "b", prefix: "in/" });
    assert.deepEqual(objectKeyPrefix("arn:aws:s3:::b/file.csv"), { bucket: "b", prefix: "" });
    assert.deepEqual(objectKeyPrefix("arn:aws:s3:::b/in/"), { bucket: "b", prefix: "in/" });
    // A key may hold any character, a line break too: the prefix is read from the whole key.
    assert.deepEqual(objectKeyPrefix("arn:aws:s3:::b/in/\nout/*"), { bucket: "b", prefix: "in/\nout/" });
    assert.equal(objectKeyPrefix("arn:aws:s3:::b"), undefined);
    assert.equal(objectKeyPrefix("arn:aws:iam::1:role/b/x"), undefined);
    assert.equal(objectKeyPrefix("x arn:aws:s3:::b/in/*"), undefined);
  });
});
