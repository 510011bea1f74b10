import { ReportViolation, ResourceValidation, ResourceValidationArgs } from "@pulumi/policy";
import { DocumentKind, ParsedSource, readDocuments } from "./resources";

/** A resource validation that runs `check` on every readable IAM document of the given kinds. */
export function forEachDocument(
  kinds: readonly DocumentKind[],
  check: (document: ParsedSource, args: ResourceValidationArgs, reportViolation: ReportViolation) => void,
): ResourceValidation {
  return (args, reportViolation) => {
    for (const document of readDocuments(args.type, args.props, kinds, reportViolation)) {
      check(document, args, reportViolation);
    }
  };
}

/** Quotes a list of values for a message. */
export function quoted(values: readonly string[]): string {
  return values.map((v) => JSON.stringify(v)).join(", ");
}
