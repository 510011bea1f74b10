import { checkStack, ResourceUnderTest } from "../testing/harness";
import { assertPasses, assertViolates } from "../testing/expect";
import { fixture, json, resourceOf, TYPE } from "../testing/fixtures";
import { SECRET, UNKNOWN } from "../lib/unknowns";
import { xacctValuesKnown } from "./xacct-values-known";

// Where an unknown value may come from: the transfer's own parts (instance role, transfer role,
// transfer bucket and its policy, endpoints, the roles' grants) only from each other; any other
// resource of the stack from the stack's own resources of the kinds the property is built from.

const pair = () => fixture("pair", "preview");
const urnOf = (type: string, name: string) => resourceOf(pair(), type, name).urn as string;
const S3_ENDPOINT = () => urnOf(TYPE.vpcEndpoint, "source-endpoints-s3");
const INSTANCE_ROLE = () => urnOf(TYPE.role, "source-instance");
const TRANSFER_ROLE = () => urnOf(TYPE.role, "target-transfer");
const TRANSFER_BUCKET = () => urnOf(TYPE.bucket, "target-bucket");

/** `property` of the resource made `value`, computed from the resources `from` (URNs). */
const computed = (resources: ResourceUnderTest[], type: string, name: string, property: string, value: unknown, from: string[]) => {
  resourceOf(resources, type, name);
  return resources.map((r) =>
    r.type === type && r.name === name ? { ...r, props: { ...r.props, [property]: value }, propertyDependencies: { ...r.propertyDependencies, [property]: from } } : r,
  );
};

const lambdaTrust = json({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] });
/** A role of the stack that has nothing to do with the transfer. */
const AUDIT: ResourceUnderTest = { type: TYPE.role, name: "audit", urn: "urn:pulumi:pair::xacct::aws:iam/role:Role::audit", props: { name: "xacct-audit", assumeRolePolicy: lambdaTrust } };
/** A logs bucket of the stack, with its own (known) policy. */
const LOGS: ResourceUnderTest[] = [
  { type: TYPE.bucket, name: "logs", urn: "urn:pulumi:pair::xacct::aws:s3/bucket:Bucket::logs", props: { bucket: "xacct-logs-222222222222" } },
  {
    type: TYPE.bucketPolicy,
    name: "logs",
    urn: "urn:pulumi:pair::xacct::aws:s3/bucketPolicy:BucketPolicy::logs",
    props: {
      bucket: "xacct-logs-222222222222",
      policy: json({ Version: "2012-10-17", Statement: [{ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "arn:aws:s3:::xacct-logs-222222222222/*", Condition: { Bool: { "aws:SecureTransport": "false" } } }] }),
    },
  },
];
const COMMAND: ResourceUnderTest = { type: "command:local:Command", name: "cmd", urn: "urn:cmd", props: {}, provider: null };
const RANDOM: ResourceUnderTest = { type: "random:index/randomString:RandomString", name: "rnd", urn: "urn:rnd", props: {}, provider: null };

