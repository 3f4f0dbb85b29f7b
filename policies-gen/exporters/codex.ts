import type { GeneratedPolicy } from '../generate.ts';
import { clientToolLists } from './blocked-tools.ts';
import { sanitizeServerKey } from './server-key.ts';
import { tomlStringArray } from './toml-string.ts';

/**
 * A Codex `config.toml` fragment for one server: `disabled_tools` lists the hidden and always-denied tools; under
 * `default: "deny"` an `enabled_tools` allow list is added too, so a tool the server adds later stays off, as the
 * policy says. Codex applies `enabled_tools` first, then `disabled_tools`. Rate limits and argument rules have no
 * equivalent in Codex.
 */
export function exportCodex(generated: GeneratedPolicy, serverKey: string): string {
  const server = sanitizeServerKey(serverKey);
  const lists = clientToolLists(generated);
  const lines = [
    '# mcp-atlas starter policy: paste these keys into the existing table of this server in ~/.codex/config.toml.',
    `[mcp_servers.${server}]`,
  ];
  if (generated.policy.default === 'deny' || lists.allHidden)
    lines.push(`enabled_tools = ${tomlStringArray(lists.allHidden ? [] : lists.allowed)}`);
  lines.push(`disabled_tools = ${tomlStringArray(lists.blocked)}`);
  return `${lines.join('\n')}\n`;
}
