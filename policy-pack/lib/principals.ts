/** What counts as naming exactly one principal: the facts the trust, endpoint and wiring rules share. */
import { allowGuard } from "./conditions";
import { Statement, hasWildcard } from "./iam";

const ROLE_ARN = /^arn:aws(-cn|-us-gov)?:iam::\d{12}:role\/[\w+=,.@/-]+$/;

export function isExactRoleArn(value: string): boolean {
  return ROLE_ARN.test(value) && !hasWildcard(value);
}

/** Why an AWS principal is not one exact role, or undefined when it is. */
export function whyNotExactRole(principal: string): string | undefined {
  if (principal === "*") return "is anyone";
  if (/^\d{12}$/.test(principal) || /:root$/.test(principal)) return "is a whole account (every role and user an admin there creates)";
  if (hasWildcard(principal)) return "is a wildcard pattern";
  if (/:user\//.test(principal)) return "is an IAM user (long-term credentials)";
  if (/:assumed-role\//.test(principal)) return "is a session ARN, not a role";
  if (!isExactRoleArn(principal)) return "is not an IAM role ARN";
  return undefined;
}

/**
 * The role ARNs a `Principal: "*"` statement is narrowed to by `aws:PrincipalArn`, or undefined
 * when it is not narrowed. Only a positive, unconditional match on exact role ARNs narrows:
 * `…IfExists` lets requests without the key through (anonymous ones), `ForAnyValue:`/
 * `ForAllValues:` change the meaning, `Not…` operators match everyone else, and a wildcard value
 * matches more than one principal. (`…Like` with a value that has no wildcard is an exact match.)
 */
export function principalArnNarrowing(statement: Statement): string[] | undefined {
  return allowGuard(statement, "aws:PrincipalArn", isExactRoleArn);
}
