import { PolicyResource, ReportViolation, StackValidationPolicy } from "@pulumi/policy";
import { TYPES, endpointServiceOf } from "../lib/resources";
import { designates, idOf, isWiredTo, propsOf } from "../lib/stack";
import { booleanOf, isUnknown } from "../lib/unknowns";

const ENDPOINT = TYPES.vpcEndpoint;
const SECURITY_GROUP = TYPES.securityGroup;
const SG_RULE = TYPES.securityGroupRule;
const INGRESS_RULE = TYPES.securityGroupIngressRule;

/** The widest networks an endpoint may admit: an IPv4 /8, an IPv6 /32. Wider spellings of "everywhere" (0.0.0.0/1 twice) are refused too. */
const WIDEST = { ipv4: 8, ipv6: 32 };

/** Why a CIDR is too wide or unreadable, or undefined when it names a network. */
function tooWide(cidr: string): string | undefined {
  const match = /^([0-9a-fA-F:.]+)\/(\d{1,3})$/.exec(cidr);
  if (!match) return `${cidr}, which is not a CIDR`;
  const ipv6 = match[1].includes(":");
  const limit = ipv6 ? WIDEST.ipv6 : WIDEST.ipv4;
  if (Number(match[2]) < limit) return `${cidr}, wider than a /${limit}${Number(match[2]) === 0 ? " (everywhere)" : ""}`;
  return undefined;
}

const PREFIX_LIST = "aws:ec2/managedPrefixList:ManagedPrefixList";
const PREFIX_LIST_ENTRY = "aws:ec2/managedPrefixListEntry:ManagedPrefixListEntry";

/**
 * The CIDRs of the prefix list `id` (or of the list an unknown id is computed from): its `entries`
 * and the separate entries added to it. Undefined when no managed prefix list of the stack is it:
 * a list from elsewhere (AWS-managed, shared, another stack's) holds whatever its owner puts there.
 */
function prefixListCidrs(resources: PolicyResource[], owner: PolicyResource, id: unknown): string[] | undefined {
  const list = resources.find((r) => r.type === PREFIX_LIST && (isUnknown(id) ? Object.values(owner.propertyDependencies).some((ds) => ds.some((d) => d.urn === r.urn)) : id === idOf(r)));
  if (!list) return undefined;
  const entries = listOf(propsOf(list).entries).map((e) => (e && typeof e === "object" ? (e as Record<string, unknown>).cidr : e));
  // Stryker disable next-line MethodExpression: equivalent - of the resources that name the list in prefixListId, only an entry has a cidr (the ConditionalExpression `true` variant, the same, survives)
  const listEntries = resources.filter((r) => r.type === PREFIX_LIST_ENTRY);
  const added = listEntries.filter((r) => designates(r, "prefixListId", list)).map((r) => propsOf(r).cidr);
  return [...entries, ...added].filter((c) => c !== undefined && c !== null).map(String);
}

function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
}

/** The security groups in front of the stack's interface endpoints: named by id, or computed from the group. */
function endpointGroups(resources: PolicyResource[]): PolicyResource[] {
  const interfaces = resources.filter((r) => r.type === ENDPOINT && propsOf(r).vpcEndpointType === "Interface");
  return resources.filter(
    (group) =>
      group.type === SECURITY_GROUP &&
      interfaces.some((endpoint) => listOf(propsOf(endpoint).securityGroupIds).some((id) => (isUnknown(id) ? isWiredTo(endpoint, "securityGroupIds", group) : id === idOf(group)))),
  );
}

/**
 * The interface endpoints (STS, and S3 with `xacct:source.endpoints: interface`) accept only HTTPS,
 * on TCP 443, from named networks no wider than an IPv4 /8 or an IPv6 /32: never from everywhere
 * (0.0.0.0/0, ::/0, or everywhere in pieces such as 0.0.0.0/1 and 128.0.0.0/1), never on other
 * ports or protocols. A prefix list counts as the networks it lists: it must be a managed prefix
 * list of this stack, whose entries are judged the same way. The endpoint policy decides *who* may use an endpoint; the security group decides
 * *from where*, and with an interface endpoint reachable from peered VPCs, a transit gateway or on
 * premises that is the only network fence left. An S3 interface endpoint also keeps its private
 * DNS for the whole VPC: "only for inbound Resolver endpoints" would send the VPC's own clients to
 * the public S3 endpoint (it is meant for a VPC that also has an S3 gateway endpoint, which this
 * design refuses as a second way in).
 *
 * Severity: high. Why: AWS PrivateLink guide, "Control access to VPC endpoints using security
 * groups" (https://docs.aws.amazon.com/vpc/latest/privatelink/create-interface-endpoint.html#add-security-group-rules)
 * and Amazon S3 user guide, "AWS PrivateLink for Amazon S3", private DNS
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/privatelink-interface-endpoints.html#private-dns).
 */
