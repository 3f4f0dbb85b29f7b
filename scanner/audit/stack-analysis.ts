/**
 * The stack as a whole: which tools one agent reaches at once, and what they can do together. Pure and I/O-free:
 * servers with their tools in, stack findings out (lethal trifecta, cross-server shadowing and references, duplicate
 * tool names). Changes over time come from lock-file.ts.
 */
import type { AuditTool, ClientId, StackFinding, ToolRef } from '../../data/schema/audit.ts';
import type { RiskLevel } from '../../data/schema/classification.ts';
import type { FlowRole } from './flow-roles.ts';

/** A tool as the analysis sees it: the reported tool plus the tool-like names its description mentions. */
export interface StackTool extends AuditTool {
  mentions: readonly string[];
}

/** A configured server as the analysis sees it. */
export interface StackServer {
  id: string;
  name: string;
  client: ClientId;
  scope: string;
  disabled: boolean;
  tools: readonly StackTool[];
}

/** The servers one model sees together. */
export interface AgentContext {
  /** e.g. `claude-code`, `claude-code (project /home/me/app)`. */
  label: string;
  servers: StackServer[];
}

const MAX_NAMED = 20;
const SEVERITY_RANK: Record<RiskLevel, number> = { critical: 3, high: 2, medium: 1, low: 0 };

/**
 * Groups enabled servers into agent contexts: one per client, where the client's user, managed and current-project
 * servers meet; Claude Code's per-project entries for other folders (`project:<dir>`) each make one more context, with
 * the client's shared servers added. `projectDir` is the folder being audited.
 */
export function agentContexts(servers: readonly StackServer[], projectDir: string): AgentContext[] {
  const byClient = new Map<ClientId, StackServer[]>();
  for (const server of servers) {
    if (server.disabled) continue;
    const list = byClient.get(server.client) ?? [];
    list.push(server);
    byClient.set(server.client, list);
  }
  const contexts: AgentContext[] = [];
  for (const [client, list] of byClient) {
    const elsewhere = (s: StackServer) => s.scope.startsWith('project:') && s.scope !== `project:${projectDir}`;
    const shared = list.filter((s) => !elsewhere(s));
    if (shared.length > 0) contexts.push({ label: client, servers: shared });
    const dirs = [...new Set(list.filter(elsewhere).map((s) => s.scope))].sort();
    for (const scope of dirs) {
      contexts.push({
        label: `${client} (project ${scope.slice('project:'.length)})`,
        servers: [...shared, ...list.filter((s) => s.scope === scope)],
      });
    }
  }
  return contexts;
}

function ref(server: StackServer, tool: StackTool, role?: string): ToolRef {
  return { server: server.name, serverId: server.id, tool: tool.name, ...(role === undefined ? {} : { role }) };
}

function quoted(r: ToolRef): string {
  return `${r.server}/${r.tool}`;
}

/** Picks one tool per role, distinct where possible, preferring tools with fewer roles (the clearest example of each). */
function pickTrifecta(candidates: Record<FlowRole, ToolRef[]>, roleCount: Map<string, number>): Record<FlowRole, ToolRef> | undefined {
  const order: FlowRole[] = ['exfiltration-sink', 'untrusted-content', 'private-data'];
  const used = new Set<string>();
  const picked: Partial<Record<FlowRole, ToolRef>> = {};
  const key = (r: ToolRef) => `${r.serverId}\u0000${r.tool}`;
  for (const role of order) {
    const list = [...candidates[role]].sort((a, b) => (roleCount.get(key(a)) ?? 0) - (roleCount.get(key(b)) ?? 0));
    const choice = list.find((r) => !used.has(key(r))) ?? list[0];
    if (choice === undefined) return undefined;
    used.add(key(choice));
    picked[role] = choice;
  }
  return picked as Record<FlowRole, ToolRef>;
}

