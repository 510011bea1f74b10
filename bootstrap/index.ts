/**
 * xacct-bootstrap: run once per AWS account, before xacct itself. It creates, in one account:
 *   - GitHub's OIDC identity provider (unless the account has it already),
 *   - the deploy role: trusted only by GitHub Actions jobs of one repository and one environment
 *     (or branch), with the least privilege to deploy this account's half of xacct,
 *   - the preview role: trusted only by pull-request jobs of that repository, read-only.
 * Its stacks are Pulumi.source-account.yaml and Pulumi.target-account.yaml beside this file.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { BOOTSTRAP_NAMESPACE, BootstrapConfig, BootstrapConfigError, parseBootstrapConfig, scopeOf } from "./config";
import { GITHUB_OIDC_AUDIENCE, GITHUB_OIDC_HOST, deployPolicy, githubOidcProviderArn, githubSubject, githubTrustPolicy, previewPolicy, toJson } from "./policies";

/** The `xacct-bootstrap:*` values as the engine holds them: strings, with lists and booleans as JSON. */
function readConfig(): BootstrapConfig {
  const raw: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(pulumi.runtime.allConfig())) {
    if (!key.startsWith(`${BOOTSTRAP_NAMESPACE}:`)) continue;
    raw[key.slice(BOOTSTRAP_NAMESPACE.length + 1)] = /^(\[|\{|true$|false$)/.test(value) ? JSON.parse(value) : value;
  }
  try {
    return parseBootstrapConfig(raw);
  } catch (error) {
    throw error instanceof BootstrapConfigError ? new pulumi.RunError(error.message) : error;
  }
}

export = async () => {
  const config = readConfig();
  const provider = new aws.Provider("account", {
    region: config.region,
    allowedAccountIds: [config.accountId],
    defaultTags: { tags: { Project: "xacct-bootstrap", Stack: pulumi.getStack(), ManagedBy: "pulumi", XacctHalf: config.half } },
  });
  const opts: pulumi.CustomResourceOptions = { provider };

  // One provider per URL per account. Its ARN is fixed, so the roles name it whether or not this stack creates it.
  const oidc = config.createOidcProvider
    ? new aws.iam.OpenIdConnectProvider("github", { url: `https://${GITHUB_OIDC_HOST}`, clientIdLists: [GITHUB_OIDC_AUDIENCE] }, opts)
    : undefined;
  const roleOpts: pulumi.CustomResourceOptions = { ...opts, dependsOn: oidc ? [oidc] : [] };
  const deploySubject = githubSubject(config.repository, config.deployEnvironment !== undefined ? { environment: config.deployEnvironment } : { branch: config.deployBranch as string });

  const deployRole = new aws.iam.Role("deploy", {
    name: config.deployRoleName,
    description: `Deploys the ${config.half} half of xacct (pulumi up), from ${deploySubject}`,
    assumeRolePolicy: toJson(githubTrustPolicy({ accountId: config.accountId, subjects: [deploySubject], operatorRoleArns: config.operatorRoleArns })),
    maxSessionDuration: 3600,
  }, roleOpts);
  new aws.iam.RolePolicy("deploy", { role: deployRole.id, name: `xacct-deploy-${config.half}`, policy: toJson(deployPolicy(scopeOf(config))) }, opts);

  const previewSubject = githubSubject(config.repository, { pullRequest: true });
  const previewRole = new aws.iam.Role("preview", {
    name: config.previewRoleName,
    description: `Read-only: pulumi preview and policy:analyze of the ${config.half} half of xacct, from ${previewSubject}`,
    assumeRolePolicy: toJson(githubTrustPolicy({ accountId: config.accountId, subjects: [previewSubject] })),
    maxSessionDuration: 3600,
  }, roleOpts);
  new aws.iam.RolePolicy("preview", { role: previewRole.id, name: `xacct-preview-${config.half}`, policy: toJson(previewPolicy(scopeOf(config))) }, opts);

  return {
    oidcProviderArn: githubOidcProviderArn(config.accountId),
    deployRoleArn: deployRole.arn,
    previewRoleArn: previewRole.arn,
    deploySubject,
    previewSubject,
  };
};
