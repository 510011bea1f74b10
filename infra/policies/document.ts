/** The IAM policy grammar as this program writes it: always lists, always a `Sid`. */

export type ConditionBlock = Record<string, Record<string, string | string[]>>;

export type Principal = "*" | { AWS: string | string[] } | { Service: string | string[] };

export interface PolicyStatement {
  /** Reads as a sentence, so a reviewer can follow a decision back to the statement that made it. */
  Sid: string;
  Effect: "Allow" | "Deny";
  Principal?: Principal;
  Action: string[];
  Resource?: string[];
  Condition?: ConditionBlock;
}

export interface PolicyDocument {
  Version: "2012-10-17";
  Statement: PolicyStatement[];
}

export function policyDocument(...statements: PolicyStatement[]): PolicyDocument {
  return { Version: "2012-10-17", Statement: statements };
}

/** Stable, compact JSON: what is sent to AWS and what the size limits are measured on. */
export function toPolicyJson(document: PolicyDocument): string {
  return JSON.stringify(document);
}
