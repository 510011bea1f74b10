/** The plan's human report: what a reviewer reads to sign the design off in a minute. */
import { AccessCell } from "../access-proof/prove";
import { PlanResult, accountOf, typedProps } from "./plan";

const ACCOUNT_TITLES: Record<string, string> = { source: "source account ①", target: "target account ②" };

function section(title: string): string[] {
  return ["", `== ${title} ${"=".repeat(Math.max(0, 90 - title.length))}`];
}

function resourceTree(result: PlanResult): string[] {
  const lines: string[] = [];
  const own = result.run.resources;
  const byAccount = new Map<string, typeof own>();
  for (const resource of own.filter((r) => r.provider)) {
    const key = `${resource.provider?.name}|${resource.provider?.accountId}|${resource.provider?.region}`;
    byAccount.set(key, [...(byAccount.get(key) ?? []), resource]);
  }
  const providers = own.filter((r) => r.type.startsWith("pulumi:providers:"));
  for (const [key, resources] of byAccount) {
    const [side, account, region] = key.split("|");
    lines.push(`${ACCOUNT_TITLES[side] ?? side} ${account} (${region}), provider "${side}"`);
    const provider = providers.find((p) => p.name === side && accountOf(p) === account);
    if (provider) {
      const props = typedProps(provider);
      const assumed = Array.isArray(props.assumeRoles) ? props.assumeRoles.map((role: { roleArn?: string }) => role.roleArn).join(", ") : "";
      lines.push(`│  provider ${provider.name}: allowedAccountIds ${JSON.stringify(props.allowedAccountIds)}, region ${props.region}${assumed ? `, assumes ${assumed}` : ", ambient credentials"}`);
    }
    const components = new Map<string, typeof resources>();
    for (const r of resources) components.set(r.opts.parent ?? "(stack)", [...(components.get(r.opts.parent ?? "(stack)") ?? []), r]);
    const entries = [...components.entries()];
    entries.forEach(([component, children], ci) => {
      const lastComponent = ci === entries.length - 1;
      lines.push(`${lastComponent ? "└─" : "├─"} ${component.split("::").pop()} (${component.split("::")[0].split(":").pop()})`);
      children.forEach((r, i) => {
        const flags = [r.opts.protect ? "protected" : "", r.opts.retainOnDelete ? "retained on delete" : ""].filter(Boolean).join(", ");
        lines.push(`${lastComponent ? "   " : "│  "}${i === children.length - 1 ? "└─" : "├─"} ${r.type.split(":").pop()} ${r.name} = ${r.id}${flags ? `  [${flags}]` : ""}`);
      });
    });
  }
  const references = own.filter((r) => r.type === "pulumi:pulumi:StackReference");
  for (const reference of references) lines.push(`StackReference ${reference.name} → ${reference.inputs.name}`);
  return lines;
}

/** Every generated document, one statement per line: exact JSON, still scannable. */
function policyDocuments(result: PlanResult): string[] {
  const lines: string[] = [];
  for (const r of result.run.resources) {
    for (const property of ["assumeRolePolicy", "policy"]) {
      const value = r.inputs[property];
      if (typeof value !== "string" || !value.startsWith("{")) continue;
      const document = JSON.parse(value);
      lines.push("", `${r.type.split(":").pop()} ${r.name} .${property}  (${r.provider?.name} account ${r.provider?.accountId}, ${value.length} characters, Version ${document.Version})`);
      for (const statement of [].concat(document.Statement)) lines.push(`  ${JSON.stringify(statement)}`);
    }
  }
  return lines;
}

/** The stack outputs, as `pulumi stack output` shows them: what the operator pastes on the instance. */
function stackOutputs(result: PlanResult): string[] {
  const lines: string[] = [];
  for (const [name, value] of Object.entries(result.run.outputs)) {
    if (typeof value === "string" && value.includes("\n")) {
      lines.push(`${name}:`, ...value.trimEnd().split("\n").map((line) => `    ${line}`));
    } else {
      lines.push(`${name}: ${typeof value === "string" ? value : JSON.stringify(value)}`);
    }
  }
  return lines;
}

function verdicts(result: PlanResult): string[] {
  const lines = [`${result.policyCount} rules over ${result.packResources} resources: ${result.violations.length} violations${result.violations.length ? "" : " ✓"}`];
  for (const loosening of result.packConfigLines) lines.push(`  ${loosening}`);
  for (const v of result.violations) lines.push(`  ✗ [${v.level}] ${v.policy} ${v.urn ?? "(stack)"}: ${v.message}`);
  for (const u of result.unknowns) lines.push(`  ? ${u.policy} could not run on ${u.urn ?? "the stack"}: ${u.message}`);
  return lines;
}

