import * as assert from "node:assert/strict";
import { Outcome } from "./harness";

/** The rule reported at least one violation, and every pattern matches one of its messages. */
export function assertViolates(outcome: Outcome, ...patterns: RegExp[]): void {
  const messages = outcome.violations.map((v) => v.message);
  assert.ok(messages.length > 0, `expected a violation, got none${outcome.unknown ? ` (unknown: ${outcome.unknown})` : ""}${outcome.notApplicable ? ` (not applicable: ${outcome.notApplicable})` : ""}`);
  for (const pattern of patterns) {
    assert.ok(messages.some((m) => pattern.test(m)), `no violation matches ${pattern}:\n${messages.join("\n")}`);
  }
}

/** The rule ran to the end and reported nothing. */
export function assertPasses(outcome: Outcome): void {
  assert.deepEqual(outcome.violations.map((v) => v.message), []);
  assert.equal(outcome.unknown, undefined, `the rule hit an unknown value: ${outcome.unknown}`);
}
