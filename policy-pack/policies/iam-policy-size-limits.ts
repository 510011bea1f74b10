import { ResourceValidationPolicy } from "@pulumi/policy";
import { DocumentSource, TYPES, documentsOf } from "../lib/resources";
import { containsUnknown } from "../lib/unknowns";

export interface SizeLimits {
  bucketPolicyMaxBytes: number;
  trustPolicyMaxCharacters: number;
  inlinePoliciesMaxCharacters: number;
  managedPolicyMaxCharacters: number;
  endpointPolicyMaxCharacters: number;
}

/** IAM does not count white space outside strings; a document it cannot parse is measured as sent. */
function iamLength(value: unknown): number {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  try {
    return JSON.stringify(JSON.parse(text)).length;
  } catch {
    return text.length;
  }
}

function rawLength(value: unknown, unit: "bytes" | "characters"): number {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return unit === "bytes" ? Buffer.byteLength(text, "utf8") : text.length;
}

/**
 * Policy documents fit the limits AWS enforces only when it applies them, so a too-large policy
 * fails halfway through `pulumi up` instead of at preview: bucket policy 20 KB; role trust policy
 * 2,048 characters (the default quota); inline policies 10,240 characters in total per role (per
 * document for separate RolePolicy resources); managed policy 6,144; VPC endpoint policy 20,480.
 *
 * Severity: medium. Why: IAM and AWS STS quotas
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html) and the S3 and
 * VPC quotas (https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html).
 */
export const iamPolicySizeLimits: ResourceValidationPolicy = {
  name: "iam-policy-size-limits",
  description: "Policy documents fit AWS's size limits, checked before deployment.",
  enforcementLevel: "mandatory",
  severity: "medium",
  configSchema: {
    properties: {
      bucketPolicyMaxBytes: { type: "integer", minimum: 1, default: 20480, maximum: 20480, description: "Bucket policy limit in bytes (AWS: 20 KB). Only lower values are accepted." },
      trustPolicyMaxCharacters: { type: "integer", minimum: 1, default: 2048, maximum: 8192, description: "Trust policy limit in characters. Raise it only if your account's quota was raised (AWS maximum 8,192)." },
      inlinePoliciesMaxCharacters: { type: "integer", minimum: 1, default: 10240, maximum: 10240, description: "Total inline policy characters per role (AWS: 10,240)." },
      managedPolicyMaxCharacters: { type: "integer", minimum: 1, default: 6144, maximum: 6144, description: "Managed policy limit in characters (AWS: 6,144)." },
      endpointPolicyMaxCharacters: { type: "integer", minimum: 1, default: 20480, maximum: 20480, description: "VPC endpoint policy limit in characters (AWS: 20,480)." },
    },
  },
  validateResource: (args, reportViolation) => {
    const limits = args.getConfig<SizeLimits>();
    // Unknown or secret documents cannot be measured; xacct-values-known judges them.
    const present = documentsOf(args.type, args.props).filter((d) => d.value !== undefined && d.value !== null && !containsUnknown(d.value));
    const check = (what: string, size: number, limit: number, unit: string) => {
      if (size > limit) {
        reportViolation(`${what} is ${size} ${unit}; AWS refuses more than ${limit}. Split the statements or shorten the document.`);
      }
    };
    const measure = (document: DocumentSource) => {
      switch (document.kind) {
        case "bucket":
          return check(`${document.property} (bucket policy)`, rawLength(document.value, "bytes"), limits.bucketPolicyMaxBytes, "bytes");
        case "endpoint":
          return check(`${document.property} (VPC endpoint policy)`, rawLength(document.value, "characters"), limits.endpointPolicyMaxCharacters, "characters");
        case "trust":
          return check(`${document.property} (trust policy)`, iamLength(document.value), limits.trustPolicyMaxCharacters, "characters");
        case "identity":
          if (document.managed) return check(`${document.property} (managed policy)`, iamLength(document.value), limits.managedPolicyMaxCharacters, "characters");
          if (args.type !== TYPES.role) return check(`${document.property} (inline policy)`, iamLength(document.value), limits.inlinePoliciesMaxCharacters, "characters");
      }
    };
    present.forEach(measure);
    if (args.type === TYPES.role) {
      const inline = present.filter((d) => d.kind === "identity");
      const total = inline.reduce((sum, d) => sum + iamLength(d.value), 0);
      check(`the role's ${inline.length} inline policies`, total, limits.inlinePoliciesMaxCharacters, "characters in total");
    }
  },
};
