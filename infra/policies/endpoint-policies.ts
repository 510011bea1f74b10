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
  return s3EndpointPolicy(input.grant, input.transferRoleArn, SID.s3EndpointGrant, input.amazonLinuxRepositoriesRegion);
}

export interface DirectS3EndpointPolicyInput {
  grant: TransferGrant;
  instanceRoleArn: string;
  amazonLinuxRepositoriesRegion?: string;
}

/**
 * xacct:pattern direct: there is no assumed role, S3 is called with the instance role's own
 * session, so aws:PrincipalArn is the instance role's ARN.
 */
export function buildDirectS3EndpointPolicy(input: DirectS3EndpointPolicyInput): PolicyDocument {
  return s3EndpointPolicy(input.grant, input.instanceRoleArn, SID.s3EndpointGrantToInstanceRole, input.amazonLinuxRepositoriesRegion);
}

function s3EndpointPolicy(grant: TransferGrant, callerRoleArn: string, sid: (verb: string) => string, amazonLinuxRepositoriesRegion?: string): PolicyDocument {
  const statements: PolicyStatement[] = grantClauses(grant).map(({ sidVerb, Condition, ...clause }) => ({
    Sid: sid(sidVerb),
    Effect: "Allow",
    Principal: "*",
    ...clause,
    Condition: { ...Condition, ArnEquals: { "aws:PrincipalArn": [callerRoleArn] } },
  }));
  if (amazonLinuxRepositoriesRegion) {
    statements.push({
      // dnf sends unsigned requests, so no principal condition can match them: the statement is
      // narrowed by action and resource instead.
      Sid: SID.allowAmazonLinuxRepositories,
      Effect: "Allow",
      Principal: "*",
      Action: ["s3:GetObject"],
      Resource: amazonLinuxRepositoryObjectArns(amazonLinuxRepositoriesRegion),
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
