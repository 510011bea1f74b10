import { GOOD, COMMON_MISTAKES, endpoint, json } from "../testing/fixtures";
import { checkResource } from "../testing/harness";
import { assertPasses, assertViolates } from "../testing/expect";
import { vpcePolicyLeastPrivilege } from "./vpce-policy-least-privilege";

const FULL_ACCESS = { Version: "2008-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "*", Resource: "*" }] };

describe("vpce-policy-least-privilege", () => {
  it("passes the program's S3 and STS endpoint policies, the repository read included", async () => {
    assertPasses(await checkResource(vpcePolicyLeastPrivilege, endpoint("s3", json(GOOD.s3EndpointPolicy()))));
    assertPasses(await checkResource(vpcePolicyLeastPrivilege, endpoint("sts", json(GOOD.stsEndpointPolicy()))));
  });

  it("refuses an endpoint without a policy (the default is full access) and the full-access document", async () => {
    assertViolates(await checkResource(vpcePolicyLeastPrivilege, endpoint("sts", undefined)), /has no policy: the default endpoint policy/);
    assertViolates(await checkResource(vpcePolicyLeastPrivilege, endpoint("s3", json(FULL_ACCESS))), /allows "\*": name the exact ARNs/, /any principal/);
  });

  it("refuses a \"*\" principal narrowed loosely; an exact ARN narrows, whatever the operator", async () => {
    const loose = { Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:PutObject", Resource: "arn:aws:s3:::b/example/*", Condition: { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::222222222222:role/*" } } }] };
    assertViolates(await checkResource(vpcePolicyLeastPrivilege, endpoint("s3", json(loose))), /without an exact aws:PrincipalArn condition/);
    const ifExists = { Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:PutObject", Resource: "arn:aws:s3:::b/example/*", Condition: { ArnEqualsIfExists: { "aws:PrincipalArn": "arn:aws:iam::222222222222:role/xacct-transfer" } } }] };
    assertViolates(await checkResource(vpcePolicyLeastPrivilege, endpoint("s3", json(ifExists))), /without an exact aws:PrincipalArn condition/);
    assertPasses(await checkResource(vpcePolicyLeastPrivilege, endpoint("s3", json(COMMON_MISTAKES.s3EndpointPolicyNamingInstanceRole))));
    // StringLike with a value that has no wildcard matches exactly that role.
    assertPasses(await checkResource(vpcePolicyLeastPrivilege, endpoint("sts", json(COMMON_MISTAKES.stsEndpointPolicyActionStar))));
  });

  it("lets unsigned reads through only for the Amazon Linux repository buckets", async () => {
    const anonymous = (bucket: string) => ({ Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `arn:aws:s3:::${bucket}/*` }] });
    assertPasses(await checkResource(vpcePolicyLeastPrivilege, endpoint("s3", json(anonymous("al2023-repos-ap-northeast-1-de612dc2")))));
    assertViolates(await checkResource(vpcePolicyLeastPrivilege, endpoint("s3", json(anonymous("attacker-exfil-bucket")))), /any principal/);
    // A pattern in the bucket name could match a bucket anyone registers.
    assertViolates(await checkResource(vpcePolicyLeastPrivilege, endpoint("s3", json(anonymous("al2023-repos-*-de612dc2")))), /any principal/);
    // Only s3:GetObject, only on repository objects, every resource of the statement.
    const repo = "arn:aws:s3:::al2023-repos-ap-northeast-1-de612dc2/*";
    const widened: object[] = [
      { Effect: "Allow", Principal: "*", Action: ["s3:GetObject", "s3:PutObject"], Resource: repo },
      { Effect: "Allow", Principal: "*", NotAction: "s3:PutObject", Resource: repo },
      { Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: [repo, "arn:aws:s3:::attacker-exfil-bucket/*"] },
      { Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::al2023-repos-ap-northeast-1-de612dc2" },
    ];
    for (const statement of widened) {
      assertViolates(await checkResource(vpcePolicyLeastPrivilege, endpoint("s3", json({ Statement: [statement] }))), /any principal/);
    }
  });

  it("names every principal that is not one exact role; exact roles as principals need no condition", async () => {
    const named = (AWS: string[], Resource: string | string[] = "arn:aws:s3:::b/example/*") => ({ Statement: [{ Effect: "Allow", Principal: { AWS }, Action: "s3:PutObject", Resource }] });
    assertPasses(await checkResource(vpcePolicyLeastPrivilege, endpoint("s3", json(named(["arn:aws:iam::222222222222:role/a", "arn:aws:iam::222222222222:role/b"])))));
    assertViolates(
      await checkResource(vpcePolicyLeastPrivilege, endpoint("s3", json(named(["arn:aws:iam::222222222222:role/a", "arn:aws:iam::222222222222:root"])))),
      /names "arn:aws:iam::222222222222:root", which is a whole account/,
    );
    assertViolates(await checkResource(vpcePolicyLeastPrivilege, endpoint("s3", json(named(["arn:aws:iam::222222222222:role/a"], []) ))), /no named Resource/);
  });

  it("on an endpoint of another service, a statement narrowed to exact roles may use \"*\"; not for S3, STS, IAM or KMS actions, nor for roles named loosely", async () => {
    const narrowed = (Action: string, AWS: string[]) => ({ Statement: [{ Effect: "Allow", Principal: { AWS }, Action, Resource: "*" }] });
    const instance = ["arn:aws:iam::111111111111:role/xacct-instance"];
    assertPasses(await checkResource(vpcePolicyLeastPrivilege, endpoint("sts", json(narrowed("logs:PutLogEvents", instance)))));
    for (const action of ["s3:PutObject", "sts:AssumeRole", "kms:Decrypt", "iam:PassRole", "nosuchservice:Do"]) {
      assertViolates(await checkResource(vpcePolicyLeastPrivilege, endpoint("sts", json(narrowed(action, instance)))), /name the exact ARNs/);
    }
    assertViolates(await checkResource(vpcePolicyLeastPrivilege, endpoint("sts", json(narrowed("logs:PutLogEvents", [...instance, "111111111111"])))), /name the exact ARNs/);
    assertViolates(await checkResource(vpcePolicyLeastPrivilege, endpoint("sts", json({ Statement: [{ Effect: "Allow", Principal: "*", Action: "logs:PutLogEvents", Resource: "*" }] }))), /name the exact ARNs/);
  });

  it("accepts Resource \"*\" only for actions that take no specific resource (an SSM endpoint for the instance role)", async () => {
    const ssm = (Action: string[]) => ({ Statement: [{ Effect: "Allow", Principal: "*", Action, Resource: "*", Condition: { ArnEquals: { "aws:PrincipalArn": "arn:aws:iam::111111111111:role/xacct-instance" } } }] });
    assertPasses(await checkResource(vpcePolicyLeastPrivilege, endpoint("s3", json(ssm(["ssmmessages:OpenDataChannel", "ssmmessages:CreateDataChannel"])))));
    assertViolates(await checkResource(vpcePolicyLeastPrivilege, endpoint("s3", json(ssm(["s3:PutObject"])))), /name the exact ARNs/);
  });
});

describe("vpce-policy-least-privilege, edge cases", () => {
  const INSTANCE = "arn:aws:iam::111111111111:role/xacct-instance";
  const REPO = "arn:aws:s3:::al2023-repos-ap-northeast-1-de612dc2";
  const check = (statement: object, service: "s3" | "sts" = "s3") => checkResource(vpcePolicyLeastPrivilege, endpoint(service, json({ Statement: [statement] })));

  it("judges a standalone VpcEndpointPolicy like the endpoint's own policy", async () => {
    const policyResource = (policy: unknown) => ({ type: "aws:ec2/vpcEndpointPolicy:VpcEndpointPolicy", name: "s3-policy", props: { vpcEndpointId: "vpce-1", policy } });
    assertViolates(await checkResource(vpcePolicyLeastPrivilege, policyResource(json(FULL_ACCESS))), /any principal/);
    assertViolates(await checkResource(vpcePolicyLeastPrivilege, policyResource(undefined)), /has no policy/);
    assertPasses(await checkResource(vpcePolicyLeastPrivilege, policyResource(json(GOOD.s3EndpointPolicy()))));
  });

  it("refuses a null or empty policy as the default one", async () => {
    assertViolates(await checkResource(vpcePolicyLeastPrivilege, endpoint("s3", null)), /has no policy/);
    assertViolates(await checkResource(vpcePolicyLeastPrivilege, endpoint("s3", "")), /has no policy/);
  });

  it("names the statement, and says how to narrow a \"*\" principal", async () => {
    assertViolates(await check({ Sid: "OpenAll", Effect: "Allow", Principal: "*", Action: "s3:PutObject", Resource: "arn:aws:s3:::b/example/*" }), /statement "OpenAll"/, /Add Condition ArnEquals aws:PrincipalArn/);
  });

  it("refuses a statement without Resource, or with NotResource, whoever it names", async () => {
    assertViolates(await check({ Effect: "Allow", Principal: { AWS: INSTANCE }, Action: "s3:PutObject" }), /no named Resource/);
    assertViolates(await check({ Effect: "Allow", Principal: { AWS: INSTANCE }, Action: "s3:PutObject", NotResource: "arn:aws:s3:::b/secret/*" }), /everything except/);
    // Nor is an unsigned read with NotResource, or with an empty Resource list, a repository read.
    assertViolates(await check({ Effect: "Allow", Principal: "*", Action: "s3:GetObject", NotResource: "arn:aws:s3:::b/secret/*" }), /any principal/);
    assertViolates(await check({ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: [] }), /any principal/);
    assertViolates(await check({ Effect: "Allow", Principal: "*", Action: [], Resource: `${REPO}/*` }), /any principal/);
  });

  it("a repository read is an object of the exact repository bucket, any key deep", async () => {
    assertPasses(await check({ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `${REPO}/2023.6/x86_64/*` }));
    assertViolates(await check({ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `x${REPO}/*` }), /any principal/);
    assertViolates(await check({ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `${REPO}/` }), /any principal/);
  });

  it("excuses Resource \"*\" only for exact roles, not a wildcard beside them nor a service; and not for S3 on Outposts", async () => {
    assertPasses(await check({ Effect: "Allow", Principal: { AWS: INSTANCE }, Action: "outposts:GetOutpost", Resource: "*" }, "sts"));
    assertViolates(await check({ Effect: "Allow", Principal: { AWS: ["*", INSTANCE] }, Action: "logs:PutLogEvents", Resource: "*" }, "sts"), /allows "\*": name the exact ARNs/);
    assertViolates(await check({ Effect: "Allow", Principal: { Service: "logs.amazonaws.com" }, Action: "logs:PutLogEvents", Resource: "*" }, "sts"), /allows "\*": name the exact ARNs/);
    assertViolates(await check({ Effect: "Allow", NotPrincipal: { AWS: INSTANCE }, Action: "logs:PutLogEvents", Resource: "*" }, "sts"), /allows "\*": name the exact ARNs/);
    assertViolates(await check({ Effect: "Allow", Principal: { AWS: INSTANCE }, Action: "s3-outposts:PutObject", Resource: "*" }, "sts"), /allows "\*": name the exact ARNs/);
  });

  it("refuses Resource \"*\" when any one action takes a specific resource", async () => {
    const narrowed = { ArnEquals: { "aws:PrincipalArn": INSTANCE } };
    assertViolates(await check({ Effect: "Allow", Principal: "*", Action: ["ssmmessages:OpenDataChannel", "s3:PutObject"], Resource: "*", Condition: narrowed }), /allows "\*": name the exact ARNs/);
  });
});
