import { PolicyResource, ReportViolation, StackValidationPolicy } from "@pulumi/policy";
import { Statement, hasWildcard, statementLabel } from "../lib/iam";
import { InternetPath, elasticIpOf, internetPathOf } from "../lib/internet-path";
import { principalArnNarrowing } from "../lib/principals";
import { allows, endpointServiceOf, TYPES } from "../lib/resources";
import { accountOfArn, designates, documentOf, idOf, isWiredTo, propsOf, stackAccounts } from "../lib/stack";
import { booleanOf, isUnknown } from "../lib/unknowns";

const VPC = TYPES.vpc;
const ENDPOINT = TYPES.vpcEndpoint;
const ENDPOINT_POLICY = TYPES.vpcEndpointPolicy;
const ROUTE = TYPES.route;
const ROUTE_TABLE = TYPES.routeTable;
const SUBNET = TYPES.subnet;
const SECURITY_GROUP = TYPES.securityGroup;
const SG_RULE = TYPES.securityGroupRule;
const EGRESS_RULE = TYPES.securityGroupEgressRule;

/** Route targets that leave the VPC other than through an endpoint. */
const OUTBOUND_TARGETS: [string, string][] = [
  ["natGatewayId", "a NAT gateway"],
  ["egressOnlyGatewayId", "an egress-only internet gateway"],
  ["vpcPeeringConnectionId", "a VPC peering connection"],
  ["transitGatewayId", "a transit gateway"],
  ["carrierGatewayId", "a carrier gateway"],
  ["localGatewayId", "a local gateway"],
  ["coreNetworkArn", "a Cloud WAN core network"],
  ["networkInterfaceId", "a network interface (e.g. a NAT instance)"],
  ["instanceId", "an instance"],
];

/**
 * The Amazon Linux package repositories' buckets in a region, by their exact names: `dnf`/`yum` read
 * them with unsigned requests through the S3 gateway endpoint
 * (https://docs.aws.amazon.com/linux/al2023/ug/managing-repos-os-updates.html).
 */
export function amazonLinuxRepositoryBuckets(region: string): string[] {
  return [`al2023-repos-${region}-de612dc2`, `amazonlinux-2-repos-${region}`, `amazonlinux.${region}.amazonaws.com`];
}

function regionOfService(serviceName: unknown): string | undefined {
  const match = typeof serviceName === "string" ? /^com\.amazonaws\.([a-z0-9-]+)\.[a-z0-9-]+$/.exec(serviceName) : null;
  return match?.[1];
}

function isService(endpoint: PolicyResource, service: string): boolean {
  return endpointServiceOf(propsOf(endpoint).serviceName) === service;
}

/** The bucket an S3 ARN (`arn:aws:s3:::bucket/key`) names, or undefined for a non-S3 resource. */
function bucketOfArn(arn: string): string | undefined {
  const match = /^arn:[^:]*:s3:::([^/]*)/.exec(arn);
  return match ? match[1] : arn === "*" ? "*" : undefined;
}

/** An Allow for `"*"` not narrowed to exact roles by `aws:PrincipalArn`: unsigned requests get it too. */
function anonymous(statement: Statement): boolean {
  return Boolean(statement.principal?.wildcard) && principalArnNarrowing(statement) === undefined;
}

/** A source VPC: a VPC resource of the stack, or the id of an existing VPC the stack's endpoints attach to. */
type SourceVpc = PolicyResource | string;

/**
 * The VPCs with the stack's endpoints: with endpoints only, these must have no other way out. When
 * the stack creates no VPC at all, the endpoints attach to an existing VPC (known by its id only):
 * that one VPC is the source VPC. Endpoints in two existing VPCs are refused by
 * checkOneExistingVpc, and with a VPC in the stack an endpoint in any other VPC is "outside".
 */
function sourceVpcs(resources: PolicyResource[], internet: InternetPath | undefined): SourceVpc[] {
  const vpcs = resources.filter((r) => r.type === VPC);
  // The internet path has no endpoint to place the source VPC by: every VPC of the stack is judged as one.
  if (internet) return vpcs;
  const endpoints = resources.filter((r) => r.type === ENDPOINT);
  const inStack = vpcs.filter((vpc) => endpoints.some((e) => inVpc(e, vpc)));
  // A stack that creates a VPC keeps its endpoints there: endpoints elsewhere are outside the source VPC.
  // inStack is a subset of vpcs, so vpcs alone decides.
  if (vpcs.length > 0) return inStack;
  return [...new Set(endpoints.map((e) => propsOf(e).vpcId).filter((id): id is string => typeof id === "string" && !isUnknown(id) && id !== ""))];
}

