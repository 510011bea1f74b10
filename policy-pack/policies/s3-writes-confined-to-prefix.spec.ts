import * as assert from "node:assert/strict";
import { BYPASSES, HARMLESS } from "../testing/corpus";
import { PAIR, TYPE, editDocument, fixture, resourceOf, withProps } from "../testing/fixtures";
import { Outcome, ResourceUnderTest, checkResource, checkStack } from "../testing/harness";
import { assertPasses, assertViolates } from "../testing/expect";
import { iamNoStarResourceForWrites } from "./iam-no-star-resource-for-writes";
import { s3WritesConfinedToPrefix } from "./s3-writes-confined-to-prefix";

const BUCKET = `arn:aws:s3:::${PAIR.bucket}`;
const check = (resources: ResourceUnderTest[], protectedPrefixes?: string[], transferBuckets?: string[]) =>
  checkStack(s3WritesConfinedToPrefix, resources, { "s3-writes-confined-to-prefix": { ...(protectedPrefixes ? { protectedPrefixes } : {}), ...(transferBuckets ? { transferBuckets } : {}) } });
/** The pair with the transfer role's grant given one more statement. */
const granting = (statement: object, resources = fixture("pair")) =>
  withProps(resources, TYPE.rolePolicy, "target-transfer-write-prefix", editDocument("policy", (d) => d.Statement.push({ Effect: "Allow", ...statement })));
/** The pair with the transfer role's grant on other keys. */
const writingTo = (...resources: string[]) => withProps(fixture("pair"), TYPE.rolePolicy, "target-transfer-write-prefix", editDocument("policy", (d) => (d.Statement[0].Resource = resources)));
/** The rule reported exactly one violation, and it matches `pattern`. */
function assertOnlyViolation(outcome: Outcome, pattern: RegExp): void {
  assert.equal(outcome.violations.length, 1, outcome.violations.map((v) => v.message).join("\n"));
  assertViolates(outcome, pattern);
}

