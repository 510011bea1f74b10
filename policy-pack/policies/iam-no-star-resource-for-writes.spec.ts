import { GOOD, json, rolePolicy } from "../testing/fixtures";
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
});
