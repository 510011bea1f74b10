/**
 * The internet path (xacct:source.endpoints none): the source reaches S3 and STS over their public
 * endpoints through a NAT gateway, and the bucket policy and the trust pin the NAT gateway's
 * Elastic IP in `aws:SourceIp` instead of an endpoint in `aws:SourceVpce`. AWS puts aws:SourceIp in
 * the request context only for requests over the public internet, never through a VPC endpoint
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourceip),
 * so the address fence is sound only when no S3 or STS endpoint exists: a stack is on the internet
 * path when it has no S3 or STS endpoint (in itself or in the source half it reads) and it has, or
 * reads, the Elastic IP of a NAT gateway. Anything else fenced by an address is refused.
 */
import { PolicyResource } from "@pulumi/policy";
import { ConditionClause, Statement, clausesOn } from "./iam";
import { TYPES, endpointServiceOf } from "./resources";
import { idOf, isWiredTo, propsOf, stackReferenceOutputs } from "./stack";
import { isUnknown } from "./unknowns";

/** A NAT gateway's address the fences must name: known, or (preview) the Elastic IP it will be. */
export interface NatAddress {
  name: string;
  /** A plain IPv4 address, when known. */
  value?: string;
  /** The Elastic IP resource, when in this stack. */
  resource?: PolicyResource;
}

