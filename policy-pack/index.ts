// `new PolicyPack` starts the analyzer's gRPC server, so this file does nothing else: the rules
// live in ./policies, where tests and tools import them without starting a server.
import { PolicyPack } from "@pulumi/policy";
import { policies } from "./policies";

new PolicyPack("xacct", {
  description: "xacct guardrails: least privilege, VPC-endpoint-only paths and temporary credentials for the cross-account transfer.",
  enforcementLevel: "mandatory",
  policies,
});
