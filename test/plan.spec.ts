import * as assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { main } from "../tools/plan";
import { runPair } from "../tools/offline/pair";
import { ProgramRun } from "../tools/offline/run-program";
import { REPO_ROOT, shippedStackConfig, stackFilePath } from "../tools/offline/stack-files";
import { mermaidDiagram } from "../tools/plan/diagram";
import { PlanResult, jsonReport, plan } from "../tools/plan/plan";
import { humanReport } from "../tools/plan/report";
import { validConfig } from "./support/fixtures";
import { capturedIo } from "./support/io";

const directory = mkdtempSync(join(tmpdir(), "xacct-plan-"));

/** One plan per shipped stack, shared by the specs that only read it (the runs are deterministic). */
const plans = new Map<string, Promise<PlanResult>>();
function planOf(stack: string): Promise<PlanResult> {
  if (!plans.has(stack)) plans.set(stack, plan(stack, shippedStackConfig(stack), stackFilePath(stack)));
  return plans.get(stack) as Promise<PlanResult>;
}

/** `npm run plan -- ...args` in-process, as if npm had been run in `cwd`. */
async function planCli(args: string[], cwd = REPO_ROOT) {
  const out = capturedIo(cwd);
  const code = await main(args, out.io);
  return { code, stdout: out.stdout(), stderr: out.stderr() };
}

