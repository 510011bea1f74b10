import { amazonLinuxRepositoryObjectArns } from "../aws";
import { TransferGrant, grantClauses } from "./access";
import { PolicyDocument, PolicyStatement, policyDocument } from "./document";
import { SID } from "./sids";

export interface S3EndpointPolicyInput {
  grant: TransferGrant;
  transferRoleArn: string;
  /** Region whose Amazon Linux repositories stay reachable; undefined to close them too. */
  amazonLinuxRepositoriesRegion?: string;
}

/**
 * S3 is called with the *transfer role's* session, and for an assumed-role session
 * aws:PrincipalArn is the ARN of the role, not of the session nor of the role that assumed it:
 * naming the instance role here would deny every upload.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn
 */
export function buildS3EndpointPolicy(input: S3EndpointPolicyInput): PolicyDocument {
  const statements: PolicyStatement[] = grantClauses(input.grant).map(({ sidVerb, Condition, ...clause }) => ({
    Sid: SID.s3EndpointGrant(sidVerb),
    Effect: "Allow",
    Principal: "*",
    ...clause,
    Condition: { ...Condition, ArnEquals: { "aws:PrincipalArn": [input.transferRoleArn] } },
  }));
  if (input.amazonLinuxRepositoriesRegion) {
    statements.push({
      // dnf sends unsigned requests, so no principal condition can match them: the statement is
      // narrowed by action and resource instead.
      Sid: SID.allowAmazonLinuxRepositories,
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
    Sid: SID.allowInstanceRoleThroughStsEndpoint,
    Effect: "Allow",
    Principal: "*",
    Action: ["sts:AssumeRole"],
    Resource: [transferRoleArn],
    Condition: { ArnEquals: { "aws:PrincipalArn": [instanceRoleArn] } },
  });
}
