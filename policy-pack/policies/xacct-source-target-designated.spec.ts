import * as assert from "node:assert/strict";
import { checkStack } from "../testing/harness";
import { assertPasses } from "../testing/expect";
import { TYPE, fixture } from "../testing/fixtures";
import { xacctSourceTargetDesignated } from "./xacct-source-target-designated";

const TARGET = { transferRoleArns: ["arn:aws:iam::222222222222:role/xacct-transfer"], transferBuckets: ["xacct-transfer-222222222222-apne1"] };

describe("xacct-source-target-designated", () => {
  it("advises on a source stack whose transfer role and bucket come only from its own documents and outputs, naming them and the config keys", async () => {
    for (const kind of ["export", "preview"] as const) {
      const outcome = await checkStack(xacctSourceTargetDesignated, fixture("source", kind));
      assert.equal(outcome.violations.length, 1, JSON.stringify(outcome.violations));
      assert.equal(outcome.violations[0].level, "advisory");
      assert.match(outcome.violations[0].message, /transfer role \(arn:aws:iam::222222222222:role\/xacct-transfer\) and bucket \(xacct-transfer-222222222222-apne1\) are taken from the stack's own documents and outputs.*Set transferRoleArns and transferBuckets/);
    }
    const half = await checkStack(xacctSourceTargetDesignated, fixture("source"), { "xacct-source-target-designated": { transferRoleArns: TARGET.transferRoleArns } });
    assert.match(half.violations[0]?.message ?? "", /Set transferBuckets in/);
  });

  it("is quiet when pack config designates the target half, and on pair and target stacks", async () => {
    assertPasses(await checkStack(xacctSourceTargetDesignated, fixture("source"), { "xacct-source-target-designated": TARGET }));
    assertPasses(await checkStack(xacctSourceTargetDesignated, fixture("pair")));
    assertPasses(await checkStack(xacctSourceTargetDesignated, fixture("target")));
  });

  const INST = "arn:aws:iam::111111111111:role/inst";
  const XFER = "arn:aws:iam::222222222222:role/xfer";
  const instanceRole = (policy?: object) => [
    { type: TYPE.role, name: "inst", props: { name: "inst", arn: INST, ...(policy ? { inlinePolicies: [{ name: "p", policy: JSON.stringify(policy) }] } : {}) } },
    { type: "aws:iam/instanceProfile:InstanceProfile", name: "inst", props: { role: "inst" } },
  ];

  it("says when the source stack names no transfer role or bucket at all, and lists every one it names", async () => {
    const bare = await checkStack(xacctSourceTargetDesignated, instanceRole());
    assert.equal(bare.violations.length, 1);
    assert.match(bare.violations[0].message, /transfer role \(none\) and bucket \(none\)/);
    const two = await checkStack(
      xacctSourceTargetDesignated,
      instanceRole({ Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: [XFER, "arn:aws:iam::222222222222:role/xfer-2"] }] }),
      { "xacct-source-target-designated": { transferBuckets: ["bucket-1", "bucket-2"] } },
    );
    assert.equal(two.violations.length, 1);
    assert.match(two.violations[0].message, /transfer role \(arn:aws:iam::222222222222:role\/xfer, arn:aws:iam::222222222222:role\/xfer-2\) and bucket \(bucket-1, bucket-2\).*Set transferRoleArns in/);
  });

  it("is quiet on a stack with no instance role, and on one that holds the transfer role though the bucket is elsewhere", async () => {
    assertPasses(await checkStack(xacctSourceTargetDesignated, [
      { type: TYPE.role, name: "lambda", props: { name: "lambda", assumeRolePolicy: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }) } },
      { type: TYPE.bucket, name: "logs", props: { bucket: "logs" } },
    ]));
    assertPasses(await checkStack(xacctSourceTargetDesignated, [
      ...instanceRole({ Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: XFER }] }),
      { type: TYPE.role, name: "xfer", props: { name: "xfer", arn: XFER, assumeRolePolicy: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { AWS: INST }, Action: "sts:AssumeRole" }] }) } },
    ]));
  });

  it("is quiet on a direct stack, which holds its transfer bucket, also when pack config names another bucket elsewhere", async () => {
    assertPasses(await checkStack(xacctSourceTargetDesignated, fixture("direct")));
    assertPasses(await checkStack(xacctSourceTargetDesignated, fixture("direct"), { "xacct-source-target-designated": { transferBuckets: ["xacct-archive-222222222222-apne1"] } }));
  });
});