describe("s3-writes-confined-to-prefix", () => {
  it("passes every shipped stack and every harmless addition", async () => {
    for (const stack of ["pair", "source", "target"] as const) assertPasses(await checkStack(s3WritesConfinedToPrefix, fixture(stack)));
    for (const harmless of HARMLESS) assertPasses(await checkStack(s3WritesConfinedToPrefix, harmless.edit(fixture("pair"))));
  });

  it("names the grant on the whole bucket, and honours protectedPrefixes", async () => {
    const whole = BYPASSES.find((c) => c.name === "transfer writes on the whole bucket")!;
    assertViolates(await checkStack(s3WritesConfinedToPrefix, whole.edit(fixture("pair"))), /on arn:aws:s3:::xacct-transfer-222222222222-apne1\/\*, the whole transfer bucket/);
    assertPasses(await checkStack(s3WritesConfinedToPrefix, fixture("pair"), { "s3-writes-confined-to-prefix": { protectedPrefixes: ["example/"] } }));
    assertViolates(await checkStack(s3WritesConfinedToPrefix, fixture("pair"), { "s3-writes-confined-to-prefix": { protectedPrefixes: ["inbox/"] } }), /prefix example\/, outside inbox\//);
  });

  it("confines a listing of the bucket by its s3:prefix condition, to protectedPrefixes when set", async () => {
    const listing = HARMLESS.find((c) => c.name === "the transfer role may list its prefix")!.edit(fixture("pair"));
    assertPasses(await checkStack(s3WritesConfinedToPrefix, listing, { "s3-writes-confined-to-prefix": { protectedPrefixes: ["example/"] } }));
    assertViolates(await checkStack(s3WritesConfinedToPrefix, listing, { "s3-writes-confined-to-prefix": { protectedPrefixes: ["inbox/"] } }), /s3:listbucket .* for s3:prefix "example\/\*", outside inbox\//);
    const whole = BYPASSES.find((c) => c.name === "transfer role lists the whole bucket")!.edit(fixture("pair"));
    assertViolates(await checkStack(s3WritesConfinedToPrefix, whole), /s3:listbucket on the transfer bucket .* with no condition on s3:prefix/);
  });

  const bypasses = BYPASSES.filter((c) => c.refusedBy === s3WritesConfinedToPrefix.name);
  it(`refuses ${bypasses.length} bypasses of the corpus`, () => assert.ok(bypasses.length >= 3));
  for (const bypass of bypasses) {
    it(`refuses: ${bypass.name}`, async () => {
      assertViolates(await checkStack(s3WritesConfinedToPrefix, bypass.edit(fixture("pair"))));
    });
  }

  it("names what is granted on the whole bucket (the first three actions), and every prefix allowed", async () => {
    const whole = writingTo(`${BUCKET}/*`);
    assertOnlyViolation(await check(whole), new RegExp(`^target-transfer-write-prefix policy statement "AllowWriteObjectsUnderThePrefix" allows s3:putobject, s3:abortmultipartupload on ${BUCKET}/\\*, the whole transfer bucket`));
    const four = withProps(whole, TYPE.rolePolicy, "target-transfer-write-prefix", editDocument("policy", (d) => (d.Statement[0].Action = ["s3:PutObject", "s3:AbortMultipartUpload", "s3:DeleteObject", "s3:PutObjectTagging"])));
    assertViolates(await check(four), /allows s3:putobject, s3:abortmultipartupload, s3:deleteobject on/);
    assertViolates(await check(fixture("pair"), ["inbox/", "outbox/"]), /prefix example\/, outside inbox\/, outbox\//);
    // NotResource reaches every key but the ones it names.
    const notResource = withProps(fixture("pair"), TYPE.rolePolicy, "target-transfer-write-prefix", editDocument("policy", (d) => {
      delete d.Statement[0].Resource;
      d.Statement[0].NotResource = [`${BUCKET}/secret/*`];
    }));
    assertViolates(await check(notResource), /the whole transfer bucket/);
  });

  it("accepts a grant under any of the protected prefixes, nested keys included", async () => {
    assertPasses(await check(fixture("pair"), ["inbox/", "example/"]));
    assertPasses(await check(writingTo(`${BUCKET}/example/incoming/*`), ["example/"]));
  });

  it("refuses a transfer role's object grant on a bucket outside the stack, unless configured as a transfer bucket", async () => {
    const other = granting({ Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:PutObjectTagging"], Resource: ["arn:aws:s3:::other-bucket/inbox/*", "arn:aws:s3:::third-bucket/inbox/*"] });
    assertOnlyViolation(await check(other), /lets the transfer role xacct-transfer use s3:getobject, s3:putobject, s3:deleteobject on arn:aws:s3:::other-bucket\/inbox\/\*, arn:aws:s3:::third-bucket\/inbox\/\*, outside this stack's transfer bucket \(xacct-transfer-222222222222-apne1\)/);
    assertPasses(await check(other, [], [PAIR.bucket, "other-bucket", "third-bucket"]));
    // Listing another bucket, or an object action on a bucket ARN (which matches no object), writes no object there.
    assertPasses(await check(granting({ Action: ["s3:ListBucket"], Resource: ["arn:aws:s3:::other-bucket", "arn:aws:s3:::other-bucket/*"] })));
    assertPasses(await check(granting({ Action: ["s3:PutObject"], Resource: ["arn:aws:s3:::other-bucket"] })));
  });

  it("leaves a wildcard bucket name to iam-no-star-resource-for-writes, which refuses it", async () => {
    const wildcard = granting({ Action: ["s3:PutObject"], Resource: ["arn:aws:s3:::other-*/inbox/*"] });
    assertPasses(await check(wildcard));
    assertViolates(await checkResource(iamNoStarResourceForWrites, resourceOf(wildcard, TYPE.rolePolicy, "target-transfer-write-prefix")), /arn:aws:s3:::other-\*\/inbox\/\*/);
  });

  it("judges a stack whose transfer bucket lives in another stack by prefix only", async () => {
    const bucketElsewhere = fixture("pair").filter((r) => !(r.type === TYPE.bucket && r.name === "target-bucket"));
    assertPasses(await check(bucketElsewhere));
  });

  it("refuses changes to the bucket itself, naming the first three", async () => {
    const changes = granting({ Action: ["s3:PutBucketPolicy", "s3:PutBucketTagging", "s3:PutLifecycleConfiguration", "s3:PutBucketVersioning"], Resource: [BUCKET, `${BUCKET}*`] });
    assertOnlyViolation(await check(changes), new RegExp(`allows s3:putbucketpolicy, s3:putbuckettagging, s3:putlifecycleconfiguration on the transfer bucket itself \\(${BUCKET}, ${BUCKET}\\*\\)`));
  });

  it("accepts bucket actions granted on object ARNs, where they authorize nothing, and reading the bucket's settings", async () => {
    assertPasses(await check(granting({ Action: ["s3:ListBucket", "s3:PutBucketVersioning"], Resource: [`${BUCKET}/*`] })));
    assertPasses(await check(granting({ Action: ["s3:GetBucketLocation"], Resource: [BUCKET] })));
  });

  it("judges only a bucket's own policy against it: another bucket's policy grants nothing on the transfer bucket", async () => {
    const logs = resourceOf(fixture("pair"), TYPE.bucketPolicy, "target-bucket");
    const policy = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::222222222222:role/reporting" }, Action: "s3:GetObject", Resource: "*" }] });
    assertPasses(await check([...fixture("pair"), { ...logs, name: "logs", urn: `${logs.urn}-logs`, props: { bucket: "xacct-logs-222222222222-apne1", policy } }]));
  });

  it("names the document that grants too much: an endpoint policy, the bucket policy", async () => {
    const endpoint = BYPASSES.find((c) => c.name === "S3 endpoint policy opens the whole bucket to the transfer role")!.edit(fixture("pair"));
    assertViolates(await check(endpoint), /^source-endpoints-s3 policy statement .* the whole transfer bucket/);
    const bucketPolicy = BYPASSES.find((c) => c.name === "bucket policy lets the transfer role list the whole bucket")!.edit(fixture("pair"));
    assertViolates(await check(bucketPolicy), /^target-bucket policy statement "AllowListing" allows s3:listbucket/);
  });

  it("names a listing's actions (the first three) and why its s3:prefix condition does not confine it", async () => {
    const byName = (name: string) => BYPASSES.find((c) => c.name === name)!.edit(fixture("pair"));
    assertViolates(await check(byName("transfer role lists every version in the bucket (s3:List*)")), /allows s3:list\w+, s3:list\w+, s3:list\w+ on the transfer bucket/);
    assertViolates(await check(byName("transfer role lists with a prefix condition a request without a prefix passes (IfExists)")), /with StringLikeIfExists on s3:prefix, which a request without a prefix passes/);
    assertViolates(await check(byName("transfer role lists any prefix (s3:prefix *)")), /for s3:prefix "\*", which is no prefix/);
    const listing = (condition: object) => granting({ Action: "s3:ListBucket", Resource: BUCKET, Condition: condition });
    assertViolates(await check(listing({ StringLike: { "s3:prefix": ["*", "?"] } })), /for s3:prefix "\*", "\?", which is no prefix/);
    assertViolates(await check(listing({ StringLike: { "s3:prefix": ["secret/*"] } }), ["inbox/", "example/"]), /for s3:prefix "secret\/\*", outside inbox\/, example\//);
    // A negated match, or no value at all, confines nothing.
    assertViolates(await check(listing({ StringNotLike: { "s3:prefix": ["secret/*"] } })), /with StringNotLike on s3:prefix/);
    assertViolates(await check(listing({ StringLike: { "s3:prefix": [] } })), /s3:listbucket/);
    // Under any protected prefix, nested ones included.
    assertPasses(await check(listing({ StringLike: { "s3:prefix": ["example/*"] } }), ["inbox/", "example/"]));
    assertPasses(await check(listing({ StringLike: { "s3:prefix": ["example/incoming/*"] } }), ["example/"]));
  });
});
