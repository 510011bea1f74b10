/**
 * A Mermaid diagram of the graph the program really built: every node is a resource of the run, and
 * every label is read from that resource's inputs and policy documents, not from a drawing. Nothing
 * the run does not hold is drawn (the EC2 instance and its Session Manager endpoints appear only
 * when xacct:source.instance builds them).
 */
import { RecordedResource } from "../offline/run-program";

export interface DiagramOptions {
  /** Show the ids of the run (vpc-…, vpce-…); off for documentation, where mock ids would mislead. */
  ids?: boolean;
}

interface Statement {
  Effect: string;
  Action?: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
  Principal?: unknown;
}

const list = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
const statementsOf = (document: unknown): Statement[] =>
  typeof document === "string" && document.startsWith("{") ? list((JSON.parse(document) as { Statement: Statement | Statement[] }).Statement) : [];
const allows = (document: unknown) => statementsOf(document).filter((s) => s.Effect === "Allow");
const denies = (document: unknown) => statementsOf(document).filter((s) => s.Effect === "Deny");
const shortArn = (arn: string) => arn.replace(/^arn:[^:]+:(s3:::|iam::\d{12}:role\/)/, "");
const conditionValues = (statement: Statement, key: string) =>
  Object.values(statement.Condition ?? {}).flatMap((byKey) => Object.entries(byKey).filter(([k]) => k.toLowerCase() === key.toLowerCase()).flatMap(([, v]) => list(v)));
/** "s3:PutObject, s3:AbortMultipartUpload on bucket/prefix/*", one line per Allow statement. */
const grants = (document: unknown) => allows(document).map((s) => `${list(s.Action).join(", ")} on ${list(s.Resource).map(shortArn).join(", ")}`);

/** Mermaid node text: quoted, one `<br/>` per line, no characters that end the label. */
const label = (lines: (string | undefined | false)[]) => `"${lines.filter(Boolean).join("<br/>").replace(/"/g, "'")}"`;

/** One source account's side of the graph: its network, instances and instance role. */
interface SourceSide {
  /** "" with one source; `_<n>` with many, so that each source's nodes have their own ids. */
  suffix: string;
  resources: RecordedResource[];
}

