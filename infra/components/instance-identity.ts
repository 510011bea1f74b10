import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { MAX_SESSION_SECONDS, buildInstanceRolePolicy, buildInstanceRoleTrustPolicy, toPolicyJson } from "../policies";

export interface InstanceIdentityArgs {
  roleName: string;
  /**
   * assumeRole: the one role the instance role may assume. direct: undefined, and `directPolicy`
   * (the access under the prefix of the target bucket) is the role's only permission instead.
   */
  transferRoleArn?: string;
  directPolicy?: string;
}

/**
 * The EC2 instance role. assumeRole: its only permission is to assume the one transfer role in the
 * target account. direct: its only permission is the configured access under the bucket's prefix.
 */
export class InstanceIdentity extends pulumi.ComponentResource {
  readonly role: aws.iam.Role;
  readonly profile: aws.iam.InstanceProfile;

  constructor(name: string, args: InstanceIdentityArgs, opts: pulumi.ComponentResourceOptions & { provider: aws.Provider }) {
    super("xacct:source:InstanceIdentity", name, {}, opts);
    const child = { parent: this, provider: opts.provider };

    if ((args.transferRoleArn === undefined) === (args.directPolicy === undefined)) {
      throw new Error("InstanceIdentity: give exactly one of transferRoleArn (assumeRole) and directPolicy (direct)");
    }
    this.role = new aws.iam.Role(name, {
      name: args.roleName,
      description: args.transferRoleArn
        ? "xacct: EC2 workload that assumes the transfer role in the target account"
        : "xacct: EC2 workload that writes into the target account's bucket itself (xacct:pattern direct)",
      assumeRolePolicy: toPolicyJson(buildInstanceRoleTrustPolicy()),
      maxSessionDuration: MAX_SESSION_SECONDS,
    }, child);
    if (args.transferRoleArn) {
      new aws.iam.RolePolicy(`${name}-assume-transfer-role`, {
        role: this.role.name,
        name: "assume-transfer-role",
        policy: toPolicyJson(buildInstanceRolePolicy(args.transferRoleArn)),
      }, child);
    } else {
      new aws.iam.RolePolicy(`${name}-write-into-the-bucket`, {
        role: this.role.name,
        name: "write-into-the-bucket",
        policy: args.directPolicy as string,
      }, child);
    }
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
