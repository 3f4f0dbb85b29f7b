import type { GeneratedPolicy } from '../generate.ts';
import { serializePolicy } from '../serialize-policy.ts';
import { exportClaude } from './claude.ts';
import { exportCodex } from './codex.ts';
import { exportIntercept } from './intercept.ts';
import { sanitizeServerKey } from './server-key.ts';

/** The formats a generated policy can be exported to. */
export type PolicyFormat = 'policylayer' | 'intercept' | 'claude' | 'codex';

/** Each export format: file suffix, media type, label, and one sentence with the command that enforces it. */
export const POLICY_FORMATS: ReadonlyArray<{
  format: PolicyFormat;
  fileSuffix: string;
  mediaType: string;
  label: string;
  enforce: string;
}> = [
  {
    format: 'policylayer',
    fileSuffix: '.policylayer.json',
    mediaType: 'application/json',
    label: 'PolicyLayer policy (JSON)',
    enforce:
      'Paste it as the server’s policy in PolicyLayer and point your MCP client at the PolicyLayer proxy URL; replay calls against it locally with `npx mcp-atlas policy check FILE --calls calls.jsonl`.',
  },
  {
    format: 'intercept',
    fileSuffix: '.intercept.yaml',
    mediaType: 'application/yaml',
    label: 'Intercept proxy (YAML)',
    enforce:
      'Run the server behind PolicyLayer’s open-source proxy: `intercept -c FILE -- <server command>` (check it first with `intercept validate -c FILE`).',
  },
  {
    format: 'claude',
    fileSuffix: '.claude.json',
    mediaType: 'application/json',
    label: 'Claude Code settings (deny list)',
    enforce:
      'Merge `permissions.deny` into `.claude/settings.json` (or `~/.claude/settings.json`); Claude Code then refuses those tools — check with `/permissions` in `claude`.',
  },
  {
    format: 'codex',
    fileSuffix: '.codex.toml',
    mediaType: 'application/toml',
    label: 'Codex config.toml (tool lists)',
    enforce:
      'Paste the keys into the `[mcp_servers.<name>]` table of `~/.codex/config.toml`; Codex then never offers those tools — check with `codex mcp get <name>`.',
  },
];

/**
 * The generated policy in one format. `serverKey` is the name the user gives the server in their MCP client config;
 * it is sanitised to `[A-Za-z0-9_-]` (as Claude Code and Codex require). Deterministic: same input, same bytes.
 */
export function exportPolicy(generated: GeneratedPolicy, format: PolicyFormat, options: { serverKey: string }): string {
  const serverKey = sanitizeServerKey(options.serverKey);
  switch (format) {
    case 'policylayer':
      return serializePolicy(generated.policy);
    case 'intercept':
      return exportIntercept(generated.policy, serverKey);
    case 'claude':
      return exportClaude(generated, serverKey);
    case 'codex':
      return exportCodex(generated, serverKey);
  }
}
