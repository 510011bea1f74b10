/** A Mermaid diagram of the graph the program really built (ids from the run, not from a drawing). */
import { RecordedResource } from "../offline/run-program";

function one(resources: RecordedResource[], type: string, predicate: (r: RecordedResource) => boolean = () => true): RecordedResource | undefined {
  return resources.find((r) => r.type === type && predicate(r));
}

const quote = (text: string) => `"${text.replace(/"/g, "'")}"`;

export function mermaidDiagram(stack: string, resources: RecordedResource[]): string {
  const vpc = one(resources, "aws:ec2/vpc:Vpc");
  const subnets = resources.filter((r) => r.type === "aws:ec2/subnet:Subnet");
  const s3 = one(resources, "aws:ec2/vpcEndpoint:VpcEndpoint", (r) => String(r.inputs.serviceName).endsWith(".s3"));
  const sts = one(resources, "aws:ec2/vpcEndpoint:VpcEndpoint", (r) => String(r.inputs.serviceName).endsWith(".sts"));
  const instanceRole = one(resources, "aws:iam/role:Role", (r) => String(r.inputs.assumeRolePolicy).includes("ec2.amazonaws.com"));
  const transferRole = one(resources, "aws:iam/role:Role", (r) => r !== instanceRole);
  const bucket = one(resources, "aws:s3/bucket:Bucket");
  const sourceAccount = instanceRole?.provider?.accountId ?? "?";
  const targetAccount = bucket?.provider?.accountId ?? "?";
  const lines = [
    `# xacct: ${stack}`,
    "",
    "```mermaid",
    "flowchart LR",
    `  subgraph source[${quote(`source account ① ${sourceAccount}`)}]`,
    `    subgraph vpc[${quote(`VPC ${vpc?.inputs.cidrBlock ?? ""} ${vpc?.id ?? ""} (no internet gateway)`)}]`,
    `      ec2[${quote(`EC2 workload\\ninstance profile ${instanceRole?.inputs.name ?? ""}\\nsubnets ${subnets.map((s) => s.inputs.availabilityZone).join(", ")}`)}]`,
    `      stsEndpoint[${quote(`STS interface endpoint\\n${sts?.id ?? ""}\\nprivate DNS`)}]`,
    `      s3Endpoint[${quote(`S3 gateway endpoint\\n${s3?.id ?? ""}`)}]`,
    "    end",
    `    instanceRole[${quote(`role ${instanceRole?.inputs.name ?? ""}\\nmay only sts:AssumeRole the transfer role`)}]`,
    "  end",
    `  subgraph target[${quote(`target account ② ${targetAccount}`)}]`,
    `    transferRole[${quote(`role ${transferRole?.inputs.name ?? ""}\\ntrusts ${instanceRole?.inputs.name ?? ""} via ${sts?.id ?? ""}\\nmax session ${transferRole?.inputs.maxSessionDuration ?? ""} s`)}]`,
    `    bucket[(${quote(`s3://${bucket?.inputs.bucket ?? ""}\\nversioned, encrypted, public access blocked\\ndenies writes not via ${s3?.id ?? ""}`)})]`,
    "  end",
    "  ec2 -- instance metadata credentials --> instanceRole",
    "  ec2 -- sts:AssumeRole over HTTPS --> stsEndpoint",
    "  stsEndpoint -- only this role, only this target --> transferRole",
    "  ec2 -- s3:PutObject with the transfer role's session --> s3Endpoint",
    "  s3Endpoint -- only the transfer role, only the prefix --> bucket",
    "```",
    "",
  ];
  return lines.join("\n");
}
