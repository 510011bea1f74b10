/** Every rule of the pack, in the order the README's table lists them. */
import { awsAccountsSeparated } from "./aws-accounts-separated";
import { awsExplicitProvider } from "./aws-explicit-provider";
import { ec2InstanceHardening } from "./ec2-instance-hardening";
import { awsResourceTypesUnderstood } from "./aws-resource-types-understood";
import { iamAssumeRoleExactTargets } from "./iam-assume-role-exact-targets";
import { iamNoNotElementsInAllow } from "./iam-no-not-elements-in-allow";
import { iamNoPrivilegeEscalation } from "./iam-no-privilege-escalation";
import { iamNoStarResourceForWrites } from "./iam-no-star-resource-for-writes";
import { iamNoUsersOrAccessKeys } from "./iam-no-users-or-access-keys";
import { iamNoWildcardActions } from "./iam-no-wildcard-actions";
import { iamPolicySizeLimits } from "./iam-policy-size-limits";
import { iamAccountQuotas } from "./iam-account-quotas";
import { iamPolicySizeHeadroom } from "./iam-policy-size-headroom";
import { iamRoleMaxSession1h } from "./iam-role-max-session-1h";
import { iamTransferRoleTrustsOnlyTheInstanceRole } from "./iam-transfer-role-trusts-only-the-instance-role";
import { iamTrustExactPrincipals } from "./iam-trust-exact-principals";
import { s3BucketHardening } from "./s3-bucket-hardening";
import { s3BucketPolicyRequiresTls } from "./s3-bucket-policy-requires-tls";
import { s3BucketPolicyRequiresVpce } from "./s3-bucket-policy-requires-vpce";
import { s3ReplicationWithinAccounts } from "./s3-replication-within-accounts";
import { s3TransferObjectsKept } from "./s3-transfer-objects-kept";
import { vpcEndpointOnlyNetwork } from "./vpc-endpoint-only-network";
import { s3TransferBucketReachedOnlyByTransferRoles } from "./s3-transfer-bucket-reached-only-by-transfer-roles";
import { s3DirectWriterContract } from "./s3-direct-writer-contract";
import { s3WritesConfinedToPrefix } from "./s3-writes-confined-to-prefix";
import { vpceInterfaceEndpointIngress } from "./vpce-interface-endpoint-ingress";
import { vpceInterfacePrivateDns } from "./vpce-interface-private-dns";
import { vpcePolicyLeastPrivilege } from "./vpce-policy-least-privilege";
import { xacctValuesKnown } from "./xacct-values-known";
import { xacctSourceTargetDesignated } from "./xacct-source-target-designated";
import { xacctWiringConsistent } from "./xacct-wiring-consistent";
import { xacctInternetPathIsWeaker } from "./xacct-internet-path-is-weaker";

export const policies = [
  iamNoWildcardActions,
  iamNoNotElementsInAllow,
  iamNoStarResourceForWrites,
  iamTrustExactPrincipals,
  iamAssumeRoleExactTargets,
  iamNoUsersOrAccessKeys,
  iamNoPrivilegeEscalation,
  iamTransferRoleTrustsOnlyTheInstanceRole,
  iamRoleMaxSession1h,
  iamPolicySizeLimits,
  iamAccountQuotas,
  iamPolicySizeHeadroom,
  s3BucketPolicyRequiresVpce,
  s3BucketPolicyRequiresTls,
  s3TransferBucketReachedOnlyByTransferRoles,
  s3DirectWriterContract,
  s3WritesConfinedToPrefix,
  s3BucketHardening,
  vpcePolicyLeastPrivilege,
  vpceInterfacePrivateDns,
  vpceInterfaceEndpointIngress,
  awsExplicitProvider,
  xacctWiringConsistent,
  xacctInternetPathIsWeaker,
  xacctSourceTargetDesignated,
  ec2InstanceHardening,
  xacctValuesKnown,
  awsResourceTypesUnderstood,
  awsAccountsSeparated,
  vpcEndpointOnlyNetwork,
  s3TransferObjectsKept,
  s3ReplicationWithinAccounts,
];
