import * as assert from "node:assert/strict";
import { checkStack } from "../testing/harness";
import { assertPasses } from "../testing/expect";
import { fixture } from "../testing/fixtures";
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
});