export interface InternetPath {
  natGateways: PolicyResource[];
  /** The Elastic IPs of the stack's NAT gateways, or the address the source half exports. */
  addresses: NatAddress[];
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

function isService(resource: PolicyResource, service: string): boolean {
  return endpointServiceOf(propsOf(resource).serviceName) === service;
}

/** The S3 and STS endpoints of the stack, and the endpoint ids (one or a list) a StackReference reads. */
export function transferEndpointsOf(resources: readonly PolicyResource[]): string[] {
  const inStack = resources
    .filter((r) => (r.type === TYPES.vpcEndpoint || r.type === "aws-native:ec2:VpcEndpoint") && (isService(r, "s3") || isService(r, "sts")))
    .map((r) => r.name);
  const read = readOutputs(resources)
    .filter(({ key, value }) => /s3|sts/i.test(key) && [value].flat().some((id) => /^vpce-/.test(String(id))))
    .map(({ name }) => name);
  return [...inStack, ...read];
}

/** Each known output the stack reads through a StackReference, named `reference.key`. */
function readOutputs(resources: readonly PolicyResource[]): { name: string; key: string; value: unknown }[] {
  return stackReferenceOutputs(resources).flatMap(({ reference, outputs }) => {
    // Stryker disable next-line StringLiteral: equivalent - Object.entries of the string "unknown" has only the keys "0".."6", which name no endpoint and no NAT address
    const known = outputs === "unknown" ? {} : outputs;
    return Object.entries(known).map(([key, value]) => ({ name: `${reference.name}.${key}`, key, value }));
  });
}

/** The Elastic IP a NAT gateway takes its address from. */
export function elasticIpOf(resources: readonly PolicyResource[], nat: PolicyResource): PolicyResource | undefined {
  const allocationId = propsOf(nat).allocationId;
  return resources.find((r) => r.type === TYPES.eip && (isWiredTo(nat, "allocationId", r) || (!isUnknown(allocationId) && allocationId !== undefined && (allocationId === idOf(r) || allocationId === propsOf(r).allocationId))));
}

/** The stack's internet path, or undefined when it has an S3 or STS endpoint or no NAT address. */
export function internetPathOf(resources: readonly PolicyResource[]): InternetPath | undefined {
  if (transferEndpointsOf(resources).length > 0) return undefined;
  const natGateways = resources.filter((r) => r.type === TYPES.natGateway);
  const addresses: NatAddress[] = [];
  for (const nat of natGateways) {
    const eip = elasticIpOf(resources, nat);
    if (!eip) continue;
    const publicIp = propsOf(eip).publicIp;
    addresses.push({ name: eip.name, value: typeof publicIp === "string" && IPV4.test(publicIp) ? publicIp : undefined, resource: eip });
  }
  for (const { name, key, value } of readOutputs(resources)) {
    if (/nat/i.test(key) && typeof value === "string" && IPV4.test(value)) addresses.push({ name, value });
  }
  return addresses.length > 0 ? { natGateways, addresses } : undefined;
}

/** The IPv4 address a SourceIp value pins exactly (`a.b.c.d` or `a.b.c.d/32`), or undefined for a network or anything else. */
export function exactAddress(value: string): string | undefined {
  const [address, bits, ...rest] = value.split("/");
  if (rest.length > 0 || !IPV4.test(address)) return undefined;
  return bits === undefined || bits === "32" ? address : undefined;
}

/** Why the SourceIp values do not name exactly the NAT addresses (empty: they do, each of them a NAT address). */
function valueProblems(values: string[], addresses: NatAddress[]): string[] {
  const problems: string[] = [];
  const known = addresses.map((a) => a.value);
  for (const value of values) {
    const address = exactAddress(value);
    if (address === undefined) problems.push(`${JSON.stringify(value)} is not one IPv4 address (a network, IPv6 or /0 lets in many addresses)`);
    else if (known.every((k) => k !== undefined) && !known.includes(address)) problems.push(`${value} is not the NAT gateway's Elastic IP (${known.join(", ")})`);
  }
  return problems;
}

/**
 * Why an Allow's aws:SourceIp guard does not admit exactly the NAT addresses (empty: it does): a
 * positive `IpAddress` (no `…IfExists`: a request through a VPC endpoint carries no aws:SourceIp
 * and would pass; no set qualifier), every value one NAT address.
 */
export function sourceIpAllowProblems(statement: Statement, addresses: NatAddress[]): string[] {
  const clauses = clausesOn(statement, "aws:SourceIp");
  if (clauses.length === 0) return ["it has no aws:SourceIp condition"];
  // The clauses on one key are ANDed: one sound clause fences the statement, whatever the others say.
  const problems = clauses.map((c) => clauseProblems(c, "IpAddress", addresses, true));
  return problems.some((p) => p.length === 0) ? [] : problems.flat();
}

function clauseProblems(clause: ConditionClause, wanted: "IpAddress" | "NotIpAddress", addresses: NatAddress[], ifExistsMatters: boolean): string[] {
  const problems: string[] = [];
  if (clause.base !== wanted) problems.push(`${clause.operator} is not ${wanted}`);
  if (ifExistsMatters && clause.ifExists) problems.push(`${clause.operator} passes requests without aws:SourceIp (those through any VPC endpoint)`);
  if (clause.qualifier) problems.push(`${clause.operator} uses a set qualifier on a single-valued key`);
  problems.push(...valueProblems(clause.values, addresses));
  return problems;
}

/**
 * Why a Deny's aws:SourceIp guard does not fire for every request from another address (empty: it
 * does): `NotIpAddress` (with or without `IfExists`: a request without the key is denied either
 * way), no set qualifier, every value one NAT address, and no other condition but
 * `aws:PrincipalArn` when `allowedOtherKeys` says so.
 */
export function sourceIpDenyProblems(statement: Statement, addresses: NatAddress[], allowedOtherKeys: string[]): string[] {
  const clauses = clausesOn(statement, "aws:SourceIp");
  const problems = clauses.length === 0 ? ["it has no condition on aws:SourceIp"] : clauses.flatMap((c) => clauseProblems(c, "NotIpAddress", addresses, false));
  const others = statement.conditions.filter((c) => c.key !== "aws:sourceip" && !allowedOtherKeys.includes(c.key));
  if (others.length > 0) problems.push(`the extra condition on ${[...new Set(others.map((c) => c.key))].join(", ")} narrows whom the deny covers`);
  return problems;
}

/** The addresses a statement's aws:SourceIp clauses name (as written). */
export function sourceIpValues(statement: Statement): string[] {
  return clausesOn(statement, "aws:SourceIp").flatMap((c) => c.values);
}
