import { GOOD, bucketPolicy, json } from "../testing/fixtures";
import { checkResource } from "../testing/harness";
import { assertPasses, assertViolates } from "../testing/expect";
import { s3BucketPolicyRequiresTls } from "./s3-bucket-policy-requires-tls";

const BUCKET_ARN = "arn:aws:s3:::xacct-transfer-222222222222-apne1";
function withTlsDeny(overrides?: object) {
  const document = GOOD.bucketPolicy();
  const others = document.Statement.filter((s: any) => s.Sid !== "DenyEveryRequestThatDoesNotUseTls");
  const tls = { Sid: "Tls", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [BUCKET_ARN, `${BUCKET_ARN}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } } };
  return json({ ...document, Statement: overrides ? [...others, { ...tls, ...overrides }] : others });
}

describe("s3-bucket-policy-requires-tls", () => {
  it("passes the program's bucket policy", async () => {
    assertPasses(await checkResource(s3BucketPolicyRequiresTls, bucketPolicy(json(GOOD.bucketPolicy()))));
  });

  it("accepts a boolean false and other casing of the key", async () => {
    assertPasses(await checkResource(s3BucketPolicyRequiresTls, bucketPolicy(withTlsDeny({ Condition: { Bool: { "AWS:securetransport": false } } }))));
  });

  it("accepts the same deny written more widely: every resource, every action, every AWS principal, a one-element list", async () => {
    const cases: object[] = [
      { Resource: "*" },
      { Action: "*" },
      { Action: ["s3:GetObject", "s3:*"] },
      { Principal: { AWS: "*" } },
      { Resource: [`${BUCKET_ARN}/*`, BUCKET_ARN] },
      { Condition: { Bool: { "aws:SecureTransport": ["false"] } } },
      // Every request denied, with TLS or without: the bucket is closed, plain HTTP with it.
      { Condition: undefined },
    ];
    for (const overrides of cases) {
      assertPasses(await checkResource(s3BucketPolicyRequiresTls, bucketPolicy(withTlsDeny(overrides))));
    }
  });

  it("refuses a policy without the TLS deny", async () => {
    assertViolates(await checkResource(s3BucketPolicyRequiresTls, bucketPolicy(withTlsDeny())), /does not deny requests without TLS\. Add a Deny/);
  });

  it("refuses TLS denies that cover too little", async () => {
    const cases: object[] = [
      { Resource: [`${BUCKET_ARN}/*`] },
      { Action: "s3:PutObject" },
      { Condition: { Bool: { "aws:SecureTransport": "true" } } },
      { Principal: { AWS: "arn:aws:iam::222222222222:role/xacct-transfer" } },
      { Condition: { Bool: { "aws:SecureTransport": "false" }, StringEquals: { "aws:PrincipalAccount": "111111111111" } } },
      { Action: undefined, NotAction: "s3:GetObject" },
      { Condition: { "ForAnyValue:Bool": { "aws:SecureTransport": "false" } } },
      { Principal: "*", NotPrincipal: { AWS: "arn:aws:iam::222222222222:role/xacct-transfer" } },
      { Effect: "Allow" },
      { Condition: { Bool: { "aws:SecureTransport": ["false", "true"] } } },
      { Condition: { StringEquals: { "aws:SecureTransport": "false" } } },
      { Resource: [BUCKET_ARN, `${BUCKET_ARN}/in/*`] },
      { Resource: ["arn:aws:s3:::xacct-*", "arn:aws:s3:::xacct-*/*"] },
      { Resource: [`${BUCKET_ARN}/*`, `${BUCKET_ARN}/in`] },
      // Not ARNs at all: the deny covers no request to the bucket.
      { Resource: [`x${BUCKET_ARN}`, `x${BUCKET_ARN}/*`] },
      // A second clause on the same key makes the deny fire never: false AND not false.
      { Condition: { Bool: { "aws:SecureTransport": "false" }, StringNotEquals: { "aws:SecureTransport": "false" } } },
    ];
    for (const overrides of cases) {
      assertViolates(await checkResource(s3BucketPolicyRequiresTls, bucketPolicy(withTlsDeny(overrides))), /"Tls" mention aws:SecureTransport/);
    }
  });

  it("names every statement that tries and fails, and a NotAction or NotResource deny is no TLS deny", async () => {
    const document = JSON.parse(withTlsDeny({ NotAction: "s3:GetObject", Action: undefined }));
    document.Statement.push({ Sid: "Tls2", Effect: "Deny", Principal: "*", Action: "s3:*", NotResource: `${BUCKET_ARN}/public/*`, Condition: { Bool: { "aws:SecureTransport": "false" } } });
    assertViolates(await checkResource(s3BucketPolicyRequiresTls, bucketPolicy(json(document))), /\(statement "Tls", statement "Tls2" mention aws:SecureTransport/);
  });
});
