import * as assert from "node:assert/strict";
import {
  AccessAnalyzerClient,
  CheckAccessNotGrantedCommand,
  CheckNoPublicAccessCommand,
  ThrottlingException,
  ValidatePolicyCommand,
  type ValidatePolicyFindingType,
} from "@aws-sdk/client-accessanalyzer";
import { mockClient } from "aws-sdk-client-mock";
import {
  AnalyzedDocument,
  BUCKET_CONTROL_ACTIONS,
  PREVIEW_FORBIDDEN_ACTIONS,
  RetryOptions,
  analyzeDocuments,
  documentsOf,
  findCredentials,
  keyOutsidePrefix,
  main,
} from "../tools/policy-analyze";
import { runPair } from "../tools/offline/pair";
import { REPO_ROOT, configOf, shippedStackConfig, stackFilePath } from "../tools/offline/stack-files";
import { runTool, startedBeforeTests } from "./support/child-processes";
import { BUCKET } from "./support/fixtures";

const BUCKET_ARN = `arn:aws:s3:::${BUCKET}`;
const STATIC_CREDENTIALS = { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" };
const analyzer = mockClient(AccessAnalyzerClient);

function client(credentials: AccessAnalyzerClient["config"]["credentials"] | typeof STATIC_CREDENTIALS = STATIC_CREDENTIALS) {
  return new AccessAnalyzerClient({ region: "ap-northeast-1", maxAttempts: 1, credentials });
}
/** Retries without waiting; records the delays it would have slept. */
function instantRetry(attempts = 4): RetryOptions & { delays: number[] } {
  const delays: number[] = [];
  return { attempts, baseDelayMs: 100, delays, sleep: async (ms) => void delays.push(ms) };
}
function allPass() {
  analyzer.on(ValidatePolicyCommand).resolves({ findings: [] });
  analyzer.on(CheckNoPublicAccessCommand).resolves({ result: "PASS", message: "The resource policy does not grant public access." });
  analyzer.on(CheckAccessNotGrantedCommand).resolves({ result: "PASS", message: "The policy document does not grant access to perform the listed actions or resources." });
}
async function run(argv: string[], c = client()) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { client: c, retry: instantRetry(), out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}
const finding = (findingType: ValidatePolicyFindingType, issueCode: string) => ({
  findingType,
  issueCode,
  findingDetails: `${issueCode} details`,
  learnMoreLink: `https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#${issueCode}`,
  locations: [{ path: [{ value: "Statement" }, { index: 0 }, { value: "Action" }], span: { start: { line: 1, column: 1, offset: 1 }, end: { line: 1, column: 2, offset: 2 } } }],
});

describe("npm run policy:analyze (IAM Access Analyzer)", () => {
  let pairDocuments: AnalyzedDocument[];
  before(async () => {
    const config = shippedStackConfig("pair");
    const pair = await runPair("pair", config, stackFilePath("pair"));
    pairDocuments = documentsOf(configOf(config), pair.own.resources);
  });
  beforeEach(() => analyzer.reset());

  it("picks every generated document with its policy type and Access Analyzer resource type", () => {
    const kinds = pairDocuments.map((d) => `${d.label} ${d.policyType} ${d.validateResourceType ?? "-"}${d.checkNoPublicAccess ? " public-check" : ""}`).sort();
    assert.deepEqual(kinds, [
      "BucketPolicy target-bucket .policy RESOURCE_POLICY AWS::S3::Bucket public-check",
      "Role source-instance .assumeRolePolicy RESOURCE_POLICY AWS::IAM::AssumeRolePolicyDocument",
      "Role target-transfer .assumeRolePolicy RESOURCE_POLICY AWS::IAM::AssumeRolePolicyDocument",
      "RolePolicy source-instance-assume-transfer-role .policy IDENTITY_POLICY -",
      "RolePolicy target-transfer-write-prefix .policy IDENTITY_POLICY -",
      "VpcEndpoint source-endpoints-s3 .policy RESOURCE_POLICY -",
      "VpcEndpoint source-endpoints-sts .policy RESOURCE_POLICY -",
    ]);
    for (const d of pairDocuments) assert.equal(JSON.parse(d.document).Version, "2012-10-17");
  });

  it("sends the documents as the program built them, one Access per CheckAccessNotGranted, and passes when AWS finds nothing", async () => {
    allPass();
    const { code, out } = await run(["--stack", "pair"]);
    assert.equal(code, 0, out);
    const validations = analyzer.commandCalls(ValidatePolicyCommand).map((c) => c.args[0].input);
    assert.equal(validations.length, 7);
    const trust = validations.filter((v) => v.validatePolicyResourceType === "AWS::IAM::AssumeRolePolicyDocument");
    assert.equal(trust.length, 2);
    assert.ok(trust.every((v) => v.policyType === "RESOURCE_POLICY" && JSON.parse(v.policyDocument as string).Statement[0].Action.includes("sts:AssumeRole")));
    const bucketValidation = validations.find((v) => v.validatePolicyResourceType === "AWS::S3::Bucket");
    assert.equal(bucketValidation?.policyType, "RESOURCE_POLICY");
    assert.equal(validations.filter((v) => v.policyType === "IDENTITY_POLICY").length, 2);

    const publicChecks = analyzer.commandCalls(CheckNoPublicAccessCommand).map((c) => c.args[0].input);
    assert.equal(publicChecks.length, 1);
    assert.equal(publicChecks[0].resourceType, "AWS::S3::Bucket");
    assert.equal(publicChecks[0].policyDocument, bucketValidation?.policyDocument);

    const notGranted = analyzer.commandCalls(CheckAccessNotGrantedCommand).map((c) => c.args[0].input);
    assert.ok(notGranted.every((c) => c.access?.length === 1));
    const onBucketPolicy = notGranted.filter((c) => c.policyDocument === bucketValidation?.policyDocument);
    assert.deepEqual(onBucketPolicy.map((c) => c.policyType), ["RESOURCE_POLICY", "RESOURCE_POLICY", "RESOURCE_POLICY"]);
    assert.deepEqual(onBucketPolicy[0].access?.[0], { actions: BUCKET_CONTROL_ACTIONS, resources: [BUCKET_ARN, `${BUCKET_ARN}/*`] });
    assert.deepEqual(onBucketPolicy[1].access?.[0], { actions: ["s3:PutObject", "s3:GetObject", "s3:DeleteObject"], resources: [`${BUCKET_ARN}/${keyOutsidePrefix("example/")}`] });
    assert.deepEqual(onBucketPolicy[2].access?.[0], { actions: ["s3:DeleteObjectVersion"], resources: [`${BUCKET_ARN}/*`] });
    const identity = notGranted.filter((c) => c.policyType === "IDENTITY_POLICY");
    assert.equal(identity.length, 2 * 4, "each role policy: bucket control, outside the prefix, versions, IAM writes");
    assert.ok(identity.some((c) => c.access?.[0].actions?.includes("iam:PassRole")));
    assert.match(out, /^xacct policy:analyze: stack pair, region ap-northeast-1, 7 document\(s\), \d+ check\(s\)/);
    assert.match(out, /OK: IAM Access Analyzer found nothing that fails\.$/);
    assert.doesNotMatch(out, /FAIL /);
  });

  it("never names a key inside the prefix as 'outside' it", () => {
    assert.ok(!keyOutsidePrefix("example/").startsWith("example/"));
    assert.ok(!keyOutsidePrefix("xacct-outside-the-prefix/").startsWith("xacct-outside-the-prefix/"));
    assert.ok(!keyOutsidePrefix("x").startsWith("x"));
  });

  for (const [type, fails] of [["ERROR", true], ["SECURITY_WARNING", true], ["WARNING", false], ["SUGGESTION", false]] as const) {
    it(`${fails ? "fails" : "reports but passes"} on a ValidatePolicy ${type} finding`, async () => {
      allPass();
      analyzer.on(ValidatePolicyCommand, { policyType: "IDENTITY_POLICY" }).resolves({ findings: [finding(type, "EXAMPLE_ISSUE")] });
      const outcomes = await analyzeDocuments(client(), pairDocuments, instantRetry());
      const flagged = outcomes.filter((o) => o.check === "ValidatePolicy" && o.findings?.length);
      assert.equal(flagged.length, 2);
      assert.ok(flagged.every((o) => o.ok === !fails));
      assert.equal(outcomes.every((o) => o.ok), !fails);
    });
  }

  it("prints each finding with its location and AWS's link, and exits 1 on a failing one", async () => {
    allPass();
    analyzer.on(ValidatePolicyCommand, { validatePolicyResourceType: "AWS::S3::Bucket" }).resolves({ findings: [finding("SECURITY_WARNING", "PASS_ROLE_WITH_STAR_IN_RESOURCE")] });
    const { code, out } = await run(["--stack=pair"]);
    assert.equal(code, 1);
    assert.match(out, /FAIL ValidatePolicy BucketPolicy target-bucket \.policy: RESOURCE_POLICY, AWS::S3::Bucket: 1 finding\(s\), 1 failing/);
    assert.match(out, /SECURITY_WARNING PASS_ROLE_WITH_STAR_IN_RESOURCE at Statement\.0\.Action: .*access-analyzer-reference-policy-checks\.html/);
    assert.match(out, /FAILED: 1 check\(s\) failed\.$/);
  });

  it("follows ValidatePolicy's pages", async () => {
    allPass();
    analyzer.on(ValidatePolicyCommand).resolvesOnce({ findings: [finding("SUGGESTION", "A")], nextToken: "page-2" }).resolves({ findings: [finding("ERROR", "B")] });
    const [first] = await analyzeDocuments(client(), pairDocuments.slice(0, 1), instantRetry());
    const calls = analyzer.commandCalls(ValidatePolicyCommand).map((c) => c.args[0].input.nextToken);
    assert.deepEqual(calls, [undefined, "page-2"]);
    assert.deepEqual(first.findings?.map((f) => f.issueCode), ["A", "B"]);
    assert.equal(first.ok, false);
  });

  it("fails when the bucket policy grants public access, or a forbidden action, naming the statement", async () => {
    allPass();
    analyzer.on(CheckNoPublicAccessCommand).resolves({ result: "FAIL", message: "The resource policy grants public access for the given resource type.", reasons: [{ statementId: "AllowEveryone", statementIndex: 0 }] });
    analyzer.on(CheckAccessNotGrantedCommand, { policyType: "IDENTITY_POLICY" }).resolves({ result: "FAIL", message: "The policy document grants access to perform one or more of the listed actions or resources.", reasons: [{ statementId: "WriteIntoThePrefix", statementIndex: 0, description: "One or more of the listed actions or resources in the statement with sid: WriteIntoThePrefix." }] });
    const outcomes = await analyzeDocuments(client(), pairDocuments, instantRetry());
    const publicCheck = outcomes.find((o) => o.check === "CheckNoPublicAccess");
    assert.equal(publicCheck?.ok, false);
    assert.match(publicCheck?.detail ?? "", /FAIL .*AllowEveryone/);
    const granted = outcomes.filter((o) => o.check === "CheckAccessNotGranted" && !o.ok);
    assert.equal(granted.length, 8);
    assert.ok(granted.every((o) => /RolePolicy/.test(o.label) && /WriteIntoThePrefix/.test(o.detail)));
  });

  it("retries throttling with growing, jittered backoff, and gives up after the last attempt with exit 2", async () => {
    allPass();
    const throttled = () => new ThrottlingException({ message: "Rate exceeded", $metadata: { httpStatusCode: 429 } });
    analyzer.on(ValidatePolicyCommand).rejectsOnce(throttled()).rejectsOnce(throttled()).resolves({ findings: [] });
    const retry = instantRetry(4);
    const outcomes = await analyzeDocuments(client(), pairDocuments.slice(0, 1), retry);
    assert.equal(outcomes[0].ok, true);
    assert.equal(analyzer.commandCalls(ValidatePolicyCommand).length, 3);
    assert.equal(retry.delays.length, 2);
    assert.ok(retry.delays[0] <= 100 && retry.delays[1] <= 200, `delays ${retry.delays}`);

    analyzer.reset();
    allPass();
    analyzer.on(ValidatePolicyCommand).rejects(throttled());
    const { code, err } = await run(["--stack", "pair"]);
    assert.equal(code, 2);
    assert.equal(analyzer.commandCalls(ValidatePolicyCommand).length, 4);
    assert.match(err, /IAM Access Analyzer call failed: ThrottlingException: Rate exceeded/);
  });

  it("does not retry an error that is not throttling", async () => {
    analyzer.on(ValidatePolicyCommand).rejects(Object.assign(new Error("User is not authorized to perform: access-analyzer:ValidatePolicy"), { name: "AccessDeniedException", $metadata: { httpStatusCode: 403 } }));
    await assert.rejects(analyzeDocuments(client(), pairDocuments.slice(0, 1), instantRetry()), /not authorized/);
    assert.equal(analyzer.commandCalls(ValidatePolicyCommand).length, 1);
  });

  it("says it skipped, exits 0 and calls nothing when there are no credentials", async () => {
    const { code, out } = await run(["--stack", "pair"], client(async () => {
      throw new Error("Could not load credentials from any providers");
    }));
    assert.equal(code, 0);
    assert.equal(out, "xacct policy:analyze: skipped: no AWS credentials (Could not load credentials from any providers); nothing was checked");
    assert.equal(analyzer.calls().length, 0);
    const hanging = await findCredentials(() => new Promise(() => undefined), 20);
    assert.deepEqual(hanging, { found: false, reason: "no credentials within 20 ms" });
  });

  const skippedFromCommandLine = startedBeforeTests(() => {
    const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("AWS_")));
    Object.assign(env, { AWS_EC2_METADATA_DISABLED: "true", AWS_CONFIG_FILE: "/nonexistent/config", AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/credentials", INIT_CWD: REPO_ROOT });
    return runTool("tools/policy-analyze.ts", ["--stack", "target"], { env });
  });

  it("skips from the command line with an empty credential chain", async () => {
    const skipped = await skippedFromCommandLine();
    assert.equal(skipped.code, 0, skipped.stderr);
    assert.match(skipped.stdout, /^xacct policy:analyze: skipped: no AWS credentials \(.+\); nothing was checked\n$/);
  });

  it("answers --help, and refuses a repeated flag, a missing value and a missing stack file with exit 2", async () => {
    const help = await run(["--help"]);
    assert.equal(help.code, 0);
    assert.match(help.out, /^usage: npm run -s policy:analyze/);
    const twice = await run(["--stack", "pair", "--stack", "source"]);
    assert.equal(twice.code, 2);
    assert.match(twice.err, /--stack given twice/);
    const noValue = await run(["--config"]);
    assert.equal(noValue.code, 2);
    assert.match(noValue.err, /--config needs a value/);
    const missing = await run(["--stack", "nosuch"]);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /Pulumi\.nosuch\.yaml does not exist/);
    assert.equal(analyzer.calls().length, 0);
  });

  describe("--bootstrap <account-stack>", () => {
    it("checks the deploy and preview roles' documents, built by the bootstrap's own builders", async () => {
      allPass();
      const { code, out } = await run(["--bootstrap", "target-account"]);
      assert.equal(code, 0, out);
      const validations = analyzer.commandCalls(ValidatePolicyCommand).map((c) => c.args[0].input);
      assert.deepEqual(validations.map((v) => `${v.policyType} ${v.validatePolicyResourceType ?? "-"}`), [
        "RESOURCE_POLICY AWS::IAM::AssumeRolePolicyDocument",
        "RESOURCE_POLICY AWS::IAM::AssumeRolePolicyDocument",
        "IDENTITY_POLICY -",
        "IDENTITY_POLICY -",
      ]);
      assert.equal(JSON.parse(validations[0].policyDocument as string).Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:sub"][0], "repo:example-org/xacct:environment:xacct-target");
      const notGranted = analyzer.commandCalls(CheckAccessNotGrantedCommand).map((c) => c.args[0].input);
      const onPreview = notGranted.filter((c) => c.policyDocument === validations[3].policyDocument);
      assert.deepEqual(onPreview.map((c) => c.access?.[0].actions?.length), [3, PREVIEW_FORBIDDEN_ACTIONS.length]);
      assert.ok(PREVIEW_FORBIDDEN_ACTIONS.includes("s3:PutBucketPolicy") && PREVIEW_FORBIDDEN_ACTIONS.includes("ec2:CreateVpc") && PREVIEW_FORBIDDEN_ACTIONS.includes("iam:PassRole"));
      assert.ok(PREVIEW_FORBIDDEN_ACTIONS.length <= 100, "CheckAccessNotGranted takes at most 100 actions");
      const onDeploy = notGranted.filter((c) => c.policyDocument === validations[2].policyDocument);
      assert.deepEqual(onDeploy[1].access?.[0], { actions: ["s3:DeleteBucket", "s3:DeleteBucketPolicy", "s3:PutBucketAcl", "s3:PutObjectAcl"], resources: ["arn:aws:s3:::xacct-transfer-222222222222-apne1", "arn:aws:s3:::xacct-transfer-222222222222-apne1/*"] });
      assert.match(out, /^xacct policy:analyze: stack bootstrap target-account, region ap-northeast-1, 4 document\(s\)/);
    });

    it("fails when Access Analyzer finds the preview role granted a write", async () => {
      allPass();
      analyzer.on(CheckAccessNotGrantedCommand, { access: [{ actions: PREVIEW_FORBIDDEN_ACTIONS }] }).resolves({ result: "FAIL", message: "The policy document grants access to perform one or more of the listed actions or resources." });
      const { code, out } = await run(["--bootstrap", "source-account"]);
      assert.equal(code, 1);
      assert.match(out, /FAIL CheckAccessNotGranted RolePolicy xacct-preview-source \.policy: any write the deploy roles have: FAIL/);
    });

    it("refuses --bootstrap together with --stack, and a missing account stack", async () => {
      const both = await run(["--bootstrap", "source-account", "--stack", "pair"]);
      assert.equal(both.code, 2);
      assert.match(both.err, /give exactly one of --stack, --config and --bootstrap/);
      const missing = await run(["--bootstrap", "nosuch"]);
      assert.equal(missing.code, 2);
      assert.match(missing.err, /bootstrap\/Pulumi\.nosuch\.yaml does not exist/);
    });
  });
});
