/**
 * Where the transfer's requests must come from, as conditions: through our VPC endpoints
 * (`aws:SourceVpce`), or on the internet path (`xacct:source.endpoints: none`) from our NAT
 * gateway's Elastic IP (`aws:SourceIp`). AWS puts aws:SourceIp in the request context only for
 * requests over the public internet, never for requests through a VPC endpoint, so the two fences
 * exclude each other: with an endpoint the address fence would deny everything, without one the
 * endpoint fence would.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourceip
 */
import { ConditionBlock } from "./document";

/** The VPC endpoints requests must come through. */
export interface ThroughEndpoints {
  endpointIds: string[];
  natPublicIps?: undefined;
}

/** The internet path: the NAT gateways' Elastic IPs (plain IPv4 addresses) requests must come from. */
export interface FromNatAddresses {
  natPublicIps: string[];
  endpointIds?: undefined;
}

export type RequestOrigin = ThroughEndpoints | FromNatAddresses;

/** Exactly one address per value: a NAT gateway's Elastic IP as a /32. */
export function natAddressCidr(publicIp: string): string {
  return `${publicIp}/32`;
}

/** The Allow guard: the request came through one of the endpoints, or from one of the addresses. */
export function fromOrigin(origin: RequestOrigin): ConditionBlock {
  return origin.natPublicIps
    ? { IpAddress: { "aws:SourceIp": origin.natPublicIps.map(natAddressCidr) } }
    : { StringEquals: { "aws:SourceVpce": [...origin.endpointIds] } };
}

/** The Deny guard: it fires for every request that did not come through the endpoints or from the addresses. */
export function notFromOrigin(origin: RequestOrigin): ConditionBlock {
  return origin.natPublicIps
    ? { NotIpAddress: { "aws:SourceIp": origin.natPublicIps.map(natAddressCidr) } }
    : { StringNotEquals: { "aws:SourceVpce": [...origin.endpointIds] } };
}

