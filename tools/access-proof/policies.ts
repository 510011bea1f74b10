/** The documents and identities the access proof evaluates: exactly what the program generated. */
import { AccessLevel } from "../../infra/policies";

export interface NamedPolicy {
  name: string;
  policy: unknown;
}

export interface AccessPolicies {
  /** assumeRole: through the transfer role; direct: the instance role writes itself (no transfer role, no STS endpoint). */
  pattern: "assumeRole" | "direct";
  partition: string;
  sourceAccountId: string;
  targetAccountId: string;
  bucketName: string;
  prefix: string;
  access: readonly AccessLevel[];
  instanceRole: { name: string; arn: string; uniqueId: string; policies: NamedPolicy[] };
  /** Absent with xacct:pattern direct. */
  transferRole?: { name: string; arn: string; uniqueId: string; trustPolicy: unknown; policies: NamedPolicy[] };
  bucketPolicy: unknown;
  /** Absent on the internet path (xacct:source.endpoints none). */
  s3Endpoint?: { id: string; policy: unknown };
  /** Only on the internet path: the NAT gateway's Elastic IP, the one address the fences admit. */
  natPublicIp?: string;
  /** Absent with xacct:pattern direct. */
  stsEndpoint?: { id: string; policy: unknown };
  /** Only with fan-in (xacct:sources): the bucket policy fences writes into the whole bucket, not one prefix. */
  writesFencedBucketWide?: boolean;
  /**
   * Only with fan-in and xacct:target.organizationId: S3 requests through a VPC endpoint carry
   * aws:VpceOrgID. The other endpoint is taken to be in the organization too (the worst case).
   */
  organizationId?: string;
  /** Only with a workload instance: the Session Manager endpoints its SSM agent calls through. */
  sessionManager?: { region: string; endpoints: { service: string; id: string; policy: unknown }[] };
}

/** Stand-ins for everything that is not ours: an admin of each account, and the AWS defaults. */
export const ADMIN_POLICY = { Version: "2012-10-17", Statement: [{ Sid: "AdministratorAccess", Effect: "Allow", Action: "*", Resource: "*" }] };
export const DEFAULT_ENDPOINT_POLICY = { Version: "2008-10-17", Statement: [{ Sid: "AwsDefaultFullAccess", Effect: "Allow", Principal: "*", Action: "*", Resource: "*" }] };
/** A resource policy that lets anyone in: used to look at one control on its own. */
export function permissiveResourcePolicy(resources: string[], action: string) {
  return { Version: "2012-10-17", Statement: [{ Sid: "ProofAllowsEveryone", Effect: "Allow", Principal: { AWS: "*" }, Action: action, Resource: resources }] };
}
export const OTHER_ENDPOINT_ID = "vpce-0f0e0d0c0b0a09080";
/** Any address but the NAT gateway's: one of TEST-NET-2 (RFC 5737). */
export const OTHER_SOURCE_IP = "198.51.100.23";