describe("xacct-values-known: what an unknown value may be computed from", () => {
  it("passes the internet and direct patterns' first previews: trust and fences computed from the NAT gateway's Elastic IP, the instance role and the S3 endpoint", async () => {
    for (const stack of ["internet", "direct"] as const) assertPasses(await checkStack(xacctValuesKnown, fixture(stack, "preview")));
  });

  it("passes a target stack of the internet pattern, which reads the NAT address from its source half", async () => {
    const internetTarget = fixture("target", "preview").map((r) => {
      if (r.type !== "pulumi:pulumi:StackReference") return r;
      const { s3EndpointId: _s3, stsEndpointId: _sts, ...outputs } = r.props.outputs;
      return { ...r, props: { ...r.props, outputs: { ...outputs, natPublicIp: "203.0.113.10" } } };
    });
    assertPasses(await checkStack(xacctValuesKnown, internetTarget));
  });

  it("refuses a transfer role trust computed from a role of the stack that is not one of the transfer's own", async () => {
    const stack = [...computed(pair(), TYPE.role, "target-transfer", "assumeRolePolicy", UNKNOWN, [INSTANCE_ROLE(), AUDIT.urn as string]), AUDIT];
    assertViolates(await checkStack(xacctValuesKnown, stack), /target-transfer .*assumeRolePolicy .*computed from audit \(aws:iam\/role:Role\), which is not one of the transfer's own roles, endpoints or buckets/);
  });

  it("accepts the transfer role's inline policy computed from the transfer bucket's ARN", async () => {
    const stack = computed(pair(), TYPE.role, "target-transfer", "inlinePolicies", [{ name: "read-back", policy: UNKNOWN }], [TRANSFER_BUCKET()]);
    assertPasses(await checkStack(xacctValuesKnown, stack));
  });

  it("refuses a second grant of the transfer role computed from a role that is not one of the transfer's own", async () => {
    const grant: ResourceUnderTest = { type: TYPE.rolePolicy, name: "target-transfer-extra", props: { name: "extra", role: "xacct-transfer", policy: UNKNOWN }, propertyDependencies: { policy: [AUDIT.urn as string] } };
    assertViolates(await checkStack(xacctValuesKnown, [...pair(), AUDIT, grant]), /target-transfer-extra .*policy .*computed from audit .*not one of the transfer's own/);
  });

  it("refuses the transfer bucket's policy computed from a role that is not one of the transfer's own, beside another bucket's policy", async () => {
    const stack = [...computed(pair(), TYPE.bucketPolicy, "target-bucket", "policy", UNKNOWN, [S3_ENDPOINT(), AUDIT.urn as string]), AUDIT, ...LOGS];
    assertViolates(await checkStack(xacctValuesKnown, stack), /target-bucket \(aws:s3\/bucketPolicy:BucketPolicy\): policy .*computed from audit .*not one of the transfer's own/);
  });

  it("accepts documents outside the transfer computed from any role of the stack: another bucket's policy, another role's trust", async () => {
    const reader: ResourceUnderTest = { type: TYPE.role, name: "reader", props: { name: "xacct-reader", assumeRolePolicy: UNKNOWN }, propertyDependencies: { assumeRolePolicy: [AUDIT.urn as string] } };
    const stack = [...pair(), AUDIT, reader, ...computed(LOGS, TYPE.bucketPolicy, "logs", "policy", UNKNOWN, [AUDIT.urn as string])];
    assertPasses(await checkStack(xacctValuesKnown, stack));
  });

  it("refuses a network value computed from resources of other kinds, naming each and the kinds it may come from", async () => {
    const stack = [...computed(pair(), "aws:ec2/securityGroup:SecurityGroup", "source-endpoints-workload", "egress", [{ fromPort: 443, toPort: 443, protocol: "tcp", cidrBlocks: [UNKNOWN] }], ["urn:cmd", "urn:rnd"]), COMMAND, RANDOM];
    assertViolates(
      await checkStack(xacctValuesKnown, stack),
      /source-endpoints-workload .*egress\[0\]\.cidrBlocks\[0\] is unknown .*computed from cmd \(command:local:Command\), rnd \(random:index\/randomString:RandomString\), which is not one of this stack's vpc\/subnet\/routetable\/securitygroup\/vpcendpoint resources/,
      /compute it only from this stack's own vpc\/subnet\/routetable\/securitygroup\/vpcendpoint\b/,
    );
  });

  it("refuses a value nothing legitimate computes even when it is computed from a resource of the stack, and says to make it known", async () => {
    const stack = [...computed(pair(), TYPE.role, "target-transfer", "maxSessionDuration", UNKNOWN, ["urn:cmd"]), COMMAND];
    assertViolates(await checkStack(xacctValuesKnown, stack), /maxSessionDuration is unknown .*computed from cmd .*which is not something this value may depend on.*own config\./);
  });
});

describe("xacct-values-known: secrets", () => {
  it("refuses a secret document even when it is computed from the stack's own endpoint", async () => {
    const stack = computed(pair(), TYPE.bucketPolicy, "target-bucket", "policy", SECRET, [S3_ENDPOINT()]);
    assertViolates(await checkStack(xacctValuesKnown, stack), /target-bucket \(aws:s3\/bucketPolicy:BucketPolicy\): policy is secret/);
  });

  it("refuses a secret inside a document given as an object, naming where it is", async () => {
    const policy = { Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:PutObject", Resource: SECRET }] };
    const stack = computed(pair(), TYPE.vpcEndpoint, "source-endpoints-s3", "policy", policy, [TRANSFER_ROLE()]);
    assertViolates(await checkStack(xacctValuesKnown, stack), /source-endpoints-s3 .*policy\.Statement\[0\]\.Resource is secret/);
  });

  it("refuses a secret under a condition key that contains a dot or deep in a long list", async () => {
    const condition = { Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:PutObject", Resource: "*", Condition: { StringEquals: { "aws:PrincipalTag/app.team": SECRET } } }] };
    const byTag = computed(pair(), TYPE.vpcEndpoint, "source-endpoints-s3", "policy", condition, [TRANSFER_ROLE()]);
    assertViolates(await checkStack(xacctValuesKnown, byTag), /source-endpoints-s3 .*is secret/);
    const list = { Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:PutObject", Resource: [...Array.from({ length: 10 }, (_, i) => `arn:aws:s3:::xacct-transfer-222222222222-apne1/p${i}/*`), SECRET] }] };
    const deep = computed(pair(), TYPE.vpcEndpoint, "source-endpoints-s3", "policy", list, [TRANSFER_ROLE()]);
    assertViolates(await checkStack(xacctValuesKnown, deep), /source-endpoints-s3 .*policy\.Statement\[0\]\.Resource\[10\] is secret/);
  });

  it("names the secret rather than an unknown value beside it", async () => {
    const policy = { Statement: [{ Effect: "Allow", Principal: "*", Action: UNKNOWN, Resource: SECRET }] };
    const stack = computed(pair(), TYPE.vpcEndpoint, "source-endpoints-s3", "policy", policy, [TRANSFER_ROLE()]);
    assertViolates(await checkStack(xacctValuesKnown, stack), /policy\.Statement\[0\]\.Resource is secret/);
  });
});
