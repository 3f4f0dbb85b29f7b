/**
 * One starter policy for the whole stack, with the names the user gave the servers, ready to paste: policies-gen's
 * generatePolicy per server, then its exporters. Pure.
 * - claude: one `permissions.deny` list over the servers configured in Claude Code (`mcp__<name>__<tool>`).
 * - codex: one `[mcp_servers.<name>]` block per server configured in Codex.
 * - policylayer: `{"<name>": <policy>}` for every server with tools.
 * - intercept: one YAML document per server, each headed by the command that enforces it.
 */
import type { ClientId } from '../../data/schema/audit.ts';
import type { ScannedTool } from '../../data/schema/index.ts';
import { sanitizeServerKey } from '../../policies-gen/exporters/server-key.ts';
import { exportPolicy, generatePolicy, type PolicyFormat } from '../../policies-gen/index.ts';
import { compareCodeUnits, renderJson } from '../../policies-gen/json-writer.ts';

/** A server as the policy needs it. */
export interface PolicyServer {
  name: string;
  client: ClientId;
  tools: ScannedTool[];
}

/** The policy text, plus servers left out and why (for stderr). */
export interface StackPolicy {
  text: string;
  skipped: string[];
}

function usable(server: PolicyServer, skipped: string[]): boolean {
  if (server.tools.length === 0) {
    skipped.push(`${server.name} (${server.client}): no tool list; not in the policy`);
    return false;
  }
  try {
    sanitizeServerKey(server.name);
    return true;
  } catch {
    skipped.push(`${server.name} (${server.client}): the name has no letters, digits, _ or -; not in the policy`);
    return false;
  }
}

/** The combined policy of `servers` in `format`. */
export function stackPolicy(servers: readonly PolicyServer[], format: PolicyFormat): StackPolicy {
  const skipped: string[] = [];
  const forClient = (client: ClientId) => {
    const chosen = servers.filter((server) => server.client === client);
    if (chosen.length === 0) skipped.push(`no server is configured in ${client}; the ${format} export lists none`);
    return chosen;
  };
  const chosen = (format === 'claude' ? forClient('claude-code') : format === 'codex' ? forClient('codex') : [...servers]).filter(
    (server) => usable(server, skipped),
  );
  const generated = chosen.map((server) => ({ server, policy: generatePolicy({ name: server.name, tools: server.tools }) }));
  if (format === 'claude') {
    const deny = new Set<string>();
    for (const { server, policy } of generated) {
      const fragment = JSON.parse(exportPolicy(policy, 'claude', { serverKey: server.name })) as { permissions: { deny: string[] } };
      for (const entry of fragment.permissions.deny) deny.add(entry);
    }
    return { text: renderJson(new Map([['permissions', new Map([['deny', [...deny].sort(compareCodeUnits)]])]])), skipped };
  }
  if (format === 'codex') {
    const seen = new Set<string>();
    const blocks: string[] = [];
    for (const { server, policy } of generated) {
      const key = sanitizeServerKey(server.name);
      if (seen.has(key)) continue;
      seen.add(key);
      // Drop each block's own comment line; one header says where the blocks go.
      blocks.push(exportPolicy(policy, 'codex', { serverKey: server.name }).replace(/^#.*\n/, ''));
    }
    const header =
      '# mcp-atlas starter policy for your Codex servers: paste each block into the table of the same name in ~/.codex/config.toml.\n';
    return { text: `${header}${blocks.join('\n')}`, skipped };
  }
  if (format === 'intercept') {
    const docs = generated.map(
      ({ server, policy }) =>
        `# ${sanitizeServerKey(server.name)} (${server.client}): save as ${sanitizeServerKey(server.name)}.intercept.yaml and run intercept -c ${sanitizeServerKey(server.name)}.intercept.yaml -- <its command>\n${exportPolicy(policy, 'intercept', { serverKey: server.name })}`,
    );
    return { text: docs.map((doc) => `---\n${doc}`).join(''), skipped };
  }
  // Each policy keeps the field order serializePolicy gives it: the texts are nested, not re-serialised.
  const byName = new Map<string, string>();
  for (const { server, policy } of generated) {
    const text = exportPolicy(policy, 'policylayer', { serverKey: server.name }).trimEnd();
    const taken = byName.get(server.name);
    if (taken === text) continue;
    byName.set(taken === undefined ? server.name : `${server.name} (${server.client})`, text);
  }
  const members = [...byName]
    .sort(([a], [b]) => compareCodeUnits(a, b))
    .map(([name, text]) => `  ${JSON.stringify(name)}: ${text.replace(/\n/g, '\n  ')}`);
  return { text: members.length === 0 ? '{}\n' : `{\n${members.join(',\n')}\n}\n`, skipped };
}