function inVpc(resource: PolicyResource, vpc: SourceVpc): boolean {
  const vpcId = propsOf(resource).vpcId;
  if (typeof vpc === "string") return vpcId === vpc;
  // An unknown vpcId is no id (idOf is never the unknown sentinel): only its wiring can tell.
  return vpcId !== undefined && (vpcId === idOf(vpc) || isWiredTo(resource, "vpcId", vpc));
}

const vpcKey = (vpc: SourceVpc) => (typeof vpc === "string" ? vpc : vpc.urn);

/** Endpoints attached to two existing VPCs: the bucket would be reachable from both, and nothing says which is the source. */
function checkOneExistingVpc(resources: PolicyResource[], vpcs: SourceVpc[], report: ReportViolation) {
  const existing = vpcs.filter((v): v is string => typeof v === "string");
  if (existing.length < 2) return;
  for (const endpoint of resources.filter((r) => r.type === ENDPOINT)) {
    report(`${endpoint.name} is in ${propsOf(endpoint).vpcId}, but the stack's endpoints attach to more than one existing VPC (${existing.join(", ")}): the transfer has one source VPC. Put every endpoint in the same VPC.`, endpoint.urn);
  }
}

/** On the internet path: the NAT gateways whose Elastic IP the fences name, and the internet gateways of the source VPC. */
function internetGatewaysOf(resources: PolicyResource[], vpcs: SourceVpc[], internet: InternetPath | undefined) {
  const nats = internet ? internet.natGateways.filter((nat) => internet.addresses.some((a) => a.resource && elasticIpOf(resources, nat) === a.resource)) : [];
  const igws = internet ? resources.filter((r) => r.type === TYPES.internetGateway && vpcs.some((v) => inVpc(r, v))) : [];
  return { nats, igws };
}

/** Does `owner[property]` (a route's target) name one of these resources? */
function targets(owner: PolicyResource, route: Record<string, unknown>, property: string, candidates: PolicyResource[]): boolean {
  const value = route[property];
  return candidates.some((c) => (isUnknown(value) ? isWiredTo(owner, property, c) : value === idOf(c) || isWiredTo(owner, property, c)));
}

/**
 * On the internet path, the route tables that may send traffic to the internet gateway: tables
 * associated only with subnets holding the NAT gateway. A table serving any other subnet (or the
 * VPC's main table, which serves every subnet without its own) would make that subnet public.
 */
function natSubnetTables(resources: PolicyResource[], tables: PolicyResource[], nats: PolicyResource[]): PolicyResource[] {
  const natSubnets = resources.filter((r) => r.type === TYPES.subnet && nats.some((nat) => designates(nat, "subnetId", r)));
  const associations = resources.filter((r) => r.type === "aws:ec2/routeTableAssociation:RouteTableAssociation");
  const mains = resources.filter((r) => r.type === "aws:ec2/mainRouteTableAssociation:MainRouteTableAssociation");
  return tables.filter((table) => {
    if (mains.some((m) => designates(m, "routeTableId", table))) return false;
    const served = associations.filter((a) => designates(a, "routeTableId", table));
    return served.length > 0 && served.every((a) => natSubnets.some((subnet) => designates(a, "subnetId", subnet)));
  });
}

