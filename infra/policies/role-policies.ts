import { TransferGrant, grantClauses } from "./access";
import { PolicyDocument, PolicyStatement, policyDocument } from "./document";

export const EC2_SERVICE_PRINCIPAL = "ec2.amazonaws.com";
export const MAX_SESSION_SECONDS = 3600;

/** A source account's half of the trust: its instance role, pinned to one incarnation, and its STS endpoint. */
export interface TrustedSource {
  accountId: string;
  instanceRoleArn: string;
  /**
   * The role's unique id (`AROA…`). AWS stores a trusted role as this id, so a deleted and recreated
   * role of the same name would silently stop matching while the policy text stays the same; with
   * the id in the text, a replacement changes the document and Pulumi updates the trust.
   */
  instanceRoleUniqueId: string;
  stsEndpointId: string;
}

export function buildInstanceRoleTrustPolicy(): PolicyDocument {
  return policyDocument({
    Sid: "AllowEc2ToHandTheInstanceRoleToTheWorkload",
    Effect: "Allow",
    Principal: { Service: EC2_SERVICE_PRINCIPAL },
    Action: ["sts:AssumeRole"],
  });
}

export function buildInstanceRolePolicy(transferRoleArn: string): PolicyDocument {
  return policyDocument({
    Sid: "AllowAssumingOnlyTheTransferRoleInTheTargetAccount",
    Effect: "Allow",
    Action: ["sts:AssumeRole"],
    Resource: [transferRoleArn],
  });
}

export function buildTransferRoleTrustPolicy(sources: TrustedSource[]): PolicyDocument {
  return policyDocument(
    ...sources.map((source): PolicyStatement => ({
      Sid: `AllowTheInstanceRoleOf${source.accountId}ToAssumeOnlyThroughItsStsEndpoint`,
      Effect: "Allow",
      Principal: { AWS: source.instanceRoleArn },
      Action: ["sts:AssumeRole"],
      Condition: {
        StringEquals: { "aws:SourceVpce": source.stsEndpointId },
        // For an instance role session aws:userid is "<role unique id>:<instance id>".
        StringLike: { "aws:userid": `${source.instanceRoleUniqueId}:*` },
      },
    })),
  );
}

export function buildTransferRolePolicy(grant: TransferGrant): PolicyDocument {
  return policyDocument(
    ...grantClauses(grant).map(({ sidVerb, ...clause }): PolicyStatement => ({
      Sid: `Allow${sidVerb}`,
      Effect: "Allow",
      ...clause,
    })),
  );
}
