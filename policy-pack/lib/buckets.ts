/** Which bucket a companion resource (policy, lifecycle, replication…) belongs to, and the prefixes written into it. */
import { PolicyResource } from "@pulumi/policy";
import { coversAction, parsePolicyDocument } from "./iam";
import { designates, propsOf } from "./stack";
import { isUnknown } from "./unknowns";

export const BUCKET_TYPES = new Set(["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"]);

/** The bucket's name: its `bucket` input, when known. */
export function bucketNameOf(bucket: PolicyResource): string | undefined {
  const name = propsOf(bucket).bucket;
  return typeof name === "string" && !isUnknown(name) ? name : undefined;
}

/** The stack's bucket a companion's `bucket` property names (by name, or wired to it during preview). */
export function bucketOf(companion: PolicyResource, resources: PolicyResource[]): PolicyResource | undefined {
  return resources.filter((r) => BUCKET_TYPES.has(r.type)).find((b) => designates(companion, "bucket", b, bucketNameOf(b)));
}

/**
 * The key prefixes of `bucketName` that the stack's documents allow writing to (`s3:PutObject` on
 * `arn:aws:s3:::bucket/prefix*`): the transfer prefix. Empty when no document names one.
 */
export function writtenPrefixes(resources: PolicyResource[], bucketName: string): string[] {
  const prefixes = new Set<string>();
  for (const resource of resources) {
    const props = propsOf(resource);
    // Stryker disable next-line ArrayDeclaration: equivalent - a stand-in element for missing inline policies is no policy document, and is skipped
    const inline = Array.isArray(props.inlinePolicies) ? props.inlinePolicies.map((p: any) => p?.policy) : [];
    const values = [props.policy, props.assumeRolePolicy, ...inline];
    for (const value of values) {
      // Absent, null and unknown values (every sentinel is a non-JSON string) are not documents.
      const parsed = parsePolicyDocument(value);
      if (!parsed.ok) continue;
      for (const statement of parsed.statements) {
        if (statement.effect !== "Allow" || !coversAction(statement, "s3:PutObject")) continue;
        // Stryker disable next-line ArrayDeclaration: equivalent - a stand-in element for a missing Resource is no S3 ARN
        for (const arn of statement.resources ?? []) {
          const match = /^arn:[^:]*:s3:::([^/]+)\/(.*)/.exec(arn);
          if (match && match[1] === bucketName) prefixes.add(match[2].split("*")[0]);
        }
      }
    }
  }
  return [...prefixes];
}
