/**
 * xacct: an EC2 workload in a source account writes files into one prefix of an S3 bucket in a
 * target account, through VPC endpoints, with a one-hour assumed-role session and nothing else.
 *
 *   source account ①: private VPC → S3 gateway + STS interface endpoints → instance role
 *   target account ②: transfer role (trusts ①'s instance role via ①'s STS endpoint)
 *                     → hardened bucket (denies writes that skip ①'s S3 endpoint)
 *
 * `xacct:deploy` picks the half this stack owns: `both`, `source`, or `target` (which reads the
 * source half through a StackReference).
 */
import { readStackConfig } from "./stack-config";
import { clientOutputs, sourceOutputs } from "./outputs";
import { deploySource, referenceSource } from "./source-side";
import { deployTarget } from "./target-side";
import { deployFanIn } from "./fan-in";

// Pulumi calls the exported function and publishes what it returns as the stack outputs.
export = async () => {
  const config = readStackConfig();
  // Many sources, each into its own prefix (xacct:sources; in a split target, read through xacct:sourceStacks): a graph of its own, see fan-in.ts.
  if (config.fanIn || config.sourceStacks) return deployFanIn(config);

  // Account ①, unless another stack owns it.
  const deployedSources = config.deploy === "target" ? [] : config.sources.map((source) => deploySource(source, config.target, config.pattern));
  if (config.deploy === "source") {
    return { ...sourceOutputs(deployedSources), ...clientOutputs(config) };
  }

  // Account ②, wired to each source's endpoints and instance role.
  const sources = config.deploy === "target" ? config.sources.map((source) => referenceSource(source, config.sourceStack, config.pattern)) : deployedSources;
  const target = deployTarget(config.target, sources, config.pattern);
  return {
    ...sourceOutputs(deployedSources),
    ...clientOutputs(config),
    targetAccountId: config.target.accountId,
    bucketName: target.bucketName,
    ...(target.transferRoleArn ? { transferRoleArn: target.transferRoleArn } : {}),
  };
};