describe("npm run plan", () => {
  for (const stack of ["pair", "source", "target"]) {
    it(`plans the shipped ${stack} stack: no violation, and the proof holds over the pair`, async () => {
      const result = await planOf(stack);
      assert.equal(result.ok, true);
      // A source stack cannot prove which role is the target's: one advisory says so (README, Known limits).
      assert.deepEqual(result.violations.map((v) => `${v.level} ${v.policy}`), stack === "source" ? ["advisory xacct-source-target-designated"] : []);
      assert.equal(result.proof.holds, true);
      assert.equal(result.config.deploy, stack === "pair" ? "both" : stack);
      if (stack !== "pair") assert.ok(result.complement, "a one-sided stack is proven together with its other half");
      const report = humanReport(result);
      for (const heading of ["Resources per account", "Policy documents", "Policy pack", "Access proof"]) assert.match(report, new RegExp(`== ${heading}`));
      assert.match(report, /OK: no mandatory violation, and exactly the intended paths are open\./);
    });
  }

  it("prints one JSON object with the documented shape for --json", async () => {
    const report = jsonReport(await planOf("target"));
    assert.deepEqual(Object.keys(report).sort(), ["access", "deploy", "ok", "outputs", "packConfigLoosens", "resources", "stack", "violations", "warnings"]);
    assert.equal(report.ok, true);
    assert.equal(report.deploy, "target");
    const accounts = new Set(report.resources.filter((r) => r.type.startsWith("aws:")).map((r) => r.account));
    assert.deepEqual([...accounts], ["222222222222"], "a target stack's own resources are all in the target account");
    const bucketPolicy = report.resources.find((r) => r.type === "aws:s3/bucketPolicy:BucketPolicy");
    assert.match(bucketPolicy?.urn ?? "", /^urn:pulumi:target::xacct::aws:s3\/bucketPolicy:BucketPolicy::target-bucket$/);
    const intended = report.access.filter((a) => a.scope === "whole path" && a.actual === "allowed" && a.expected === "allowed (intended)");
    assert.deepEqual(intended.map((a) => a.action), ["sts:AssumeRole", "s3:PutObject"]);
    for (const cell of report.access) assert.deepEqual(Object.keys(cell).sort(), ["action", "actual", "decidedBy", "expected", "path", "principal", "resource", "scope"]);
  });

  it("runs from the command line (--flag=value too), writes the Mermaid diagram, exits 0", async () => {
    const diagram = join(directory, "graph.md");
    const { code, stdout, stderr } = await planCli(["--stack=pair", `--diagram=${diagram}`]);
    assert.equal(code, 0, stderr);
    assert.match(stdout, /^xacct plan: stack pair \(deploy: both\), source 111111111111 → target 222222222222/m);
    const markdown = readFileSync(diagram, "utf8");
    assert.match(markdown, /```mermaid\nflowchart LR/);
    assert.match(markdown, /S3 gateway endpoint<br\/>vpce-[0-9a-f]{17}/);
  });

  it("shows the stack outputs a user pastes, in the report and typed in JSON; providers carry their account", async () => {
    const result = await planOf("pair");
    const report = humanReport(result);
    assert.match(report, /== Stack outputs =+\n.*\n(.*\n)*awsConfigProfile:\n {4}\[profile xacct-transfer\]\n {4}role_arn = arn:aws:iam::222222222222:role\/xacct-transfer\n/);
    assert.match(report, /\nuploadCommand: aws s3 cp \.\/example\.txt s3:\/\/xacct-transfer-222222222222-apne1\/example\/example\.txt --profile xacct-transfer --region ap-northeast-1\n/);
    assert.match(report, /\ninstanceProfileName: xacct-instance\n/);
    assert.match(report, /\nworkloadSecurityGroupId: sg-[0-9a-f]{17}\n/);
    assert.match(report, /│ {2}provider source: allowedAccountIds \["111111111111"\], region ap-northeast-1, assumes arn:aws:iam::111111111111:role\/xacct-deployer/);

    const json = jsonReport(result);
    assert.equal(json.outputs.awsConfigProfile, result.run.outputs.awsConfigProfile);
    assert.match(json.outputs.awsConfigProfile, /^\[profile xacct-transfer\]\nrole_arn = /);
    assert.ok(Array.isArray(json.outputs.privateSubnetIds) && json.outputs.privateSubnetIds.length === 2);
    const providers = json.resources.filter((r) => r.type === "pulumi:providers:aws");
    assert.deepEqual(providers.map((p) => [p.account, p.props.allowedAccountIds]), [["111111111111", ["111111111111"]], ["222222222222", ["222222222222"]]]);
    for (const provider of providers) {
      assert.equal(provider.props.skipRegionValidation, true);
      assert.deepEqual(Object.keys(provider.props.defaultTags as object), ["tags"]);
      for (const [key, value] of Object.entries(provider.props)) {
        assert.ok(typeof value !== "string" || !/^[[{]|^(true|false)$/.test(value), `${key} is still JSON inside a string: ${value}`);
      }
    }
  });

  it("shows protection as the program sets it: the bucket protected and retained, its guards retained", async () => {
    const result = await planOf("pair");
    const report = humanReport(result);
    const bucketResources = result.run.resources.filter((r) => r.type.startsWith("aws:s3/"));
    assert.equal(bucketResources.length, 7);
    for (const r of bucketResources) {
      const isBucket = r.type === "aws:s3/bucket:Bucket";
      assert.equal(r.opts.protect === true, isBucket, `${r.type} protect`);
      assert.equal(r.opts.retainOnDelete, true, `${r.type} retainOnDelete`);
      const line = report.split("\n").find((l) => l.includes(` ${r.type.split(":").pop()} ${r.name} = `));
      assert.ok(line?.endsWith(isBucket ? "[protected, retained on delete]" : "[retained on delete]"), line);
    }
  });

  describe("the diagram draws what the graph holds", () => {
    let pair: ProgramRun;
    before(async () => {
      pair = (await planOf("pair")).run;
    });

    it("no EC2 node, since xacct builds no instance; the profile, both security groups and the prefix instead", () => {
      const markdown = mermaidDiagram("pair", pair.resources);
      assert.doesNotMatch(markdown, /EC2|instance\d/);
      const sg = (name: string) => pair.one("aws:ec2/securityGroup:SecurityGroup", name).id;
      assert.match(markdown, new RegExp(`workloadSg\\["workload security group ${sg("source-endpoints-workload")}<br/>no inbound rule<br/>out: tcp 443 to the STS endpoint's security group<br/>out: tcp 443 to the S3 endpoint's prefix list"\\]`));
      assert.match(markdown, new RegExp(`security group ${sg("source-endpoints-sts")}: in tcp 443 from 10\\.80\\.0\\.0/16`));
      assert.match(markdown, /profile\["instance profile xacct-instance"\]/);
      assert.match(markdown, /bucket\[\("s3:\/\/xacct-transfer-222222222222-apne1\/example\/<br\/>/);
      assert.match(markdown, /bucket protected, retained on delete; its guards retained on delete/);
    });

    it("an instance the graph holds is drawn, with what it uses", () => {
      const profile = pair.one("aws:iam/instanceProfile:InstanceProfile");
      const instance = { ...profile, type: "aws:ec2/instance:Instance", name: "worker", id: "i-0123456789abcdef0", inputs: {} };
      const markdown = mermaidDiagram("pair", [...pair.resources, instance]);
      assert.match(markdown, /instance0\["EC2 instance worker<br\/>i-0123456789abcdef0"\]/);
      assert.match(markdown, /instance0 --> profile\n {2}instance0 --> workloadSg/);
    });

    it("draws what a weaker graph holds, not the intended design", () => {
      const withGateway = [...pair.resources, { ...pair.one("aws:ec2/vpc:Vpc"), type: "aws:ec2/internetGateway:InternetGateway", name: "igw", id: "igw-1" }];
      assert.match(mermaidDiagram("pair", withGateway), /1 internet gateway\(s\), 0 NAT gateway\(s\)/);
      const sourceOnly = pair.resources.filter((r) => r.provider?.name !== "target");
      assert.doesNotMatch(mermaidDiagram("pair", sourceOnly), /target account|bucket/);
    });

    for (const stack of ["fanin", "fanin-target"]) {
      it(`with many sources (${stack}), one source subgraph each, each wired to the transfer role that trusts its instance role`, async () => {
        // The split target is planned as the CLI's --diagram does; the one-stack fan-in's runs suffice (its proof is slow).
        const all = stack === "fanin-target"
          ? await planOf(stack).then((result) => [...result.run.resources, ...result.complements.flatMap((c) => c.resources)])
          : (await runPair(stack, shippedStackConfig(stack), stackFilePath(stack))).own.resources;
        const markdown = mermaidDiagram(stack, all);
        for (const [index, account] of ["333333333333", "444444444444", "555555555555"].entries()) {
          const n = index + 1;
          assert.match(markdown, new RegExp(`subgraph source_${n}\\["source account ① ${account} `));
          const role = /transferRole_\d+/.exec(markdown.split("\n").find((l) => l.startsWith(`  stsEndpoint_${n} --> `)) ?? "")?.[0];
          assert.ok(role, `source ${n}'s STS endpoint leads to a transfer role`);
          const roleNode = markdown.split("\n").find((l) => l.trim().startsWith(`${role}[`)) ?? "";
          assert.match(roleNode, new RegExp(`role xacct-transfer-team-${"abc"[index]},`), `${role} is team ${"abc"[index]}'s`);
          const stsEndpointId = all.find((r) => r.type === "aws:ec2/vpcEndpoint:VpcEndpoint" && r.provider?.accountId === account && String(r.inputs.serviceName).endsWith(".sts"))?.id;
          assert.match(roleNode, new RegExp(`via ${stsEndpointId}`), `${role} trusts source ${n}'s STS endpoint`);
          assert.match(markdown, new RegExp(`\n  ${role} -- "session writes" --> s3Endpoint_${n}\n`));
          assert.match(markdown, new RegExp(`\n  s3Endpoint_${n} --> bucket\n`));
        }
        assert.equal((markdown.match(/subgraph source/g) ?? []).length, 3);
        assert.equal((markdown.match(/^ {4}transferRole_\d\[/gm) ?? []).length, 3);
      });
    }

    it("the README's diagram is the pair stack's, without the mock ids", () => {
      const generated = /```mermaid\n[\s\S]*?```\n/.exec(mermaidDiagram("pair", pair.resources, { ids: false }))?.[0];
      const readme = /```mermaid\n[\s\S]*?```\n/.exec(readFileSync(join(REPO_ROOT, "README.md"), "utf8"))?.[0];
      assert.equal(readme, generated, "regenerate the README's mermaid block from mermaidDiagram(\"pair\", …, { ids: false })");
      assert.doesNotMatch(generated ?? "", /vpce-|vpc-[0-9a-f]|sg-[0-9a-f]|subnet-/);
    });
  });

  it("runs the pack with --policy-pack-config and prints what it loosens; refuses a config the CLI would refuse (exit 2)", async () => {
    const lowered = join(directory, "lowered.json");
    writeFileSync(lowered, JSON.stringify({ "s3-bucket-hardening": "advisory" }));
    const report = await planCli(["--stack", "pair", `--policy-pack-config=${lowered}`]);
    assert.equal(report.code, 0, report.stderr);
    assert.match(report.stdout, /rules over \d+ resources: 0 violations ✓\n {2}\[config\] s3-bucket-hardening: lowered from mandatory to advisory\n/);
    const json = await planCli(["--stack", "pair", "--policy-pack-config", lowered, "--json"]);
    assert.deepEqual(JSON.parse(json.stdout).packConfigLoosens, ["[config] s3-bucket-hardening: lowered from mandatory to advisory"]);

    const beyondSchema = join(directory, "too-long.json");
    writeFileSync(beyondSchema, JSON.stringify({ "iam-role-max-session-1h": { maxSessionSeconds: 7200 } }));
    const refused = await planCli(["--stack", "pair", "--policy-pack-config", beyondSchema]);
    assert.equal(refused.code, 2);
    assert.equal(refused.stdout, "");
    assert.match(refused.stderr, /^plan: .*too-long\.json: .*iam-role-max-session-1h.*maxSessionSeconds: must be <= 3600\n$/);
  });

  it("refuses a bad config with the message pulumi preview would print, and a non-zero exit", async () => {
    const file = join(directory, "Pulumi.bad.yaml");
    writeFileSync(file, stringify({ config: validConfig({ target: { accountId: "111111111111", prefix: "/incoming/*" } }) }));
    const { code, stdout, stderr } = await planCli(["--config", file, "--json"]);
    assert.equal(code, 1);
    assert.equal(stdout, "");
    assert.match(stderr, /Invalid xacct configuration:\n {2}- xacct:target\.prefix: must not start with '\/'/);
  });

  it("refuses an unknown xacct key in the stack file, naming the closest valid key", async () => {
    const file = join(directory, "Pulumi.typo.yaml");
    writeFileSync(file, stringify({ config: { ...validConfig({ deploy: "target", sourceStack: "source" }), "xacct:depoly": "both" } }));
    const { code, stdout, stderr } = await planCli(["--config", file]);
    assert.equal(code, 1);
    assert.equal(stdout, "");
    assert.equal(stderr, "error: Invalid xacct configuration:\n  - xacct:depoly: unknown key; did you mean xacct:deploy? (a misspelt key is refused, never ignored)\n");
  });

  it("names the source stack's file when its config is what is wrong", async () => {
    const cwd = mkdtempSync(join(directory, "pair-"));
    writeFileSync(join(cwd, "Pulumi.target.yaml"), stringify({ config: validConfig({ deploy: "target", sourceStack: "source" }) }));
    writeFileSync(join(cwd, "Pulumi.source.yaml"), stringify({ config: { ...validConfig({ deploy: "source" }), "xacct:sourcestack": "x" } }));
    const { code, stdout, stderr } = await planCli(["--config", "Pulumi.target.yaml"], cwd);
    assert.equal(code, 1);
    assert.equal(stdout, "");
    assert.equal(stderr, `error: the source stack's config in ${join(cwd, "Pulumi.source.yaml")} is not valid:\n  - xacct:sourcestack: unknown key; did you mean xacct:sourceStack? (a misspelt key is refused, never ignored)\n`);
  });

  describe("command-line manners", () => {
    it("prints its usage for --help and -h, exit 0", async () => {
      for (const flag of ["--help", "-h"]) {
        const { code, stdout, stderr } = await planCli([flag]);
        assert.equal(code, 0);
        assert.match(stdout, /^usage: npm run -s plan -- \(--stack <name> \| --config <file>\)/);
        assert.match(stdout, /Exit codes: 0 /);
        assert.equal(stderr, "");
      }
    });

    it("exits 2 with the usage on unusable arguments, before loading the program", async () => {
      const cases: [string[], RegExp][] = [
        [[], /exactly one of --stack and --config/],
        [["--stack", "pair", "--config", "x"], /exactly one of --stack and --config/],
        [["--stack", "pair", "--stack", "source"], /--stack is given more than once/],
        [["--stack", "pair", "--json", "--json"], /--json is given more than once/],
        [["--stack"], /argument missing/],
        [["--stack", "pair", "extra"], /Unexpected argument 'extra'/],
        [["--stak", "pair"], /Unknown option '--stak'/],
      ];
      for (const [args, why] of cases) {
        const { code, stdout, stderr } = await planCli(args);
        assert.equal(code, 2, args.join(" "));
        assert.equal(stdout, "");
        assert.match(stderr, why);
        assert.match(stderr, /\nusage: npm run -s plan/);
      }
    });

    it("reads --config and writes --diagram relative to the directory npm was run in", async () => {
      const cwd = mkdtempSync(join(directory, "cwd-"));
      writeFileSync(join(cwd, "Pulumi.mine.yaml"), stringify({ config: validConfig() }));
      const { code, stdout, stderr } = await planCli(["--config", "Pulumi.mine.yaml", "--diagram", "mine.md", "--json"], cwd);
      assert.equal(code, 0, stderr);
      assert.equal(JSON.parse(stdout).stack, "mine");
      assert.match(readFileSync(join(cwd, "mine.md"), "utf8"), /```mermaid/);
    });

    describe("answers a file it cannot use with one line naming it, exit 2, no stack trace", () => {
      const cases: [string, () => string[], RegExp][] = [
        ["a stack that does not exist", () => ["--stack", "nope"], /Pulumi\.nope\.yaml: cannot read: no such file or directory \(ENOENT\)/],
        ["broken YAML", () => ["--config", write("Pulumi.broken.yaml", "config:\n  xacct:deploy: [both\n")], /Pulumi\.broken\.yaml: is not valid YAML: /],
        ["an empty file", () => ["--config", write("Pulumi.empty.yaml", "")], /Pulumi\.empty\.yaml: is empty/],
        ["a file without config:", () => ["--config", write("Pulumi.noconfig.yaml", "encryptionsalt: x\n")], /Pulumi\.noconfig\.yaml: has no config: map/],
        ["an unreadable file (a directory)", () => ["--config", directory], /: cannot read: is a directory \(EISDIR\)/],
        ["an unwritable --diagram path", () => ["--stack", "pair", "--diagram", join(directory, "no-such-dir", "graph.md")], /no-such-dir\/graph\.md: cannot write the diagram: no such file or directory \(ENOENT\)/],
        ["a --diagram path that is a directory", () => ["--stack", "pair", "--diagram", directory], /: cannot write the diagram: is a directory \(EISDIR\)/],
      ];
      for (const [what, args, why] of cases) {
        it(what, async () => {
          const { code, stdout, stderr } = await planCli(args());
          assert.equal(code, 2, stderr);
          assert.equal(stdout, "");
          assert.equal(stderr.trimEnd().split("\n").length, 1, stderr);
          assert.match(stderr, /^plan: /);
          assert.match(stderr, why);
        });
      }
    });
  });

  it("tells where a target stack's source config is missing", async () => {
    const file = join(directory, "Pulumi.lonely.yaml");
    writeFileSync(file, stringify({ config: validConfig({ deploy: "target", sourceStack: "organization/xacct/elsewhere" }) }));
    const { code, stderr } = await planCli(["--config", file]);
    assert.equal(code, 1);
    assert.match(stderr, /xacct:sourceStack is organization\/xacct\/elsewhere, but .*Pulumi\.elsewhere\.yaml does not exist/);
  });

  it("plans the shipped split fan-in target with its three source stacks, and tells which of xacct:sourceStacks is missing", async () => {
    const result = await planOf("fanin-target");
    assert.equal(result.ok, true, JSON.stringify(result.violations));
    assert.equal(result.config.deploy, "target");
    assert.match(humanReport(result), /the access proof also covers the other halves: fanin-team-a, fanin-team-b, fanin-team-c, built offline from their config/);
    // Each tenant's own matrix and the cross-tenant cells, over the target and all three source stacks.
    assert.ok(result.proof.cells.some((c) => c.scope.startsWith("cross-tenant 555555555555 → 333333333333")));
    const config = shippedStackConfig("fanin-target");
    for (const team of ["fanin-team-a", "fanin-team-b"]) writeFileSync(join(directory, `Pulumi.${team}.yaml`), readFileSync(stackFilePath(team), "utf8"));
    const file = join(directory, "Pulumi.split.yaml");
    writeFileSync(file, stringify({ config: { ...config, "xacct:sourceStacks": ["fanin-team-a", "fanin-team-b", "nowhere"] } }));
    const { code, stderr } = await planCli(["--config", file]);
    assert.equal(code, 1);
    assert.match(stderr, /xacct:sourceStacks\[2\] is organization\/xacct\/nowhere, but .*Pulumi\.nowhere\.yaml does not exist/);
  });
});

function write(name: string, content: string): string {
  const file = join(directory, name);
  writeFileSync(file, content);
  return file;
}
