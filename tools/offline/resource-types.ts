/**
 * The type tokens of everything the program registers: the policy pack's table of the types its
 * rules read, and the network, Pulumi and other types it has no rule of its own for.
 */
import { TYPES } from "../../policy-pack/lib/resources";

export const RESOURCE_TYPES = {
  ...TYPES,
  routeTableAssociation: "aws:ec2/routeTableAssociation:RouteTableAssociation",
  instanceProfile: "aws:iam/instanceProfile:InstanceProfile",
  instance: "aws:ec2/instance:Instance",
  provider: "pulumi:providers:aws",
  stackReference: "pulumi:pulumi:StackReference",
  stack: "pulumi:pulumi:Stack",
} as const;
