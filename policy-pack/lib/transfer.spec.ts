import * as assert from "node:assert/strict";
import { Statement, parsePolicyDocument } from "./iam";
import { prefixOf, reachingObjects, reachingResources, whoIsLetIn } from "./transfer";

const BUCKET = { name: "xacct-transfer", partition: "aws" };
const ROLE = "arn:aws:iam::111111111111:role/xacct-transfer";
const statement = (raw: object): Statement => {
  const parsed = parsePolicyDocument({ Version: "2012-10-17", Statement: { Effect: "Allow", Action: "s3:PutObject", ...raw } });
  assert.ok(parsed.ok, JSON.stringify(raw));
  return parsed.statements[0];
};

describe("what a transfer-bucket statement reaches", () => {
  it("a NotResource Allow reaches the bucket unless it excludes the bucket and all of its objects", () => {
    assert.deepEqual(reachingResources(statement({ NotResource: ["arn:aws:s3:::xacct-transfer", "arn:aws:s3:::xacct-transfer/*"] }), BUCKET), []);
    assert.deepEqual(reachingResources(statement({ NotResource: ["arn:aws:s3:::xacct-*"] }), BUCKET), []);
    assert.deepEqual(reachingResources(statement({ NotResource: ["arn:aws:s3:::xacct-transfer"] }), BUCKET), ["everything except arn:aws:s3:::xacct-transfer"]);
    assert.deepEqual(reachingResources(statement({ NotResource: ["arn:aws:s3:::xacct-transfer", "arn:aws:s3:::xacct-transfer/in/*"] }), BUCKET), [
      "everything except arn:aws:s3:::xacct-transfer, arn:aws:s3:::xacct-transfer/in/*",
    ]);
    assert.deepEqual(reachingObjects(statement({ NotResource: "arn:aws:s3:::other/*" }), BUCKET), ["everything except arn:aws:s3:::other/*"]);
  });

  it("a Resource Allow reaches through the patterns that match the bucket or, for objects, its keys", () => {
    const resources = ["arn:aws:s3:::xacct-transfer", "arn:aws:s3:::xacct-transfer/in/*", "arn:aws:s3:::other/*", "arn:aws:s3:::xacct-*"];
    assert.deepEqual(reachingResources(statement({ Resource: resources }), BUCKET), ["arn:aws:s3:::xacct-transfer", "arn:aws:s3:::xacct-transfer/in/*", "arn:aws:s3:::xacct-*"]);
    assert.deepEqual(reachingObjects(statement({ Resource: resources }), BUCKET), ["arn:aws:s3:::xacct-transfer/in/*", "arn:aws:s3:::xacct-*"]);
  });

  it("a statement that names no resource (a trust policy's) reaches neither the bucket nor its objects", () => {
    const trust = statement({ Action: "sts:AssumeRole", Principal: { AWS: ROLE } });
    assert.deepEqual(reachingResources(trust, BUCKET), []);
    assert.deepEqual(reachingObjects(trust, BUCKET), []);
  });

  it("the key prefix of a pattern on this bucket, the whole bucket for any other pattern", () => {
    assert.equal(prefixOf("arn:aws:s3:::XACCT-transfer/in/*", BUCKET), "in/");
    assert.equal(prefixOf("arn:aws:s3:::xacct-*/in/*", BUCKET), "");
    assert.equal(prefixOf("arn:aws:s3:::other/in/*", BUCKET), "");
    assert.equal(prefixOf("*", BUCKET), "");
  });
});

describe("whom a transfer-bucket Allow lets in", () => {
  it("exact roles by Principal, or by an exact aws:PrincipalArn under Principal \"*\"", () => {
    assert.deepEqual(whoIsLetIn(statement({ Principal: { AWS: ROLE } })), { roles: [ROLE], others: [] });
    assert.deepEqual(whoIsLetIn(statement({ Principal: "*", Condition: { ArnEquals: { "aws:PrincipalArn": ROLE } } })), { roles: [ROLE], others: [] });
    assert.deepEqual(whoIsLetIn(statement({ Principal: "*", Condition: { ArnLike: { "aws:PrincipalArn": ROLE } } })), { roles: [ROLE], others: [] });
    assert.deepEqual(whoIsLetIn(statement({ Principal: "*", Condition: { StringLike: { "aws:PrincipalArn": ROLE } } })), { roles: [ROLE], others: [] });
  });

  it("a pattern under ArnLike or StringLike narrows to strangers; an IfExists, qualified or other operator does not narrow", () => {
    const wide = "arn:aws:iam::111111111111:role/*";
    assert.deepEqual(whoIsLetIn(statement({ Principal: "*", Condition: { ArnLike: { "aws:PrincipalArn": wide } } })).others, [`${wide} (is a wildcard pattern)`]);
    assert.deepEqual(whoIsLetIn(statement({ Principal: "*", Condition: { StringLike: { "aws:PrincipalArn": wide } } })).others, [`${wide} (is a wildcard pattern)`]);
    for (const Condition of [
      { ArnLikeIfExists: { "aws:PrincipalArn": wide } },
      { "ForAnyValue:ArnLike": { "aws:PrincipalArn": wide } },
      { ArnNotLike: { "aws:PrincipalArn": wide } },
      { StringEqualsIgnoreCase: { "aws:PrincipalArn": wide } },
    ]) {
      assert.deepEqual(whoIsLetIn(statement({ Principal: "*", Condition })), { roles: [], others: ['"*"'] }, JSON.stringify(Condition));
    }
    assert.deepEqual(whoIsLetIn(statement({ Principal: "*", Condition: { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3" } } })).others, [
      '"*" (an organization condition still lets in every principal of the organization)',
    ]);
  });

  it("names everyone else: NotPrincipal, accounts, services, federated and canonical users", () => {
    assert.deepEqual(whoIsLetIn(statement({ NotPrincipal: { AWS: ROLE } })), { roles: [], others: ["everyone but the NotPrincipal"] });
    const mixed = whoIsLetIn(statement({ Principal: { AWS: [ROLE, "111111111111"], Service: "ec2.amazonaws.com", Federated: "cognito-identity.amazonaws.com", CanonicalUser: "abc123" } }));
    assert.deepEqual(mixed, {
      roles: [ROLE],
      others: ["111111111111 (is a whole account (every role and user an admin there creates))", "the service ec2.amazonaws.com", "the federated principal cognito-identity.amazonaws.com", "the canonical user abc123"],
    });
    assert.deepEqual(whoIsLetIn(statement({})), { roles: [], others: [] });
  });
});
