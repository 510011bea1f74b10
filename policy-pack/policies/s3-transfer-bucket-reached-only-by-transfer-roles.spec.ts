import * as assert from "node:assert/strict";
import { BYPASSES, HARMLESS } from "../testing/corpus";
import { PAIR, TYPE, fixture, json, resourceOf } from "../testing/fixtures";
import { ResourceUnderTest, checkStack } from "../testing/harness";
import { UNKNOWN } from "../lib/unknowns";
import { assertPasses, assertViolates } from "../testing/expect";
import { s3TransferBucketReachedOnlyByTransferRoles } from "./s3-transfer-bucket-reached-only-by-transfer-roles";

describe("s3-transfer-bucket-reached-only-by-transfer-roles", () => {
  it("passes every shipped stack and every harmless addition", async () => {
    for (const stack of ["pair", "source", "target"] as const) assertPasses(await checkStack(s3TransferBucketReachedOnlyByTransferRoles, fixture(stack)));
    for (const harmless of HARMLESS) assertPasses(await checkStack(s3TransferBucketReachedOnlyByTransferRoles, harmless.edit(fixture("pair"))));
  });

  it("names who gets in, and through which document", async () => {
    const org = BYPASSES.find((c) => c.name === "bucket policy lets \"*\" in with an organization condition")!;
    assertViolates(await checkStack(s3TransferBucketReachedOnlyByTransferRoles, org.edit(fixture("pair"))), /statement "AllowTheOrganization" lets "\*" \(an organization condition still lets in every principal of the organization\)/);
    const managed = BYPASSES.find((c) => c.name === "a customer managed policy reading the bucket, attached to another role")!;
    assertViolates(await checkStack(s3TransferBucketReachedOnlyByTransferRoles, managed.edit(fixture("pair"))), /read-transfers policy statement #1 lets the role reporting use s3:getobject/);
  });

  const bypasses = BYPASSES.filter((c) => c.refusedBy === s3TransferBucketReachedOnlyByTransferRoles.name);
  it(`refuses ${bypasses.length} bypasses of the corpus`, () => assert.ok(bypasses.length >= 3));
  for (const bypass of bypasses) {
    it(`refuses: ${bypass.name}`, async () => {
      assertViolates(await checkStack(s3TransferBucketReachedOnlyByTransferRoles, bypass.edit(fixture("pair"))));
    });
  }
});

describe("s3-transfer-bucket-reached-only-by-transfer-roles: doors, actions and key policies", () => {
  const policy = s3TransferBucketReachedOnlyByTransferRoles;
  const provider = (name: string) => resourceOf(fixture("pair"), TYPE.role, name).provider;
  const onTarget = (resource: Omit<ResourceUnderTest, "provider">): ResourceUnderTest => ({ ...resource, provider: provider("target-transfer") });
  const onSource = (resource: Omit<ResourceUnderTest, "provider">): ResourceUnderTest => ({ ...resource, provider: provider("source-instance") });
  const doc = (...Statement: object[]) => json({ Version: "2012-10-17", Statement });
  const BUCKET_ARN = () => `arn:aws:s3:::${PAIR.bucket}`;
  const with_ = (...extra: ResourceUnderTest[]) => checkStack(policy, [...fixture("pair"), ...extra]);
  const BUCKET_URN = () => String(resourceOf(fixture("pair"), TYPE.bucket, "target-bucket").urn);

  it("refuses an S3 Access Grants location on the bucket by S3 URI, or on every bucket (s3://); passes doors on other buckets", async () => {
    const grants = (locationScope: string) => onTarget({ type: "aws:s3control/accessGrantsLocation:AccessGrantsLocation", name: "grants", props: { locationScope, iamRoleArn: "arn:aws:iam::222222222222:role/grants" } });
    for (const scope of [`s3://${PAIR.bucket}`, `s3://${PAIR.bucket}/example/*`, "s3://"]) {
      assertViolates(await with_(grants(scope)), /grants is an S3 Access Grants location on the transfer bucket/);
    }
    assertPasses(await with_(grants("s3://xacct-reports/"), onTarget({ type: "aws:s3/accessPoint:AccessPoint", name: "reports", props: { bucket: "xacct-reports", name: "reports" } })));
  });

  it("refuses a door whose bucket is unknown at preview, or nested and computed from the bucket; passes one without the property", async () => {
    assertViolates(await with_(onTarget({ type: "aws:s3/accessPoint:AccessPoint", name: "side-door", props: { bucket: UNKNOWN, name: "side-door" } })), /side-door is an access point on the transfer bucket/);
    const mrap = (bucket: string, propertyDependencies?: Record<string, string[]>) =>
      onTarget({ type: "aws:s3control/multiRegionAccessPoint:MultiRegionAccessPoint", name: "global", props: { details: { name: "global", regions: [{ bucket }] } }, propertyDependencies });
    assertViolates(await with_(mrap(PAIR.bucket)), /global is a multi-region access point on the transfer bucket/);
    assertViolates(await with_(mrap(UNKNOWN, { details: [BUCKET_URN()] })), /global is a multi-region access point/);
    assertPasses(await with_(mrap(UNKNOWN)));
    assertPasses(await with_(onTarget({ type: "aws:s3/bucketAclV2:BucketAclV2", name: "acl", props: { acl: "private" } })));
  });

  it("refuses another role's bucket-level write, permissions or tagging action, and passes reading the bucket's location", async () => {
    const reader = (name: string, Action: string) =>
      onTarget({ type: "aws:iam/role:Role", name, props: { name, assumeRolePolicy: doc({ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }), inlinePolicies: [{ name: "p", policy: doc({ Effect: "Allow", Action, Resource: BUCKET_ARN() }) }] } });
    const outcome = await with_(reader("deleter", "s3:DeleteBucket"), reader("opener", "s3:PutBucketAcl"), reader("tagger", "s3:PutBucketTagging"));
    assertViolates(outcome, /the role deleter use s3:deletebucket/i, /the role opener use s3:putbucketacl/i, /the role tagger use s3:putbuckettagging/i);
    assertPasses(await with_(reader("locator", "s3:GetBucketLocation")));
  });

  it("names at most three of the actions another role (by its IAM name) may use, and every pattern that reaches the bucket", async () => {
    const role = (name: string, Action: string[]) =>
      onTarget({ type: "aws:iam/role:Role", name: `${name}-resource`, props: { name, assumeRolePolicy: doc({ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }), inlinePolicies: [{ name: "p", policy: doc({ Effect: "Allow", Action, Resource: [`${BUCKET_ARN()}/in/*`, `${BUCKET_ARN()}/out/*`] }) }] } });
    const three = ["s3:GetObject", "s3:GetObjectTagging", "s3:DeleteObject"];
    assertViolates(await with_(role("three", three)), /the role three use s3:getobject, s3:getobjecttagging, s3:deleteobject on arn:aws:s3:::[\w-]+\/in\/\*, arn:aws:s3:::[\w-]+\/out\/\*, which/i);
    assertViolates(await with_(role("four", [...three, "s3:RestoreObject"])), /the role four use s3:getobject, s3:getobjecttagging, s3:deleteobject, \.\.\. on /i);
  });

  it("names every stranger of one statement, in the bucket policy and in the S3 endpoint policy", async () => {
    const strangers = { AWS: ["arn:aws:iam::333333333333:role/a", "arn:aws:iam::444444444444:role/b"] };
    const bucketPolicy = fixture("pair").map((r) => {
      if (r.type !== TYPE.bucketPolicy) return r;
      const document = JSON.parse(String(r.props.policy));
      document.Statement.push({ Sid: "Partners", Effect: "Allow", Principal: strangers, Action: "s3:GetObject", Resource: `${BUCKET_ARN()}/*` });
      return { ...r, props: { ...r.props, policy: json(document) } };
    });
    assertViolates(await checkStack(policy, bucketPolicy), /target-bucket policy statement "Partners" lets arn:aws:iam::333333333333:role\/a, arn:aws:iam::444444444444:role\/b into the transfer bucket/);
    const endpoint = fixture("pair").map((r) => {
      if (r.type !== TYPE.vpcEndpoint || r.name !== "source-endpoints-s3") return r;
      const document = JSON.parse(String(r.props.policy));
      document.Statement.push({ Sid: "Partners", Effect: "Allow", Principal: strangers, Action: "s3:GetObject", Resource: `${BUCKET_ARN()}/*` });
      return { ...r, props: { ...r.props, policy: json(document) } };
    });
    assertViolates(await checkStack(policy, endpoint), /source-endpoints-s3 policy statement "Partners" lets arn:aws:iam::333333333333:role\/a, arn:aws:iam::444444444444:role\/b at the transfer bucket/);
  });

  it("judges only the transfer bucket's own policy: another bucket's policy may let anyone read that bucket", async () => {
    const reports = onTarget({ type: TYPE.bucket, name: "reports", props: { bucket: "xacct-reports" } });
    const open = onTarget({ type: TYPE.bucketPolicy, name: "reports", props: { bucket: "xacct-reports", policy: doc({ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::xacct-reports/*" }) } });
    assertPasses(await with_(reports, open));
  });

  it("lets a key policy name its own account (root or id), its roles, a service and the transfer role of another account; refuses other accounts and NotPrincipal", async () => {
    const key = (name: string, on: typeof onTarget, ...statements: object[]) => on({ type: "aws:kms/key:Key", name, props: { policy: doc(...statements) } });
    const kms = { Action: "kms:*", Resource: "*" };
    assertPasses(
      await with_(
        key("own", onTarget, { Effect: "Allow", Principal: { AWS: ["arn:aws:iam::222222222222:root", "222222222222", "arn:aws:iam::222222222222:role/admin"] }, ...kms }, { Effect: "Allow", Principal: { Service: "logs.ap-northeast-1.amazonaws.com" }, ...kms }),
        key("source", onSource, { Effect: "Allow", Principal: { AWS: PAIR.transferRoleArn }, ...kms }),
      ),
    );
    assertViolates(await with_(key("foreign", onTarget, { Sid: "Partners", Effect: "Allow", Principal: { AWS: ["arn:aws:iam::333333333333:root", "arn:aws:iam::444444444444:role/b"] }, ...kms })), /foreign policy statement "Partners" lets arn:aws:iam::333333333333:root .*, arn:aws:iam::444444444444:role\/b use the key/);
    assertViolates(await with_(key("inverted", onTarget, { Effect: "Allow", NotPrincipal: { AWS: "arn:aws:iam::222222222222:role/admin" }, ...kms })), /inverted policy .* lets everyone but the NotPrincipal use the key/);
  });
});
