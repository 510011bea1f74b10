import { StackValidationPolicy } from "@pulumi/policy";
import { allowGuard } from "../lib/conditions";
import { clausesOn } from "../lib/iam";
import { internetPathOf, sourceIpAllowProblems } from "../lib/internet-path";
import { allowsOf, designationConfigSchema, whoIsLetIn, where, withDesignation } from "../lib/transfer";

/** What a trust may let the instance role do besides assuming the role: set a source identity, tag the session. */
const TRUST_ACTIONS = new Set(["sts:assumerole", "sts:setsourceidentity", "sts:tagsession"]);

/**
 * Every transfer role (a role the instance role may assume, that trusts it, or that writes into
 * the transfer bucket) trusts only the instance role(s), by exact ARN, for `sts:AssumeRole` (with
 * `sts:SetSourceIdentity` / `sts:TagSession` if wanted), and only through the STS VPC endpoint: a
 * positive `aws:SourceVpce` condition (not `...IfExists`, no set qualifier) with exact endpoint
 * ids. A Lambda or CI role that writes into the transfer bucket is a transfer role too, and fails.
 * On the internet path (lib/internet-path), and only there, the fence is instead a positive
 * `IpAddress` on `aws:SourceIp` (no `…IfExists`: a call through any VPC endpoint carries no
 * aws:SourceIp) naming only the NAT gateway's Elastic IP, one address per value.
 * The instance role itself is trusted by `ec2.amazonaws.com` only.
 *
 * Severity: critical. Why: IAM User Guide, "aws:SourceVpce" and role trust policies
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourcevpce).
 */
export const iamTransferRoleTrustsOnlyTheInstanceRole: StackValidationPolicy = {
  name: "iam-transfer-role-trusts-only-the-instance-role",
  description: "Transfer roles trust only the instance role, by exact ARN, through the STS endpoint; the instance role only EC2.",
  enforcementLevel: "mandatory",
  severity: "critical",
  configSchema: designationConfigSchema,
  validateStack: withDesignation((d, report, args) => {
    const instanceArns = new Set(d.instanceRoleArns);
    const internet = internetPathOf(args.resources);
    // The instance role itself is handed out by EC2 only: anyone else who may assume it inherits the path.
    for (const role of d.instanceRoles) {
      for (const statement of allowsOf(role.trust)) {
        const { roles, others } = whoIsLetIn(statement);
        const strangers = [...roles, ...others.filter((o) => o !== "the service ec2.amazonaws.com")];
        if (strangers.length > 0) report(`${where(role.resource, "trust", statement)} lets ${strangers.join(", ")} assume the instance role ${role.name ?? role.resource.name}, which may assume the transfer role: only ec2.amazonaws.com may.`, role.resource.urn);
      }
    }
    for (const role of d.transferRoles) {
      const name = role.name ?? role.resource.name;
      // An unknown trust has no statements here: it is judged against its sources by the preview rules.
      for (const statement of allowsOf(role.trust)) {
        const at = where(role.resource, "trust", statement);
        const { roles, others } = whoIsLetIn(statement);
        const strangers = [...others, ...(instanceArns.size > 0 ? roles.filter((r) => !instanceArns.has(r)) : [])];
        if (strangers.length > 0) {
          report(`${at} lets ${strangers.join(", ")} assume the transfer role ${name}. A transfer role trusts only the instance role${instanceArns.size ? ` (${[...instanceArns].join(", ")})` : ""}.`, role.resource.urn);
        }
        const actions = statement.actions ?? ["everything but the NotAction"];
        const extra = actions.filter((a) => !TRUST_ACTIONS.has(a));
        if (extra.length > 0) report(`${at} allows ${extra.join(", ")}: a transfer role's trust allows sts:AssumeRole (and sts:SetSourceIdentity, sts:TagSession) only.`, role.resource.urn);
        if (internet) {
          const problems = sourceIpAllowProblems(statement, internet.addresses);
          if (problems.length > 0) {
            report(`${at} is not fenced to the NAT gateway's address (${internet.addresses.map((a) => a.value ?? a.name).join(", ")}): ${problems.join("; ")}. On the internet path the transfer role could otherwise be assumed from anywhere. Add IpAddress aws:SourceIp = <the Elastic IP>/32.`, role.resource.urn);
          }
          continue;
        }
        const guard = allowGuard(statement, "aws:SourceVpce", (v) => /^vpce-[0-9a-f]+$/.test(v));
        const endpointIds = d.stsEndpoints.map((e) => e.id);
        if (guard && endpointIds.length > 0 && endpointIds.every((id) => id !== undefined)) {
          const foreign = guard.filter((v) => !endpointIds.includes(v));
          if (foreign.length > 0) report(`${at} lets the role be assumed through ${foreign.join(", ")}, which is not this stack's STS endpoint (${endpointIds.join(", ")}).`, role.resource.urn);
        }
        if (!guard) {
          const loose = clausesOn(statement, "aws:SourceVpce");
          const byAddress = clausesOn(statement, "aws:SourceIp").length > 0
            ? " Its aws:SourceIp condition is no fence here: an address fence is accepted only on the internet path (xacct:source.endpoints none: no S3 or STS endpoint, a NAT gateway with an Elastic IP)."
            : "";
          report(
            `${at} ${loose.length ? `has aws:SourceVpce only as ${loose.map((c) => `${c.operator} ${c.values.join(", ")}`).join("; ")}, which does not pin exact endpoint ids` : "has no aws:SourceVpce condition"}: the transfer role could be assumed from outside the source VPC. Add StringEquals aws:SourceVpce = <the STS endpoint id>.${byAddress}`,
            role.resource.urn,
          );
        }
      }
    }
  }),
};
