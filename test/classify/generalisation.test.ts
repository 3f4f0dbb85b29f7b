// Generalisation rules, checked on real tool shapes: the held-out set's unseen servers (test/classify/heldout-tools.json)
// and counter-examples from the labelled set that the same rules must leave alone. Annotations are ignored, so each row
// measures inference. The held-out set guided these rules, so it is no longer blind (see docs/risk-model.md).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ToolClass } from '../../data/schema/index.ts';
import type { LabelledTool } from '../../scanner/classify/eval-metrics.ts';
import { classifyTool } from '../../scanner/classify/index.ts';

function load(file: string): LabelledTool[] {
  return (JSON.parse(readFileSync(join(import.meta.dirname, file), 'utf8')) as { tools: LabelledTool[] }).tools;
}
const HELDOUT = load('heldout-tools.json');
const LABELLED = load('labelled-tools.json');

function find(set: LabelledTool[], server: string, name: string): LabelledTool {
  const entry = set.find((t) => t.server === server && t.tool.name === name);
  if (entry === undefined) throw new Error(`no tool ${server}/${name}`);
  return entry;
}

/** [set, server, tool, expected class, a phrase the deciding reason must contain]. */
type Row = [set: 'heldout' | 'labelled', server: string, name: string, cls: ToolClass, reason: string];

const ROWS: Row[] = [
  // Nested operation lists and unions decide tools whose words name no verb.
  ['heldout', 'fast-filesystem-mcp', 'fast_batch_file_operations', 'destructive', 'parameter `operations` lists the operation `delete`'],
  ['heldout', 'mcp-fetch', 'puppeteer', 'destructive', '`exec` executes something'],
  // ...but not a verb-led versioned change whose steps include `delete`/`remove`.
  ['labelled', '@zereight/mcp-gitlab', 'push_files', 'write', 'name has the verb `push`'],
  ['labelled', '@leval/mcp-grafana', 'update_dashboard', 'write', 'name has the verb `update`'],
  // An `overwrite` option on a tool that writes files, even under a read verb.
  ['heldout', 'fast-filesystem-mcp', 'fast_extract_archive', 'destructive', 'has an `overwrite` option'],
  ['heldout', 'ssh-mcp', 'sftp-download-file', 'destructive', 'has an `overwrite` option'],
  // Stated whole replacement: "replaces an existing file", "full document replacement".
  ['heldout', 'ssh-mcp', 'sftp-upload', 'destructive', 'replaces whole resources'],
  ['heldout', 'mcpcosmosdb', 'mcp_update_document', 'destructive', 'replaces the whole record'],
  ['labelled', '@pinecone-database/mcp', 'upsert-records', 'write', 'name has the verb `upsert`'],
  // Kill signals, in an enum or named in the description.
  ['heldout', 'ssh-mcp', 'signal-process', 'destructive', 'parameter `signal` can send a kill signal'],
  ['heldout', 'ssh-mcp', 'close-session', 'destructive', 'sends `KILL` to processes'],
  // A read-looking verb with a free-text command still runs it.
  ['heldout', 'ssh-mcp', 'open-session', 'destructive', 'parameter `command` is a free-text command'],
  ['heldout', 'ssh-mcp', 'read-command', 'read', 'name has the verb `read`'],
  // Code installed next to a `language` parameter; a free-text `where` clause on an update.
  ['heldout', 'enhanced-postgres-mcp-server', 'createFunction', 'destructive', 'parameter `body` is code the tool runs'],
  ['heldout', 'enhanced-postgres-mcp-server', 'update', 'destructive', 'free-text `where` clause matches'],
  // Confirming or placing an order executes a trade.
  ['heldout', 'interactive-brokers-mcp', 'confirm_order', 'destructive', '`confirm order` executes a trade or order'],
  ['labelled', '@supabase/mcp-server-supabase', 'confirm_cost', 'read', 'name has the verb `confirm`'],
  // A free-form payload to any URL is a generic request.
  ['heldout', 'mcp-fetch', 'socket', 'destructive', 'sends a free-form `action.message` to any `action.url`'],
  // Removing another user's reaction is not an unlink the caller can undo.
  ['heldout', 'mcp-discord', 'discord_remove_reaction', 'destructive', "deletes another user's reaction"],
  // Compressing to an output path writes a file; compressing into a returned resource only reads.
  ['heldout', 'fast-filesystem-mcp', 'fast_compress_files', 'write', 'saves to `output_path`'],
  ['labelled', '@modelcontextprotocol/server-everything', 'gzip-file-as-resource', 'read', 'description opens with `compress`'],
  ['heldout', 'mcp-git', 'git_stash', 'write', 'name has the verb `stash`'],
];

describe('generalisation rules on real tool shapes (annotations ignored)', () => {
  it.each(ROWS)('%s %s / %s is %s', (set, server, name, cls, reason) => {
    const entry = find(set === 'heldout' ? HELDOUT : LABELLED, server, name);
    expect(entry.label, 'the row must agree with the hand label').toBe(cls);
    const verdict = classifyTool(entry.tool, { serverName: server }, { ignoreAnnotations: true });
    expect(verdict.class, verdict.reasons.join('; ')).toBe(cls);
    expect(verdict.reasons.join('; ')).toContain(reason);
  });
});