function checkRoutes(resources: PolicyResource[], vpcs: SourceVpc[], internet: InternetPath | undefined, report: ReportViolation) {
  const tables = resources.filter((r) => r.type === ROUTE_TABLE && vpcs.some((v) => inVpc(r, v)));
  const { nats, igws } = internetGatewaysOf(resources, vpcs, internet);
  const publicTables = natSubnetTables(resources, tables, nats);
  const judge = (owner: PolicyResource, route: Record<string, unknown>, where: string, table: PolicyResource | undefined) => {
    // The internet path's own way out: to its NAT gateway, and from the NAT's subnet (only) to the internet gateway.
    if (targets(owner, route, "natGatewayId", nats)) return;
    if (targets(owner, route, "gatewayId", igws)) {
      if (table && publicTables.includes(table)) return;
      report(`${owner.name}${where ? ` ${where}` : ""} sends ${route.destinationCidrBlock ?? route.destinationIpv6CidrBlock ?? "traffic"} to the internet gateway from a route table that serves ${table ? "a subnet other than the NAT gateway's (or is the VPC's main table)" : "no known subnet"}: only the NAT gateway's subnet may route to the internet gateway; the workload's subnets go through the NAT gateway. Route this table to the NAT gateway instead.`, owner.urn);
      return;
    }
    for (const [key, what] of OUTBOUND_TARGETS) {
      if (route[key] !== undefined && route[key] !== null && route[key] !== "") {
        report(`${owner.name}${where ? ` ${where}` : ""} sends ${route.destinationCidrBlock ?? route.destinationIpv6CidrBlock ?? "traffic"} to ${what} (${key}): the source VPC must reach AWS only through its endpoints. Remove the route.`, owner.urn);
      }
    }
    const gateway = route.gatewayId;
    if (typeof gateway === "string" && gateway !== "local" && !isUnknown(gateway)) {
      report(`${owner.name}${where ? ` ${where}` : ""} sends ${route.destinationCidrBlock ?? "traffic"} to gateway ${gateway}${gateway.startsWith("igw-") ? " (an internet gateway)" : ""}: the source VPC must reach AWS only through its endpoints. Remove the route.`, owner.urn);
    }
  };
  for (const table of tables) {
    const routes = propsOf(table).routes;
    if (Array.isArray(routes)) routes.forEach((route, i) => route && typeof route === "object" && judge(table, route, `route #${i + 1}`, table));
  }
  for (const route of resources.filter((r) => r.type === ROUTE)) {
    const tableId = propsOf(route).routeTableId;
    const table = tables.find((t) => (isUnknown(tableId) ? isWiredTo(route, "routeTableId", t) : tableId === idOf(t) || isWiredTo(route, "routeTableId", t)));
    // A route whose table cannot be placed is judged as if it were in the source VPC: fail closed.
    if (table || !resources.some((r) => r.type === ROUTE_TABLE && (tableId === idOf(r) || isWiredTo(route, "routeTableId", r)))) {
      judge(route, propsOf(route), "", table);
    }
  }
  for (const gateway of resources.filter((r) => /^aws:ec2\/(internetGateway|egressOnlyInternetGateway|natGateway|vpcPeeringConnection|internetGatewayAttachment):/.test(r.type))) {
    if (igws.includes(gateway)) continue;
    if (nats.includes(gateway)) {
      const problems = natProblems(gateway);
      if (problems.length > 0) report(`${gateway.name} is the internet path's NAT gateway, but ${problems.join("; ")}: the fences name one Elastic IP, so the gateway must send every request from it. Use connectivityType public, availabilityMode zonal and no secondary addresses.`, gateway.urn);
      continue;
    }
    if (vpcs.some((v) => inVpc(gateway, v)) || propsOf(gateway).vpcId === undefined) {
      report(`${gateway.name} (${gateway.type}) opens a path out of the source VPC, which must reach AWS only through its endpoints.`, gateway.urn);
    }
  }
}

/** Why a NAT gateway may send requests from an address other than its one Elastic IP (empty: it may not). */
function natProblems(nat: PolicyResource): string[] {
  const props = propsOf(nat);
  const problems: string[] = [];
  if (props.connectivityType !== undefined && props.connectivityType !== "public") problems.push(`its connectivityType is ${JSON.stringify(props.connectivityType)}`);
  if (props.availabilityMode !== undefined && props.availabilityMode !== "zonal") problems.push(`its availabilityMode is ${JSON.stringify(props.availabilityMode)} (a regional NAT gateway takes addresses in every zone)`);
  for (const key of ["secondaryAllocationIds", "availabilityZoneAddresses"]) {
    const value = props[key];
    if (value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0)) problems.push(`it sets ${key}, which adds addresses`);
  }
  return problems;
}

