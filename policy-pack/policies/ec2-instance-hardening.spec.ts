import { ResourceUnderTest, checkStack } from "../testing/harness";
import { assertPasses, assertViolates } from "../testing/expect";
import { UNKNOWN } from "../lib/unknowns";
import { ec2InstanceHardening } from "./ec2-instance-hardening";

const SOURCE = { name: "source", props: { allowedAccountIds: ["111111111111"], region: "ap-northeast-1" } };
const INSTANCE_ROLE_ARN = "arn:aws:iam::111111111111:role/xacct-instance";
const urn = (type: string, name: string) => `urn:pulumi:test::xacct::${type}::${name}`;
const SUBNET_URN = urn("aws:ec2/subnet:Subnet", "private-0");
const PROFILE_URN = urn("aws:iam/instanceProfile:InstanceProfile", "instance");

const HARDENED_INSTANCE = {
  ami: "ami-0123456789abcdef0",
  instanceType: "t4g.micro",
  subnetId: "subnet-0123456789abcdef0",
  iamInstanceProfile: "xacct-instance",
  associatePublicIpAddress: false,
  metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
  rootBlockDevice: { encrypted: true, volumeType: "gp3" },
};

const stsEndpointPolicy = (principalArn: string) =>
  JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Sid: "OnlyTheInstanceRole", Effect: "Allow", Principal: "*", Action: "sts:AssumeRole", Resource: "arn:aws:iam::222222222222:role/xacct-transfer", Condition: { ArnEquals: { "aws:PrincipalArn": principalArn } } }],
  });

/** The source half of the design: a private subnet, the instance role and its profile, the STS endpoint that designates the role, and the instance. */
function workloadStack(instance: Record<string, unknown> = {}, extra: ResourceUnderTest[] = []): ResourceUnderTest[] {
  return [
    { type: "aws:ec2/subnet:Subnet", name: "private-0", urn: SUBNET_URN, provider: SOURCE, props: { id: "subnet-0123456789abcdef0", cidrBlock: "10.80.0.0/20", mapPublicIpOnLaunch: false } },
    {
      type: "aws:iam/role:Role",
      name: "instance",
      provider: SOURCE,
      props: { name: "xacct-instance", assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] }) },
    },
    { type: "aws:iam/instanceProfile:InstanceProfile", name: "instance", urn: PROFILE_URN, provider: SOURCE, props: { name: "xacct-instance", role: "xacct-instance" } },
    { type: "aws:ec2/vpcEndpoint:VpcEndpoint", name: "sts", provider: SOURCE, props: { serviceName: "com.amazonaws.ap-northeast-1.sts", vpcEndpointType: "Interface", policy: stsEndpointPolicy(INSTANCE_ROLE_ARN) } },
    { type: "aws:ec2/instance:Instance", name: "workload", provider: SOURCE, props: { ...HARDENED_INSTANCE, ...instance } },
    ...extra,
  ];
}

/** Another role and its profile, e.g. an admin role a careless operator hands to the instance. */
const ADMIN_PROFILE: ResourceUnderTest[] = [
  { type: "aws:iam/role:Role", name: "admin", provider: SOURCE, props: { name: "admin", assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] }) } },
  { type: "aws:iam/instanceProfile:InstanceProfile", name: "admin", provider: SOURCE, props: { name: "admin", role: "admin" } },
];

const check = (resources: ResourceUnderTest[], config?: Parameters<typeof checkStack>[2]) => checkStack(ec2InstanceHardening, resources, config);