const mark = (cell: AccessCell) => (cell.actual === "allowed" ? (cell.expected === "allowed (bucket owner)" ? "owner" : "ALLOW") : cell.actual === "denied" ? "deny" : "ERROR") + (cell.ok ? "" : "!");

function accessMatrix(result: PlanResult): string[] {
  const cells = result.proof.cells.filter((c) => c.scope === "whole path");
  const paths = [...new Set(cells.map((c) => c.path))];
  const rows = [...new Set(cells.map((c) => c.principal))];
  const actionKeys = [...new Set(cells.map((c) => `${c.action} ${c.resource.replace(/^arn:[^:]+:(s3:::|iam::)/, "")}`))];
  const width = 20;
  const short = (path: string) => ({ "through our endpoint, TLS": "our endpoint", "through another VPC endpoint, TLS": "other endpoint", "over the internet, TLS": "internet", "through our endpoint, plain HTTP": "our endpoint, HTTP", "from our NAT gateway's address, TLS": "our NAT address", "from another internet address, TLS": "other address", "from our NAT gateway's address, plain HTTP": "our NAT, HTTP" })[path] ?? path;
  const lines: string[] = [];
  for (const actionKey of actionKeys) {
    lines.push("", actionKey);
    lines.push(`  ${"".padEnd(44)}${paths.map((p) => short(p).padEnd(width)).join("")}`.trimEnd());
    for (const principal of rows) {
      const row = paths.map((path) => {
        const cell = cells.find((c) => `${c.action} ${c.resource.replace(/^arn:[^:]+:(s3:::|iam::)/, "")}` === actionKey && c.principal === principal && c.path === path);
        return (cell ? mark(cell) : "—").padEnd(width);
      });
      lines.push(`  ${principal.padEnd(44)}${row.join("")}`.trimEnd());
    }
  }
  lines.push("", "ALLOW = intended path, owner = the bucket account's own admin (not a grant of ours), deny = refused, ! = not what was expected, — = no such request (STS is HTTPS-only)");
  lines.push("", "Allowed cells and what allowed them:");
  for (const cell of cells.filter((c) => c.actual === "allowed")) {
    lines.push(`  ${cell.expected === "allowed (intended)" ? "✓" : "·"} ${cell.principal} ${cell.action} ${cell.path}: ${cell.decidedBy}`);
  }
  lines.push("", "Each control on its own (every other control opened up):");
  for (const scope of [...new Set(result.proof.cells.filter((c) => c.scope !== "whole path").map((c) => c.scope))]) {
    const scoped = result.proof.cells.filter((c) => c.scope === scope);
    lines.push(`  ${scoped.every((c) => c.ok) ? "✓" : "✗"} ${scope}: ${scoped.filter((c) => c.ok).length}/${scoped.length} cells as expected`);
  }
  if (result.proof.failures.length) {
    lines.push("", "Cells that break the proof:");
    for (const cell of result.proof.failures) lines.push(`  ✗ [${cell.scope}] ${cell.principal} ${cell.action} ${cell.resource} ${cell.path}: expected ${cell.expected}, got ${cell.actual} — ${cell.decidedBy}`);
  }
  return lines;
}

export function humanReport(result: PlanResult): string {
  const accounts = `source ${result.config.sources.map((s) => s.accountId).join(", ")} → target ${result.config.target.accountId}`;
  const lines = [
    `xacct plan: stack ${result.stack} (deploy: ${result.config.deploy}), ${accounts}, region ${result.config.target.region}`,
    `bucket s3://${result.config.target.bucketName}/${result.config.target.prefix}, access: ${result.config.target.access.join(", ")}`,
    ...(result.complementNote ? [result.complementNote] : []),
    ...result.warnings.map((w) => `warning: ${w}`),
    ...section("Resources per account"),
    ...resourceTree(result),
    ...section("Policy documents"),
    ...policyDocuments(result),
    ...section("Policy pack"),
    ...verdicts(result),
    ...section("Access proof (@cloud-copilot/iam-simulate)"),
    ...accessMatrix(result),
    ...section("Stack outputs"),
    "What `pulumi stack output` will show. On the instance, paste awsConfigProfile into ~/.aws/config and run uploadCommand.",
    ...stackOutputs(result),
    "",
    result.ok ? "OK: no mandatory violation, and exactly the intended paths are open." : "FAILED: see the violations and cells above.",
  ];
  return lines.join("\n");
}
