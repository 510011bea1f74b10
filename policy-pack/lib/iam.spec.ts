import * as assert from "node:assert/strict";
import fc from "fast-check";
import { GOOD, COMMON_MISTAKES, bucketPolicy, endpoint, role, rolePolicy } from "../testing/fixtures";
import { ResourceUnderTest, runPack } from "../testing/harness";
import { respell as rewrite } from "../testing/respell";
import { policies } from "../policies";
import { coversAction, parsePolicyDocument, patternCovers, Statement, wildcardMatch } from "./iam";

/**
 * The parser and the wildcard matcher remember every text they were given, for the life of the
 * process (a mutation run reuses it): a spec about what they compute from a text gives them one they
 * have not seen, by a suffix that changes nothing (trailing blanks, the same suffix on pattern and value).
 */
let unseen = 0;
const unseenText = (text: string) => `${text}${" ".repeat(++unseen)}`;

function statementsOf(document: unknown): Statement[] {
  const parsed = parsePolicyDocument(document);
  assert.ok(parsed.ok, JSON.stringify(parsed));
  return parsed.statements;
}

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
    const parsed = parsePolicyDocument({ Statement: [{ Effect: "Deny", Action: "*", Resource: "*", Condition: { "ForAnyValue:StringNotEqualsIfExists": { "aws:TagKeys": ["a", "b"] }, Null: { "aws:x": "true" }, NullIfExists: { "aws:y": "true" } } }] });
    assert.ok(parsed.ok);
    const [tags, nullCheck, nullIfExists] = parsed.statements[0].conditions;
    assert.deepEqual([tags.qualifier, tags.base, tags.ifExists], ["ForAnyValue", "StringNotEquals", true]);
    assert.deepEqual([nullCheck.base, nullCheck.ifExists], ["Null", false]);
    assert.deepEqual([nullIfExists.base, nullIfExists.ifExists], ["Null", false]);
  });

  it("reports unreadable documents instead of guessing", () => {
    const broken = parsePolicyDocument(unseenText("{"));
    assert.ok(!broken.ok && /^is not valid JSON \(.+\)/.test(broken.error), JSON.stringify(broken));
    for (const [document, error] of [
      [{ Version: "2012-10-17" }, /has no Statement/],
      [[1, 2], /is not a JSON object/],
      [{ Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }, "s3:PutObject"] }, /statement #2 is not an object/],
    ] as const) {
      const parsed = parsePolicyDocument(document);
      assert.ok(!parsed.ok && error.test(parsed.error), JSON.stringify(parsed));
    }
    const conditions = [
      { "": { "aws:x": "y" } }, { StringEquals: "y" }, "StringEquals", { StringEquals: { "": "y" } }, null, [],
      { StringEquals: { "aws:x": "y", "": "z" } }, { StringEquals: { "aws:a": "x", "aws:b": { y: "z" } } },
    ];
    for (const condition of conditions) {
      const malformed = parsePolicyDocument({ Statement: { Effect: "Allow", Action: "s3:GetObject", Resource: "*", Condition: condition } });
      assert.ok(!malformed.ok && /AWS refuses such a document/.test(malformed.error), JSON.stringify(condition));
    }
  });

  it("refuses an element holding an object or a nested list (AWS's grammar takes strings there), and still reads scalars", () => {
    const base = { Effect: "Allow", Action: "s3:PutObject", Resource: "arn:aws:s3:::b/*" };
    const shapes = [
      { Resource: { toString: "" } }, { Action: [["s3:PutObject"]] }, { NotResource: [{}] }, { NotAction: {} },
      { Principal: { AWS: { toString: "" } } }, { NotPrincipal: { AWS: [["arn:aws:iam::111122223333:root"]] } }, { Principal: { AWS: "arn:aws:iam::111122223333:root", Service: {} } },
      { Condition: { StringEquals: { "aws:SourceVpce": { valueOf: "" } } } }, { Condition: { StringEquals: { "aws:SourceVpce": [["vpce-1"]] } } },
    ];
    for (const shape of shapes) {
      const parsed = parsePolicyDocument({ Statement: { ...base, ...shape } });
      assert.ok(!parsed.ok && /^statement #1 has .*AWS refuses such a document/.test(parsed.error), JSON.stringify(shape));
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

  it("matches every action a NotAction list leaves out, whatever its case, and no action without Action or NotAction", () => {
    const [notIamOrS3] = statementsOf({ Statement: [{ Effect: "Allow", NotAction: ["iam:*", "s3:*"], Resource: "*" }] });
    assert.equal(coversAction(notIamOrS3, "sts:AssumeRole"), true);
    assert.equal(coversAction(notIamOrS3, "s3:GetObject"), false);
    assert.equal(coversAction(notIamOrS3, "IAM:CreateUser"), false);
    const [none] = statementsOf({ Statement: [{ Effect: "Allow", Resource: "*" }] });
    assert.equal(coversAction(none, "sts:AssumeRole"), false);
  });

  it("reads every kind of principal, AWS \"*\" as anyone, a null as no one, nothing for a statement naming none, and only a string as a Sid", () => {
    const [named] = statementsOf({
      Statement: { Effect: "Allow", Action: "sts:AssumeRole", Principal: { AWS: ["*", "arn:aws:iam::111122223333:role/a"], Service: "ec2.amazonaws.com", Federated: ["cognito-identity.amazonaws.com"], CanonicalUser: "79a59df9", Other: "x" } },
    });
    assert.deepEqual(named.principal, { wildcard: true, aws: ["arn:aws:iam::111122223333:role/a"], service: ["ec2.amazonaws.com"], federated: ["cognito-identity.amazonaws.com"], canonicalUser: ["79a59df9"] });
    for (const principal of [{ AWS: null }, null]) {
      const [nobody] = statementsOf({ Statement: { Effect: "Allow", Action: "sts:AssumeRole", Principal: principal } });
      assert.deepEqual(nobody.principal, { wildcard: false, aws: [], service: [], federated: [], canonicalUser: [] });
    }
    const [identity] = statementsOf({ Statement: { Sid: 12, Effect: "Allow", Action: "s3:GetObject", Resource: "*" } });
    assert.deepEqual([identity.principal, identity.notPrincipal, identity.conditions, identity.sid], [undefined, undefined, [], undefined]);
  });

  it("parses a text once and freezes what every rule reads, and reads an object afresh each time", () => {
    const text = unseenText(JSON.stringify({ Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*", Condition: { StringEquals: { "aws:x": ["y"] } } }] }));
    const first = parsePolicyDocument(text);
    assert.equal(parsePolicyDocument(text), first);
    assert.ok(first.ok);
    const [statement] = first.statements;
    for (const part of [first, first.statements, statement, statement.actions, statement.conditions, statement.conditions[0], statement.conditions[0].values]) assert.ok(Object.isFrozen(part));
    const document = { Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] };
    assert.deepEqual(statementsOf(document)[0].actions, ["s3:getobject"]);
    document.Statement[0].Action = "s3:PutObject";
    assert.deepEqual(statementsOf(document)[0].actions, ["s3:putobject"]);
  });

  it("matches IAM wildcards: * any run of characters (new lines too), ? one, every other character as itself, case only when asked", () => {
    const n = ++unseen;
    const match = (pattern: string, value: string, caseInsensitive?: boolean) => wildcardMatch(`${pattern}-${n}`, `${value}-${n}`, caseInsensitive);
    assert.equal(match("arn:aws:s3:::my.bucket/*", "arn:aws:s3:::my.bucket/a\nb"), true);
    assert.equal(match("arn:aws:s3:::my.bucket/*", "arn:aws:s3:::myxbucket/a"), false);
    assert.equal(match("arn:aws:s3:::my.bucket/(a|b)+", "arn:aws:s3:::my.bucket/(a|b)+"), true);
    assert.equal(match("arn:aws:s3:::my.bucket/(a|b)+", "arn:aws:s3:::my.bucket/aa"), false);
    assert.equal(match("s3:Get?bject", "s3:GetObject"), true);
    assert.equal(match("s3:Get?bject", "s3:GetObjectx"), false);
    assert.equal(match("S3:GET*", "s3:getobject", true), true);
    assert.equal(match("Bucket", "bucket"), false);
    // A pattern matched with and without case is two patterns, however its text begins.
    assert.equal(match("sQ", "SQ", true), true);
    assert.equal(match("Q", "Q"), true);
    assert.equal(match("R", "r", true), true);
    assert.equal(match("iR", "iR"), true);
  });

  it("knows which resource patterns cover a prefix", () => {
    assert.equal(patternCovers("arn:aws:s3:::b/*", "arn:aws:s3:::b/example/*"), true);
    assert.equal(patternCovers("arn:aws:s3:::b/example/*", "arn:aws:s3:::b/example/*"), true);
    assert.equal(patternCovers("arn:aws:s3:::b/other/*", "arn:aws:s3:::b/example/*"), false);
    assert.equal(patternCovers("arn:aws:s3:::b/example/x", "arn:aws:s3:::b/example/*"), false);
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
