/**
 * The access proof's cells for the workload instance's SSM agent (only when the stack has one):
 * through the ssm, ssmmessages and ec2messages endpoints, exactly the agent's calls are allowed,
 * only to the instance role; and the agent's policy opens nothing else.
 */
import { SSM_AGENT_ACTIONS, SessionManagerService } from "../../infra/policies";
import { ActionCase, Expectation, PrincipalCase, principals } from "./matrix";
import { ADMIN_POLICY, AccessPolicies, DEFAULT_ENDPOINT_POLICY } from "./policies";
import type { AccessRequest, Layers } from "./prove";

export const SESSION_MANAGER_SCOPE = "Session Manager agent through its endpoints";
const EXAMPLE_INSTANCE_ID = "i-0123456789abcdef0";

/** Calls the agent never needs: each must stay denied to the instance role and through the endpoints. */
function neverNeeded(p: AccessPolicies, region: string): Record<SessionManagerService, { action: string; resource: string }[]> {
  const instance = `arn:${p.partition}:ec2:${region}:${p.sourceAccountId}:instance/${EXAMPLE_INSTANCE_ID}`;
  return {
    ssm: [
      { action: "ssm:SendCommand", resource: instance },
      { action: "ssm:StartSession", resource: instance },
      { action: "ssm:GetParameter", resource: `arn:${p.partition}:ssm:${region}:${p.sourceAccountId}:parameter/xacct-proof` },
      { action: "ssm:PutParameter", resource: `arn:${p.partition}:ssm:${region}:${p.sourceAccountId}:parameter/xacct-proof` },
    ],
    ssmmessages: [],
    ec2messages: [],
  };
}

export function sessionManagerRequests(p: AccessPolicies): AccessRequest[] {
  if (!p.sessionManager) return [];
  const { region, endpoints } = p.sessionManager;
  const who = Object.fromEntries(principals(p).map((x) => [x.id, x])) as Record<string, PrincipalCase>;
  const admin = [{ name: "AdministratorAccess", policy: ADMIN_POLICY }];
  const identityOf = (principal: PrincipalCase) => ({ instance: p.instanceRole.policies, transfer: p.transferRole?.policies ?? [], admin, none: [] })[principal.identity];
  const allowedIf = (yes: boolean): Expectation => (yes ? "allowed (intended)" : "denied");
  const requests: AccessRequest[] = [];

  for (const endpoint of endpoints) {
    const service = endpoint.service as SessionManagerService;
    const actionCase = (action: string, resource: string): ActionCase => ({ id: "assume-transfer-role", service: "ssm", action, resource, endpointId: endpoint.id, accountId: p.sourceAccountId });
    const agentCalls = (SSM_AGENT_ACTIONS[service] ?? []).map((action) =>
      actionCase(action, service === "ssm" ? `arn:${p.partition}:ec2:${region}:${p.sourceAccountId}:instance/${EXAMPLE_INSTANCE_ID}` : "*"),
    );
    const otherCalls = neverNeeded(p, region)[service].map(({ action, resource }) => actionCase(action, resource));
    const ours: Layers["endpoint"] = { label: `${service} endpoint policy (${endpoint.id})`, policy: endpoint.policy };

    // The whole path: every principal's identity policy, our endpoint's policy.
    for (const principal of principals(p)) {
      for (const action of agentCalls) {
        requests.push({
          scope: SESSION_MANAGER_SCOPE,
          principal,
          action,
          path: "our-endpoint",
          layers: { identity: identityOf(principal), endpoint: ours },
          expected: allowedIf(principal.id === "source-instance-role"),
        });
      }
    }
    // The endpoint policy on its own, against an admin of the source account and against the
    // instance role asking for more than its agent needs.
    for (const action of [...agentCalls, ...otherCalls]) {
      requests.push({ scope: `${service} endpoint policy alone`, principal: who["source-admin-role"], action, path: "our-endpoint", layers: { identity: admin, endpoint: ours }, expected: "denied" });
      requests.push({
        scope: `${service} endpoint policy alone`,
        principal: { ...who["source-instance-role"], label: `${who["source-instance-role"].label}, as an admin` },
        action,
        path: "our-endpoint",
        layers: { identity: admin, endpoint: ours },
        expected: allowedIf(agentCalls.includes(action)),
      });
    }
    // The instance role's identity policies on their own, behind an endpoint that lets anything through.
    for (const action of [...agentCalls, ...otherCalls]) {
      requests.push({
        scope: `identity policy of ${p.instanceRole.name} alone (SSM agent)`,
        principal: who["source-instance-role"],
        action,
        path: "our-endpoint",
        layers: { identity: p.instanceRole.policies, endpoint: { label: "an endpoint policy that lets anything through", policy: DEFAULT_ENDPOINT_POLICY } },
        expected: allowedIf(agentCalls.includes(action)),
      });
    }
  }
  return requests;
}
