import * as assert from "node:assert/strict";
import { PAIR, COMMON_MISTAKES, TYPE, editDocument, fanIn, fixture, resourceOf, withProps } from "../testing/fixtures";
import { Outcome, ResourceUnderTest, checkStack } from "../testing/harness";
import { assertPasses, assertViolates } from "../testing/expect";
import { UNKNOWN } from "../lib/unknowns";
import { s3BucketPolicyRequiresVpce } from "./s3-bucket-policy-requires-vpce";

const FENCE = "DenyWritesIntoThePrefixThatDoNotComeThroughTheS3Endpoint";
/** The pair stack with the bucket policy's write fence changed by `edit` (or removed). */
function withFence(edit?: (fence: any) => void): ResourceUnderTest[] {
  return withProps(fixture("pair"), TYPE.bucketPolicy, "target-bucket", editDocument("policy", (d) => {
    const fence = d.Statement.find((s: any) => s.Sid === FENCE);
    if (edit) edit(fence);
    else d.Statement = d.Statement.filter((s: any) => s !== fence);
  }));
}

const check = (resources: ResourceUnderTest[]) => checkStack(s3BucketPolicyRequiresVpce, resources);
/** The rule reported exactly one violation, and it matches `pattern`: nothing else is wrong. */
function assertOnlyViolation(outcome: Outcome, pattern: RegExp): void {
  assert.equal(outcome.violations.length, 1, outcome.violations.map((v) => v.message).join("\n"));
  assertViolates(outcome, pattern);
}
/** No violation matches `pattern`. */
function assertNoViolation(outcome: Outcome, pattern: RegExp): void {
  for (const { message } of outcome.violations) assert.doesNotMatch(message, pattern);
}
/** The transfer role's write grant changed by `edit`. */
const grant = (resources: ResourceUnderTest[], edit: (document: any) => void, name = "target-transfer-write-prefix") =>
  withProps(resources, TYPE.rolePolicy, name, editDocument("policy", edit));
const pinned = (vpce: string) => (d: any) => d.Statement.forEach((s: any) => (s.Condition = { StringEquals: { "aws:SourceVpce": vpce } }));
/** The write fence (first statement) by organization (aws:VpceOrgID) instead of endpoint ids. */
const organizationFence = (resources: ResourceUnderTest[], organization = "o-a1b2c3d4e5") =>
  withProps(resources, TYPE.bucketPolicy, "target-bucket", editDocument("policy", (d) => (d.Statement[0].Condition = { StringNotEquals: { "aws:VpceOrgID": [organization] } })));
/** The internet stack with its bucket policy's write fence changed by `edit` (or removed). */
function withNatFence(edit?: (fence: any) => void): ResourceUnderTest[] {
  return withProps(fixture("internet"), TYPE.bucketPolicy, "target-bucket", editDocument("policy", (d) => {
    if (edit) edit(d.Statement[0]);
    else d.Statement.shift();
  }));
}
const withoutTransferGrant = (resources: ResourceUnderTest[]) => resources.filter((r) => !(r.type === TYPE.rolePolicy && r.name === "target-transfer-write-prefix"));

