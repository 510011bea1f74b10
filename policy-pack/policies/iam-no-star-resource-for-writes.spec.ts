import { GOOD, json, rolePolicy } from "../../test/support/pack-fixtures";
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

  it("accepts read-only actions on \"*\" (some AWS actions only support it)", async () => {
    assertPasses(await checkResource(iamNoStarResourceForWrites, rolePolicy("r", allow(["ec2:DescribeInstances", "sts:GetCallerIdentity"], "*"))));
  });
});