describe("ec2-instance-hardening", () => {
  it("passes the hardened workload: IMDSv2, hop limit 1, no public IP, encrypted root, the designated profile", async () => {
    assertPasses(await check(workloadStack()));
  });

  it("refuses the designated role's instance in a subnet the stack does not hold, or in none, even without a public IP; passes it in the stack's subnet", async () => {
    assertViolates(await check(workloadStack({ subnetId: "subnet-0aaaabbbbccccdddd" })), /runs the designated instance role in subnet "subnet-0aaaabbbbccccdddd", which this stack does not hold/);
    assertViolates(await check(workloadStack({ subnetId: undefined })), /no subnetId \(the account's default subnet\)/);
    assertViolates(await check(workloadStack({ subnetId: UNKNOWN })), /unknown and not computed from a subnet of this stack/);
    assertPasses(await check(workloadStack({ subnetId: UNKNOWN }).map((r) => (r.type === "aws:ec2/instance:Instance" ? { ...r, propertyDependencies: { subnetId: [SUBNET_URN] } } : r))));
    assertPasses(await check(workloadStack({ iamInstanceProfile: undefined, subnetId: "subnet-0aaaabbbbccccdddd" })));
  });

  it("passes a stack without instances, and an instance with no profile at all (it has no credentials)", async () => {
    assertPasses(await check(workloadStack().filter((r) => r.type !== "aws:ec2/instance:Instance")));
    assertPasses(await check(workloadStack({ iamInstanceProfile: undefined })));
  });

  describe("instance metadata", () => {
    it("refuses IMDSv1, whether optional or left unset", async () => {
      assertViolates(await check(workloadStack({ metadataOptions: { httpTokens: "optional", httpPutResponseHopLimit: 1 } })), /allows IMDSv1.*"optional"/);
      assertViolates(await check(workloadStack({ metadataOptions: undefined })), /allows IMDSv1.*unset/, /HopLimit unset/);
    });

    it("refuses a hop limit above 1, or unset (IMDSv2-only images default to 2)", async () => {
      assertViolates(await check(workloadStack({ metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 2 } })), /httpPutResponseHopLimit 2/);
      assertViolates(await check(workloadStack({ metadataOptions: { httpTokens: "required" } })), /httpPutResponseHopLimit unset/);
    });

    it("does not guess during preview when the whole metadata block or root device is unknown", async () => {
      assertPasses(await check(workloadStack({ metadataOptions: UNKNOWN, rootBlockDevice: UNKNOWN })));
      assertViolates(await check(workloadStack({ metadataOptions: { httpTokens: UNKNOWN, httpPutResponseHopLimit: 3 } })), /httpPutResponseHopLimit 3/);
    });

    it("passes an instance with the metadata service turned off", async () => {
      assertPasses(await check(workloadStack({ metadataOptions: { httpEndpoint: "disabled" } })));
    });
  });

  describe("public IP", () => {
    it("refuses associatePublicIpAddress true, also as the string the engine may send", async () => {
      assertViolates(await check(workloadStack({ associatePublicIpAddress: true })), /gets a public IP address/);
      assertViolates(await check(workloadStack({ associatePublicIpAddress: "true" })), /gets a public IP address/);
    });

    it("passes an unset associatePublicIpAddress in a subnet of this stack that does not map public IPs", async () => {
      assertPasses(await check(workloadStack({ associatePublicIpAddress: undefined })));
    });

    it("refuses an unset associatePublicIpAddress in a subnet that maps public IPs", async () => {
      const publicSubnet = workloadStack({ associatePublicIpAddress: undefined }).map((r) => (r.name === "private-0" ? { ...r, props: { ...r.props, mapPublicIpOnLaunch: true } } : r));
      assertViolates(await check(publicSubnet), /subnet private-0 maps public IPs on launch/);
    });

    it("refuses an unset associatePublicIpAddress in a subnet it cannot see", async () => {
      assertViolates(await check(workloadStack({ associatePublicIpAddress: undefined, subnetId: "subnet-0fedcba9876543210" })), /its subnet is not in this stack/);
    });

    it("during preview, follows an unknown subnet id to the subnet it is computed from", async () => {
      const preview = (mapPublicIpOnLaunch: boolean) =>
        workloadStack({ associatePublicIpAddress: undefined, subnetId: UNKNOWN }).map((r) => {
          if (r.name === "private-0") return { ...r, props: { ...r.props, id: UNKNOWN, mapPublicIpOnLaunch } };
          if (r.type === "aws:ec2/instance:Instance") return { ...r, propertyDependencies: { subnetId: [SUBNET_URN] } };
          return r;
        });
      assertPasses(await check(preview(false)));
      assertViolates(await check(preview(true)), /maps public IPs on launch/);
    });

    it("refuses an Elastic IP on the instance, by id or (during preview) by wiring, and passes one elsewhere", async () => {
      const INSTANCE_URN = urn("aws:ec2/instance:Instance", "workload");
      const withId = (props: Record<string, unknown>, dependencies?: Record<string, string[]>): ResourceUnderTest[] =>
        workloadStack({ id: "i-0123456789abcdef0" }, [{ type: "aws:ec2/eip:Eip", name: "public", provider: SOURCE, props: { domain: "vpc", ...props }, propertyDependencies: dependencies }]).map((r) =>
          r.type === "aws:ec2/instance:Instance" ? { ...r, urn: INSTANCE_URN } : r,
        );
      assertViolates(await check(withId({ instance: "i-0123456789abcdef0" })), /public gives instance workload a public IP address \(an Elastic IP\)/);
      assertViolates(await check(withId({ instance: UNKNOWN }, { instance: [INSTANCE_URN] })), /Elastic IP/);
      assertPasses(await check(withId({ instance: "i-0fedcba9876543210" })));
      const association: ResourceUnderTest = { type: "aws:ec2/eipAssociation:EipAssociation", name: "assoc", provider: SOURCE, props: { instance: "i-0123456789abcdef0", allocationId: "eipalloc-0123456789abcdef0" } };
      assertViolates(await check(workloadStack({ id: "i-0123456789abcdef0" }, [association])), /assoc gives instance workload a public IP/);
    });

    it("judges spot instance requests like instances", async () => {
      const spot = workloadStack().map((r) => (r.type === "aws:ec2/instance:Instance" ? { ...r, type: "aws:ec2/spotInstanceRequest:SpotInstanceRequest", props: { ...r.props, associatePublicIpAddress: true } } : r));
      assertViolates(await check(spot), /gets a public IP address/);
    });
  });

  describe("volumes", () => {
    it("refuses an unencrypted or unset root volume (the account default is not part of the deployment)", async () => {
      assertViolates(await check(workloadStack({ rootBlockDevice: { encrypted: false } })), /unencrypted root volume/);
      assertViolates(await check(workloadStack({ rootBlockDevice: undefined })), /unencrypted root volume/);
    });

    it("refuses an unencrypted extra EBS device, and passes an encrypted one", async () => {
      assertViolates(await check(workloadStack({ ebsBlockDevices: [{ deviceName: "/dev/sdf", volumeSize: 10 }] })), /unencrypted EBS volume \(ebsBlockDevices\[0\], \/dev\/sdf\)/);
      assertPasses(await check(workloadStack({ ebsBlockDevices: [{ deviceName: "/dev/sdf", volumeSize: 10, encrypted: true }] })));
    });

    it("refuses a standalone unencrypted EBS volume (attached later), and passes an encrypted one", async () => {
      const volume = (encrypted?: boolean): ResourceUnderTest => ({ type: "aws:ec2/volume:Volume", name: "data", provider: SOURCE, props: { availabilityZone: "ap-northeast-1a", size: 10, encrypted } });
      assertViolates(await check(workloadStack({}, [volume()])), /data is an unencrypted EBS volume/);
      assertPasses(await check(workloadStack({}, [volume(true)])));
    });
  });

  describe("instance profile", () => {
    it("refuses the profile of another role, such as an admin's", async () => {
      assertViolates(await check(workloadStack({ iamInstanceProfile: "admin" }, ADMIN_PROFILE)), /instance profile "admin", not the profile of the designated instance role \(arn:aws:iam::111111111111:role\/xacct-instance\)/);
    });

    it("reads a profile given by ARN like one given by name", async () => {
      assertPasses(await check(workloadStack({ iamInstanceProfile: "arn:aws:iam::111111111111:instance-profile/xacct-instance" })));
      assertViolates(await check(workloadStack({ iamInstanceProfile: "arn:aws:iam::111111111111:instance-profile/admin" }, ADMIN_PROFILE)), /instance profile "arn:aws:iam::111111111111:instance-profile\/admin"/);
      assertViolates(await check(workloadStack({ iamInstanceProfile: "arn:aws:iam::333333333333:instance-profile/xacct-instance" })), /instance profile "arn:aws:iam::333333333333:instance-profile\/xacct-instance"/);
    });

    it("is not fooled by a decoy role whose trust names the admin role, when the STS endpoint designates the instance role", async () => {
      const decoy: ResourceUnderTest = {
        type: "aws:iam/role:Role",
        name: "decoy",
        provider: SOURCE,
        props: { name: "decoy", assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:role/admin" }, Action: "sts:AssumeRole" }] }) },
      };
      assertViolates(await check(workloadStack({ iamInstanceProfile: "admin" }, [...ADMIN_PROFILE, decoy])), /instance profile "admin"/);
    });

    it("refuses a profile that is not in the stack at all", async () => {
      assertViolates(await check(workloadStack({ iamInstanceProfile: "someone-elses-profile" })), /instance profile "someone-elses-profile"/);
    });

    it("finds the designated role from a transfer role's trust too (no STS endpoint in the stack)", async () => {
      const transferRole: ResourceUnderTest = {
        type: "aws:iam/role:Role",
        name: "transfer",
        provider: { name: "target", props: { allowedAccountIds: ["222222222222"], region: "ap-northeast-1" } },
        props: { name: "xacct-transfer", assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: INSTANCE_ROLE_ARN }, Action: "sts:AssumeRole" }] }) },
      };
      const withoutSts = (instance: Record<string, unknown>) => workloadStack(instance, [...ADMIN_PROFILE, transferRole]).filter((r) => r.type !== "aws:ec2/vpcEndpoint:VpcEndpoint");
      assertPasses(await check(withoutSts({})));
      assertViolates(await check(withoutSts({ iamInstanceProfile: "admin" })), /instance profile "admin"/);
    });

    it("during preview, passes an unknown profile computed from the designated one and refuses one computed from another", async () => {
      const preview = (profileUrn: string) =>
        workloadStack({ iamInstanceProfile: UNKNOWN }, ADMIN_PROFILE.map((r) => ({ ...r, urn: urn(r.type, r.name ?? "") }))).map((r) =>
          r.type === "aws:ec2/instance:Instance" ? { ...r, propertyDependencies: { iamInstanceProfile: [profileUrn] } } : r,
        );
      assertPasses(await check(preview(PROFILE_URN)));
      assertViolates(await check(preview(urn("aws:iam/instanceProfile:InstanceProfile", "admin"))), /not known yet, and not computed from the designated one/);
    });

    it("skips the profile check in a stack that designates no instance role, and takes one from pack config", async () => {
      const unrelated = workloadStack({ iamInstanceProfile: "admin" }, ADMIN_PROFILE).filter((r) => r.type !== "aws:ec2/vpcEndpoint:VpcEndpoint");
      assertPasses(await check(unrelated));
      assertViolates(await check(unrelated, { "ec2-instance-hardening": { instanceRoleArns: [INSTANCE_ROLE_ARN] } }), /instance profile "admin"/);
      assertPasses(await check(unrelated, { "ec2-instance-hardening": { instanceRoleArns: ["arn:aws:iam::111111111111:role/admin"] } }));
    });
  });

  it("refuses an instance launched from a launch template, whose settings it cannot see", async () => {
    assertViolates(await check(workloadStack({ launchTemplate: { id: "lt-0123456789abcdef0", version: "$Latest" } })), /launch template/);
  });

  it("reports every weakness of one instance at once", async () => {
    const outcome = await check(workloadStack({ metadataOptions: undefined, associatePublicIpAddress: true, rootBlockDevice: undefined, iamInstanceProfile: "admin" }, ADMIN_PROFILE));
    assertViolates(outcome, /IMDSv1/, /HopLimit/, /public IP/, /root volume/, /instance profile "admin"/);
  });
});

