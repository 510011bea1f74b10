/**
 * The optional workload instance: what its SSM agent may do (identity and endpoint policies), and
 * the first-boot script that proves the transfer path. Pure: no Pulumi in here.
 */
import { Partition } from "../aws";
import { PolicyDocument, PolicyStatement, policyDocument } from "./document";

/** The interface endpoints Session Manager needs in a VPC without internet. */
export const SESSION_MANAGER_SERVICES = ["ssm", "ssmmessages", "ec2messages"] as const;
export type SessionManagerService = (typeof SESSION_MANAGER_SERVICES)[number];

/**
 * Exactly what the SSM agent calls for Session Manager, per endpoint (AWS Systems Manager user
 * guide, "Reference: ec2messages, ssmmessages, and other API operations",
 * https://docs.aws.amazon.com/systems-manager/latest/userguide/systems-manager-setting-up-messageAPIs.html):
 * - ssm: the agent registers the instance and reports its state (UpdateInstanceInformation);
 * - ssmmessages: the control and data channels a session runs over;
 * - ec2messages: the message channel agents before 3.3.40 use to fetch and answer commands.
 * No association, inventory, patching or parameter actions: the workload uses none of them
 * (this is what AmazonSSMManagedInstanceCore adds, on `*`).
 */
export const SSM_AGENT_ACTIONS: Record<SessionManagerService, readonly string[]> = {
  ssm: ["ssm:UpdateInstanceInformation"],
  ssmmessages: ["ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"],
  ec2messages: ["ec2messages:AcknowledgeMessage", "ec2messages:DeleteMessage", "ec2messages:FailMessage", "ec2messages:GetEndpoint", "ec2messages:GetMessages", "ec2messages:SendReply"],
};

export interface SsmAgentScope {
  partition: Partition;
  region: string;
  /** The account the instance runs in. */
  accountId: string;
}

/** Every EC2 instance of the source account in its region: the resource ssm:UpdateInstanceInformation is authorized on. */
export function instancesArnPattern({ partition, region, accountId }: SsmAgentScope): string {
  return `arn:${partition}:ec2:${region}:${accountId}:instance/*`;
}

/**
 * The resources each service's actions are authorized on. ssm:UpdateInstanceInformation supports
 * the `instance` resource type, so it is scoped to the account's instances in the region (the
 * instance's own id does not exist before its profile does). The ssmmessages and ec2messages
 * actions have no resource types: `*` is the only Resource AWS accepts for them (Service
 * Authorization Reference, Amazon Message Gateway Service and Amazon Message Delivery Service).
 */
function resourcesOf(service: SessionManagerService, scope: SsmAgentScope): string[] {
  return service === "ssm" ? [instancesArnPattern(scope)] : ["*"];
}

const SIDS: Record<SessionManagerService, string> = {
  ssm: "RegisterTheInstanceWithSystemsManager",
  ssmmessages: "OpenTheSessionManagerChannels",
  ec2messages: "ExchangeAgentMessages",
};

/** The instance role's inline policy for its SSM agent: the three services' agent actions, nothing else. */
export function buildSsmAgentPolicy(scope: SsmAgentScope): PolicyDocument {
  return policyDocument(
    ...SESSION_MANAGER_SERVICES.map((service): PolicyStatement => ({
      Sid: `AllowTheSsmAgentTo${SIDS[service]}`,
      Effect: "Allow",
      Action: [...SSM_AGENT_ACTIONS[service]],
      Resource: resourcesOf(service, scope),
    })),
  );
}

export interface SsmEndpointPolicyInput extends SsmAgentScope {
  service: SessionManagerService;
  instanceRoleArn: string;
}

/**
 * The endpoint lets only the instance role through, and only for its agent's calls to that
 * service: other credentials inside the VPC cannot use it to reach Systems Manager.
 */
export function buildSsmEndpointPolicy({ service, instanceRoleArn, ...scope }: SsmEndpointPolicyInput): PolicyDocument {
  return policyDocument({
    Sid: `AllowOnlyTheInstanceRoleTo${SIDS[service]}`,
    Effect: "Allow",
    Principal: "*",
    Action: [...SSM_AGENT_ACTIONS[service]],
    Resource: resourcesOf(service, scope),
    Condition: { ArnEquals: { "aws:PrincipalArn": [instanceRoleArn] } },
  });
}

/** Where the first-boot script writes, and what it marks its console lines with. */
export const FIRST_BOOT = {
  configFile: "/etc/xacct/aws-config",
  proofCommand: "/usr/local/bin/xacct-proof",
  logFile: "/var/log/xacct-proof.log",
  console: "/dev/console",
  marker: "xacct-proof",
  smokeFolder: "smoke/",
} as const;

export interface FirstBootInput {
  /** The AWS CLI profile of the transfer role, as the `awsConfigProfile` output holds it. */
  awsConfig: string;
  profileName: string;
  bucketName: string;
  bucketOwnerAccountId: string;
  /** Ends in `/`. */
  prefix: string;
  region: string;
  /** Upload attempts while the trust policy and the bucket policy propagate (default 10). */
  attempts?: number;
  /** The first wait between attempts, doubled each time up to maxDelaySeconds (defaults 5 and 60). */
  firstDelaySeconds?: number;
  maxDelaySeconds?: number;
  /** Prefixes every absolute path the script writes to: tests run it in a scratch directory. */
  root?: string;
}