describe("s3-bucket-policy-requires-vpce", () => {
  it("passes every shipped stack, also with the policy as an object", async () => {
    for (const stack of ["pair", "source", "target"] as const) assertPasses(await checkStack(s3BucketPolicyRequiresVpce, fixture(stack)));
    const asObject = withProps(fixture("pair"), TYPE.bucketPolicy, "target-bucket", (p) => ({ ...p, policy: JSON.parse(p.policy) }));
    assertPasses(await checkStack(s3BucketPolicyRequiresVpce, asObject));
  });

  it("refuses a transfer bucket without the deny, or without any bucket policy", async () => {
    assertViolates(await checkStack(s3BucketPolicyRequiresVpce, withFence()), /no statement that denies s3:PutObject/);
    const weakened = withProps(fixture("pair"), TYPE.bucketPolicy, "target-bucket", (p) => ({ ...p, policy: JSON.stringify(COMMON_MISTAKES.bucketPolicyGrantingS3Star) }));
    assertViolates(await checkStack(s3BucketPolicyRequiresVpce, weakened), /no statement that denies s3:PutObject unless aws:SourceVpce/);
    assertViolates(await checkStack(s3BucketPolicyRequiresVpce, fixture("pair").filter((r) => r.type !== TYPE.bucketPolicy)), /has no bucket policy/);
  });

  it("refuses denies that would not fire: positive operator, wildcard endpoint, not every principal, narrowed, qualified", async () => {
    const cases: [(fence: any) => void, RegExp][] = [
      [(f) => (f.Condition = { StringEquals: { "aws:SourceVpce": [PAIR.s3EndpointId] } }), /StringEquals is not a negated string match/],
      [(f) => (f.Condition = { StringNotLike: { "aws:SourceVpce": ["vpce-*"] } }), /"vpce-\*" is not a VPC endpoint id/],
      [(f) => (f.Principal = { AWS: PAIR.transferRoleArn }), /Principal must be "\*"/],
      [(f) => (f.Condition = { StringNotEquals: { "aws:SourceVpce": ["vpc-0a1b2c3d"] } }), /"vpc-0a1b2c3d" is not a VPC endpoint id/],
      [(f) => (f.Condition.StringEquals = { "aws:username": "x" }), /narrows whom the deny covers/],
      [(f) => (f.Condition.Null = { "aws:SourceVpce": "false" }), /Null is not a negated string match/],
      [(f) => (f.Condition = { "ForAnyValue:StringNotEquals": { "aws:SourceVpce": [PAIR.s3EndpointId] } }), /set qualifier/],
    ];
    for (const [edit, why] of cases) {
      const outcome = await checkStack(s3BucketPolicyRequiresVpce, withFence(edit));
      // Named as the flawed fence it is, not as a missing one.
      assertOnlyViolation(outcome, why);
      assertViolates(outcome, /is meant to deny writes from outside the S3 endpoint/);
    }
    // Every problem of one deny is named.
    const twice = withFence((f) => {
      f.Principal = { AWS: PAIR.transferRoleArn };
      f.Condition.StringEquals = { "aws:username": "x" };
    });
    assertViolates(await check(twice), /\(Principal must be "\*"\); .*narrows whom the deny covers/);
  });

  it("refuses a deny that leaves out an action or a key the transfer role may write (NotAction carve-outs included)", async () => {
    assertViolates(await checkStack(s3BucketPolicyRequiresVpce, withFence((f) => (f.Action = ["s3:PutObject"]))), /does not deny s3:abortmultipartupload/);
    assertViolates(await checkStack(s3BucketPolicyRequiresVpce, withFence((f) => (f.Resource = [`arn:aws:s3:::${PAIR.bucket}/elsewhere/*`]))), /does not deny s3:putobject on arn:aws:s3:::xacct-transfer-222222222222-apne1\/example\/\*/);
    assertViolates(await checkStack(s3BucketPolicyRequiresVpce, withFence((f) => {
      delete f.Action;
      f.NotAction = ["s3:AbortMultipartUpload"];
    })), /does not deny s3:abortmultipartupload/);
  });

  it("reads the deny the way AWS does: other casing, string values, a wider resource, an extra deny", async () => {
    const rewritten = withFence((f) => {
      f.Action = ["S3:putObject", "s3:abortmultipartUPLOAD"];
      f.Resource = `arn:aws:s3:::${PAIR.bucket}/*`;
      f.Condition = { StringNotEquals: { "AWS:SOURCEVPCE": PAIR.s3EndpointId } };
    });
    assertPasses(await checkStack(s3BucketPolicyRequiresVpce, rewritten));
    // "deny" is not "Deny": AWS rejects the document, and it protects nothing.
    assertViolates(await checkStack(s3BucketPolicyRequiresVpce, withFence((f) => (f.Effect = "deny"))), /no statement that denies/);
  });

  it("checks the configured prefixes are covered", async () => {
    const config = { "s3-bucket-policy-requires-vpce": { protectedPrefixes: ["example/"] } };
    assertPasses(await checkStack(s3BucketPolicyRequiresVpce, fixture("pair"), config));
    assertViolates(await checkStack(s3BucketPolicyRequiresVpce, fixture("pair"), { "s3-bucket-policy-requires-vpce": { protectedPrefixes: ["other/"] } }), /does not deny s3:putobject on .*\/other\/\*/);
  });

  it("refuses a second bucket policy on the transfer bucket, naming both; defers to the preview rules while one is unknown", async () => {
    const policy = resourceOf(fixture("pair"), TYPE.bucketPolicy, "target-bucket");
    const second = (props: Record<string, any>) => ({ ...policy, name: "target-bucket-second", urn: `${policy.urn}-second`, props });
    assertViolates(await check([...fixture("pair"), second(policy.props)]), /has 2 bucket policies \(target-bucket, target-bucket-second\)/);
    // The known one lacks the fence, but the unknown one may hold it: only the two policies are reported.
    const unknown = [...withFence(), second({ ...policy.props, policy: UNKNOWN })];
    assertOnlyViolation(await check(unknown), /has 2 bucket policies/);
  });

  it("asks the deny to cover only the transfer role's object writes: not its reads, not its grants on other buckets", async () => {
    assertPasses(await check(grant(fixture("pair"), (d) => d.Statement.push({ Effect: "Allow", Action: ["s3:GetObject"], Resource: [`arn:aws:s3:::${PAIR.bucket}/*`] }))));
    assertPasses(await check(grant(fixture("pair"), (d) => d.Statement.push({ Effect: "Allow", Action: ["s3:PutObject"], Resource: ["arn:aws:s3:::another-bucket/*"] }))));
  });

  it("accepts another sound deny beside the fence, and a fence naming more keys than the prefix", async () => {
    const extra = withProps(fixture("pair"), TYPE.bucketPolicy, "target-bucket", editDocument("policy", (d) => d.Statement.push({ ...d.Statement[0], Sid: "AlsoDenyPutsElsewhere", Action: ["s3:PutObject"] })));
    assertPasses(await check(extra));
    assertPasses(await check(withFence((f) => f.Resource.push(`arn:aws:s3:::${PAIR.bucket}/elsewhere/*`))));
  });

  it("reports a sound fence that misses a write by what it misses, and then why the other denies do not cover it", async () => {
    const partial = withFence((f) => (f.Action = ["s3:PutObject"]));
    assertOnlyViolation(await check(partial), /does not deny s3:abortmultipartupload on .* from outside the S3 endpoint.*Cover it in the aws:SourceVpce deny/);
    const withFlawed = withProps(partial, TYPE.bucketPolicy, "target-bucket", editDocument("policy", (d) =>
      d.Statement.push({ ...d.Statement[0], Sid: "DenyAbortsOfTheTransferRole", Principal: { AWS: PAIR.transferRoleArn }, Action: ["s3:PutObject", "s3:AbortMultipartUpload"] })));
    assertViolates(await check(withFlawed), /does not deny s3:abortmultipartupload/, /"DenyAbortsOfTheTransferRole" .*Principal must be "\*"/);
  });

  it("refuses a fence on the bucket alone when no writer's grant tells which objects to cover; accepts one on its objects or on *", async () => {
    const noGrant = withoutTransferGrant(fixture("pair"));
    const onResource = (...resources: string[]) => withProps(noGrant, TYPE.bucketPolicy, "target-bucket", editDocument("policy", (d) => (d.Statement[0].Resource = resources)));
    const bucketArn = `arn:aws:s3:::${PAIR.bucket}`;
    assertOnlyViolation(await check(onResource(bucketArn)), /S3 endpoint deny names no object ARN/);
    assertPasses(await check(onResource(`${bucketArn}/*`)));
    assertPasses(await check(onResource(bucketArn, `${bucketArn}/*`)));
    assertPasses(await check(onResource("*")));
    // One sound deny on the objects is enough, whatever another one names.
    const twoFences = withProps(onResource(bucketArn), TYPE.bucketPolicy, "target-bucket", editDocument("policy", (d) => d.Statement.push({ ...d.Statement[0], Sid: "OnObjects", Resource: `${bucketArn}/*` })));
    assertPasses(await check(twoFences));
    // With a writer's grant, the writes it leaves out are named instead.
    assertNoViolation(await check(withFence((f) => (f.Resource = [`arn:aws:s3:::${PAIR.bucket}`]))), /names no object ARN/);
  });

  it("tells what a missing fence's look-alikes lack: an aws:SourceIp deny away from the internet path, an aws:PrincipalOrgID deny", async () => {
    const missing = await check(withFence());
    assertOnlyViolation(missing, /could upload from anywhere\. Add a Deny with Principal "\*" .* aws:SourceVpce = <endpoint id>\.$/);
    // An address fence with the usual exemption of AWS services, and an Allow limited by address: neither fences anything here.
    const byAddress = withFence((f) => (f.Condition = { NotIpAddress: { "aws:SourceIp": ["203.0.113.45/32"] }, Bool: { "aws:ViaAWSService": "false" } }));
    assertViolates(await check(byAddress), /Its aws:SourceIp deny is no fence here/);
    const allowByAddress = withFence((f) => Object.assign(f, { Effect: "Allow", Principal: { AWS: PAIR.transferRoleArn }, Condition: { IpAddress: { "aws:SourceIp": "203.0.113.45/32" } } }));
    assertNoViolation(await check(allowByAddress), /aws:SourceIp/);
    const byOrganization = withFence((f) => (f.Condition = { StringNotEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } }));
    assertViolates(await check(byOrganization), /An aws:PrincipalOrgID condition fences who, not from where/);
  });

  it("accepts an organization fence (aws:VpceOrgID) only when every writer's grant on the bucket pins its own S3 endpoint", async () => {
    const statement = 'statement "AllowWriteObjectsUnderThePrefix"';
    assertOnlyViolation(await check(organizationFence(fixture("pair"))), new RegExp(`aws:VpceOrgID.* target-transfer ${statement} grants writes without pinning aws:SourceVpce`));
    const pinnedPair = grant(fixture("pair"), pinned(PAIR.s3EndpointId));
    assertPasses(await check(organizationFence(pinnedPair)));
    // Unpinned grants that write nothing, or write another bucket, do not matter.
    const reads = grant(pinnedPair, (d) => d.Statement.push({ Effect: "Allow", Action: ["s3:GetObject"], Resource: [`arn:aws:s3:::${PAIR.bucket}/example/*`] }));
    assertPasses(await check(organizationFence(reads)));
    const elsewhere = grant(pinnedPair, (d) => d.Statement.push({ Effect: "Allow", Action: ["s3:PutObject"], Resource: ["arn:aws:s3:::another-bucket/*"] }));
    assertPasses(await check(organizationFence(elsewhere)));
    // With no writer's grant in the stack, nothing pins an endpoint.
    assertOnlyViolation(await check(organizationFence(withoutTransferGrant(fixture("pair")))), /no writer's grant pins its own endpoint/);
    // An organization fence's own flaws are named as such.
    assertViolates(await check(organizationFence(fixture("pair"), "o-*")), /"o-\*" is not an organization id/);
  });

  it("names exactly the fan-in writers whose grants are not pinned beside an organization fence", async () => {
    const unpinnedB = grant(fanIn(), (d) => d.Statement.forEach((s: any) => delete s.Condition), "b-target-transfer-write-prefix");
    const [one] = (await check(organizationFence(unpinnedB))).violations.map((v) => v.message);
    assert.match(one, /\bb-target-transfer statement "\w+" grants writes/);
    assert.doesNotMatch(one, /(?<!b-)target-transfer statement/);
    const neither = grant(unpinnedB, (d) => d.Statement.forEach((s: any) => delete s.Condition));
    assertViolates(await check(organizationFence(neither)), /target-transfer statement "\w+", b-target-transfer statement "\w+" grants writes/);
    assertPasses(await check(organizationFence(fanIn())));
  });

  it("on the internet path, asks for the NAT address fence by its address, and judges it the same way", async () => {
    assertPasses(await check(fixture("internet")));
    assertOnlyViolation(await check(withNatFence()), /unless aws:SourceIp is the NAT gateway's Elastic IP \(203\.0\.113\.45\).*Condition NotIpAddress aws:SourceIp/);
    assertOnlyViolation(await check(withNatFence((f) => (f.Condition.NotIpAddress["aws:SourceIp"] = ["0.0.0.0/0"]))), /meant to deny writes not coming from the NAT gateway's address, but "0\.0\.0\.0\/0" is not one IPv4 address/);
    assertOnlyViolation(await check(withNatFence((f) => (f.Action = ["s3:PutObject"]))), /does not deny s3:abortmultipartupload on .* not coming from the NAT gateway's address.*Cover it in the aws:SourceIp deny/);
    const noGrant = withoutTransferGrant(withNatFence((f) => (f.Resource = [`arn:aws:s3:::${PAIR.bucket}`])));
    assertOnlyViolation(await check(noGrant), /NAT address deny names no object ARN/);
  });
});
