import { GOOD, bucketPolicy, endpoint, json, rolePolicy } from "../testing/fixtures";
import { checkResource } from "../testing/harness";
import { assertPasses, assertViolates } from "../testing/expect";
import { iamNoStarResourceForWrites } from "./iam-no-star-resource-for-writes";

const allow = (Action: unknown, Resource: unknown) => json({ Version: "2012-10-17", Statement: [{ Sid: "S", Effect: "Allow", Action, Resource }] });

describe("iam-no-star-resource-for-writes", () => {
  it("passes the program's role policies", async () => {
    assertPasses(await checkResource(iamNoStarResourceForWrites, rolePolicy("xacct-transfer", json(GOOD.transferPolicy()))));
    assertPasses(await checkResource(iamNoStarResourceForWrites, rolePolicy("xacct-instance", json(GOOD.instancePolicy()))));
  });

  it("refuses writes on Resource \"*\" and on every bucket", async () => {
    assertViolates(await checkResource(iamNoStarResourceForWrites, rolePolicy("r", allow("s3:PutObject", "*"))), /allows "s3:putobject" on "\*"/);
    assertViolates(await checkResource(iamNoStarResourceForWrites, rolePolicy("r", allow(["s3:GetObject", "S3:DeleteObject"], ["arn:aws:s3:::*"]))), /"s3:deleteobject" on "arn:aws:s3:::\*"/);
    assertViolates(await checkResource(iamNoStarResourceForWrites, rolePolicy("r", allow("sts:AssumeRole", "*"))), /sts:assumerole/);
  });

  it("accepts actions AWS's data says take no specific resource, or only list", async () => {
    assertPasses(await checkResource(iamNoStarResourceForWrites, rolePolicy("r", allow(["ec2:DescribeInstances", "sts:GetCallerIdentity", "ssmmessages:OpenDataChannel", "cloudwatch:PutMetricData", "xray:PutTraceSegments"], "*"))));
  });

  it("accepts a read whose resource types are all optional of a service holding none of the transfer's guards (cloudwatch:GetMetricData), not one of S3, SSM or KMS", async () => {
    assertPasses(await checkResource(iamNoStarResourceForWrites, rolePolicy("r", allow("cloudwatch:GetMetricData", "*"))));
    assertViolates(await checkResource(iamNoStarResourceForWrites, rolePolicy("r", allow(["cloudwatch:GetMetricData", "ssm:GetParameters"], "*"))), /"ssm:getparameters" on "\*"/);
    assertViolates(await checkResource(iamNoStarResourceForWrites, rolePolicy("r", allow("kms:Decrypt", "*"))), /kms:decrypt/);
    assertViolates(await checkResource(iamNoStarResourceForWrites, rolePolicy("r", allow("logs:GetLogEvents", "*"))), /logs:getlogevents/);
  });

  it("refuses credential-minting writes on \"*\" even where AWS's data marks the resource optional", async () => {
    assertViolates(await checkResource(iamNoStarResourceForWrites, rolePolicy("r", allow("sts:GetFederationToken", "*"))), /getfederationtoken/);
  });

  it("refuses reading every object or secret as firmly as writing", async () => {
    assertViolates(await checkResource(iamNoStarResourceForWrites, rolePolicy("r", allow("s3:GetObject", "*"))), /"s3:getobject" on "\*"/);
    assertViolates(await checkResource(iamNoStarResourceForWrites, rolePolicy("r", allow("secretsmanager:GetSecretValue", "arn:aws:secretsmanager:ap-northeast-1:111111111111:secret:*"))), /getsecretvalue/);
  });

  it("treats wildcards anywhere in an ARN, and NotResource, as every resource", async () => {
    for (const resource of ["arn:aws:s3:::*/*", "arn:aws:s3:::xacct-?ransfer-222222222222-apne1/*", "arn:aws:s3:::*transfer*/example/*", "arn:*:s3:::b/*", "arn:aws:iam::*:role/xacct-transfer", "arn:aws:s3:::${aws:username}/*"]) {
      assertViolates(await checkResource(iamNoStarResourceForWrites, rolePolicy("r", allow("s3:PutObject", resource))), /every such resource/);
    }
    const notResource = json({ Statement: [{ Effect: "Allow", Action: "s3:PutObject", NotResource: "arn:aws:s3:::secret/*" }] });
    assertViolates(await checkResource(iamNoStarResourceForWrites, rolePolicy("r", notResource)), /everything except/);
    assertPasses(await checkResource(iamNoStarResourceForWrites, rolePolicy("r", allow("logs:PutLogEvents", "arn:aws:logs:ap-northeast-1:111111111111:log-group:/aws/lambda/fn:*"))));
  });
  it("refuses an action AWS's data does not know on \"*\"", async () => {
    assertViolates(await checkResource(iamNoStarResourceForWrites, rolePolicy("r", allow("xacctnosuchservice:DoThings", "*"))), /xacctnosuchservice:dothings/);
  });

  it("refuses tagging on \"*\" even when it is also a write with optional resources, and reads of a guarded service", async () => {
    assertViolates(await checkResource(iamNoStarResourceForWrites, rolePolicy("r", allow("xray:TagResource", "*"))), /xray:tagresource/);
    assertViolates(await checkResource(iamNoStarResourceForWrites, rolePolicy("r", allow("ssm:DescribeAssociation", "*"))), /ssm:describeassociation/);
  });

  it("allows a pinned account-wide pattern only for write-only actions of an unguarded service", async () => {
    const wide = "arn:aws:logs:ap-northeast-1:111111111111:*";
    assertPasses(await checkResource(iamNoStarResourceForWrites, rolePolicy("r", allow("logs:CreateLogGroup", wide))));
    assertViolates(await checkResource(iamNoStarResourceForWrites, rolePolicy("r", allow("logs:CreateLogGroup", "*"))), /logs:createloggroup/);
    assertViolates(await checkResource(iamNoStarResourceForWrites, rolePolicy("r", allow("logs:CreateLogGroup", [wide, "*"]))), /logs:createloggroup/);
    assertViolates(await checkResource(iamNoStarResourceForWrites, rolePolicy("r", allow("logs:CreateLogGroup", "arn:aws:logs:ap-northeast-1:111111111111:log-group:${aws:username}*"))), /logs:createloggroup/);
    assertViolates(await checkResource(iamNoStarResourceForWrites, rolePolicy("r", allow("logs:CreateLogGroup", `*${wide}`))), /logs:createloggroup/);
    assertViolates(await checkResource(iamNoStarResourceForWrites, rolePolicy("r", allow("logs:GetLogEvents", wide))), /logs:getlogevents/);
    assertViolates(await checkResource(iamNoStarResourceForWrites, rolePolicy("r", allow("xray:TagResource", "arn:aws:xray:ap-northeast-1:111111111111:*"))), /xray:tagresource/);
    assertViolates(await checkResource(iamNoStarResourceForWrites, rolePolicy("r", allow("ssm:PutCalendar", "arn:aws:ssm:ap-northeast-1:111111111111:*"))), /ssm:putcalendar/);
  });

  it("checks bucket policies and VPC endpoint policies too", async () => {
    const anyone = (Action: string) => ({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action, Resource: "*" }] });
    assertViolates(await checkResource(iamNoStarResourceForWrites, bucketPolicy(json(anyone("s3:PutObject")))), /s3:putobject/);
    assertViolates(await checkResource(iamNoStarResourceForWrites, endpoint("s3", json(anyone("s3:PutObject")))), /s3:putobject/);
  });

  it("accepts a statement that names no resource at all", async () => {
    assertPasses(await checkResource(iamNoStarResourceForWrites, rolePolicy("r", json({ Statement: [{ Effect: "Allow", Action: "s3:PutObject" }] }))));
  });

  it("names the first five risky actions, counts the rest, and says what to do", async () => {
    const six = ["s3:PutObject", "s3:GetObject", "s3:DeleteObject", "kms:Decrypt", "kms:Encrypt", "sqs:SendMessage"];
    const many = await checkResource(iamNoStarResourceForWrites, rolePolicy("r", allow(six, "*")));
    assertViolates(many, /kms:encrypt" and 1 more on "\*".*Name the exact ARNs/);
    if (many.violations.some((v) => /sqs:sendmessage/.test(v.message))) throw new Error("the sixth action should be counted, not named");
    const five = await checkResource(iamNoStarResourceForWrites, rolePolicy("r", allow(six.slice(0, 5), "*")));
    assertViolates(five, /kms:encrypt" on "\*"/);
  });
});