describe("ec2-instance-hardening: harmless spellings and the designated role's profile", () => {
  const ROLE_URN = urn("aws:iam/role:Role", "instance");
  const withRole = (stack: ResourceUnderTest[], change: (r: ResourceUnderTest) => ResourceUnderTest) => stack.map((r) => (r.type === "aws:iam/role:Role" && r.name === "instance" ? change(r) : r));
  const withProfile = (stack: ResourceUnderTest[], change: (r: ResourceUnderTest) => ResourceUnderTest) => stack.map((r) => (r.type === "aws:iam/instanceProfile:InstanceProfile" && r.name === "instance" ? change(r) : r));
  const withEndpoint = (stack: ResourceUnderTest[], props: Record<string, unknown>) => stack.map((r) => (r.type === "aws:ec2/vpcEndpoint:VpcEndpoint" ? { ...r, props: { ...r.props, ...props } } : r));

  it("accepts the engine's string spellings of false and true, and an explicit null launch template", async () => {
    assertPasses(await check(workloadStack({ associatePublicIpAddress: "false", iamInstanceProfile: undefined, subnetId: "subnet-0fedcba9876543210" })));
    assertPasses(await check(workloadStack({ rootBlockDevice: { encrypted: "true" }, ebsBlockDevices: [{ deviceName: "/dev/sdf", encrypted: "true" }], launchTemplate: null })));
    const volume: ResourceUnderTest = { type: "aws:ec2/volume:Volume", name: "data", provider: SOURCE, props: { availabilityZone: "ap-northeast-1a", size: 10, encrypted: "true" } };
    assertPasses(await check(workloadStack({}, [volume])));
  });

  it("names an unencrypted EBS device by its index when it has no device name, and survives an empty entry", async () => {
    assertViolates(await check(workloadStack({ ebsBlockDevices: [{ volumeSize: 10 }] })), /unencrypted EBS volume \(ebsBlockDevices\[0\]\)\./);
    assertViolates(await check(workloadStack({ ebsBlockDevices: [null] })), /unencrypted EBS volume \(ebsBlockDevices\[0\]\)\./);
  });

  it("treats a null or empty profile as no credentials at all", async () => {
    for (const iamInstanceProfile of [null, ""]) assertPasses(await check(workloadStack({ iamInstanceProfile, subnetId: "subnet-0fedcba9876543210" })));
  });

  it("reads a profile ARN with a path, and one on an instance whose provider pins no account", async () => {
    assertPasses(await check(workloadStack({ iamInstanceProfile: "arn:aws:iam::111111111111:instance-profile/workload/xacct-instance" })));
    const unpinned = workloadStack({ iamInstanceProfile: "arn:aws:iam::111111111111:instance-profile/xacct-instance" }).map((r) => (r.type === "aws:ec2/instance:Instance" ? { ...r, provider: { name: "unpinned", props: { region: "ap-northeast-1" } } } : r));
    assertPasses(await check(unpinned));
  });

  it("during preview, finds the designated role by its name when its ARN is unknown, and its profile by wiring", async () => {
    let stack = withRole(workloadStack(), (r) => ({ ...r, urn: ROLE_URN, props: { ...r.props, arn: UNKNOWN } }));
    stack = withProfile(stack, (r) => ({ ...r, props: { ...r.props, role: UNKNOWN }, propertyDependencies: { role: [ROLE_URN] } }));
    assertPasses(await check(stack));
    assertViolates(await check(withProfile(stack, (r) => ({ ...r, propertyDependencies: {} }))), /instance profile "xacct-instance", not the profile of the designated instance role/);
  });

  it("during preview, accepts an unknown profile wired to either of the designated role's two profiles", async () => {
    const second: ResourceUnderTest = { type: "aws:iam/instanceProfile:InstanceProfile", name: "instance-2", urn: urn("aws:iam/instanceProfile:InstanceProfile", "instance-2"), provider: SOURCE, props: { name: "xacct-instance-2", role: "xacct-instance" } };
    const stack = workloadStack({ iamInstanceProfile: UNKNOWN }, [second]).map((r) => (r.type === "aws:ec2/instance:Instance" ? { ...r, propertyDependencies: { iamInstanceProfile: [second.urn!] } } : r));
    assertPasses(await check(stack));
  });

  it("designates only the roles an STS endpoint lets through: not a role a Deny names, nor one an S3 endpoint names", async () => {
    const admin = "arn:aws:iam::111111111111:role/admin";
    const deny = { Sid: "DenyTheAdmin", Effect: "Deny", Principal: "*", Action: "sts:AssumeRole", Resource: "*", Condition: { ArnEquals: { "aws:PrincipalArn": admin } } };
    const policy = JSON.parse(stsEndpointPolicy(INSTANCE_ROLE_ARN));
    policy.Statement.push(deny);
    assertViolates(await check(withEndpoint(workloadStack({ iamInstanceProfile: "admin" }, ADMIN_PROFILE), { policy: JSON.stringify(policy) })), /instance profile "admin"/);
    const s3: ResourceUnderTest = { type: "aws:ec2/vpcEndpoint:VpcEndpoint", name: "s3", provider: SOURCE, props: { serviceName: "com.amazonaws.ap-northeast-1.s3", vpcEndpointType: "Gateway", policy: stsEndpointPolicy(admin) } };
    assertViolates(await check(workloadStack({ iamInstanceProfile: "admin" }, [...ADMIN_PROFILE, s3])), /instance profile "admin"/);
  });

  it("takes pack config's role ARNs by their names, with or without a path, when the role is not in the stack", async () => {
    const withoutRole = workloadStack().filter((r) => r.type !== "aws:iam/role:Role" && r.type !== "aws:ec2/vpcEndpoint:VpcEndpoint");
    for (const arn of [INSTANCE_ROLE_ARN, "arn:aws:iam::111111111111:role/team/xacct-instance"]) {
      assertPasses(await check(withoutRole, { "ec2-instance-hardening": { instanceRoleArns: [arn] } }));
    }
  });

  it("accepts the workload in a subnet of an existing VPC that the stack's interface endpoint sits in; a network ACL's subnets do not count", async () => {
    const existing = "subnet-0eeeeeeeeeeeeeee0";
    assertPasses(await check(withEndpoint(workloadStack({ subnetId: existing }), { subnetIds: [UNKNOWN, existing] })));
    const acl: ResourceUnderTest = { type: "aws:ec2/networkAcl:NetworkAcl", name: "acl", provider: SOURCE, props: { vpcId: "vpc-0eeeeeeeeeeeeeee0", subnetIds: [existing] } };
    assertViolates(await check(workloadStack({ subnetId: existing }, [acl])), /runs the designated instance role in subnet "subnet-0eeeeeeeeeeeeeee0", which this stack does not hold/);
    assertViolates(await check(workloadStack({ subnetId: null })), /no subnetId \(the account's default subnet\)/);
  });

  it("refuses the workload in a subnet of this stack that is not in the VPC of its endpoints", async () => {
    const vpc = (name: string, id: string): ResourceUnderTest => ({ type: "aws:ec2/vpc:Vpc", name, provider: SOURCE, props: { id, cidrBlock: "10.80.0.0/16" } });
    const other: ResourceUnderTest = { type: "aws:ec2/subnet:Subnet", name: "other-0", provider: SOURCE, props: { id: "subnet-0bbbbbbbbbbbbbbb0", vpcId: "vpc-0bbbbbbbbbbbbbbb0", mapPublicIpOnLaunch: false } };
    const stack = (subnetId: string) =>
      withEndpoint(workloadStack({ subnetId }, [vpc("source", "vpc-0aaaaaaaaaaaaaaa0"), vpc("other", "vpc-0bbbbbbbbbbbbbbb0"), other]), { vpcId: "vpc-0aaaaaaaaaaaaaaa0" }).map((r) =>
        r.name === "private-0" ? { ...r, props: { ...r.props, vpcId: "vpc-0aaaaaaaaaaaaaaa0" } } : r,
      );
    assertPasses(await check(stack("subnet-0123456789abcdef0")));
    assertViolates(await check(stack("subnet-0bbbbbbbbbbbbbbb0")), /^workload runs the designated instance role in subnet other-0, which is not in the VPC of the stack's endpoints/);
  });

  it("does not take a network interface attachment for an Elastic IP", async () => {
    const attachment: ResourceUnderTest = { type: "aws:ec2/networkInterfaceAttachment:NetworkInterfaceAttachment", name: "eni", provider: SOURCE, props: { instance: "i-0123456789abcdef0", networkInterfaceId: "eni-0123456789abcdef0", deviceIndex: 1 } };
    assertPasses(await check(workloadStack({ id: "i-0123456789abcdef0" }, [attachment])));
  });
});

describe("ec2-instance-hardening: which role is designated, and where its workload may run", () => {
  const ADMIN_ARN = "arn:aws:iam::111111111111:role/admin";
  const ROLE_URN = urn("aws:iam/role:Role", "instance");
  const TARGET = { name: "target", props: { allowedAccountIds: ["222222222222"], region: "ap-northeast-1" } };
  const trustRole = (name: string, statement: object): ResourceUnderTest => ({
    type: "aws:iam/role:Role",
    name,
    provider: TARGET,
    props: { name, assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Action: "sts:AssumeRole", ...statement }] }) },
  });
  const transferRole = trustRole("xacct-transfer", { Effect: "Allow", Principal: { AWS: INSTANCE_ROLE_ARN } });
  const onSts = (stack: ResourceUnderTest[], change: (r: ResourceUnderTest) => ResourceUnderTest) => stack.map((r) => (r.type === "aws:ec2/vpcEndpoint:VpcEndpoint" && r.name === "sts" ? change(r) : r));
  const endpointPolicy = (name: string, vpcEndpointId: string, principalArn: string): ResourceUnderTest => ({ type: "aws:ec2/vpcEndpointPolicy:VpcEndpointPolicy", name, provider: SOURCE, props: { vpcEndpointId, policy: stsEndpointPolicy(principalArn) } });

  it("reads the STS endpoint's policy from a separate VpcEndpointPolicy, and only from the one attached to it", async () => {
    const separate = (instance: Record<string, unknown>) =>
      onSts(workloadStack(instance, [...ADMIN_PROFILE, endpointPolicy("sts-policy", "vpce-0aaaaaaaaaaaaaaa0", INSTANCE_ROLE_ARN), endpointPolicy("other-policy", "vpce-0bbbbbbbbbbbbbbb0", ADMIN_ARN)]), (r) => ({
        ...r,
        props: { ...r.props, id: "vpce-0aaaaaaaaaaaaaaa0", policy: undefined },
      }));
    assertPasses(await check(separate({})));
    assertViolates(await check(separate({ iamInstanceProfile: "admin" })), /instance profile "admin", not the profile of the designated instance role \(arn:aws:iam::111111111111:role\/xacct-instance\)/);
  });

  it("falls back to the trusts when the STS endpoint lets no exact role through, so the admin's profile is still refused", async () => {
    const open = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "sts:AssumeRole", Resource: "*" }] });
    const notPrincipal = trustRole("odd", { Effect: "Allow", NotPrincipal: { AWS: ADMIN_ARN } });
    const stack = (instance: Record<string, unknown>) => onSts(workloadStack(instance, [...ADMIN_PROFILE, transferRole, notPrincipal]), (r) => ({ ...r, props: { ...r.props, policy: open } }));
    assertPasses(await check(stack({})));
    assertViolates(await check(stack({ iamInstanceProfile: "admin" })), /instance profile "admin"/);
  });

  it("during preview, finds a role with a path by its name, and a profile wired to either of two designated roles", async () => {
    const withPath = workloadStack().map((r) => {
      if (r.type === "aws:iam/role:Role") return { ...r, urn: ROLE_URN, props: { ...r.props, path: "/team/", arn: UNKNOWN } };
      if (r.type === "aws:iam/instanceProfile:InstanceProfile") return { ...r, props: { ...r.props, role: UNKNOWN }, propertyDependencies: { role: [ROLE_URN] } };
      if (r.type === "aws:ec2/vpcEndpoint:VpcEndpoint") return { ...r, props: { ...r.props, policy: stsEndpointPolicy("arn:aws:iam::111111111111:role/team/xacct-instance") } };
      return r;
    });
    assertPasses(await check(withPath));
    const two = JSON.parse(stsEndpointPolicy(ADMIN_ARN));
    two.Statement[0].Condition.ArnEquals["aws:PrincipalArn"] = [ADMIN_ARN, INSTANCE_ROLE_ARN];
    const wired = workloadStack({}, ADMIN_PROFILE).map((r) => {
      if (r.type === "aws:iam/role:Role" && r.name === "instance") return { ...r, urn: ROLE_URN };
      if (r.type === "aws:iam/instanceProfile:InstanceProfile" && r.name === "instance") return { ...r, props: { ...r.props, role: UNKNOWN }, propertyDependencies: { role: [ROLE_URN] } };
      if (r.type === "aws:ec2/vpcEndpoint:VpcEndpoint") return { ...r, props: { ...r.props, policy: JSON.stringify(two) } };
      return r;
    });
    assertPasses(await check(wired));
    const other = wired.map((r) => (r.type === "aws:ec2/instance:Instance" ? { ...r, props: { ...r.props, iamInstanceProfile: "someone-elses-profile" } } : r));
    assertViolates(await check(other), /not the profile of the designated instance role \(arn:aws:iam::111111111111:role\/admin, arn:aws:iam::111111111111:role\/xacct-instance\)/);
  });

  it("accepts a designated auto-named profile by its id; refuses a name only the role's RolePolicy carries, and a profile without a role", async () => {
    const autoNamed = workloadStack({ iamInstanceProfile: "xacct-instance-20261206" }).map((r) => (r.type === "aws:iam/instanceProfile:InstanceProfile" ? { ...r, props: { id: "xacct-instance-20261206", role: "xacct-instance" } } : r));
    assertPasses(await check(autoNamed));
    const rolePolicy: ResourceUnderTest = { type: "aws:iam/rolePolicy:RolePolicy", name: "assume", provider: SOURCE, props: { name: "assume-transfer-role", role: "xacct-instance", policy: stsEndpointPolicy(INSTANCE_ROLE_ARN) } };
    assertViolates(await check(workloadStack({ iamInstanceProfile: "assume-transfer-role" }, [rolePolicy])), /instance profile "assume-transfer-role"/);
    const orphan: ResourceUnderTest = { type: "aws:iam/instanceProfile:InstanceProfile", name: "orphan", provider: SOURCE, props: { name: "orphan" } };
    const config = { "ec2-instance-hardening": { instanceRoleArns: [INSTANCE_ROLE_ARN, "arn:aws:iam::111111111111:user/ops"] } };
    assertViolates(await check(workloadStack({ iamInstanceProfile: "orphan" }, [orphan]), config), /instance profile "orphan"/);
  });

  it("refuses the workload in an empty subnetId, in the account's default subnet adopted into the stack, and in an unknown subnet no endpoint's unknown subnet vouches for", async () => {
    assertViolates(await check(workloadStack({ subnetId: "" })), /no subnetId \(the account's default subnet\)/);
    const defaultSubnet: ResourceUnderTest = { type: "aws:ec2/defaultSubnet:DefaultSubnet", name: "default-a", provider: SOURCE, props: { id: "subnet-0dddddddddddddd00", availabilityZone: "ap-northeast-1a", mapPublicIpOnLaunch: false } };
    assertViolates(await check(workloadStack({ subnetId: "subnet-0dddddddddddddd00" }, [defaultSubnet])), /subnet "subnet-0dddddddddddddd00", which this stack does not hold/);
    assertViolates(await check(onSts(workloadStack({ subnetId: UNKNOWN }), (r) => ({ ...r, props: { ...r.props, subnetIds: [UNKNOWN] } }))), /unknown and not computed from a subnet of this stack/);
  });

  it("in an existing VPC, accepts a subnet one interface endpoint sits in though a gateway endpoint sits in none", async () => {
    const existing = "subnet-0eeeeeeeeeeeeeee0";
    const gateway: ResourceUnderTest = { type: "aws:ec2/vpcEndpoint:VpcEndpoint", name: "s3", provider: SOURCE, props: { serviceName: "com.amazonaws.ap-northeast-1.s3", vpcEndpointType: "Gateway", routeTableIds: ["rtb-0eeeeeeeeeeeeeee0"] } };
    assertPasses(await check(onSts(workloadStack({ subnetId: existing }, [gateway]), (r) => ({ ...r, props: { ...r.props, subnetIds: [existing] } }))));
  });

  it("with endpoints in two VPCs, accepts a subnet of either and refuses one of a VPC holding none", async () => {
    const vpc = (name: string, id: string): ResourceUnderTest => ({ type: "aws:ec2/vpc:Vpc", name, provider: SOURCE, props: { id, cidrBlock: "10.80.0.0/16" } });
    const subnet = (name: string, id: string, vpcId: string): ResourceUnderTest => ({ type: "aws:ec2/subnet:Subnet", name, provider: SOURCE, props: { id, vpcId, mapPublicIpOnLaunch: false } });
    const second: ResourceUnderTest = { type: "aws:ec2/vpcEndpoint:VpcEndpoint", name: "sts-b", provider: SOURCE, props: { serviceName: "com.amazonaws.ap-northeast-1.sts", vpcId: "vpc-0bbbbbbbbbbbbbbb0", policy: stsEndpointPolicy(INSTANCE_ROLE_ARN) } };
    const extra = [vpc("a", "vpc-0aaaaaaaaaaaaaaa0"), vpc("b", "vpc-0bbbbbbbbbbbbbbb0"), vpc("c", "vpc-0ccccccccccccccc0"), subnet("b-0", "subnet-0bbbbbbbbbbbbbbb0", "vpc-0bbbbbbbbbbbbbbb0"), subnet("c-0", "subnet-0ccccccccccccccc0", "vpc-0ccccccccccccccc0"), second];
    const stack = (subnetId: string) => onSts(workloadStack({ subnetId }, extra), (r) => ({ ...r, props: { ...r.props, vpcId: "vpc-0aaaaaaaaaaaaaaa0" } }));
    assertPasses(await check(stack("subnet-0bbbbbbbbbbbbbbb0")));
    assertViolates(await check(stack("subnet-0ccccccccccccccc0")), /subnet c-0, which is not in the VPC of the stack's endpoints/);
  });
});
