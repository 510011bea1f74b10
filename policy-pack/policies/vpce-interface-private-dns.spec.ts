import { GOOD, endpoint, json } from "../testing/fixtures";
import { checkResource } from "../testing/harness";
import { UNKNOWN } from "../lib/unknowns";
import { assertPasses, assertViolates } from "../testing/expect";
import { vpceInterfacePrivateDns } from "./vpce-interface-private-dns";

describe("vpce-interface-private-dns", () => {
  it("passes an interface endpoint with private DNS, and gateway endpoints (which have no DNS)", async () => {
    assertPasses(await checkResource(vpceInterfacePrivateDns, endpoint("sts", json(GOOD.stsEndpointPolicy()))));
    assertPasses(await checkResource(vpceInterfacePrivateDns, endpoint("s3", json(GOOD.s3EndpointPolicy()))));
  });

  it("refuses an interface endpoint with private DNS off or unset", async () => {
    assertViolates(await checkResource(vpceInterfacePrivateDns, endpoint("sts", json(GOOD.stsEndpointPolicy()), { privateDnsEnabled: false })), /without private DNS/);
    assertViolates(await checkResource(vpceInterfacePrivateDns, endpoint("sts", json(GOOD.stsEndpointPolicy()), { privateDnsEnabled: undefined })), /without private DNS/);
    assertViolates(await checkResource(vpceInterfacePrivateDns, endpoint("sts", json(GOOD.stsEndpointPolicy()), { privateDnsEnabled: "no" })), /without private DNS/);
  });

  it("still judges private DNS when the endpoint policy is unknown at preview", async () => {
    assertViolates(await checkResource(vpceInterfacePrivateDns, endpoint("sts", UNKNOWN, { privateDnsEnabled: false })), /without private DNS/);
    assertPasses(await checkResource(vpceInterfacePrivateDns, endpoint("sts", UNKNOWN)));
  });

  it("leaves a private DNS setting unknown at preview to xacct-values-known instead of refusing a stack that may be right", async () => {
    assertPasses(await checkResource(vpceInterfacePrivateDns, endpoint("sts", json(GOOD.stsEndpointPolicy()), { privateDnsEnabled: UNKNOWN })));
  });
});
