import * as assert from "node:assert/strict";
import fc from "fast-check";
import { GOOD, COMMON_MISTAKES, bucketPolicy, endpoint, role, rolePolicy } from "../testing/fixtures";
import { ResourceUnderTest, runPack } from "../testing/harness";
import { respell as rewrite } from "../testing/respell";
import { policies } from "../policies";
import { coversAction, coversResource, parsePolicyDocument, patternCovers } from "./iam";

describe("IAM document parser", () => {
  it("reads string-or-list values, a single Statement object, and lower-cases actions and condition keys only", () => {
    const parsed = parsePolicyDocument(
      JSON.stringify({ Statement: { Sid: "A", Effect: "Allow", Action: "S3:PutObject", Resource: "arn:aws:s3:::B/Key", Condition: { StringEquals: { "AWS:SourceVpce": "vpce-0A" } } } }),
    );
    assert.ok(parsed.ok);
    const [statement] = parsed.statements;
    assert.deepEqual(statement.actions, ["s3:putobject"]);
    assert.deepEqual(statement.resources, ["arn:aws:s3:::B/Key"]);
    assert.deepEqual(statement.conditions, [{ operator: "StringEquals", base: "StringEquals", ifExists: false, qualifier: undefined, key: "aws:sourcevpce", values: ["vpce-0A"] }]);
  });

  it("keeps Effect and operators case-sensitive, as AWS does", () => {
    const parsed = parsePolicyDocument({ Statement: [{ Effect: "allow", Action: "s3:GetObject", Resource: "*", Condition: { stringequals: { "aws:x": "y" } } }] });
    assert.ok(parsed.ok);
    assert.equal(parsed.statements[0].effect, "allow");
    assert.equal(parsed.statements[0].conditions[0].base, undefined);
  });

  it("splits qualifiers and IfExists off operators", () => {
    const parsed = parsePolicyDocument({ Statement: [{ Effect: "Deny", Action: "*", Resource: "*", Condition: { "ForAnyValue:StringNotEqualsIfExists": { "aws:TagKeys": ["a", "b"] }, Null: { "aws:x": "true" } } }] });
    assert.ok(parsed.ok);
    const [tags, nullCheck] = parsed.statements[0].conditions;
    assert.deepEqual([tags.qualifier, tags.base, tags.ifExists], ["ForAnyValue", "StringNotEquals", true]);
    assert.deepEqual([nullCheck.base, nullCheck.ifExists], ["Null", false]);
  });

  it("reports unreadable documents instead of guessing", () => {
    const broken = parsePolicyDocument("{");
    assert.ok(!broken.ok && /^is not valid JSON \(/.test(broken.error));
    assert.equal(parsePolicyDocument({ Version: "2012-10-17" }).ok, false);
    assert.equal(parsePolicyDocument([1, 2]).ok, false);
    for (const condition of [{ "": { "aws:x": "y" } }, { StringEquals: "y" }, "StringEquals", { StringEquals: { "": "y" } }]) {
      const malformed = parsePolicyDocument({ Statement: { Effect: "Allow", Action: "s3:GetObject", Resource: "*", Condition: condition } });
      assert.ok(!malformed.ok && /AWS refuses such a document/.test(malformed.error), JSON.stringify(condition));
    }
  });

  it("refuses an element holding an object or a nested list (AWS's grammar takes strings there), and still reads scalars", () => {
    const base = { Effect: "Allow", Action: "s3:PutObject", Resource: "arn:aws:s3:::b/*" };
    const shapes = [
      { Resource: { toString: "" } }, { Action: [["s3:PutObject"]] }, { NotResource: [{}] }, { NotAction: {} },
      { Principal: { AWS: { toString: "" } } }, { NotPrincipal: { AWS: [["arn:aws:iam::111122223333:root"]] } },
      { Condition: { StringEquals: { "aws:SourceVpce": { valueOf: "" } } } }, { Condition: { StringEquals: { "aws:SourceVpce": [["vpce-1"]] } } },
    ];
    for (const shape of shapes) {
      const parsed = parsePolicyDocument({ Statement: { ...base, ...shape } });
      assert.ok(!parsed.ok && /AWS refuses such a document/.test(parsed.error), JSON.stringify(shape));
    }
    const scalars = parsePolicyDocument({ Statement: { ...base, Condition: { Bool: { "aws:SecureTransport": false }, NumericLessThan: { "s3:max-keys": [10, "20"] } } } });
    assert.ok(scalars.ok);
    assert.deepEqual(scalars.statements[0].conditions.map((c) => c.values), [["false"], ["10", "20"]]);
  });

  it("matches actions case-insensitively and through wildcards and NotAction", () => {
    const [allowStar] = (parsePolicyDocument({ Statement: [{ Effect: "Allow", Action: "sts:*", Resource: "*" }] }) as any).statements;
    assert.equal(coversAction(allowStar, "STS:AssumeRole"), true);
    const [notIam] = (parsePolicyDocument({ Statement: [{ Effect: "Allow", NotAction: "iam:*", Resource: "*" }] }) as any).statements;
    assert.equal(coversAction(notIam, "sts:AssumeRole"), true);
    assert.equal(coversAction(notIam, "iam:CreateUser"), false);
  });

  it("knows which resource patterns cover a prefix", () => {
    assert.equal(patternCovers("arn:aws:s3:::b/*", "arn:aws:s3:::b/example/*"), true);
    assert.equal(patternCovers("arn:aws:s3:::b/example/*", "arn:aws:s3:::b/example/*"), true);
    assert.equal(patternCovers("arn:aws:s3:::b/other/*", "arn:aws:s3:::b/example/*"), false);
    assert.equal(patternCovers("arn:aws:s3:::b/example/x", "arn:aws:s3:::b/example/*"), false);
    const [notSecret] = (parsePolicyDocument({ Statement: [{ Effect: "Allow", Action: "s3:*", NotResource: "arn:aws:s3:::b/secret/*" }] }) as any).statements;
    assert.equal(coversResource(notSecret, "arn:aws:s3:::b/example/*"), true);
    assert.equal(coversResource(notSecret, "arn:aws:s3:::b/secret/*"), false);
  });
});

/** Each document, and the rules that must refuse it (none for the program's own documents). */
const DOCUMENT_RESOURCES: [string, (policy: unknown) => ResourceUnderTest, () => any, string[]][] = [
  ["transfer trust", (p) => role("xacct-transfer", p), () => GOOD.transferTrust(), []],
  ["root trust", (p) => role("xacct-transfer", p), () => COMMON_MISTAKES.rootTrust, ["iam-trust-exact-principals"]],
  ["transfer permissions", (p) => rolePolicy("xacct-transfer", p), () => GOOD.transferPolicy(), []],
  ["s3:* permissions", (p) => rolePolicy("xacct-transfer", p), () => COMMON_MISTAKES.rolePolicyS3Star, ["iam-no-wildcard-actions"]],
  ["bucket policy", (p) => bucketPolicy(p), () => GOOD.bucketPolicy(), []],
  ["bucket policy of an IAM user", (p) => bucketPolicy(p), () => COMMON_MISTAKES.userBucketPolicy, ["iam-no-wildcard-actions", "s3-bucket-policy-requires-tls"]],
  ["S3 endpoint policy", (p) => endpoint("s3", p), () => GOOD.s3EndpointPolicy(), []],
  ["STS endpoint policy with Action *", (p) => endpoint("sts", p), () => COMMON_MISTAKES.stsEndpointPolicyActionStar, ["iam-no-wildcard-actions"]],
];

const resourceRules = policies.filter((p) => !("validateStack" in p));

async function verdict(resource: ResourceUnderTest): Promise<string[]> {
  const result = await runPack(resourceRules, [resource]);
  return result.violations.map((v) => `${v.policy}: ${v.message}`).sort();
}

describe("IAM document parser, property: the same policy written another way gets the same verdict", () => {
  for (const [what, toResource, document, refusedBy] of DOCUMENT_RESOURCES) {
    it(what, async () => {
      const expected = await verdict(toResource(JSON.stringify(document())));
      assert.deepEqual([...new Set(expected.map((v) => v.split(":")[0]))].sort(), refusedBy);
      await fc.assert(
        fc.asyncProperty(
          fc.record({
            casing: fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
            listify: fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
            asString: fc.boolean(),
            singleStatement: fc.boolean(),
            indent: fc.integer({ min: 0, max: 4 }),
          }),
          async (choices) => {
            assert.deepEqual(await verdict(toResource(rewrite(document(), choices))), expected);
          },
        ),
        { numRuns: 60 },
      );
    });
  }
});
