import { ResourceValidationPolicy } from "@pulumi/policy";
import { TYPES } from "../lib/resources";
import { booleanOf, unwrap } from "../lib/unknowns";

/**
 * Interface endpoints have private DNS on, so the service's regional name (sts.<region>.amazonaws.com)
 * resolves to the endpoint inside the VPC. Without it the SDKs keep calling the public endpoint,
 * which a VPC without internet cannot reach and which would bypass the endpoint policy.
 *
 * Severity: high. Why: AWS PrivateLink guide, "Private DNS for interface endpoints"
 * (https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-access-aws-services.html#interface-endpoint-private-dns).
 */
export const vpceInterfacePrivateDns: ResourceValidationPolicy = {
  name: "vpce-interface-private-dns",
  description: "Interface VPC endpoints have private DNS enabled.",
  enforcementLevel: "mandatory",
  severity: "high",
  validateResource: (args, reportViolation) => {
    if (args.type !== TYPES.vpcEndpoint) return;
    const props = unwrap(args.props);
    // Unknown or secret settings are refused by xacct-values-known.
    if (props.vpcEndpointType !== "Interface") return;
    const privateDns = booleanOf(props.privateDnsEnabled);
    if (privateDns !== true && privateDns !== "unknown") {
      reportViolation("is an interface endpoint without private DNS: clients would keep resolving the public service endpoint. Set privateDnsEnabled: true.");
    }
  },
};
