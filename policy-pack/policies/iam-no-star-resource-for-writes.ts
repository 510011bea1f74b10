import { ResourceValidationPolicy } from "@pulumi/policy";
import { isEveryResource, isReadOnlyAction, statementLabel } from "../lib/iam";
import { allows } from "../lib/resources";
import { forEachDocument, quoted } from "../lib/rule";

/**
 * No Allow statement grants an action that can change something (anything not read-only by its
 * verb, wildcards included) on every resource (`*`, `arn:aws:s3:::*`).
 *
 * Severity: high. Why: AWS IAM best practices, "Apply least-privilege permissions" and "Define
 * resources in policies" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html).
 */
export const iamNoStarResourceForWrites: ResourceValidationPolicy = {
  name: "iam-no-star-resource-for-writes",
  description: "Allow statements that can write name the resources they write to, never '*'.",
  enforcementLevel: "mandatory",
  severity: "high",
  validateResource: forEachDocument(["identity", "bucket", "endpoint"], (document, _args, reportViolation) => {
    for (const statement of allows(document.statements)) {
      const everything = (statement.resources ?? []).filter(isEveryResource);
      const writes = (statement.actions ?? []).filter((action) => !isReadOnlyAction(action));
      if (everything.length > 0 && writes.length > 0) {
        reportViolation(
          `${document.property} ${statementLabel(statement)} allows ${quoted(writes)} on ${quoted(everything)}: every resource of the service, in every account. ` +
            "Name the exact ARNs (e.g. arn:aws:s3:::<bucket>/<prefix>/*).",
        );
      }
    }
  }),
};
