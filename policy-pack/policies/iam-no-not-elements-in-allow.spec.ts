import { GOOD, bucketPolicy, json, role, rolePolicy } from "../testing/fixtures";
import { checkResource } from "../testing/harness";
import { assertPasses, assertViolates } from "../testing/expect";
import { iamNoNotElementsInAllow } from "./iam-no-not-elements-in-allow";

describe("iam-no-not-elements-in-allow", () => {
  it("passes the program's policies", async () => {
    assertPasses(await checkResource(iamNoNotElementsInAllow, rolePolicy("xacct-transfer", json(GOOD.transferPolicy()))));
    assertPasses(await checkResource(iamNoNotElementsInAllow, bucketPolicy(json(GOOD.bucketPolicy()))));
  });

  it("refuses NotAction, NotResource and NotPrincipal in an Allow", async () => {
    const notAction = { Statement: { Sid: "Everything", Effect: "Allow", NotAction: "iam:*", Resource: "arn:aws:s3:::b/*" } };
    assertViolates(await checkResource(iamNoNotElementsInAllow, rolePolicy("r", notAction)), /"Everything" is an Allow with NotAction/);
    const notResource = { Statement: [{ Effect: "Allow", Action: "s3:PutObject", NotResource: "arn:aws:s3:::secret/*" }] };
    assertViolates(await checkResource(iamNoNotElementsInAllow, rolePolicy("r", json(notResource))), /NotResource/);
    const notPrincipal = { Statement: [{ Effect: "Allow", NotPrincipal: { AWS: "arn:aws:iam::111111111111:role/x" }, Action: "sts:AssumeRole" }] };
    assertViolates(await checkResource(iamNoNotElementsInAllow, role("r", json(notPrincipal))), /NotPrincipal/);
    const both = { Statement: [{ Effect: "Allow", NotAction: "iam:*", NotResource: "arn:aws:s3:::secret/*" }] };
    assertViolates(await checkResource(iamNoNotElementsInAllow, rolePolicy("r", json(both))), /is an Allow with NotAction, NotResource: .*Rewrite it with Action, Resource and Principal/);
  });

  it("accepts Not* elements in a Deny, where they narrow what is denied", async () => {
    const deny = { Statement: [{ Effect: "Deny", Principal: "*", NotAction: "s3:GetObject", Resource: "arn:aws:s3:::b/*" }] };
    assertPasses(await checkResource(iamNoNotElementsInAllow, bucketPolicy(json(deny))));
  });
});
