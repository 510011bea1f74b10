/** Collects, from what the program registered, the documents and ids the access proof evaluates. */
import { XacctConfig } from "../../infra/config";
import { RESOURCE_TYPES } from "../offline/resource-types";
import { RecordedResource } from "../offline/run-program";
import { AccessPolicies, NamedPolicy } from "./policies";

export class IncompletePairError extends Error {}

export function accessPoliciesOf(config: XacctConfig, resources: RecordedResource[]): AccessPolicies {
  const [source] = config.sources;
  const { target } = config;
  const find = (what: string, predicate: (r: RecordedResource) => boolean) => {
    const found = resources.filter(predicate);
    if (found.length !== 1) throw new IncompletePairError(`expected one ${what} among the registered resources, found ${found.length}`);
    return found[0];
  };
  const role = (name: string) => find(`role ${name}`, (r) => r.type === RESOURCE_TYPES.role && r.inputs.name === name);
  const inlinePolicies = (roleName: string): NamedPolicy[] =>
    resources
      .filter((r) => r.type === RESOURCE_TYPES.rolePolicy && r.inputs.role === roleName)
      .map((r) => ({ name: `${roleName}/${r.inputs.name}`, policy: JSON.parse(r.inputs.policy) }));
  const endpoint = (service: string) => find(`${service} VPC endpoint`, (r) => r.type === RESOURCE_TYPES.vpcEndpoint && String(r.inputs.serviceName).endsWith(`.${service}`));
  const instanceRole = role(source.instanceRoleName);
  const internet = source.endpoints === "none";
  if (internet) {
    // The internet path: no S3 or STS endpoint may exist (aws:SourceIp is absent through one, so the fences would deny it).
    const stray = resources.filter((r) => r.type === RESOURCE_TYPES.vpcEndpoint && /\.(s3|sts)$/.test(String(r.inputs.serviceName)));
    if (stray.length > 0) throw new IncompletePairError(`xacct:source.endpoints none registered ${stray.map((r) => r.name).join(", ")}: expected no S3 or STS endpoint`);
  }
  const s3 = internet ? undefined : endpoint("s3");
  const natPublicIp = internet ? String(find("Elastic IP", (r) => r.type === RESOURCE_TYPES.eip).state.publicIp) : undefined;
  const direct = config.pattern === "direct";
  if (direct) {
    // No transfer role and no STS endpoint may exist: the proof would otherwise leave them unexamined.
    const stray = resources.filter((r) => (r.type === RESOURCE_TYPES.vpcEndpoint && String(r.inputs.serviceName).endsWith(".sts")) || (r.type === RESOURCE_TYPES.role && r.inputs.name !== source.instanceRoleName));
    if (stray.length > 0) throw new IncompletePairError(`xacct:pattern direct registered ${stray.map((r) => r.name).join(", ")}: expected no STS endpoint and no role but the instance role`);
  }
  const transferRoleName = target.transferRoleName as string;
  const transferRole = direct ? undefined : role(transferRoleName);
  const sts = direct || internet ? undefined : endpoint("sts");
  return {
    pattern: config.pattern,
    partition: target.partition,
    sourceAccountId: source.accountId,
    targetAccountId: target.accountId,
    bucketName: target.bucketName,
    prefix: target.prefix,
    access: target.access,
    instanceRole: { name: source.instanceRoleName, arn: source.instanceRoleArn, uniqueId: instanceRole.state.uniqueId, policies: inlinePolicies(source.instanceRoleName) },
    ...(transferRole
      ? {
        transferRole: {
          name: transferRoleName,
          arn: target.transferRoleArn as string,
          uniqueId: transferRole.state.uniqueId,
          trustPolicy: JSON.parse(transferRole.inputs.assumeRolePolicy),
          policies: inlinePolicies(transferRoleName),
        },
      }
      : {}),
    bucketPolicy: JSON.parse(find("bucket policy", (r) => r.type === RESOURCE_TYPES.bucketPolicy).inputs.policy),
    ...(s3 ? { s3Endpoint: { id: s3.id, policy: JSON.parse(s3.inputs.policy) } } : {}),
    ...(natPublicIp ? { natPublicIp } : {}),
    ...(sts ? { stsEndpoint: { id: sts.id, policy: JSON.parse(sts.inputs.policy) } } : {}),
    ...sessionManagerOf(source.region, resources),
  };
}

/** The ssm, ssmmessages and ec2messages endpoints, when the stack has a workload instance. */
function sessionManagerOf(region: string, resources: RecordedResource[]): Pick<AccessPolicies, "sessionManager"> {
  const endpoints = resources
    .filter((r) => r.type === "aws:ec2/vpcEndpoint:VpcEndpoint" && /\.(ssm|ssmmessages|ec2messages)$/.test(String(r.inputs.serviceName)))
    .map((r) => ({ service: String(r.inputs.serviceName).split(".").pop() as string, id: r.id, policy: JSON.parse(r.inputs.policy) }));
  return endpoints.length ? { sessionManager: { region, endpoints } } : {};
}