function checkInstances(resources: PolicyResource[], report: ReportViolation) {
  // A launch configuration (EC2 Auto Scaling's older template) carries associatePublicIpAddress too.
  const launchers = new Set(["aws:ec2/instance:Instance", "aws:ec2/launchTemplate:LaunchTemplate", "aws:ec2/launchConfiguration:LaunchConfiguration"]);
  for (const instance of resources.filter((r) => launchers.has(r.type))) {
    const props = propsOf(instance);
    const interfaces = Array.isArray(props.networkInterfaces) ? props.networkInterfaces : [];
    const publicIp = [props.associatePublicIpAddress, ...interfaces.map((i: any) => i?.associatePublicIpAddress)].map(booleanOf);
    if (publicIp.some((v) => v === true || v === "invalid")) report(`${instance.name} asks for a public IP address: the workload must reach AWS only through the endpoints. Set associatePublicIpAddress: false.`, instance.urn);
  }
}

function checkSubnets(resources: PolicyResource[], vpcs: SourceVpc[], report: ReportViolation) {
  for (const subnet of resources.filter((r) => r.type === SUBNET && vpcs.some((v) => inVpc(r, v)))) {
    const props = propsOf(subnet);
    for (const key of ["mapPublicIpOnLaunch", "assignIpv6AddressOnCreation", "mapCustomerOwnedIpOnLaunch"]) {
      const value = booleanOf(props[key]);
      if (value === true || value === "invalid") report(`${subnet.name} sets ${key}: instances would get addresses reachable from outside. Set ${key}: false.`, subnet.urn);
    }
  }
}

/** Egress rules of the workload's security groups: TCP 443 to the endpoints (their security group or the S3 prefix list) only. */
function checkWorkloadEgress(resources: PolicyResource[], vpcs: SourceVpc[], internet: InternetPath | undefined, report: ReportViolation) {
  const endpoints = resources.filter((r) => r.type === ENDPOINT && vpcs.some((v) => inVpc(r, v)));
  const endpointGroups = new Set(endpoints.flatMap((e) => (Array.isArray(propsOf(e).securityGroupIds) ? propsOf(e).securityGroupIds : [])).filter((id: unknown) => typeof id === "string" && !isUnknown(id)));
  const endpointGroupResources = resources.filter((r) => r.type === SECURITY_GROUP && endpoints.some((e) => isWiredTo(e, "securityGroupIds", r) || endpointGroups.has(idOf(r))));
  const prefixLists = new Set(endpoints.map((e) => propsOf(e).prefixListId).filter((id) => typeof id === "string" && !isUnknown(id)));
  const groups = resources.filter((r) => r.type === SECURITY_GROUP && vpcs.some((v) => inVpc(r, v)) && !endpointGroupResources.includes(r));

  const judge = (owner: PolicyResource, rule: Record<string, any>, where: string, viaProperty: string) => {
    const problems: string[] = [];
    const protocol = String(rule.protocol ?? rule.ipProtocol ?? "");
    if (protocol !== "tcp" && protocol !== "6") problems.push(`protocol ${protocol || "(any)"} is not tcp`);
    if (Number(rule.fromPort) !== 443 || Number(rule.toPort) !== 443) problems.push(`ports ${rule.fromPort ?? "(any)"}-${rule.toPort ?? "(any)"} are not 443 only`);
    const cidrs = [...(rule.cidrBlocks ?? []), ...(rule.ipv6CidrBlocks ?? []), ...(rule.cidrIpv4 ? [rule.cidrIpv4] : []), ...(rule.cidrIpv6 ? [rule.cidrIpv6] : [])];
    // The internet path: S3 and STS have no fixed addresses, so HTTPS goes to any IPv4 address, through the NAT gateway.
    const viaNat = internet ? cidrs.filter((c) => typeof c === "string" && /^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(c)) : [];
    const addresses = cidrs.filter((c) => !viaNat.includes(c));
    if (addresses.length > 0) problems.push(`it allows addresses (${addresses.join(", ")}), not only the ${internet ? "NAT gateway (IPv4)" : "endpoints"}`);
    const groupsNamed = [...(rule.securityGroups ?? []), ...(rule.sourceSecurityGroupId ? [rule.sourceSecurityGroupId] : []), ...(rule.referencedSecurityGroupId ? [rule.referencedSecurityGroupId] : [])];
    const foreignGroups = groupsNamed.filter((g: unknown) => !isUnknown(g) && !endpointGroups.has(g) && !endpointGroupResources.some((r) => idOf(r) === g));
    if (foreignGroups.length > 0) problems.push(`it allows security groups ${foreignGroups.join(", ")}, which are not the endpoints'`);
    if (groupsNamed.some(isUnknown) && !endpointGroupResources.some((r) => isWiredTo(owner, viaProperty, r))) problems.push("it names a security group that is unknown and not computed from an endpoint's group");
    const lists = [...(rule.prefixListIds ?? []), ...(rule.prefixListId ? [rule.prefixListId] : [])];
    const foreignLists = lists.filter((l: unknown) => !isUnknown(l) && !prefixLists.has(l));
    if (foreignLists.length > 0) problems.push(`it allows prefix lists ${foreignLists.join(", ")}, which are not the S3 endpoint's`);
    if (rule.self === true) problems.push("it allows the group itself");
    if (problems.length > 0) report(`${owner.name} ${where}: ${problems.join("; ")}. The workload may reach only the ${internet ? "public S3 and STS endpoints through the NAT gateway" : "VPC endpoints"}, on TCP 443.`, owner.urn);
  };

  for (const group of groups) {
    const egress = propsOf(group).egress;
    if (Array.isArray(egress)) egress.forEach((rule, i) => rule && typeof rule === "object" && judge(group, rule, `egress rule #${i + 1}`, "egress"));
  }
  for (const rule of resources.filter((r) => r.type === SG_RULE || r.type === EGRESS_RULE)) {
    const props = propsOf(rule);
    if (rule.type === SG_RULE && props.type !== "egress") continue;
    const groupId = props.securityGroupId;
    // forGroup only matters with forEndpoint, and a workload group is never an endpoint's (groups excludes them): the ConditionalExpression `false` variants survive.
    // Stryker disable next-line MethodExpression,ArrowFunction,LogicalOperator,StringLiteral: as above
    const forGroup = groups.some((g) => groupId === idOf(g) || isWiredTo(rule, "securityGroupId", g));
    const forEndpoint = endpointGroupResources.some((g) => groupId === idOf(g) || isWiredTo(rule, "securityGroupId", g));
    if (forGroup || !forEndpoint) judge(rule, props, "egress", rule.type === SG_RULE ? "sourceSecurityGroupId" : "referencedSecurityGroupId");
  }
}

