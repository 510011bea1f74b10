import * as assert from "node:assert/strict";
import { allowGuard, denyGuardProblems } from "./conditions";
import { Statement, parsePolicyDocument } from "./iam";

const statement = (raw: object): Statement => {
  const parsed = parsePolicyDocument({ Statement: raw });
  assert.ok(parsed.ok);
  return parsed.statements[0];
};
const allow = (Condition: object) => statement({ Effect: "Allow", Principal: "*", Action: "s3:PutObject", Resource: "*", Condition });
const deny = (Condition: object) => statement({ Effect: "Deny", Principal: "*", Action: "s3:PutObject", Resource: "*", Condition });

describe("conditions judged by operator and key", () => {
  it("an Allow guard: positive, not IfExists, unqualified, exact values, any casing of the key", () => {
    assert.deepEqual(allowGuard(allow({ StringEquals: { "AWS:SourceVpce": "vpce-0a1b2c3d" } }), "aws:SourceVpce"), ["vpce-0a1b2c3d"]);
    assert.deepEqual(allowGuard(allow({ StringLike: { "aws:SourceVpce": ["vpce-0a1b2c3d"] } }), "aws:SourceVpce"), ["vpce-0a1b2c3d"]);
    for (const condition of [
      { StringEqualsIfExists: { "aws:SourceVpce": "vpce-0a1b2c3d" } },
      { "ForAnyValue:StringEquals": { "aws:SourceVpce": "vpce-0a1b2c3d" } },
      { StringLike: { "aws:SourceVpce": "vpce-*" } },
      { StringNotEquals: { "aws:SourceVpce": "vpce-0a1b2c3d" } },
      { Null: { "aws:SourceVpce": "false" } },
      { StringEquals: { "aws:SourceVpc": "vpc-0a1b2c3d" } },
      { stringequals: { "aws:SourceVpce": "vpce-0a1b2c3d" } },
    ]) {
      assert.equal(allowGuard(allow(condition), "aws:SourceVpce"), undefined, JSON.stringify(condition));
    }
  });

  it("a Deny guard: negated, unqualified, exact values, nothing beside it", () => {
    assert.deepEqual(denyGuardProblems(deny({ StringNotEquals: { "aws:SourceVpce": "vpce-0a1b2c3d" } }), "aws:SourceVpce"), []);
    assert.deepEqual(denyGuardProblems(deny({ StringNotEqualsIfExists: { "aws:SourceVpce": "vpce-0a1b2c3d" } }), "aws:SourceVpce"), []);
    const cases: [object, RegExp][] = [
      [{ StringEquals: { "aws:SourceVpce": "vpce-0a1b2c3d" } }, /not a negated string match/],
      [{ "ForAnyValue:StringNotEquals": { "aws:SourceVpce": "vpce-0a1b2c3d" } }, /set qualifier/],
      [{ StringNotLike: { "aws:SourceVpce": "vpce-*" } }, /wildcard/],
      [{ StringNotEquals: { "aws:SourceVpce": "vpce-0a1b2c3d" }, Null: { "aws:SourceVpce": "false" } }, /not a negated string match/],
      [{ StringNotEquals: { "aws:SourceVpce": "vpce-0a1b2c3d", "aws:PrincipalAccount": "111111111111" } }, /narrows whom the deny covers/],
      [{ StringNotEquals: { "aws:SourceVpce": "${aws:username}" } }, /not an exact/],
    ];
    for (const [condition, why] of cases) {
      assert.match(denyGuardProblems(deny(condition), "aws:SourceVpce").join("; "), why, JSON.stringify(condition));
    }
  });
});
