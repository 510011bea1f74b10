import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface AccountTarget {
  accountId: string;
  region: string;
  deployRoleArn?: string;
}

/**
 * One explicit provider per account. `allowedAccountIds` makes a wrong credential fail at the first
 * call instead of deploying into another account; default providers are disabled in every stack.
 */
export function accountProvider(name: string, account: AccountTarget): aws.Provider {
  return new aws.Provider(name, {
    region: account.region,
    allowedAccountIds: [account.accountId],
    assumeRoles: account.deployRoleArn ? [{ roleArn: account.deployRoleArn, sessionName: `xacct-${name}-deploy` }] : undefined,
    defaultTags: {
      tags: {
        Project: pulumi.getProject(),
        Stack: pulumi.getStack(),
        ManagedBy: "pulumi",
        XacctSide: name,
      },
    },
  });
}
