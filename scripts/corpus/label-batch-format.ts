// How a tool is shown to a labeller, and how servers are sampled and told apart from copies: shared by the corpus
// split (build-label-batches.ts) and the second blind set (build-blind-v2.ts). Labellers see only the name, title,
// description and input schema of each tool: never annotations or verdicts.
import { createHash } from 'node:crypto';

/** A tool as the labelling scripts carry it. */
export interface RawTool {
  name: string;
  title?: string;
  description?: string;
  inputSchema?: Record<string, unknown>;
  outputSchema?: Record<string, unknown>;
  annotations?: Record<string, unknown>;
}
/** A server and its tools, with where it came from. */
export interface PoolServer {
  server: string;
  description: string;
  origin: 'catalogue' | 'old-dev' | 'old-heldout';
  tools: RawTool[];
}

/** SHA-256 of a text, hex. */
export const hash = (text: string): string => createHash('sha256').update(text).digest('hex');

/** A deterministic sample of at most `cap` tools, kept in server order. */
export function sample(server: PoolServer, cap: number): RawTool[] {
  if (server.tools.length <= cap) return server.tools;
  const keep = new Set(
    server.tools
      .map((t, i) => ({ i, h: hash(`${server.server}\u0000${t.name}`) }))
      .sort((a, b) => a.h.localeCompare(b.h))
      .slice(0, cap)
      .map((x) => x.i),
  );
  return server.tools.filter((_, i) => keep.has(i));
}

/** Tool fingerprints (name and description) of a server, to tell forks and copies apart from new servers. */
export const fingerprints = (s: PoolServer): Set<string> => new Set(s.tools.map((t) => hash(`${t.name}\u0000${t.description ?? ''}`)));

/** True when a third or more of the server's tools are copies of another server's: a fork is not an unseen server. */
export function isCopy(server: PoolServer, others: { server: string; prints: Set<string> }[]): boolean {
  const mine = fingerprints(server);
  return others.some((o) => o.server !== server.server && [...mine].filter((p) => o.prints.has(p)).length >= Math.max(1, mine.size / 3));
}

export function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/** The input schema as readable lines: every property with its type, enum, default and description, to depth 4. */
export function renderSchema(schema: unknown, indent = '  ', depth = 0, out: string[] = []): string[] {
  if (depth > 4 || schema === null || typeof schema !== 'object') return out;
  const s = schema as Record<string, unknown>;
  const props = (s.properties ?? {}) as Record<string, Record<string, unknown>>;
  const required = new Set(Array.isArray(s.required) ? (s.required as string[]) : []);
  for (const [key, prop] of Object.entries(props).slice(0, 40)) {
    if (prop === null || typeof prop !== 'object') continue;
    const bits: string[] = [];
    const type = prop.type ?? (prop.anyOf ? 'anyOf' : prop.oneOf ? 'oneOf' : undefined);
    if (type !== undefined) bits.push(JSON.stringify(type).replaceAll('"', ''));
    if (required.has(key)) bits.push('required');
    const en = prop.enum ?? (prop.items as Record<string, unknown> | undefined)?.enum;
    if (Array.isArray(en)) bits.push(`enum: ${clip(en.map((v) => JSON.stringify(v)).join(' | '), 600)}`);
    if (prop.const !== undefined) bits.push(`const: ${JSON.stringify(prop.const)}`);
    if (prop.default !== undefined) bits.push(`default: ${clip(JSON.stringify(prop.default), 80)}`);
    const desc = typeof prop.description === 'string' ? ` — ${clip(prop.description, 300)}` : '';
    out.push(`${indent}- ${key} (${bits.join(', ')})${desc}`);
    for (const alt of [...((prop.anyOf as unknown[]) ?? []), ...((prop.oneOf as unknown[]) ?? [])].slice(0, 8)) {
      if (alt && typeof alt === 'object' && (alt as Record<string, unknown>).properties) renderSchema(alt, `${indent}    `, depth + 1, out);
    }
    if (prop.properties) renderSchema(prop, `${indent}    `, depth + 1, out);
    const items = prop.items as Record<string, unknown> | undefined;
    if (items?.properties) renderSchema(items, `${indent}    `, depth + 1, out);
  }
  for (const alt of [...((s.anyOf as unknown[]) ?? []), ...((s.oneOf as unknown[]) ?? [])].slice(0, 8)) {
    if (depth === 0 && alt && typeof alt === 'object') {
      out.push(`${indent}(one of:)`);
      renderSchema(alt, `${indent}    `, depth + 1, out);
    }
  }
  return out;
}

export function renderTool(id: string, tool: RawTool): string {
  const lines = [`### ${id}`, `name: ${tool.name}`];
  if (tool.title) lines.push(`title: ${clip(tool.title, 200)}`);
  lines.push(`description: ${tool.description ? clip(tool.description, 2500) : '(none)'}`);
  const params = renderSchema(tool.inputSchema);
  lines.push(params.length === 0 ? 'params: (none)' : 'params:', ...params);
  return lines.join('\n');
}
