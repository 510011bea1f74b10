import { ResourceUnderTest, checkStack, runPack } from "../testing/harness";
import { assertPasses, assertViolates } from "../testing/expect";
import { PAIR, TYPE, editDocument, fixture, json, resourceOf, withProps } from "../testing/fixtures";
import { policies } from "./index";
import { s3DirectWriterContract } from "./s3-direct-writer-contract";
import * as assert from "node:assert/strict";

const direct = () => fixture("direct");
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const INSTANCE_ROLE = "arn:aws:iam::111111111111:role/xacct-instance";
const SOURCE_ADMIN = "arn:aws:iam::111111111111:role/admin";
const BUCKET = "xacct-transfer-222222222222-apne1";
const OWNERSHIP = "aws:s3/bucketOwnershipControls:BucketOwnershipControls";

/** The direct stack with its bucket policy's first statement (the Allow to the instance role) edited. */
const directGrant = (change: (statement: any) => void, stack: ResourceUnderTest[] = direct()) =>
  withProps(stack, TYPE.bucketPolicy, "target-bucket", editDocument("policy", (d) => change(d.Statement[0])));
const instancePolicy = (change: (document: any) => void) => withProps(direct(), ROLE_POLICY, "source-instance-write-into-the-bucket", editDocument("policy", change));
const s3EndpointId = () => String(resourceOf(direct(), TYPE.vpcEndpoint, "source-endpoints-s3").props.id);

/**
 * The direct stack on the internet path: no S3 or STS endpoint, the internet stack's NAT gateway and
 * Elastic IP instead, and the grant fenced by `fence` in place of its aws:SourceVpce match.
 */
const directOverTheInternet = (fence: Record<string, unknown>) => {
  const isTransferEndpoint = (r: ResourceUnderTest) => r.type === TYPE.vpcEndpoint && /\.(s3|sts)$/.test(String(r.props.serviceName));
  const natPath = fixture("internet").filter((r) => r.type === "aws:ec2/natGateway:NatGateway" || r.type === "aws:ec2/eip:Eip");
  return directGrant((s) => {
    delete s.Condition.StringEquals;
    Object.assign(s.Condition, fence);
  }, [...direct().filter((r) => !isTransferEndpoint(r)), ...natPath]);
};

