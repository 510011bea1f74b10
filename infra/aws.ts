/**
 * Plain AWS naming facts: regions, partitions and ARNs. No Pulumi in here, so the policy builders,
 * the config validation and the tests can all share it.
 */

export type Partition = "aws" | "aws-cn" | "aws-us-gov";

export function partitionOf(region: string): Partition {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}

export function roleArn(partition: Partition, accountId: string, roleName: string): string {
  return `arn:${partition}:iam::${accountId}:role/${roleName}`;
}

export function bucketArn(partition: Partition, bucketName: string): string {
  return `arn:${partition}:s3:::${bucketName}`;
}

/** The ARN pattern of every object under `prefix` (which always ends in `/`). */
export function objectsUnderPrefixArn(partition: Partition, bucketName: string, prefix: string): string {
  return `${bucketArn(partition, bucketName)}/${prefix}*`;
}

export function serviceEndpointName(region: string, service: "s3" | "sts"): string {
  return `com.amazonaws.${region}.${service}`;
}

/**
 * The S3 buckets that hold the Amazon Linux package repositories of a region. `dnf`/`yum` fetch
 * them with unsigned requests through the S3 gateway endpoint, so a restrictive endpoint policy
 * must let them through or the instance can no longer install or patch packages.
 */
export function amazonLinuxRepositoryObjectArns(region: string): string[] {
  const partition = partitionOf(region);
  return [
    `arn:${partition}:s3:::al2023-repos-${region}-de612dc2/*`,
    `arn:${partition}:s3:::amazonlinux-2-repos-${region}/*`,
    `arn:${partition}:s3:::amazonlinux.${region}.amazonaws.com/*`,
  ];
}

/**
 * Splits a VPC CIDR into `count` equal private subnets, each 16 times smaller than the VPC
 * (a /16 gives /20s, a /24 gives /28s, the smallest subnet AWS allows).
 */
export function subnetCidrs(vpcCidr: string, count: number): string[] {
  const [address, bits] = vpcCidr.split("/");
  const vpcPrefix = Number(bits);
  const subnetPrefix = vpcPrefix + 4;
  if (count < 1 || count > 16 || subnetPrefix > 28) {
    throw new Error(`cannot split ${vpcCidr} into ${count} subnets`);
  }
  const base = address.split(".").reduce((acc, octet) => acc * 256 + Number(octet), 0);
  const size = 2 ** (32 - subnetPrefix);
  return Array.from({ length: count }, (_, index) => {
    const start = base + index * size;
    const octets = [24, 16, 8, 0].map((shift) => Math.floor(start / 2 ** shift) % 256);
    return `${octets.join(".")}/${subnetPrefix}`;
  });
}