function lethalTrifecta(context: AgentContext): StackFinding | undefined {
  const candidates: Record<FlowRole, ToolRef[]> = { 'private-data': [], 'untrusted-content': [], 'exfiltration-sink': [] };
  const roleCount = new Map<string, number>();
  for (const server of context.servers) {
    for (const tool of server.tools) {
      for (const role of tool.roles) candidates[role].push(ref(server, tool));
      roleCount.set(`${server.id}\u0000${tool.name}`, tool.roles.length);
    }
  }
  const picked = pickTrifecta(candidates, roleCount);
  if (picked === undefined) return undefined;
  const servers = new Set(Object.values(picked).map((r) => r.serverId));
  const others = (role: FlowRole) => candidates[role].filter((r) => r !== picked[role]).slice(0, MAX_NAMED - 1);
  return {
    code: 'lethal-trifecta',
    severity: 'critical',
    agent: context.label,
    message:
      `${context.label} can read private data with ${quoted(picked['private-data'])}, takes in untrusted content with ` +
      `${quoted(picked['untrusted-content'])} and can send data out with ${quoted(picked['exfiltration-sink'])}` +
      `${servers.size > 1 ? ` (across ${servers.size} servers)` : ''}: text injected into that content can make the agent leak the data. ` +
      'Remove one of the three, or deny its tools in the policy below.',
    tools: [
      { ...picked['private-data'], role: 'private-data' },
      { ...picked['untrusted-content'], role: 'untrusted-content' },
      { ...picked['exfiltration-sink'], role: 'exfiltration-sink' },
      ...others('private-data').map((r) => ({ ...r, role: 'private-data' })),
      ...others('untrusted-content').map((r) => ({ ...r, role: 'untrusted-content' })),
      ...others('exfiltration-sink').map((r) => ({ ...r, role: 'exfiltration-sink' })),
    ],
  };
}

const POISONING = new Set(['tool-shadowing', 'hidden-instructions']);

function crossServer(context: AgentContext): StackFinding[] {
  const findings: StackFinding[] = [];
  if (context.servers.length < 2) return findings;
  const owners = new Map<string, { server: StackServer; tool: StackTool }[]>();
  for (const server of context.servers) {
    for (const tool of server.tools) {
      const list = owners.get(tool.name) ?? [];
      list.push({ server, tool });
      owners.set(tool.name, list);
    }
  }
  for (const server of context.servers) {
    for (const tool of server.tools) {
      const targets: ToolRef[] = [];
      for (const mention of tool.mentions) {
        for (const owner of owners.get(mention) ?? []) {
          if (owner.server.id !== server.id) targets.push(ref(owner.server, owner.tool, 'target'));
        }
      }
      const shadowing = tool.findings.some((f) => f.code === 'tool-shadowing');
      const poisoned = tool.findings.some((f) => POISONING.has(f.code));
      if ((poisoned && targets.length > 0) || shadowing) {
        const named = targets.length > 0 ? targets.map(quoted).join(', ') : "the other servers' tools";
        findings.push({
          code: 'cross-server-shadowing',
          severity: 'high',
          agent: context.label,
          message: `${quoted(ref(server, tool))} carries instructions aimed at ${named}: a server can steer how another server's tools are used. Remove ${server.name}, or hide the tool.`,
          tools: [ref(server, tool, 'shadows'), ...targets.slice(0, MAX_NAMED)],
        });
      } else if (targets.length > 0) {
        findings.push({
          code: 'cross-server-reference',
          severity: 'medium',
          agent: context.label,
          message: `${quoted(ref(server, tool))} names ${targets.map(quoted).join(', ')} of another server in its description; check that it does not tell the model how to use them.`,
          tools: [ref(server, tool, 'refers'), ...targets.slice(0, MAX_NAMED)],
        });
      }
    }
  }
  for (const [name, list] of owners) {
    const servers = new Map(list.map((entry) => [entry.server.id, entry]));
    if (servers.size < 2) continue;
    // The same definition twice is the same server configured twice, not one server taking over another's tool.
    if (new Set(list.map((entry) => entry.tool.hash)).size < 2) continue;
    const refs = [...servers.values()].map((entry) => ref(entry.server, entry.tool));
    findings.push({
      code: 'duplicate-tool-name',
      severity: 'medium',
      agent: context.label,
      message: `${refs.map((r) => r.server).join(', ')} all expose a different tool named \`${name}\`: the model may call the wrong one, and a server can take over another's tool by name.`,
      tools: refs.slice(0, MAX_NAMED),
    });
  }
  return findings;
}

/** Most severe first, then by code and message, so the report is stable. */
export function sortFindings(findings: readonly StackFinding[]): StackFinding[] {
  return [...findings].sort(
    (a, b) =>
      SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) ||
      (a.message < b.message ? -1 : a.message > b.message ? 1 : 0),
  );
}

/** Every cross-server finding of the stack, each reported once (the first agent context that has it names it). */
export function analyseStack(servers: readonly StackServer[], projectDir: string): StackFinding[] {
  const seen = new Set<string>();
  const findings: StackFinding[] = [];
  for (const context of agentContexts(servers, projectDir)) {
    const found = [lethalTrifecta(context), ...crossServer(context)].filter((f): f is StackFinding => f !== undefined);
    for (const finding of found) {
      const key = `${finding.code}\u0000${finding.tools
        .slice(0, 3)
        .map((t) => `${t.serverId}/${t.tool}`)
        .join('\u0000')}`;
      if (seen.has(key)) continue;
      seen.add(key);
      findings.push(finding);
    }
  }
  return sortFindings(findings);
}