describe("s3-direct-writer-contract", () => {
  it("passes the direct stack, exported and at preview, and every assumeRole stack (no direct writer there)", async () => {
    for (const kind of ["export", "preview"] as const) assertPasses(await checkStack(s3DirectWriterContract, fixture("direct", kind)));
    for (const stack of ["pair", "source", "target"] as const) assertPasses(await checkStack(s3DirectWriterContract, fixture(stack)));
  });

  it("passes the same grant spelt otherwise: one statement object, string values, lower-case actions, one exact session, an extra Deny", async () => {
    const respelt = withProps(direct(), TYPE.bucketPolicy, "target-bucket", editDocument("policy", (d) => {
      const [grant, ...rest] = d.Statement;
      grant.Principal = { AWS: INSTANCE_ROLE };
      grant.Action = grant.Action.map((a: string) => a.toLowerCase());
      grant.Condition.StringEquals["aws:SourceVpce"] = grant.Condition.StringEquals["aws:SourceVpce"][0];
      grant.Condition.StringLike["aws:userid"] = grant.Condition.StringLike["aws:userid"][0];
      d.Statement = [grant, ...rest, { Effect: "Deny", Principal: "*", Action: "s3:DeleteObject", Resource: `arn:aws:s3:::${BUCKET}/*` }];
    }));
    assertPasses(await checkStack(s3DirectWriterContract, respelt));
    const session = directGrant((s) => {
      const id = s.Condition.StringLike["aws:userid"][0].replace(/:\*$/, ":i-0123456789abcdef0");
      delete s.Condition.StringLike;
      s.Condition.StringEquals["aws:userid"] = id;
    });
    assertPasses(await checkStack(s3DirectWriterContract, session));
    const asObject = withProps(direct(), TYPE.bucketPolicy, "target-bucket", editDocument("policy", (d) => (d.Statement = d.Statement[0])));
    assertPasses(await checkStack(s3DirectWriterContract, asObject));
  });

  it("on the internet path, takes the grant fenced to the NAT gateway's address and refuses it fenced otherwise", async () => {
    assertPasses(await checkStack(s3DirectWriterContract, directOverTheInternet({ IpAddress: { "aws:SourceIp": "203.0.113.45/32" } })));
    for (const fence of [{}, { IpAddress: { "aws:SourceIp": "198.51.100.7/32" } }, { StringEquals: { "aws:SourceVpce": "vpce-6f854a8f9bd58ca90" } }]) {
      assertViolates(await checkStack(s3DirectWriterContract, directOverTheInternet(fence)), /it is not fenced to the NAT gateway's address: /);
    }
  });

  it("judges only grants to the direct writer, in transfer buckets: an assumeRole bucket policy letting the transfer role in, and a logs bucket kept from the instance role, pass", async () => {
    const transferRoleLetIn = withProps(fixture("pair"), TYPE.bucketPolicy, "target-bucket", editDocument("policy", (d) => d.Statement.push({
      Sid: "AllowTheTransferRole", Effect: "Allow", Principal: { AWS: PAIR.transferRoleArn }, Action: "s3:PutObject", Resource: `arn:aws:s3:::${PAIR.bucket}/example/*`,
      Condition: { StringEquals: { "aws:SourceVpce": PAIR.s3EndpointId } },
    })));
    assertPasses(await checkStack(s3DirectWriterContract, transferRoleLetIn));
    const logs: ResourceUnderTest = {
      ...resourceOf(direct(), TYPE.bucketPolicy, "target-bucket"),
      name: "logs",
      props: { bucket: "logs-111111111111", policy: json({ Version: "2012-10-17", Statement: [{ Sid: "EveryRoleButTheWorkloadReadsTheLogs", Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "s3:GetObject", Resource: "arn:aws:s3:::logs-111111111111/*", Condition: { ArnNotEquals: { "aws:PrincipalArn": INSTANCE_ROLE } } }] }) },
    };
    assertPasses(await checkStack(s3DirectWriterContract, [...direct(), logs]));
  });

  describe("refuses an instance role that writes itself and may also assume a role", () => {
    const cases: [string, (d: any) => void][] = [
      ["by name", (d) => d.Statement.push({ Effect: "Allow", Action: "sts:AssumeRole", Resource: "arn:aws:iam::222222222222:role/xacct-transfer" })],
      ["spelt in another case, as a string", (d) => d.Statement.push({ Effect: "Allow", Action: "STS:assumerole", Resource: "*" })],
      ["through a wildcard action", (d) => d.Statement.push({ Effect: "Allow", Action: "sts:Assume*", Resource: "arn:aws:iam::222222222222:role/admin" })],
      ["through NotAction", (d) => d.Statement.push({ Effect: "Allow", NotAction: "s3:*", Resource: "*" })],
    ];
    for (const [how, change] of cases) {
      it(how, async () => {
        assertViolates(await checkStack(s3DirectWriterContract, instancePolicy(change)), /lets the instance role xacct-instance call sts:AssumeRole, but it writes into the transfer bucket itself/);
      });
    }

    it("as a second inline policy of the role, and as a managed policy attached to it", async () => {
      const role = resourceOf(direct(), TYPE.role, "source-instance");
      const second: ResourceUnderTest = {
        ...resourceOf(direct(), ROLE_POLICY, "source-instance-write-into-the-bucket"),
        name: "source-instance-assume",
        props: { role: "xacct-instance", name: "assume", policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: "arn:aws:iam::222222222222:role/admin" }] }) },
      };
      assertViolates(await checkStack(s3DirectWriterContract, [...direct(), second]), /source-instance-assume policy .* call sts:AssumeRole/);
      const managed = withProps(direct(), TYPE.role, "source-instance", (p) => ({ ...p, inlinePolicies: [{ name: "x", policy: JSON.stringify({ Version: "2012-10-17", Statement: { Effect: "Allow", Action: ["sts:AssumeRole"], Resource: ["*"] } }) }] }));
      assertViolates(await checkStack(s3DirectWriterContract, managed), new RegExp(`${role.name} inlinePolicies\\[0\\]\\.policy .* call sts:AssumeRole`));
    });

    it("through a policy that names the role in another case (IAM names are not distinguished by case): inline, attached, and by a policy attachment", async () => {
      const base = resourceOf(direct(), ROLE_POLICY, "source-instance-write-into-the-bucket");
      const at = (type: string, name: string, props: Record<string, unknown>): ResourceUnderTest => ({ ...base, type, name, urn: `urn:pulumi:direct::xacct::${type}::${name}`, props });
      const assume = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: "arn:aws:iam::222222222222:role/admin" }] });
      const managed = at("aws:iam/policy:Policy", "assume", { name: "assume", arn: "arn:aws:iam::111111111111:policy/assume", policy: assume });
      const variants: [string, ResourceUnderTest[]][] = [
        ["upper-case-inline", [at(ROLE_POLICY, "upper-case-inline", { role: "XACCT-INSTANCE", name: "assume", policy: assume })]],
        ["assume", [managed, at("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "mixed-case-attachment", { role: "Xacct-Instance", policyArn: "arn:aws:iam::111111111111:policy/assume" })]],
        ["assume", [managed, at("aws:iam/policyAttachment:PolicyAttachment", "policy-attachment", { name: "assume", roles: ["xacct-INSTANCE"], policyArn: "arn:aws:iam::111111111111:policy/assume" })]],
      ];
      for (const [owner, added] of variants) {
        assertViolates(await checkStack(s3DirectWriterContract, [...direct(), ...added]), new RegExp(`^${owner} policy statement #1 lets the instance role xacct-instance call sts:AssumeRole`));
      }
    });
  });

  describe("refuses a bucket-policy grant to the instance role that is not fenced to it, its endpoint and its incarnation", () => {
    const cases: [string, (s: any) => void, RegExp][] = [
      ['Principal "*" narrowed by aws:PrincipalArn', (s) => { s.Principal = "*"; s.Condition.ArnEquals = { "aws:PrincipalArn": INSTANCE_ROLE }; }, /Principal is "\*"/],
      ["a second principal beside it", (s) => (s.Principal = { AWS: [INSTANCE_ROLE, SOURCE_ADMIN] }), /also lets in arn:aws:iam::111111111111:role\/admin/],
      ["a service principal beside it", (s) => (s.Principal = { AWS: INSTANCE_ROLE, Service: "ec2.amazonaws.com" }), /service, federated or canonical-user/],
      ["no aws:SourceVpce", (s) => delete s.Condition.StringEquals, /no aws:SourceVpce condition/],
      ["aws:SourceVpce with IfExists", (s) => { s.Condition.StringEqualsIfExists = s.Condition.StringEquals; delete s.Condition.StringEquals; }, /StringEqualsIfExists\) is not a positive match/],
      ["aws:SourceVpce with a set qualifier", (s) => { s.Condition["ForAnyValue:StringEquals"] = s.Condition.StringEquals; delete s.Condition.StringEquals; }, /ForAnyValue:StringEquals\) is not a positive match/],
      ["aws:SourceVpce as a wildcard", (s) => { delete s.Condition.StringEquals; s.Condition.StringLike["aws:SourceVpce"] = "vpce-*"; }, /aws:SourceVpce condition \(StringLike\) is not a positive match/],
      ["aws:SourceVpce negated", (s) => { s.Condition.StringNotEquals = { "aws:SourceVpce": "vpce-0123456789abcdef0" }; delete s.Condition.StringEquals; }, /StringNotEquals\) is not a positive match/],
      ["no aws:userid pin", (s) => delete s.Condition.StringLike, /does not pin aws:userid/],
      ["aws:userid pinned to every id", (s) => (s.Condition.StringLike["aws:userid"] = "*"), /aws:userid condition \(StringLike \*\) is not a positive match/],
      ["aws:userid pinned to its id and to every id beside it", (s) => s.Condition.StringLike["aws:userid"].push("*"), /aws:userid condition \(StringLike AROA\w+:\*, \*\) is not a positive match/],
      ["aws:userid with no value", (s) => (s.Condition.StringLike["aws:userid"] = []), /aws:userid condition \(StringLike \) is not a positive match/],
      ["aws:userid pinned with IfExists", (s) => { s.Condition.StringLikeIfExists = s.Condition.StringLike; delete s.Condition.StringLike; }, /StringLikeIfExists .* is not a positive match/],
      ["aws:userid negated", (s) => { s.Condition.StringNotLike = s.Condition.StringLike; delete s.Condition.StringLike; }, /StringNotLike .* is not a positive match/],
      ["two more principals beside it", (s) => (s.Principal = { AWS: [INSTANCE_ROLE, SOURCE_ADMIN, "arn:aws:iam::111111111111:role/ops"] }), /also lets in arn:aws:iam::111111111111:role\/admin, arn:aws:iam::111111111111:role\/ops\./],
      ["aws:SourceVpce under two operators, neither a positive match", (s) => { s.Condition.StringEqualsIfExists = s.Condition.StringEquals; s.Condition.StringNotEquals = { "aws:SourceVpce": "vpce-0123456789abcdef0" }; delete s.Condition.StringEquals; }, /condition \(StringEqualsIfExists, StringNotEquals\) is not a positive match/],
      ["aws:userid under two operators, neither sound", (s) => { s.Condition.StringLikeIfExists = s.Condition.StringLike; s.Condition.StringNotLike = s.Condition.StringLike; delete s.Condition.StringLike; }, /condition \(StringLikeIfExists AROA\w+:\*; StringNotLike AROA\w+:\*\) is not a positive match/],
      ["NotAction and NotResource together, each named", (s) => { s.NotResource = s.Resource; s.NotAction = "s3:DeleteObject"; delete s.Resource; delete s.Action; }, /it uses NotAction, which grants every other action; it uses NotResource/],
      ["NotResource", (s) => { s.NotResource = s.Resource; delete s.Resource; }, /NotResource/],
      ["NotAction", (s) => { s.NotAction = "s3:DeleteObject"; delete s.Action; }, /NotAction/],
    ];
    for (const [what, change, why] of cases) {
      it(what, async () => {
        assertViolates(await checkStack(s3DirectWriterContract, directGrant(change)), /lets the instance role arn:aws:iam::111111111111:role\/xacct-instance into the transfer bucket/, why);
      });
    }

    it("NotPrincipal in a grant that names it by aws:PrincipalArn", async () => {
      const stack = directGrant((s) => {
        delete s.Principal;
        s.NotPrincipal = { AWS: SOURCE_ADMIN };
        s.Condition.ArnEquals = { "aws:PrincipalArn": INSTANCE_ROLE };
      });
      assertViolates(await checkStack(s3DirectWriterContract, stack), /NotPrincipal/);
    });
  });

  describe("the whole pack over the direct stack", () => {
    const refusedBy = async (stack: ResourceUnderTest[], rule: string, message?: RegExp) => {
      const result = await runPack(policies, stack);
      const found = result.violations.filter((v) => v.policy === rule && v.level === "mandatory");
      assert.ok(found.length > 0, `${rule} did not refuse it; reported: ${JSON.stringify(result.violations.map((v) => `${v.policy}: ${v.message}`), null, 1)}`);
      if (message) assert.ok(found.some((v) => message.test(v.message)), found.map((v) => v.message).join("\n"));
    };

    it("passes it as shipped, exported and at preview", async () => {
      for (const kind of ["export", "preview"] as const) {
        const result = await runPack(policies, fixture("direct", kind));
        assert.deepEqual(result.violations.map((v) => `${v.policy}: ${v.message}`), []);
      }
    });

    it("refuses the grant let in from :root, from another account's endpoint, on the whole bucket, with s3:*, or pinned to another incarnation", async () => {
      await refusedBy(directGrant((s) => (s.Principal = { AWS: "arn:aws:iam::111111111111:root" })), "s3-transfer-bucket-reached-only-by-transfer-roles", /arn:aws:iam::111111111111:root \(is a whole account/);
      await refusedBy(directGrant((s) => (s.Condition.StringEquals["aws:SourceVpce"] = ["vpce-0123456789abcdef0"])), "xacct-wiring-consistent", new RegExp(`does not name source-endpoints-s3 \\(${s3EndpointId()}\\)`));
      await refusedBy(directGrant((s) => s.Condition.StringEquals["aws:SourceVpce"].push("vpce-0123456789abcdef0")), "xacct-wiring-consistent", /names vpce-0123456789abcdef0, which is not source-endpoints-s3: another way in/);
      await refusedBy(directGrant((s) => (s.Resource = [`arn:aws:s3:::${BUCKET}/*`])), "s3-writes-confined-to-prefix", /the whole transfer bucket/);
      await refusedBy(directGrant((s) => { s.Action = "s3:*"; s.Resource = [`arn:aws:s3:::${BUCKET}`, `arn:aws:s3:::${BUCKET}/example/*`]; }), "s3-writes-confined-to-prefix", /on the transfer bucket itself/);
      await refusedBy(directGrant((s) => (s.Condition.StringLike["aws:userid"] = ["AROAOTHERROLEEXAMPLE00:*"])), "xacct-wiring-consistent", /pins aws:userid to AROAOTHERROLEEXAMPLE00:\*, not the source instance role's unique id/);
    });

    it("refuses the instance role's own policy on the whole bucket or on another bucket, and the fence removed", async () => {
      await refusedBy(instancePolicy((d) => (d.Statement[0].Resource = `arn:aws:s3:::${BUCKET}/*`)), "s3-writes-confined-to-prefix", /the whole transfer bucket/);
      await refusedBy(instancePolicy((d) => d.Statement.push({ Effect: "Allow", Action: "s3:PutObject", Resource: "arn:aws:s3:::exfiltration-333333333333/example/*" })), "s3-writes-confined-to-prefix", /outside this stack's transfer bucket/);
      const unfenced = withProps(direct(), TYPE.bucketPolicy, "target-bucket", editDocument("policy", (d) => (d.Statement = d.Statement.filter((s: any) => s.Effect === "Allow" || s.Condition?.Bool))));
      await refusedBy(unfenced, "s3-bucket-policy-requires-vpce", /has no statement that denies s3:PutObject unless aws:SourceVpce/);
    });

    it("refuses the TLS deny removed or carved out, and Object Ownership other than BucketOwnerEnforced (objects of the other account would stay its own)", async () => {
      const withoutTls = withProps(direct(), TYPE.bucketPolicy, "target-bucket", editDocument("policy", (d) => (d.Statement = d.Statement.filter((s: any) => !s.Condition?.Bool))));
      await refusedBy(withoutTls, "s3-bucket-policy-requires-tls");
      const getOverHttp = withProps(direct(), TYPE.bucketPolicy, "target-bucket", editDocument("policy", (d) => {
        const tls = d.Statement.find((s: any) => s.Condition?.Bool);
        tls.NotAction = "s3:GetObject";
        delete tls.Action;
      }));
      await refusedBy(getOverHttp, "s3-bucket-policy-requires-tls");
      for (const objectOwnership of ["BucketOwnerPreferred", "ObjectWriter"]) {
        const stack = withProps(direct(), OWNERSHIP, "target-bucket", (p) => ({ ...p, rule: { objectOwnership } }));
        await refusedBy(stack, "s3-bucket-hardening", /objectOwnership must be BucketOwnerEnforced/);
      }
      await refusedBy(direct().filter((r) => r.type !== OWNERSHIP), "s3-bucket-hardening");
    });

    it("refuses other doors and spellings: an access point made from the source account, a policy delegating to the source account's access points, a managed policy attached by RolePolicyAttachmentsExclusive, \"*\" narrowed case-insensitively", async () => {
      const policy = resourceOf(direct(), TYPE.bucketPolicy, "target-bucket");
      const role = resourceOf(direct(), TYPE.role, "source-instance");
      const accessPoint = { ...role, type: "aws:s3/accessPoint:AccessPoint", name: "source-side-door", urn: "urn:pulumi:direct::xacct::aws:s3/accessPoint:AccessPoint::source-side-door", props: { bucket: BUCKET, bucketAccountId: "222222222222", name: "door" } };
      await refusedBy([...direct(), accessPoint], "s3-transfer-bucket-reached-only-by-transfer-roles", /source-side-door is an access point on the transfer bucket/);
      const delegated = withProps(direct(), TYPE.bucketPolicy, policy.name!, editDocument("policy", (d) => d.Statement.push({ Sid: "DelegateToTheSourceAccessPoints", Effect: "Allow", Principal: { AWS: "*" }, Action: "s3:GetObject", Resource: `arn:aws:s3:::${BUCKET}/*`, Condition: { StringEquals: { "s3:DataAccessPointAccount": "111111111111" } } })));
      await refusedBy(delegated, "s3-transfer-bucket-reached-only-by-transfer-roles", /lets "\*" into the transfer bucket/);
      const exclusive = { ...role, type: "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive", name: "admin", urn: "urn:pulumi:direct::xacct::aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive::admin", props: { roleName: "xacct-instance", policyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"] } };
      await refusedBy([...direct(), exclusive], "aws-resource-types-understood", /admin is a aws:iam\/rolePolicyAttachmentsExclusive/);
      await refusedBy(directGrant((s) => { s.Principal = "*"; s.Condition.StringEqualsIgnoreCase = { "aws:PrincipalArn": INSTANCE_ROLE }; }), "s3-direct-writer-contract", /Principal is "\*"/);
    });

    it("refuses a second statement letting another principal of the source account in beside the instance role", async () => {
      const stack = withProps(direct(), TYPE.bucketPolicy, "target-bucket", editDocument("policy", (d) => d.Statement.push({ ...d.Statement[0], Sid: "AlsoTheAdmin", Principal: { AWS: SOURCE_ADMIN } })));
      await refusedBy(stack, "s3-transfer-bucket-reached-only-by-transfer-roles", /arn:aws:iam::111111111111:role\/admin/);
    });

    it("refuses the S3 endpoint policy granting the instance role more than the prefix: the whole bucket, s3:*, another bucket", async () => {
      const endpointGrant = (change: (s: any) => void) => withProps(direct(), TYPE.vpcEndpoint, "source-endpoints-s3", editDocument("policy", (d) => change(d.Statement[0])));
      await refusedBy(endpointGrant((s) => (s.Resource = [`arn:aws:s3:::${BUCKET}/*`])), "s3-writes-confined-to-prefix", /the whole transfer bucket/);
      await refusedBy(endpointGrant((s) => (s.Action = "s3:*")), "iam-no-wildcard-actions", /allows "s3:\*"/);
      await refusedBy(endpointGrant((s) => (s.Resource = ["arn:aws:s3:::exfiltration-333333333333/*"])), "xacct-wiring-consistent", /outside the transfer bucket/);
      await refusedBy(endpointGrant((s) => (s.Resource = ["arn:aws:s3:::xacct-transfer-*/example/*"])), "vpce-policy-least-privilege");
    });

    it("refuses the S3 endpoint opened to another role of the source account beside the instance role", async () => {
      const endpoint = withProps(direct(), TYPE.vpcEndpoint, "source-endpoints-s3", editDocument("policy", (d) => d.Statement[0].Condition.ArnEquals["aws:PrincipalArn"].push(SOURCE_ADMIN)));
      await refusedBy(endpoint, "s3-transfer-bucket-reached-only-by-transfer-roles", /lets arn:aws:iam::111111111111:role\/admin at the transfer bucket/);
    });
  });
});
