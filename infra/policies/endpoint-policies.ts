import { amazonLinuxRepositoryObjectArns } from "../aws";
import { TransferGrant, grantClauses } from "./access";
import { PolicyDocument, PolicyStatement, policyDocument } from "./document";

export interface S3EndpointPolicyInput {
  grant: TransferGrant;
  transferRoleArn: string;
  /** Region whose Amazon Linux repositories stay reachable; undefined to close them too. */
  amazonLinuxRepositoriesRegion?: string;
}

/**
 * S3 is called with the *transfer role's* session, and for an assumed-role session
 * aws:PrincipalArn is the role's ARN: naming the instance role here (as the source article does)
 * would deny every upload.
 */
export function buildS3EndpointPolicy(input: S3EndpointPolicyInput): PolicyDocument {
  const statements: PolicyStatement[] = grantClauses(input.grant).map(({ sidVerb, Condition, ...clause }) => ({
    Sid: `AllowOnlyTheTransferRoleTo${sidVerb}`,
    Effect: "Allow",
    Principal: "*",
    ...clause,
    Condition: { ...Condition, ArnEquals: { "aws:PrincipalArn": [input.transferRoleArn] } },
  }));
  if (input.amazonLinuxRepositoriesRegion) {
    statements.push({
      // dnf sends unsigned requests, so no principal condition can match them: the statement is
      // narrowed by action and resource instead.
      Sid: "AllowReadingTheAmazonLinuxPackageRepositories",
      Effect: "Allow",
      Principal: "*",
      Action: ["s3:GetObject"],
      Resource: amazonLinuxRepositoryObjectArns(input.amazonLinuxRepositoriesRegion),
    });
  }
  return policyDocument(...statements);
}

export interface StsEndpointPolicyInput {
  instanceRoleArn: string;
  transferRoleArn: string;
}

export function buildStsEndpointPolicy({ instanceRoleArn, transferRoleArn }: StsEndpointPolicyInput): PolicyDocument {
  return policyDocument({
    Sid: "AllowOnlyTheInstanceRoleToAssumeOnlyTheTransferRole",
    Effect: "Allow",
    Principal: "*",
    Action: ["sts:AssumeRole"],
    Resource: [transferRoleArn],
    Condition: { ArnEquals: { "aws:PrincipalArn": [instanceRoleArn] } },
  });
}
