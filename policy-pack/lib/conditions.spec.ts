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
      [{ StringNotLike: { "aws:SourceVpce": "vpce-*" } }, /"vpce-\*" is not an exact/],
      [{ StringNotEquals: { "aws:SourceVpce": "vpce-0a1b2c3d" }, Null: { "aws:SourceVpce": "false" } }, /not a negated string match/],
      [{ StringNotEquals: { "aws:SourceVpce": "vpce-0a1b2c3d", "aws:PrincipalAccount": "111111111111" } }, /narrows whom the deny covers/],
      [{ StringNotEquals: { "aws:SourceVpce": "${aws:username}" } }, /not an exact/],
      [{ StringNotLike: { "aws:SourceVpce": ["vpce-*", "vpce-?"] } }, /^"vpce-\*", "vpce-\?" is not an exact/],
      [{ StringNotEquals: { "aws:SourceVpce": "vpce-0a1b2c3d", "aws:PrincipalAccount": "111111111111", "aws:PrincipalOrgID": "o-a1b2c3" } }, /extra condition on aws:principalaccount, aws:principalorgid narrows/],
    ];
    for (const [condition, why] of cases) {
      assert.match(denyGuardProblems(deny(condition), "aws:SourceVpce").join("; "), why, JSON.stringify(condition));
    }
  });

  it("an Allow guard pins every value: one loose value, an empty list or a value the caller refuses is no guard", () => {
    const endpointId = (v: string) => /^vpce-[0-9a-f]+$/.test(v);
    assert.deepEqual(allowGuard(allow({ StringEquals: { "aws:SourceVpce": ["vpce-0a1b", "vpce-2c3d"] } }), "aws:SourceVpce", endpointId), ["vpce-0a1b", "vpce-2c3d"]);
    assert.deepEqual(allowGuard(allow({ ArnEquals: { "aws:PrincipalArn": "arn:aws:iam::111111111111:role/r" } }), "aws:PrincipalArn"), ["arn:aws:iam::111111111111:role/r"]);
    for (const values of [["vpce-0a1b", "vpce-*"], ["vpce-0a1b", "${aws:SourceVpce}"], ["vpce-0a1b", "not-an-endpoint"], []]) {
      assert.equal(allowGuard(allow({ StringEquals: { "aws:SourceVpce": values } }), "aws:SourceVpce", endpointId), undefined, JSON.stringify(values));
    }
  });

  it("a Deny guard: Arn negations are sound, other negated operators and a missing condition are not; each problem names what is wrong", () => {
    assert.deepEqual(denyGuardProblems(deny({ ArnNotEquals: { "aws:PrincipalArn": "arn:aws:iam::111111111111:role/r" } }), "aws:PrincipalArn"), []);
    assert.deepEqual(denyGuardProblems(deny({ ArnNotLike: { "aws:PrincipalArn": "arn:aws:iam::111111111111:role/r" } }), "aws:PrincipalArn"), []);
    for (const operator of ["NumericNotEquals", "DateNotEquals", "NotIpAddress"]) {
      assert.notDeepEqual(denyGuardProblems(deny({ [operator]: { "aws:SourceVpce": "vpce-0a1b2c3d" } }), "aws:SourceVpce"), [], operator);
    }
    assert.match(denyGuardProblems(statement({ Effect: "Deny", Principal: "*", Action: "s3:PutObject", Resource: "*" }), "aws:SourceVpce").join("; "), /aws:SourceVpce/);
    const endpointId = (v: string) => /^vpce-[0-9a-f]+$/.test(v);
    const problems = denyGuardProblems(deny({ StringNotEquals: { "aws:SourceVpce": ["vpce-0a1b", "vpce-zz", "vpce-*"] } }), "aws:SourceVpce", endpointId, { valueName: "VPC endpoint id" });
    assert.match(problems.join("; "), /"vpce-zz"/);
    assert.match(problems.join("; "), /"vpce-\*"/);
    assert.doesNotMatch(problems.join("; "), /"vpce-0a1b"/);
    const narrowed = denyGuardProblems(deny({ StringNotEquals: { "aws:SourceVpce": "vpce-0a1b", "aws:PrincipalArn": "arn:aws:iam::111111111111:role/r" }, Null: { "aws:userid": "false" } }), "aws:SourceVpce", endpointId, { allowedOtherKeys: ["aws:principalarn"] });
    assert.match(narrowed.join("; "), /aws:userid/);
    assert.doesNotMatch(narrowed.join("; "), /aws:principalarn/i);
  });
});