/** Endpoint policies name exact buckets: the transfer bucket(s) and the region's Amazon Linux repositories, never a pattern. */
function checkEndpointBuckets(resources: PolicyResource[], report: ReportViolation) {
  const s3Endpoints = resources.filter((r) => r.type === ENDPOINT && isService(r, "s3"));
  const documents: { owner: PolicyResource; region?: string; statements: Statement[] }[] = [];
  for (const endpoint of s3Endpoints) {
    const document = documentOf(endpoint, "policy");
    if (typeof document === "object") documents.push({ owner: endpoint, region: regionOfService(propsOf(endpoint).serviceName), statements: document.statements });
  }
  for (const policy of resources.filter((r) => r.type === ENDPOINT_POLICY)) {
    const endpoint = s3Endpoints.find((e) => propsOf(policy).vpcEndpointId === idOf(e) || isWiredTo(policy, "vpcEndpointId", e));
    const document = documentOf(policy, "policy");
    if (endpoint && typeof document === "object") documents.push({ owner: policy, region: regionOfService(propsOf(endpoint).serviceName), statements: document.statements });
  }
  for (const { owner, region, statements } of documents) {
    const repositories = region ? amazonLinuxRepositoryBuckets(region) : [];
    for (const statement of allows(statements)) {
      const where = `${owner.name} policy ${statementLabel(statement)}`;
      if (statement.notResources) report(`${where} uses NotResource: the endpoint would reach every bucket but the ones named. Name exact buckets.`, owner.urn);
      for (const resource of statement.resources ?? []) {
        const bucket = bucketOfArn(resource);
        if (bucket === undefined) continue;
        if (bucket === "*" || hasWildcard(bucket) || bucket === "") {
          report(`${where} allows ${resource}: a bucket pattern matches buckets anyone can create. Name the exact buckets (for the Amazon Linux repositories: ${repositories.join(", ") || "their regional names"}).`, owner.urn);
        } else if (/^(al2023-repos-|amazonlinux)/.test(bucket) && !repositories.includes(bucket)) {
          report(`${where} allows ${bucket}, which is not an Amazon Linux repository bucket of ${region ?? "the endpoint's region"} (${repositories.join(", ")}).`, owner.urn);
        } else if (anonymous(statement) && !repositories.includes(bucket)) {
          report(`${where} lets anyone (no exact aws:PrincipalArn) read or write ${bucket}: only the Amazon Linux repository buckets of ${region ?? "the endpoint's region"} may be reached without naming the principal.`, owner.urn);
        } else if (repositories.includes(bucket)) {
          // Stryker disable next-line ArrayDeclaration: a statement without actions (NotAction) is refused by the `!statement.actions` test below anyway
          const onlyRead = (statement.actions ?? []).every((a) => a === "s3:getobject");
          if (!onlyRead || !statement.actions) report(`${where} allows more than s3:GetObject on the Amazon Linux repository ${bucket}.`, owner.urn);
        }
      }
    }
  }
}

