import { StackValidationPolicy } from "@pulumi/policy";
import { unpinnedWriterGrants, writeProtectingFences } from "../lib/bucket-policy";
import { internetPathOf } from "../lib/internet-path";
import { actionsOf, grantsLevel } from "../lib/actions";
import { patternCovers } from "../lib/arn";
import { Statement, clausesOn, coversAction, statementLabel } from "../lib/iam";
import { statementsOf } from "../lib/designation";
import { allowsOf, designationConfigSchema, reachingObjects, withDesignation } from "../lib/transfer";

/**
 * Every transfer bucket of the stack has a bucket policy that denies writes to every request that
 * did not come through the source VPC's S3 gateway endpoint, whatever any IAM policy allows: a
 * Deny for Principal `"*"` (no NotPrincipal), a negated string operator on `aws:SourceVpce` with
 * exact endpoint ids (`vpce-*` guards nothing), no set qualifier, no other condition that narrows
 * it. The deny must cover every object write the transfer roles are granted, action by action
 * (no NotAction carve-out) and resource by resource. Other Deny statements are welcome.
 *
 * On the internet path (lib/internet-path: no S3 or STS endpoint, a NAT gateway's Elastic IP), and
 * only there, the fence is `NotIpAddress` on `aws:SourceIp` naming exactly the NAT addresses, each
 * as one address (no network, no `/0`, no IPv6, no other address); everywhere else an address
 * fence is refused: through an endpoint, requests carry no aws:SourceIp.
 *
 * Fan-in at scale may fence by organization instead (`aws:VpceOrgID` with exact organization ids,
 * constant size): that lets in every VPC endpoint of the organization, so it is accepted only
 * when every writer's own grant pins `aws:SourceVpce` to exact endpoint ids; an organization fence
 * alone is refused. `aws:PrincipalOrgID` fences who, not from where: never a network fence.
 *
 * Severity: critical. Why: Amazon S3 User Guide, "Restricting access to a specific VPC endpoint"
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies-vpc-endpoint.html).
 */
