import { StackValidationPolicy } from "@pulumi/policy";
import { internetPathOf } from "../lib/internet-path";
import { TYPES } from "../lib/resources";

/**
 * The internet path (xacct:source.endpoints none: no S3 or STS endpoint, a NAT gateway whose
 * Elastic IP the bucket policy and the trust pin in aws:SourceIp) is a design the operator chose,
 * and the other rules hold it to its own fences; it is still weaker than an endpoint, so every
 * stack on it gets this advisory:
 *
 * - the address is shared: every workload of the VPC (and anything else behind that NAT gateway)
 *   leaves from it, so stolen credentials used anywhere in the VPC pass the fence, while an
 *   endpoint policy admits only the named roles;
 * - the bucket account's own principals pass it too: with no endpoint policy between the VPC and
 *   S3, an admin of the bucket account writes into the prefix from the VPC;
 * - the traffic leaves the AWS network's private path and the workload's security group must
 *   allow HTTPS to any address (S3 and STS have no fixed addresses).
 *
 * Severity: medium. Why: IAM User Guide, aws:SourceIp (present only for requests over the public
 * internet, https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourceip)
 * and AWS PrivateLink guide, "Gateway endpoints for Amazon S3"
 * (https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-s3.html).
 */
export const xacctInternetPathIsWeaker: StackValidationPolicy = {
  name: "xacct-internet-path-is-weaker",
  description: "Advisory: the transfer goes over the internet, fenced by a NAT gateway's address (aws:SourceIp), which is weaker than a VPC endpoint.",
  enforcementLevel: "advisory",
  severity: "medium",
  validateStack: (args, reportViolation) => {
    const internet = internetPathOf(args.resources);
    if (!internet) return;
    const anchors = internet.natGateways.length > 0 ? internet.natGateways : args.resources.filter((r) => r.type === TYPES.bucketPolicy);
    const addresses = internet.addresses.map((a) => a.value ?? `the Elastic IP ${a.name}`).join(", ");
    const message =
      `the transfer goes over the internet from ${addresses}, fenced by aws:SourceIp instead of a VPC endpoint: every workload behind that NAT gateway leaves from the same address, ` +
      "no endpoint policy limits who may use the path (an admin of the bucket account may write into the prefix from the VPC), and the workload may send HTTPS anywhere. " +
      "Prefer xacct:source.endpoints gateway (or interface).";
    for (const anchor of anchors.length > 0 ? anchors : [undefined]) reportViolation(message, anchor?.urn);
  },
};
