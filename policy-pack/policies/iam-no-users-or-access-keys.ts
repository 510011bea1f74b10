import { ResourceValidationPolicy } from "@pulumi/policy";

/** IAM resources that exist only to give a person or a program long-term credentials. */
export const LONG_TERM_CREDENTIAL_TYPES: Record<string, string> = {
  "aws:iam/user:User": "an IAM user",
  "aws:iam/accessKey:AccessKey": "an access key",
  "aws:iam/userLoginProfile:UserLoginProfile": "a console password",
  "aws:iam/serviceSpecificCredential:ServiceSpecificCredential": "a service-specific credential",
  "aws:iam/signingCertificate:SigningCertificate": "a signing certificate",
  "aws:iam/sshKey:SshKey": "an SSH public key for an IAM user",
  "aws:iam/userPolicy:UserPolicy": "a policy for an IAM user",
  "aws:iam/userPolicyAttachment:UserPolicyAttachment": "a policy attachment for an IAM user",
};

/**
 * No IAM users, access keys or login profiles: the transfer runs on temporary role sessions only.
 * "Create an IAM user and hand out its keys" is what this refuses.
 *
 * Severity: critical. Why: AWS IAM best practices, "Require workloads to use temporary credentials
 * with IAM roles to access AWS" (https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#bp-workloads-use-roles).
 */
export const iamNoUsersOrAccessKeys: ResourceValidationPolicy = {
  name: "iam-no-users-or-access-keys",
  description: "No IAM users, access keys, login profiles or other long-term credentials.",
  enforcementLevel: "mandatory",
  severity: "critical",
  validateResource: (args, reportViolation) => {
    const what = LONG_TERM_CREDENTIAL_TYPES[args.type];
    if (what) {
      reportViolation(
        `${args.name} is ${what}: long-term credentials can leak and do not expire. ` +
          "Use an IAM role with temporary sessions (an instance profile on EC2, sts:AssumeRole across accounts).",
      );
    }
  },
};