export const s3BucketPolicyRequiresVpce: StackValidationPolicy = {
  name: "s3-bucket-policy-requires-vpce",
  description: "The transfer bucket's policy denies writes unless aws:SourceVpce is our endpoint, covering every write the transfer roles have.",
  enforcementLevel: "mandatory",
  severity: "critical",
  configSchema: {
    properties: {
      ...designationConfigSchema.properties,
      protectedPrefixes: {
        type: "array",
        items: { type: "string" },
        default: [],
        description: "Key prefixes (e.g. \"example/\") the deny must cover; empty: it must cover what the transfer roles may write.",
      },
    },
  },
  validateStack: withDesignation(async (d, report, args) => {
    // Stryker disable next-line ArrayDeclaration: equivalent - getConfig always fills in the schema's default [] (the engine as the harness)
    const { protectedPrefixes = [] } = args.getConfig<{ protectedPrefixes?: string[] }>();
    const internet = internetPathOf(args.resources);
    const outside = internet ? "not coming from the NAT gateway's address" : "from outside the S3 endpoint";
    for (const bucket of d.transferBuckets.filter((b) => b.resource)) {
      const policies = d.bucketPolicies.filter((p) => p.bucket === bucket.name);
      const owner = bucket.resource!;
      if (policies.length === 0) {
        report(`the transfer bucket ${bucket.name} has no bucket policy: a writer with valid credentials could upload from anywhere. Add a Deny with Principal "*" on <bucket>/<prefix>/* and Condition StringNotEquals aws:SourceVpce = <endpoint id>.`, owner.urn);
        continue;
      }
      if (policies.length > 1) {
        report(`the transfer bucket ${bucket.name} has ${policies.length} bucket policies (${policies.map((p) => p.resource.name).join(", ")}): a bucket has one policy, and whichever is applied last replaces the others, fence included. Keep one.`, owner.urn);
      }
      if (policies.some((p) => p.document === "unknown")) continue; // judged against its sources by the preview rules
      const statements = policies.flatMap((p) => statementsOf(p.document));
      const at = policies[0].resource;
      // Every object write granted to a transfer role (or direct writer), statement by statement.
      const wanted: { action: string; resource: string }[] = protectedPrefixes.map((p) => ({ action: "s3:putobject", resource: `arn:${bucket.partition}:s3:::${bucket.name}/${p}*` }));
      const writerGrants: { role: string; statement: Statement }[] = [];
      for (const role of [...d.transferRoles, ...d.directWriters]) {
        for (const grant of role.grants) {
          for (const statement of allowsOf(grant.document)) {
            const objects = reachingObjects(statement, bucket);
            if (objects.length === 0) continue;
            // Every S3 action on the accesspointobject resource type is on the object type too (AWS's data).
            const writes = (await actionsOf(statement)).filter((a) => a.unknown || (grantsLevel(a, "Write") && a.resourceTypes.includes("object")));
            if (writes.length > 0) writerGrants.push({ role: role.resource.name, statement });
            for (const write of writes) for (const resource of objects) wanted.push({ action: write.action, resource });
          }
        }
      }
      // An organization fence stands only beside the endpoint fence of every writer's own grant.
      const unpinned = unpinnedWriterGrants(writerGrants.map((g) => g.statement));
      const organizationProblem =
        writerGrants.length === 0
          ? "it fences by organization (aws:VpceOrgID), which lets in every VPC endpoint of the organization, and no writer's grant pins its own endpoint: an organization fence is accepted only combined with grants fenced by aws:SourceVpce"
          : unpinned.length > 0
            ? `it fences by organization (aws:VpceOrgID), which lets in every VPC endpoint of the organization, and ${writerGrants.filter((g) => unpinned.includes(g.statement)).map((g) => `${g.role} ${statementLabel(g.statement)}`).join(", ")} grants writes without pinning aws:SourceVpce to its own S3 endpoint: an organization fence is accepted only combined with that endpoint fence`
            : undefined;
      const denies = writeProtectingFences(statements, internet).map((f) =>
        "fence" in f && f.fence === "organization" && f.problems.length === 0 && organizationProblem ? { ...f, problems: [organizationProblem] } : f,
      );
      // A flawed fence is reported only when no sound one does the job: an extra Deny only removes access.
      const reportFlawed = () => {
        for (const finding of denies.filter((f) => f.problems.length > 0)) {
          report(`${at.name} policy ${statementLabel(finding.statement)} is meant to deny writes ${outside}, but ${finding.problems.join("; ")}.`, at.urn);
        }
      };
      const sound = denies.filter((f) => f.problems.length === 0).map((f) => f.statement);
      if (sound.length === 0) {
        reportFlawed();
        if (denies.length === 0 && internet) {
          report(
            `${at.name} policy has no statement that denies s3:PutObject unless aws:SourceIp is the NAT gateway's Elastic IP (${internet.addresses.map((a) => a.value ?? a.name).join(", ")}): a writer with valid credentials could upload from anywhere. ` +
              "Add a Deny with Principal \"*\" on <bucket>/<prefix>/* and Condition NotIpAddress aws:SourceIp = <the Elastic IP>/32.",
            at.urn,
          );
        } else if (denies.length === 0) {
          const byAddress = statements.some((s) => s.effect === "Deny" && s.conditions.some((c) => c.key === "aws:sourceip"));
          report(
            `${at.name} policy has no statement that denies s3:PutObject unless aws:SourceVpce is the S3 gateway endpoint: a writer with valid credentials could upload from anywhere. ` +
              (statements.some((s) => clausesOn(s, "aws:PrincipalOrgID").length > 0) ? "An aws:PrincipalOrgID condition fences who, not from where. " : "") +
              "Add a Deny with Principal \"*\" on <bucket>/<prefix>/* and Condition StringNotEquals aws:SourceVpce = <endpoint id>." +
              (byAddress ? " Its aws:SourceIp deny is no fence here: an address fence is accepted only on the internet path (xacct:source.endpoints none: no S3 or STS endpoint, a NAT gateway with an Elastic IP), because requests through a VPC endpoint carry no aws:SourceIp." : ""),
            at.urn,
          );
        }
        continue;
      }
      // Stryker disable next-line ArrayDeclaration: equivalent - a stand-in element for a missing Resource neither holds "/" nor is "*"
      if (wanted.length === 0 && !sound.some((s) => (s.resources ?? []).some((r) => r.includes("/") || r === "*"))) {
        report(`${at.name} policy's ${internet ? "NAT address" : "S3 endpoint"} deny names no object ARN (arn:aws:s3:::<bucket>/<prefix>/*), so it protects no object.`, at.urn);
      }
      // Stryker disable next-line ArrayDeclaration: equivalent - a stand-in element for a missing Resource is no pattern covering an object ARN
      const uncovered = wanted.filter(({ action, resource }) => !sound.some((s) => coversAction(s, action) && (s.resources ?? []).some((r) => patternCovers(r, resource))));
      for (const { action, resource } of uncovered) {
        report(`${at.name} policy does not deny ${action} on ${resource} ${outside}, though a transfer role may do it there. Cover it in the ${internet ? "aws:SourceIp" : "aws:SourceVpce"} deny.`, at.urn);
      }
      if (uncovered.length > 0) reportFlawed();
    }
  }),
};