/** Condition keys whose values name a principal's or a resource's account (or an ARN holding it). */
const ACCOUNT_KEYS = new Set(["aws:principalarn", "aws:principalaccount", "aws:resourceaccount", "aws:sourcearn", "aws:sourceaccount"]);

/** The accounts a value names: an ARN's account field (`*` and patterns count as any account), or a bare account id. */
function accountsNamed(value: string): string[] {
  if (/^\d{12}$/.test(value)) return [value];
  if (!value.startsWith("arn:")) return [];
  const field = value.split(":")[4] ?? "";
  if (field === "" || field === "aws") return [];
  // Stryker disable next-line LogicalOperator: accountOfArn gives the field itself or undefined, and a field that is not 12 digits is never a stack account either way
  return [accountOfArn(value) ?? field];
}

/**
 * Endpoint policies of other services (SQS, SNS, Kinesis, ...) stay in the stack's accounts: an
 * Allow naming a resource, principal or `aws:PrincipalArn`/`aws:PrincipalAccount`/`aws:ResourceAccount`
 * of another account (or an account pattern) lets the workload push data out through the endpoint,
 * with credentials brought in from outside. The S3 and STS endpoints are judged exactly (they name the
 * transfer role and bucket) by xacct-wiring-consistent.
 */
function checkEndpointAccounts(resources: PolicyResource[], report: ReportViolation) {
  const accounts = stackAccounts(resources);
  const endpoints = resources.filter((r) => r.type === ENDPOINT);
  const judged: { owner: PolicyResource; endpoint: PolicyResource }[] = [
    ...endpoints.map((e) => ({ owner: e, endpoint: e })),
    ...resources.filter((r) => r.type === ENDPOINT_POLICY).flatMap((owner) => {
      const endpoint = endpoints.find((e) => propsOf(owner).vpcEndpointId === idOf(e) || isWiredTo(owner, "vpcEndpointId", e));
      return [{ owner, endpoint: endpoint ?? owner }];
    }),
  ];
  for (const { owner, endpoint } of judged) {
    if (endpoint.type === ENDPOINT && (isService(endpoint, "s3") || isService(endpoint, "sts"))) continue;
    const document = documentOf(owner, "policy");
    if (typeof document !== "object") continue;
    for (const statement of allows(document.statements)) {
      // Stryker disable next-line ArrayDeclaration: the mutant's placeholder is neither an ARN nor an account id, so it names no account
      const resources = statement.resources ?? [];
      // Stryker disable next-line ArrayDeclaration: as above
      const principals = statement.principal?.aws ?? [];
      const named = [...resources, ...principals, ...statement.conditions.filter((c) => ACCOUNT_KEYS.has(c.key)).flatMap((c) => c.values)];
      const foreign = [...new Set(named.filter((v) => accountsNamed(v).some((a) => !accounts.has(a))))];
      if (foreign.length > 0) {
        report(`${owner.name} policy ${statementLabel(statement)} names ${foreign.map((v) => JSON.stringify(v)).join(", ")}, outside this stack's accounts (${[...accounts].join(", ") || "none pinned"}): the endpoint would carry data out of them. Name only resources and principals of the stack's accounts.`, owner.urn);
      }
    }
  }
}