export const vpceInterfaceEndpointIngress: StackValidationPolicy = {
  name: "vpce-interface-endpoint-ingress",
  description: "Interface VPC endpoints accept HTTPS (TCP 443) only, from named networks no wider than a /8 (IPv6 /32); an S3 interface endpoint resolves privately for the whole VPC.",
  enforcementLevel: "mandatory",
  severity: "high",
  validateStack: (args, reportViolation: ReportViolation) => {
    const groups = endpointGroups(args.resources);
    const judge = (owner: PolicyResource, rule: Record<string, any>, where: string) => {
      const problems: string[] = [];
      const protocol = String(rule.protocol ?? rule.ipProtocol ?? "");
      if (protocol !== "tcp" && protocol !== "6") problems.push(`protocol ${protocol || "(any)"} is not tcp`);
      if (Number(rule.fromPort) !== 443 || Number(rule.toPort) !== 443) problems.push(`ports ${rule.fromPort}-${rule.toPort} are not 443 only`);
      const cidrs = [...listOf(rule.cidrBlocks), ...listOf(rule.ipv6CidrBlocks), ...listOf(rule.cidrIpv4), ...listOf(rule.cidrIpv6)].map(String);
      const open = cidrs.filter((cidr) => !isUnknown(cidr)).map(tooWide).filter((why): why is string => why !== undefined);
      // A prefix list admits every network it lists.
      for (const id of [...listOf(rule.prefixListIds), ...listOf(rule.prefixListId)]) {
        const listed = prefixListCidrs(args.resources, owner, id);
        const name = isUnknown(id) ? "a prefix list not known yet" : `the prefix list ${String(id)}`;
        if (!listed) open.push(`${name}, which is no managed prefix list of this stack: its entries cannot be judged`);
        else open.push(...listed.filter((cidr) => !isUnknown(cidr)).map((cidr) => tooWide(cidr)?.replace(cidr, `${cidr} (in ${name})`)).filter((why): why is string => why !== undefined));
      }
      if (open.length > 0) problems.push(`it admits ${open.join("; ")}`);
      if (problems.length > 0) report(owner, `${where}: ${problems.join("; ")}. An interface endpoint accepts HTTPS on TCP 443 from named client networks only.`);
    };
    const report = (owner: PolicyResource, message: string) => reportViolation(`${owner.name} ${message}`, owner.urn);
    for (const group of groups) {
      listOf(propsOf(group).ingress).forEach((rule, i) => rule && typeof rule === "object" && judge(group, rule as Record<string, any>, `ingress rule #${i + 1}`));
    }
    for (const rule of args.resources.filter((r) => r.type === SG_RULE || r.type === INGRESS_RULE)) {
      const props = propsOf(rule);
      if (rule.type === SG_RULE && props.type !== "ingress") continue;
      if (groups.some((g) => designates(rule, "securityGroupId", g))) judge(rule, props, "ingress");
    }
    for (const endpoint of args.resources.filter((r) => r.type === ENDPOINT && propsOf(r).vpcEndpointType === "Interface" && endpointServiceOf(propsOf(r).serviceName) === "s3")) {
      const inboundOnly = booleanOf(propsOf(endpoint).dnsOptions?.privateDnsOnlyForInboundResolverEndpoint);
      if (inboundOnly === true || inboundOnly === "invalid") {
        report(endpoint, "sets dnsOptions.privateDnsOnlyForInboundResolverEndpoint: clients inside the VPC would resolve the public S3 endpoint instead of this one. Set it to false (it is for a VPC that also has an S3 gateway endpoint).");
      }
    }
  },
};
