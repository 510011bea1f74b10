/** Malformed or hostile documents get a violation, never a crash: the pack must not fail open by throwing. */
import fc from "fast-check";
import { policies } from "../policies";
import { TYPE, fixture, withProps } from "./fixtures";
import { runPack } from "./harness";
const statementArb = fc.record({
  Effect: fc.constantFrom("Allow", "Deny", "allow", 1, null),
  Action: fc.oneof(fc.constantFrom("s3:PutObject", "*", "sts:AssumeRole", "iam:Pass*", ["s3:Get*", 3]), fc.jsonValue()),
  Resource: fc.oneof(fc.constantFrom("*", "arn:aws:s3:::*/*", ["arn:aws:s3:::xacct-transfer-222222222222-apne1/example/*"]), fc.jsonValue()),
  Principal: fc.oneof(fc.constantFrom("*", { AWS: "arn:aws:iam::111111111111:role/xacct-instance" }, { AWS: null }, { Service: ["a", 1] }), fc.jsonValue()),
  Condition: fc.oneof(fc.constantFrom({ StringEquals: { "aws:SourceVpce": "vpce-1" } }, { Null: null }, { StringEquals: "x" }), fc.jsonValue()),
}, { requiredKeys: [] });
const docArb = fc.oneof(fc.record({ Statement: fc.oneof(fc.array(statementArb), statementArb, fc.jsonValue()) }), fc.jsonValue(), fc.string());
describe("the pack over arbitrary documents", () => {
  it("never throws, whatever the transfer role, its trust and the bucket policy hold", async () => {
  await fc.assert(fc.asyncProperty(docArb, docArb, docArb, async (a, b, c) => {
    let r = withProps(fixture("pair"), TYPE.rolePolicy, "target-transfer-write-prefix", (p) => ({ ...p, policy: typeof a === "string" ? a : JSON.stringify(a) }));
    r = withProps(r, TYPE.bucketPolicy, "target-bucket", (p) => ({ ...p, policy: b }));
    r = withProps(r, TYPE.role, "target-transfer", (p) => ({ ...p, assumeRolePolicy: JSON.stringify(c) }));
    await runPack(policies, r);
  }), { numRuns: 40 });
  });
});
