/**
 * The documents of many sources (xacct:sources) writing into one bucket, each into its own prefix.
 * Pure: no Pulumi in here. The bucket policy stays O(1) in statements: the per-tenant confinement
 * lives in each tenant's own transfer role and endpoint policies, never in per-tenant Allows.
 */
import { bucketArn } from "../aws";
import { TransferGrant, WRITE_ACTIONS, grantClauses } from "./access";
import { denyWithoutTls } from "./bucket-policy";
import { PolicyDocument, PolicyStatement, policyDocument } from "./document";
import { SID } from "./sids";

export const FAN_IN_SID = {
  denyWritesNotThroughSourceEndpoints: "DenyWritesIntoTheBucketThatDoNotComeThroughASourceS3Endpoint",
  denyWritesOutsideOrganization: "DenyWritesIntoTheBucketThatDoNotComeThroughAnEndpointOfTheOrganization",
  denyTransferRolesNotThroughSourceEndpoints: "DenyEveryRequestOfTheTransferRolesThatDoesNotComeThroughASourceS3Endpoint",
  denyTransferRolesOutsideOrganization: "DenyEveryRequestOfTheTransferRolesThatDoesNotComeThroughAnEndpointOfTheOrganization",
  /** A tenant's transfer role grant, e.g. `AllowWriteObjectsUnderThePrefixOnlyThroughItsOwnS3Endpoint`. */
  tenantGrant: (grantVerb: string) => `${SID.transferRoleGrant(grantVerb)}OnlyThroughItsOwnS3Endpoint`,
} as const;

export interface FanInBucketPolicyInput {
  grant: Omit<TransferGrant, "prefix" | "access">;
  /** Matches every tenant's transfer role and nothing else of ours: `arn:…:role/<transferRoleName>-*`. */
  transferRolesArnPattern: string;
  /** Every source's S3 endpoint id. Ignored with organizationId. */
  s3EndpointIds: string[];
  /** When set, the network fence is aws:VpceOrgID (constant size) instead of the list of endpoints. */
  organizationId?: string;
}

/**
 * Deny-only, three statements whatever N: writes anywhere in the bucket, and every request of a
 * transfer role, must come through one of the sources' S3 endpoints (or an endpoint of the
 * organization), and every request must use TLS.
 * Which prefix a session may write is its own role's business (buildTenantTransferRolePolicy).
 */
export function buildFanInBucketPolicy({ grant, transferRolesArnPattern, s3EndpointIds, organizationId }: FanInBucketPolicyInput): PolicyDocument {
  const bucket = bucketArn(grant.partition, grant.bucketName);
  const notThroughOurNetwork: Record<string, string[]> = organizationId ? { "aws:VpceOrgID": [organizationId] } : { "aws:SourceVpce": [...s3EndpointIds] };
  return policyDocument(
    {
      Sid: organizationId ? FAN_IN_SID.denyWritesOutsideOrganization : FAN_IN_SID.denyWritesNotThroughSourceEndpoints,
      Effect: "Deny",
      Principal: "*",
      Action: [...WRITE_ACTIONS],
      Resource: [`${bucket}/*`],
      Condition: { StringNotEquals: notThroughOurNetwork },
    },
    {
      // Session credentials copied off an instance are useless anywhere but inside a source VPC.
      // A pattern, not a list: the statement stays the same size whatever N (a Deny that matches
      // more only takes more away).
      Sid: organizationId ? FAN_IN_SID.denyTransferRolesOutsideOrganization : FAN_IN_SID.denyTransferRolesNotThroughSourceEndpoints,
      Effect: "Deny",
      Principal: "*",
      Action: ["s3:*"],
      Resource: [bucket, `${bucket}/*`],
      Condition: { StringNotEquals: notThroughOurNetwork, ArnLike: { "aws:PrincipalArn": [transferRolesArnPattern] } },
    },
    denyWithoutTls(bucket),
  );
}

/** One tenant's transfer role: its own prefix only, and only through its own S3 endpoint. */
export function buildTenantTransferRolePolicy(grant: TransferGrant, s3EndpointId: string): PolicyDocument {
  return policyDocument(
    ...grantClauses(grant).map(({ sidVerb, Condition, ...clause }): PolicyStatement => ({
      Sid: FAN_IN_SID.tenantGrant(sidVerb),
      Effect: "Allow",
      ...clause,
      Condition: { ...Condition, StringEquals: { "aws:SourceVpce": [s3EndpointId] } },
    })),
  );
}