/** A bucket policy's aws:SourceVpce may name only S3 endpoints of the source VPC(s); a second S3 endpoint is another way in. */
function checkSecondS3Endpoint(resources: PolicyResource[], vpcs: SourceVpc[], report: ReportViolation) {
  const s3Endpoints = resources.filter((r) => r.type === ENDPOINT && isService(r, "s3"));
  const perVpc = new Map<string, PolicyResource[]>();
  for (const endpoint of s3Endpoints) {
    const vpc = vpcs.find((v) => inVpc(endpoint, v));
    if (!vpc) {
      report(`${endpoint.name} is an S3 endpoint outside the source VPC: a second way into the bucket. Only the source VPC's S3 gateway endpoint may reach it.`, endpoint.urn);
      continue;
    }
    perVpc.set(vpcKey(vpc), [...(perVpc.get(vpcKey(vpc)) ?? []), endpoint]);
  }
  for (const endpoints of perVpc.values()) {
    for (const extra of endpoints.slice(1)) report(`${extra.name} is a second S3 endpoint in the source VPC: the bucket's aws:SourceVpce must name exactly one endpoint.`, extra.urn);
  }
}

/**
 * With endpoints only, the source VPC has no other way out: no route to an internet, NAT or
 * egress-only gateway, a peering connection or a transit gateway (and no such gateway in it); no
 * subnet maps public addresses; the workload's security groups allow egress only to the endpoints,
 * on TCP 443. Endpoint policies name exact buckets — the region's Amazon Linux repository buckets by
 * their exact names, never a pattern someone else can register. An S3 endpoint outside the source
 * VPC, or a second one in it, is refused: the bucket policy's `aws:SourceVpce` must name exactly
 * the source VPC's endpoint. The policy of an endpoint of any other service names only resources
 * and principals of the stack's accounts: another account's queue, stream or topic is a channel out.
 *
 * With an existing VPC (the stack creates no VPC), the VPC the endpoints attach to is
 * the source VPC, known by id only: everything of it in the stack is judged the same way (routes
 * added to its route tables, gateways attached to it, security groups in it), endpoints in a second
 * existing VPC are refused; its own routes, subnets and other endpoints are not in the stack and
 * cannot be seen.
 *
 * On the internet path (lib/internet-path: no S3 or STS endpoint, a NAT gateway whose Elastic IP
 * the fences name) the one way out is that NAT gateway: routes to it and to the source VPC's
 * internet gateway are accepted, the NAT gateway must be public, zonal, with no secondary
 * addresses, and the workload may send HTTPS (TCP 443) to any IPv4 address. Everything else above
 * still holds; xacct-internet-path-is-weaker reports the path as an advisory.
 *
 * Severity: high. Why: AWS PrivateLink guide, "Gateway endpoints for Amazon S3"
 * (https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-s3.html) and VPC User Guide,
 * "Route tables" (https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Route_Tables.html).
 */
export const vpcEndpointOnlyNetwork: StackValidationPolicy = {
  name: "vpc-endpoint-only-network",
  description: "The source VPC reaches AWS only through its endpoints: no internet, NAT, peering or transit routes, no public IPs, workload egress to the endpoints on 443, exact buckets in endpoint policies.",
  enforcementLevel: "mandatory",
  severity: "high",
  validateStack: (args, reportViolation) => {
    const internet = internetPathOf(args.resources);
    const vpcs = sourceVpcs(args.resources, internet);
    checkRoutes(args.resources, vpcs, internet, reportViolation);
    checkSubnets(args.resources, vpcs, reportViolation);
    checkInstances(args.resources, reportViolation);
    checkWorkloadEgress(args.resources, vpcs, internet, reportViolation);
    checkEndpointBuckets(args.resources, reportViolation);
    checkSecondS3Endpoint(args.resources, vpcs, reportViolation);
    checkOneExistingVpc(args.resources, vpcs, reportViolation);
    checkEndpointAccounts(args.resources, reportViolation);
  },
};
