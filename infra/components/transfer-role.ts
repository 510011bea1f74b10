import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { MAX_SESSION_SECONDS } from "../policies";

export interface TransferRoleArgs {
  roleName: string;
  trustPolicy: pulumi.Input<string>;
  permissionsPolicy: pulumi.Input<string>;
}

/** The target account's role: assumable by the source instance role only, and only to write under the prefix. */
export class TransferRole extends pulumi.ComponentResource {
  readonly role: aws.iam.Role;

  constructor(name: string, args: TransferRoleArgs, opts: pulumi.ComponentResourceOptions & { provider: aws.Provider }) {
    super("xacct:target:TransferRole", name, {}, opts);
    const child = { parent: this, provider: opts.provider };

    this.role = new aws.iam.Role(name, {
      name: args.roleName,
      description: "xacct: cross-account file transfer into one bucket prefix",
      assumeRolePolicy: args.trustPolicy,
      maxSessionDuration: MAX_SESSION_SECONDS,
    }, child);
    new aws.iam.RolePolicy(`${name}-write-prefix`, {
      role: this.role.name,
      name: "transfer-into-prefix",
      policy: args.permissionsPolicy,
    }, child);

    this.registerOutputs({ roleArn: this.role.arn });
  }
}