export function mermaidDiagram(stack: string, resources: RecordedResource[], options: DiagramOptions = {}): string {
  const showIds = options.ids ?? true;
  const idOf = (r: RecordedResource | undefined) => (showIds && r ? r.id : undefined);
  const ofTypeIn = (among: RecordedResource[], type: string) => among.filter((r) => r.type === type);
  const ofType = (type: string) => ofTypeIn(resources, type);
  const rolePolicies = (role: RecordedResource | undefined) => ofType("aws:iam/rolePolicy:RolePolicy").filter((p) => role && p.inputs.role === role.inputs.name && p.provider?.accountId === role.provider?.accountId);
  const isInstanceRole = (r: RecordedResource) => JSON.stringify(statementsOf(r.inputs.assumeRolePolicy).map((s) => s.Principal)).includes("ec2.amazonaws.com");

  const bucket = ofType("aws:s3/bucket:Bucket")[0];
  const bucketPolicy = ofType("aws:s3/bucketPolicy:BucketPolicy")[0];
  const transferRoles = ofType("aws:iam/role:Role").filter((r) => !isInstanceRole(r));
  const targetAccount = (bucket ?? transferRoles[0])?.provider?.accountId;
  // Every other account's resources, one side per provider and account: xacct:sources gives each
  // source its own provider, and each split source stack has its own provider in its own account.
  const byProvider = new Map<string, RecordedResource[]>();
  for (const r of resources) {
    if (!r.type.startsWith("aws:") || (targetAccount !== undefined && r.provider?.accountId === targetAccount)) continue;
    const key = `${r.provider?.name} ${r.provider?.accountId}`;
    byProvider.set(key, [...(byProvider.get(key) ?? []), r]);
  }
  const sides: SourceSide[] = [...byProvider.values()].map((among, index, all) => ({ suffix: all.length === 1 ? "" : `_${index + 1}`, resources: among }));

  const transferGrantsOf = (role: RecordedResource) => rolePolicies(role).flatMap((p) => grants(p.inputs.policy));
  const instanceRoles = ofType("aws:iam/role:Role").filter(isInstanceRole);
  // xacct:pattern direct: no transfer role; the instance role's own grant names the prefix.
  const prefixes = [...new Set((transferRoles.length ? transferRoles : instanceRoles).flatMap((role) => rolePolicies(role)).flatMap((p) => allows(p.inputs.policy).flatMap((s) => list(s.Resource))).map((arn) => /^arn:[^:]+:s3:::[^/]+\/(.*)\*$/.exec(arn)?.[1]).filter(Boolean))];
  const flags = (r: RecordedResource | undefined) => [r?.opts.protect ? "protected" : "", r?.opts.retainOnDelete ? "retained on delete" : ""].filter(Boolean).join(", ");
  const guardOf = (type: string) => ofType(type).find((r) => bucket && r.inputs.bucket === bucket.id);
  const guards = [
    ["aws:s3/bucketOwnershipControls:BucketOwnershipControls", (r: RecordedResource) => `ownership ${r.inputs.rule?.objectOwnership}`],
    ["aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", (r: RecordedResource) => (["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"].every((k) => r.inputs[k] === true) ? "public access blocked (4 flags)" : "public access block incomplete")],
    ["aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", (r: RecordedResource) => `encryption ${list(r.inputs.rules).map((rule: any) => rule.applyServerSideEncryptionByDefault?.sseAlgorithm).join(", ")}`],
    ["aws:s3/bucketVersioning:BucketVersioning", (r: RecordedResource) => `versioning ${r.inputs.versioningConfiguration?.status}`],
    ["aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", (r: RecordedResource) => (list(r.inputs.rules).some((rule: any) => rule.abortIncompleteMultipartUpload) ? `aborts incomplete uploads after ${list(r.inputs.rules).map((rule: any) => rule.abortIncompleteMultipartUpload?.daysAfterInitiation).filter(Boolean).join(", ")} days` : "lifecycle rules")],
  ] as const;
  const guardLines = guards.flatMap(([type, describe]) => {
    const guard = guardOf(type);
    return guard ? [describe(guard)] : [];
  });
  const guardFlags = [...new Set([...guards.map(([type]) => guardOf(type)), bucketPolicy].filter((g): g is RecordedResource => g !== undefined).map(flags))];
  const bucketDenies = denies(bucketPolicy?.inputs.policy).map((s) => {
    const endpoints = conditionValues(s, "aws:SourceVpce");
    const tls = conditionValues(s, "aws:SecureTransport");
    if (tls.length) return "denies requests without TLS";
    const principals = conditionValues(s, "aws:PrincipalArn").map(shortArn);
    const what = `${principals.length ? `${principals.join(", ")} ` : ""}${list(s.Action).join(", ")} on ${list(s.Resource).map(shortArn).join(", ")}`;
    return endpoints.length ? `denies ${what} not via ${showIds ? endpoints.join(", ") : sides.length > 1 ? "the sources' S3 endpoints" : "the S3 endpoint"}` : `denies ${what}`;
  });

  // xacct:pattern direct: the bucket policy's grants to the other account's instance role.
  const bucketAllows = allows(bucketPolicy?.inputs.policy).map((s) => {
    const endpoints = conditionValues(s, "aws:SourceVpce");
    const who = list((s.Principal as { AWS?: string | string[] })?.AWS).map(shortArn).join(", ");
    return `allows ${who} ${list(s.Action).join(", ")} on ${list(s.Resource).map(shortArn).join(", ")}${endpoints.length ? ` via ${showIds ? endpoints.join(", ") : "the S3 endpoint"}` : ""}${conditionValues(s, "aws:userid").length ? ", pinned to its unique id" : ""}`;
  });
  /** The transfer role that trusts `instanceRole` (each source has its own with xacct:sources). */
  const transferRoleOf = (instanceRole: RecordedResource | undefined): RecordedResource | undefined => {
    if (transferRoles.length <= 1 || !instanceRole) return transferRoles[0];
    const arn = `:role/${instanceRole.inputs.name}`;
    return transferRoles.find((role) => allows(role.inputs.assumeRolePolicy).some((s) => list((s.Principal as { AWS?: string | string[] })?.AWS).some((p) => p.includes(`${instanceRole.provider?.accountId}${arn}`))));
  };

  const lines = [`# xacct: ${stack}`, "", "```mermaid", "flowchart LR"];
  const edges: string[] = [];
  const node = (indent: string, id: string, text: string, shape: "box" | "cylinder" = "box") => lines.push(`${indent}${id}${shape === "box" ? `[${text}]` : `[(${text})]`}`);
  const transferRoleIds = new Map<RecordedResource, string>(transferRoles.map((role, index) => [role, transferRoles.length === 1 ? "transferRole" : `transferRole_${index + 1}`]));

  for (const side of sides) sourceSubgraph(side);

  function sourceSubgraph({ suffix, resources: among }: SourceSide): void {
    const id = (name: string) => `${name}${suffix}`;
    const ofSide = (type: string) => ofTypeIn(among, type);
    const one = (type: string, predicate: (r: RecordedResource) => boolean = () => true) => ofSide(type).find(predicate);
    const vpc = one("aws:ec2/vpc:Vpc");
    const subnets = ofSide("aws:ec2/subnet:Subnet");
    const internetGateways = ofSide("aws:ec2/internetGateway:InternetGateway");
    const natGateways = ofSide("aws:ec2/natGateway:NatGateway");
    const s3Endpoint = one("aws:ec2/vpcEndpoint:VpcEndpoint", (r) => String(r.inputs.serviceName).endsWith(".s3"));
    const stsEndpoint = one("aws:ec2/vpcEndpoint:VpcEndpoint", (r) => String(r.inputs.serviceName).endsWith(".sts"));
    const securityGroups = ofSide("aws:ec2/securityGroup:SecurityGroup");
    const stsSecurityGroup = securityGroups.find((sg) => stsEndpoint && list(stsEndpoint.inputs.securityGroupIds).includes(sg.id));
    // Only with an S3 interface endpoint (xacct:source.endpoints: interface).
    const s3SecurityGroup = securityGroups.find((sg) => s3Endpoint && list(s3Endpoint.inputs.securityGroupIds).includes(sg.id));
    // An existing VPC (xacct:source.vpc) is not in the stack: the endpoints name it by id.
    const existingVpcId = vpc ? undefined : (s3Endpoint ?? stsEndpoint)?.inputs.vpcId;
    const instances = ofSide("aws:ec2/instance:Instance");
    // Interface endpoints besides S3 and STS: the Session Manager ones, when there is a workload instance.
    const otherEndpoints = ofSide("aws:ec2/vpcEndpoint:VpcEndpoint").filter((r) => r !== s3Endpoint && r !== stsEndpoint);
    const endpointSecurityGroupIds = new Set(ofSide("aws:ec2/vpcEndpoint:VpcEndpoint").flatMap((r) => list<string>(r.inputs.securityGroupIds)));
    const otherEndpointsSecurityGroup = securityGroups.find((sg) => sg !== stsSecurityGroup && sg !== s3SecurityGroup && otherEndpoints.some((r) => list(r.inputs.securityGroupIds).includes(sg.id)));
    const workloadSecurityGroup =
      securityGroups.find((sg) => instances.some((i) => list(i.inputs.vpcSecurityGroupIds).includes(sg.id))) ?? securityGroups.find((sg) => sg !== stsSecurityGroup && sg !== s3SecurityGroup && !endpointSecurityGroupIds.has(sg.id));
    const profile = one("aws:iam/instanceProfile:InstanceProfile");
    const instanceRole = ofSide("aws:iam/role:Role").find(isInstanceRole);
    const sourceAccount = (instanceRole ?? vpc)?.provider?.accountId;
    const transferRole = transferRoleOf(instanceRole);
    const transferRoleId = transferRole && transferRoleIds.get(transferRole);
    const directWrites = transferRoles.length === 0 && instanceRole !== undefined && rolePolicies(instanceRole).some((p) => allows(p.inputs.policy).some((st) => list(st.Action).some((a) => /^s3:/i.test(String(a)))));
    if (!sourceAccount) return;

    lines.push(`  subgraph ${id("source")}[${label([`source account ① ${sourceAccount} (provider: ${(instanceRole ?? vpc)?.provider?.name})`])}]`);
    if (vpc || existingVpcId) {
      const exits = internetGateways.length || natGateways.length ? `${internetGateways.length} internet gateway(s), ${natGateways.length} NAT gateway(s)` : "no internet gateway, no NAT";
      if (vpc) {
        lines.push(`    subgraph ${id("vpc")}[${label([`VPC ${vpc.inputs.cidrBlock}${showIds ? ` ${vpc.id}` : ""}: ${exits}, DNS support ${vpc.inputs.enableDnsSupport ? "on" : "off"}, DNS hostnames ${vpc.inputs.enableDnsHostnames ? "on" : "off"}`])}]`);
        lines.push("      direction LR");
        node("      ", id("subnets"), label([`${subnets.length} private subnets`, ...subnets.map((s) => `${s.inputs.availabilityZone} ${s.inputs.cidrBlock}${showIds ? ` ${s.id}` : ""}`)]));
      } else {
        lines.push(`    subgraph ${id("vpc")}[${label([`existing VPC${showIds ? ` ${existingVpcId}` : ""}, not in this stack: its routes, subnets and other endpoints are its owner's`])}]`);
        lines.push("      direction LR");
        const givenSubnets = list<string>((stsEndpoint ?? s3Endpoint)?.inputs.subnetIds);
        node("      ", id("subnets"), label([`${givenSubnets.length} given subnets`, ...(showIds ? givenSubnets : [])]));
      }
      instances.forEach((instance, index) => node("      ", id(`instance${index}`), label([`EC2 instance ${instance.name}`, idOf(instance)])));
      const destinations = (rule: any): string[] => [
        ...list<string>(rule.cidrBlocks),
        ...list<string>(rule.securityGroups).map((sg) =>
          sg === stsSecurityGroup?.id ? "the STS endpoint's security group" : sg === s3SecurityGroup?.id ? "the S3 endpoint's security group" : sg === otherEndpointsSecurityGroup?.id ? "the Session Manager endpoints' security group" : showIds ? sg : "a security group"),
        ...list<string>(rule.prefixListIds).map((pl) => (pl === s3Endpoint?.state.prefixListId ? "the S3 endpoint's prefix list" : (showIds ? pl : "a prefix list"))),
      ];
      if (workloadSecurityGroup) {
        node("      ", id("workloadSg"), label([
          `workload security group ${idOf(workloadSecurityGroup) ?? workloadSecurityGroup.name}`,
          ...list(workloadSecurityGroup.inputs.ingress).map((rule: any) => `in: ${rule.protocol} ${rule.fromPort}-${rule.toPort}`),
          list(workloadSecurityGroup.inputs.ingress).length ? false : "no inbound rule",
          ...list(workloadSecurityGroup.inputs.egress).map((rule: any) => `out: ${rule.protocol} ${rule.fromPort === rule.toPort ? rule.fromPort : `${rule.fromPort}-${rule.toPort}`} to ${destinations(rule).join(", ")}`),
        ]));
      }
      if (stsEndpoint) {
        node("      ", id("stsEndpoint"), label([
          "STS interface endpoint",
          idOf(stsEndpoint),
          `private DNS ${stsEndpoint.inputs.privateDnsEnabled ? "on" : "off"}`,
          stsSecurityGroup && `security group${showIds ? ` ${stsSecurityGroup.id}` : ""}: ${list(stsSecurityGroup.inputs.ingress).map((rule: any) => `in ${rule.protocol} ${rule.fromPort} from ${list(rule.cidrBlocks).join(", ")}`).join("; ") || "no inbound rule"}`,
          ...grants(stsEndpoint.inputs.policy).map((g) => `policy allows ${g}`),
          ...allows(stsEndpoint.inputs.policy).flatMap((s) => conditionValues(s, "aws:PrincipalArn").map((arn) => `only for ${shortArn(arn)}`)),
        ]));
      }
      if (s3Endpoint) {
        node("      ", id("s3Endpoint"), label([
          s3Endpoint.inputs.vpcEndpointType === "Interface" ? "S3 interface endpoint" : "S3 gateway endpoint",
          idOf(s3Endpoint),
          ...(s3Endpoint.inputs.vpcEndpointType === "Interface" ? [`private DNS ${s3Endpoint.inputs.privateDnsEnabled ? "on" : "off"}${s3Endpoint.inputs.dnsOptions?.privateDnsOnlyForInboundResolverEndpoint ? " (inbound Resolver endpoints only)" : ""}`] : []),
          s3SecurityGroup && `security group${showIds ? ` ${s3SecurityGroup.id}` : ""}: ${list(s3SecurityGroup.inputs.ingress).map((rule: any) => `in ${rule.protocol} ${rule.fromPort} from ${list(rule.cidrBlocks).join(", ")}`).join("; ") || "no inbound rule"}`,
          ...allows(s3Endpoint.inputs.policy).map((s) => {
            const principals = conditionValues(s, "aws:PrincipalArn");
            return `policy allows ${list(s.Action).join(", ")} on ${list(s.Resource).map(shortArn).join(", ")} ${principals.length ? `only for ${principals.map(shortArn).join(", ")}` : "unsigned"}`;
          }),
        ]));
      }
      if (otherEndpoints.length) {
        node("      ", id("sessionManagerEndpoints"), label([
          "Session Manager interface endpoints",
          otherEndpointsSecurityGroup && `security group${showIds ? ` ${otherEndpointsSecurityGroup.id}` : ""}: ${list(otherEndpointsSecurityGroup.inputs.ingress).map((rule: any) => `in ${rule.protocol} ${rule.fromPort} from ${list(rule.cidrBlocks).join(", ")}`).join("; ") || "no inbound rule"}`,
          ...otherEndpoints.map((r) => {
            const principals = allows(r.inputs.policy).flatMap((s) => conditionValues(s, "aws:PrincipalArn").map(shortArn));
            return `${String(r.inputs.serviceName).split(".").pop()}${showIds ? ` ${r.id}` : ""}: private DNS ${r.inputs.privateDnsEnabled ? "on" : "off"}, ${allows(r.inputs.policy).flatMap((s) => list(s.Action)).length} agent actions only for ${principals.join(", ") || "anyone"}`;
          }),
        ]));
      }
      lines.push("    end");
    }
    if (profile) node("    ", id("profile"), label([`instance profile ${profile.inputs.name}`]));
    if (instanceRole) {
      node("    ", id("instanceRole"), label([
        `role ${instanceRole.inputs.name}`,
        `trust: ${statementsOf(instanceRole.inputs.assumeRolePolicy).map((s) => JSON.stringify(s.Principal).replace(/[{}"]/g, "")).join(", ")}`,
        ...rolePolicies(instanceRole).flatMap((p) => grants(p.inputs.policy)).map((g) => `may ${g}`),
      ]));
    }
    lines.push("  end");

    instances.forEach((_, index) => {
      if (profile) edges.push(`  ${id(`instance${index}`)} --> ${id("profile")}`);
      if (workloadSecurityGroup) edges.push(`  ${id(`instance${index}`)} --> ${id("workloadSg")}`);
    });
    if (profile && instanceRole) edges.push(`  ${id("profile")} -- instance metadata credentials --> ${id("instanceRole")}`);
    if (workloadSecurityGroup && stsEndpoint) edges.push(`  ${id("workloadSg")} -- HTTPS --> ${id("stsEndpoint")}`);
    if (workloadSecurityGroup && s3Endpoint) edges.push(`  ${id("workloadSg")} -- HTTPS --> ${id("s3Endpoint")}`);
    if (workloadSecurityGroup && otherEndpoints.length) edges.push(`  ${id("workloadSg")} -- HTTPS, SSM agent --> ${id("sessionManagerEndpoints")}`);
    if (instanceRole && stsEndpoint) edges.push(`  ${id("instanceRole")} -- sts:AssumeRole, regional STS --> ${id("stsEndpoint")}`);
    if (stsEndpoint && transferRoleId) edges.push(`  ${id("stsEndpoint")} --> ${transferRoleId}`);
    if (directWrites && s3Endpoint) edges.push(`  ${id("instanceRole")} -- "own session writes" --> ${id("s3Endpoint")}`);
    if (transferRole && transferRoleId && s3Endpoint) edges.push(`  ${transferRoleId} -- "${transferGrantsOf(transferRole).length ? "session writes" : "session"}" --> ${id("s3Endpoint")}`);
    if (s3Endpoint && bucket) edges.push(`  ${id("s3Endpoint")} --> bucket`);
  }

  if (targetAccount) {
    lines.push(`  subgraph target[${label([`target account ② ${targetAccount} (provider: ${(bucket ?? transferRoles[0])?.provider?.name})`])}]`);
    for (const transferRole of transferRoles) {
      const trust = allows(transferRole.inputs.assumeRolePolicy);
      node("    ", transferRoleIds.get(transferRole) as string, label([
        `role ${transferRole.inputs.name}, max session ${transferRole.inputs.maxSessionDuration} s`,
        ...trust.map((s) => `trust: ${list((s.Principal as { AWS?: string | string[] })?.AWS).map(shortArn).join(", ")} via ${showIds ? conditionValues(s, "aws:SourceVpce").join(", ") : "the STS endpoint"}${conditionValues(s, "aws:userid").length ? ", pinned to its unique id" : ""}`),
        ...transferGrantsOf(transferRole).map((g) => `may ${g}`),
      ]));
    }
    if (bucket) {
      node("    ", "bucket", label([
        `s3://${bucket.inputs.bucket}/${prefixes.length === 1 ? prefixes[0] : ""}`,
        ...guardLines,
        `bucket ${flags(bucket)}; its guards ${guardFlags.join("; ") || "not retained"}`,
        ...bucketAllows,
        ...bucketDenies,
      ]), "cylinder");
    }
    lines.push("  end");
  }
  lines.push(...edges, "```", "");
  return lines.join("\n");
}
