import * as assert from "node:assert/strict";
import { isExactRoleArn, whyNotExactRole } from "./principals";

describe("one exact role as a principal", () => {
  it("accepts an exact role ARN in every partition, a path, and a name that ends in twelve digits", () => {
    for (const arn of [
      "arn:aws:iam::111111111111:role/xacct-instance",
      "arn:aws-cn:iam::111111111111:role/team/xacct-instance",
      "arn:aws-us-gov:iam::111111111111:role/xacct+transfer=1,a.b@c-d",
      "arn:aws:iam::111111111111:role/r222222222222",
    ]) {
      assert.equal(whyNotExactRole(arn), undefined, arn);
      assert.ok(isExactRoleArn(arn), arn);
    }
  });

  it("says why anything else is not one role", () => {
    const cases: [string, RegExp][] = [
      ["*", /anyone/],
      ["111111111111", /whole account/],
      ["arn:aws:iam::111111111111:root", /whole account/],
      ["arn:aws:iam::111111111111:role/xacct-*", /wildcard/],
      ["arn:aws:iam::111111111111:role/xacct-?", /wildcard/],
      ["arn:aws:iam::111111111111:user/alice", /IAM user/],
      ["arn:aws:sts::111111111111:assumed-role/xacct-instance/i-0abc", /session ARN/],
      ["arn:aws:iam::111111111111:group/admins", /not an IAM role ARN/],
      ["arn:aws:iam::11111111111:role/short-account", /not an IAM role ARN/],
      ["arn:aws:iam::111111111111:role/", /not an IAM role ARN/],
      ["arn:aws:iam::111111111111:root/x", /not an IAM role ARN/],
      ["1111111111112", /not an IAM role ARN/],
      ["x111111111111", /not an IAM role ARN/],
      ["arn:aws:iam::111111111111:role/a b", /not an IAM role ARN/],
      ["ec2.amazonaws.com", /not an IAM role ARN/],
    ];
    for (const [principal, why] of cases) {
      assert.match(whyNotExactRole(principal) ?? "(accepted)", why, principal);
      assert.equal(isExactRoleArn(principal), false, principal);
    }
  });
});
