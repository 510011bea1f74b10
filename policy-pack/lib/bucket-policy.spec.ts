import * as assert from "node:assert/strict";
import { sourceIpDenies, vpceDenies } from "./bucket-policy";
import { Statement, parsePolicyDocument } from "./iam";
import { NatAddress } from "./internet-path";

const statement = (raw: object): Statement => {
  const parsed = parsePolicyDocument({ Statement: raw });
  assert.ok(parsed.ok);
  return parsed.statements[0];
};
const VPCE = "vpce-6f854a8f9bd58ca90";
const ORG = "o-a1b2c3d4e5";
const TRANSFER_ROLE = "arn:aws:iam::222222222222:role/xacct-transfer";
const deny = (extra: object) => statement({ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "arn:aws:s3:::b/*", ...extra });
const NAT: NatAddress[] = [{ name: "nat", value: "203.0.113.45" }];

describe("bucket-policy fences", () => {
  it("reads an endpoint or organization fence's ids, and accepts one scoped to a role by aws:PrincipalArn", () => {
    const [endpoint, organization] = vpceDenies([
      deny({ Condition: { StringNotEquals: { "aws:SourceVpce": [VPCE] }, ArnEquals: { "aws:PrincipalArn": TRANSFER_ROLE } } }),
      deny({ Condition: { StringNotEquals: { "aws:VpceOrgID": [ORG] }, ArnEquals: { "aws:PrincipalArn": TRANSFER_ROLE } } }),
    ]);
    assert.deepEqual(endpoint, { statement: endpoint.statement, fence: "endpoint", endpointIds: [VPCE], organizationIds: [], problems: [] });
    assert.deepEqual(organization, { statement: organization.statement, fence: "organization", endpointIds: [], organizationIds: [ORG], problems: [] });
  });

  it("names a NotPrincipal exemption, besides the missing Principal \"*\"", () => {
    const exempting = (Condition: object) => statement({ Effect: "Deny", NotPrincipal: { AWS: TRANSFER_ROLE }, Action: "s3:*", Resource: "arn:aws:s3:::b/*", Condition });
    const [byEndpoint] = vpceDenies([exempting({ StringNotEquals: { "aws:SourceVpce": VPCE } })]);
    const [byAddress] = sourceIpDenies([exempting({ NotIpAddress: { "aws:SourceIp": "203.0.113.45/32" } })], NAT);
    for (const finding of [byEndpoint, byAddress]) {
      assert.equal(finding.problems.length, 2, finding.problems.join("; "));
      assert.match(finding.problems.join("; "), /Principal must be "\*".*NotPrincipal exempts/);
    }
  });

  it("takes only Denies on aws:SourceIp as address fences, sound for everyone or scoped to a role by aws:PrincipalArn", () => {
    const notIp = { NotIpAddress: { "aws:SourceIp": "203.0.113.45/32" } };
    assert.deepEqual(sourceIpDenies([statement({ Effect: "Allow", Principal: { AWS: TRANSFER_ROLE }, Action: "s3:PutObject", Resource: "arn:aws:s3:::b/*", Condition: { IpAddress: { "aws:SourceIp": "203.0.113.45/32" } } })], NAT), []);
    const [scoped] = sourceIpDenies([deny({ Condition: { ...notIp, ArnEquals: { "aws:PrincipalArn": TRANSFER_ROLE } } })], NAT);
    assert.deepEqual(scoped.problems, []);
    const [forOne] = sourceIpDenies([deny({ Principal: { AWS: TRANSFER_ROLE }, Condition: notIp })], NAT);
    assert.equal(forOne.problems.length, 1);
    assert.match(forOne.problems[0], /Principal must be "\*"/);
  });
});