/** A value as one single-quoted shell word. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** `<prefix>smoke/`: where each instance's proof object goes. */
export function smokePrefix(prefix: string): string {
  return `${prefix}${FIRST_BOOT.smokeFolder}`;
}

/**
 * User data: writes the transfer role's CLI profile to /etc/xacct/aws-config, installs
 * /usr/local/bin/xacct-proof and runs it once (cloud-init runs user data on the first boot only).
 * The proof uploads `<prefix>smoke/<instance id>.txt` with exactly one s3:PutObject through the
 * profile, retrying with a doubling wait while IAM propagates the trust, and writes one line per
 * attempt to the console (read it with `aws ec2 get-console-output --latest`): `OK: …` or the AWS
 * error. Nothing is installed: the AWS CLI and curl ship with Amazon Linux 2023.
 */
export function buildFirstBootScript(input: FirstBootInput): string {
  const attempts = input.attempts ?? 10;
  const firstDelay = input.firstDelaySeconds ?? 5;
  const maxDelay = input.maxDelaySeconds ?? 60;
  if (!Number.isInteger(attempts) || attempts < 1 || attempts > 50) throw new Error(`attempts must be an integer from 1 to 50 (got ${attempts})`);
  if (!Number.isInteger(firstDelay) || !Number.isInteger(maxDelay) || firstDelay < 1 || maxDelay < firstDelay) {
    throw new Error(`delays must be whole seconds with 1 <= firstDelaySeconds <= maxDelaySeconds (got ${firstDelay}, ${maxDelay})`);
  }
  if (input.awsConfig.split("\n").includes("XACCT_PROFILE")) throw new Error("the AWS CLI profile must not contain the line XACCT_PROFILE");
  const root = input.root ?? "";
  const configFile = `${root}${FIRST_BOOT.configFile}`;
  const proofCommand = `${root}${FIRST_BOOT.proofCommand}`;
  const q = shellQuote;
  const bucket = q(input.bucketName);
  return `#!/bin/bash
# xacct first boot: the transfer role's AWS CLI profile, then a proof that the path works.
# Run the proof again at any time: sudo ${FIRST_BOOT.proofCommand}
set -u
install -d -m 0755 ${q(`${root}/etc/xacct`)} ${q(`${root}/usr/local/bin`)}
cat > ${q(configFile)} <<'XACCT_PROFILE'
${input.awsConfig.replace(/\n$/, "")}
XACCT_PROFILE
chmod 0644 ${q(configFile)}
cat > ${q(proofCommand)} <<'XACCT_PROOF'
#!/bin/bash
# Uploads ${input.prefix}${FIRST_BOOT.smokeFolder}<instance id>.txt through the ${input.profileName} profile, then says so on the console.
set -u
export AWS_CONFIG_FILE=${q(configFile)}
export HOME="\${HOME:-/root}"
log() { echo "${FIRST_BOOT.marker}: $*" | tee -a ${q(`${root}${FIRST_BOOT.logFile}`)} >> ${q(`${root}${FIRST_BOOT.console}`)}; }
token=$(curl -sSf -m 5 -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 300' http://169.254.169.254/latest/api/token) &&
  instance_id=$(curl -sSf -m 5 -H "X-aws-ec2-metadata-token: $token" http://169.254.169.254/latest/meta-data/instance-id) || {
  log "FAILED: cannot read the instance id from the instance metadata service (IMDSv2)"
  exit 1
}
key=${q(smokePrefix(input.prefix))}"$instance_id.txt"
body=$(mktemp)
trap 'rm -f "$body"' EXIT
printf 'xacct proof: written by %s at %s\\n' "$instance_id" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" > "$body"
delay=${firstDelay}
error=""
for attempt in $(seq 1 ${attempts}); do
  if error=$(aws s3api put-object --bucket ${bucket} --key "$key" --body "$body" --expected-bucket-owner ${q(input.bucketOwnerAccountId)} --profile ${q(input.profileName)} --region ${q(input.region)} 2>&1 >/dev/null); then
    log "OK: wrote s3://"${bucket}"/$key through ${input.profileName} (attempt $attempt of ${attempts})"
    exit 0
  fi
  log "attempt $attempt of ${attempts} failed: $(printf '%s' "$error" | tr '\\n' ' ')"
  if [ "$attempt" -lt ${attempts} ]; then
    sleep "$delay"
    delay=$((delay * 2 > ${maxDelay} ? ${maxDelay} : delay * 2))
  fi
done
log "FAILED after ${attempts} attempts: s3://"${bucket}"/$key was not written. Last AWS error: $(printf '%s' "$error" | tr '\\n' ' ')"
exit 1
XACCT_PROOF
chmod 0755 ${q(proofCommand)}
${q(proofCommand)}
`;
}
