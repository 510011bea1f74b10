import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { MAX_SESSION_SECONDS, buildInstanceRolePolicy, buildInstanceRoleTrustPolicy, toPolicyJson } from "../policies";

export interface InstanceIdentityArgs {
  roleName: string;
  transferRoleArn: string;
}

/** The EC2 instance role: its only permission is to assume the one transfer role in the target account. */
export class InstanceIdentity extends pulumi.ComponentResource {
  readonly role: aws.iam.Role;
  readonly profile: aws.iam.InstanceProfile;

  constructor(name: string, args: InstanceIdentityArgs, opts: pulumi.ComponentResourceOptions & { provider: aws.Provider }) {
    super("xacct:source:InstanceIdentity", name, {}, opts);
    const child = { parent: this, provider: opts.provider };

    this.role = new aws.iam.Role(name, {
      name: args.roleName,
      description: "xacct: EC2 workload that assumes the transfer role in the target account",
      assumeRolePolicy: toPolicyJson(buildInstanceRoleTrustPolicy()),
      maxSessionDuration: MAX_SESSION_SECONDS,
    }, child);
    new aws.iam.RolePolicy(`${name}-assume-transfer-role`, {
      role: this.role.name,
      name: "assume-transfer-role",
      policy: toPolicyJson(buildInstanceRolePolicy(args.transferRoleArn)),
    }, child);
    this.profile = new aws.iam.InstanceProfile(name, {
      name: args.roleName,
      role: this.role.name,
    }, child);

    this.registerOutputs({
      roleArn: this.role.arn,
      roleUniqueId: this.role.uniqueId,
      instanceProfileName: this.profile.name,
    });
  }
}
