import { ResourceValidationPolicy } from "@pulumi/policy";
import { statementLabel } from "../lib/iam";
import { allows } from "../lib/resources";
import { forEachDocument } from "../lib/rule";

/**
 * No Allow statement uses NotAction, NotResource or NotPrincipal. In an Allow they grant everything
 * *except* what they list, including actions, resources and principals that do not exist yet.
 *
 * Severity: high. Why: IAM JSON policy elements, NotAction ("use NotAction with Allow carefully")
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html).
 */
export const iamNoNotElementsInAllow: ResourceValidationPolicy = {
  name: "iam-no-not-elements-in-allow",
  description: "Allow statements name what they grant: no NotAction, NotResource or NotPrincipal.",
  enforcementLevel: "mandatory",
  severity: "high",
  validateResource: forEachDocument(["identity", "trust", "bucket", "endpoint"], (document, _args, reportViolation) => {
    for (const statement of allows(document.statements)) {
      const used = [
        statement.notActions && "NotAction",
        statement.notResources && "NotResource",
        statement.notPrincipal && "NotPrincipal",
      ].filter((element): element is string => Boolean(element));
      if (used.length > 0) {
        reportViolation(
          `${document.property} ${statementLabel(statement)} is an Allow with ${used.join(", ")}: it grants everything except what it lists. ` +
            "Rewrite it with Action, Resource and Principal naming exactly what is granted.",
        );
      }
    }
  }),
};
