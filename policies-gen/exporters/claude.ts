import type { GeneratedPolicy } from '../generate.ts';
import { compareCodeUnits, renderJson } from '../json-writer.ts';
import { clientToolLists } from './blocked-tools.ts';
import { sanitizeServerKey } from './server-key.ts';

/** A tool name as Claude Code spells it inside `mcp__<server>__<tool>`: characters outside `[A-Za-z0-9_-]` become `_`. */
export function claudeToolName(tool: string): string {
  return tool.replace(/[^A-Za-z0-9_-]/g, '_');
}

/**
 * A Claude Code settings fragment, `{"permissions":{"deny":["mcp__<server>__<tool>", …]}}`, listing the hidden and
 * always-denied tools (the whole server, `mcp__<server>`, when everything is hidden). Rate limits and argument rules
 * have no equivalent in Claude Code settings.
 */
export function exportClaude(generated: GeneratedPolicy, serverKey: string): string {
  const server = sanitizeServerKey(serverKey);
  const lists = clientToolLists(generated);
  const deny = lists.allHidden
    ? [`mcp__${server}`]
    : [...new Set(lists.blocked.map((tool) => `mcp__${server}__${claudeToolName(tool)}`))].sort(compareCodeUnits);
  return renderJson(new Map([['permissions', new Map([['deny', deny]])]]));
}
