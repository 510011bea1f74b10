import { TransferGrant, grantClauses } from "./access";
import { PolicyDocument, PolicyStatement, policyDocument } from "./document";
import { fromOrigin } from "./origin";
import { SID } from "./sids";

export const EC2_SERVICE_PRINCIPAL = "ec2.amazonaws.com";
/**
 * The longest session of either role: one hour, which is also AWS's default. Role chaining caps
 * the transfer role's session at one hour anyway; the CLI profile asks for exactly this.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use.html#id_roles_use_view-role-max-session
 * (The policy pack keeps its own copy, as the default of iam-role-max-session-1h's maxSessionSeconds.)
 */
export const MAX_SESSION_SECONDS = 3600;

/**
 * A source account's half of the trust: its instance role, pinned to one incarnation, and its STS
 * endpoint (or, on the internet path, its NAT gateway's Elastic IP).
 */
export type TrustedSource = TrustedInstanceRole & ({ stsEndpointId: string; natPublicIp?: undefined } | { natPublicIp: string; stsEndpointId?: undefined });

interface TrustedInstanceRole {
  accountId: string;
  instanceRoleArn: string;
  /**
   * The role's unique id (`AROA…`). AWS stores a trusted role as this id, so a deleted and recreated
   * role of the same name would silently stop matching while the policy text stays the same; with
   * the id in the text, a replacement changes the document and Pulumi updates the trust.
   */
  instanceRoleUniqueId: string;
}

export function buildInstanceRoleTrustPolicy(): PolicyDocument {
  return policyDocument({
    Sid: SID.allowEc2ToUseInstanceRole,
    Effect: "Allow",
    Principal: { Service: EC2_SERVICE_PRINCIPAL },
    Action: ["sts:AssumeRole"],
  });
}

export function buildInstanceRolePolicy(transferRoleArn: string): PolicyDocument {
  return policyDocument({
    Sid: SID.allowAssumingTransferRole,
    Effect: "Allow",
    Action: ["sts:AssumeRole"],
    Resource: [transferRoleArn],
  });
}

export function buildTransferRoleTrustPolicy(sources: TrustedSource[]): PolicyDocument {
  return policyDocument(
    ...sources.map((source): PolicyStatement => ({
      Sid: source.natPublicIp !== undefined ? SID.trustInstanceRoleFromNatAddressOf(source.accountId) : SID.trustInstanceRoleOf(source.accountId),
      Effect: "Allow",
      Principal: { AWS: source.instanceRoleArn },
      Action: ["sts:AssumeRole"],
      Condition: {
        ...(source.natPublicIp !== undefined ? fromOrigin({ natPublicIps: [source.natPublicIp] }) : { StringEquals: { "aws:SourceVpce": source.stsEndpointId } }),
        // For an instance role session aws:userid is "<role unique id>:<instance id>".
        StringLike: { "aws:userid": `${source.instanceRoleUniqueId}:*` },
      },
    })),
  );
}

export function buildTransferRolePolicy(grant: TransferGrant): PolicyDocument {
  return policyDocument(
    ...grantClauses(grant).map(({ sidVerb, ...clause }): PolicyStatement => ({
      Sid: SID.transferRoleGrant(sidVerb),
      Effect: "Allow",
      ...clause,
    })),
  );
}

/**
 * xacct:pattern direct: the instance role's only permission is the configured access under the
 * prefix of the target account's bucket; no sts:AssumeRole. The bucket policy must allow the same
 * (a cross-account request needs both).
 */
export function buildInstanceRoleDirectPolicy(grant: TransferGrant): PolicyDocument {
  return policyDocument(
    ...grantClauses(grant).map(({ sidVerb, ...clause }): PolicyStatement => ({
      Sid: SID.instanceRoleGrant(sidVerb),
      Effect: "Allow",
      ...clause,
    })),
  );
}
