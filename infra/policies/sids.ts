/**
 * Every statement's Sid, in one place: the builders write them, and the access proof's report, the
 * tests and the tools find statements by them. Each reads as a sentence (IAM allows only letters
 * and digits), so a reviewer can follow a decision back to the statement that made it.
 */
export const SID = {
  denyWritesNotThroughS3Endpoint: "DenyWritesIntoThePrefixThatDoNotComeThroughTheS3Endpoint",
  denyTransferRoleNotThroughS3Endpoint: "DenyEveryRequestOfTheTransferRoleThatDoesNotComeThroughTheS3Endpoint",
  denyInstanceRoleNotThroughS3Endpoint: "DenyEveryRequestOfTheInstanceRoleThatDoesNotComeThroughTheS3Endpoint",
  /** xacct:source.endpoints none: the same fences, by the NAT gateway's address. */
  denyWritesNotFromNatAddress: "DenyWritesIntoThePrefixThatDoNotComeFromTheNatGatewayAddress",
  denyTransferRoleNotFromNatAddress: "DenyEveryRequestOfTheTransferRoleThatDoesNotComeFromTheNatGatewayAddress",
  denyInstanceRoleNotFromNatAddress: "DenyEveryRequestOfTheInstanceRoleThatDoesNotComeFromTheNatGatewayAddress",
  denyWithoutTls: "DenyEveryRequestThatDoesNotUseTls",
  allowAmazonLinuxRepositories: "AllowReadingTheAmazonLinuxPackageRepositories",
  allowInstanceRoleThroughStsEndpoint: "AllowOnlyTheInstanceRoleToAssumeOnlyTheTransferRole",
  allowEc2ToUseInstanceRole: "AllowEc2ToHandTheInstanceRoleToTheWorkload",
  allowAssumingTransferRole: "AllowAssumingOnlyTheTransferRoleInTheTargetAccount",
  /** The transfer role's trust, one statement per source account. */
  trustInstanceRoleOf: (accountId: string) => `AllowTheInstanceRoleOf${accountId}ToAssumeOnlyThroughItsStsEndpoint`,
  /** xacct:source.endpoints none: the transfer role's trust, one statement per source account. */
  trustInstanceRoleFromNatAddressOf: (accountId: string) => `AllowTheInstanceRoleOf${accountId}ToAssumeOnlyFromItsNatGatewayAddress`,
  /** The transfer role's own grant, e.g. `AllowWriteObjectsUnderThePrefix`. */
  transferRoleGrant: (grantVerb: string) => `Allow${grantVerb}`,
  /** xacct:pattern direct: the instance role's own grant, e.g. `AllowTheInstanceRoleToWriteObjectsUnderThePrefix`. */
  instanceRoleGrant: (grantVerb: string) => `AllowTheInstanceRoleTo${grantVerb}`,
  /** xacct:pattern direct: the bucket policy's grant to one source's instance role. */
  bucketGrantToInstanceRoleOf: (accountId: string, grantVerb: string) => `AllowTheInstanceRoleOf${accountId}To${grantVerb}ThroughItsS3Endpoint`,
  /** xacct:pattern direct with xacct:source.endpoints none: the bucket policy's grant to one source's instance role. */
  bucketGrantFromNatAddressToInstanceRoleOf: (accountId: string, grantVerb: string) => `AllowTheInstanceRoleOf${accountId}To${grantVerb}FromItsNatGatewayAddress`,
  /** xacct:pattern direct: the S3 endpoint's grant to the instance role. */
  s3EndpointGrantToInstanceRole: (grantVerb: string) => `AllowOnlyTheInstanceRoleTo${grantVerb}`,
  /** The S3 endpoint's grant to the transfer role, e.g. `AllowOnlyTheTransferRoleToWriteObjectsUnderThePrefix`. */
  s3EndpointGrant: (grantVerb: string) => `AllowOnlyTheTransferRoleTo${grantVerb}`,
} as const;
