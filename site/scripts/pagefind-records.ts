import type { Catalogue, ServerEntry, ToolEntry } from '../src/lib/catalogue.ts';
import { clip } from '../src/lib/text.ts';

/** One Pagefind custom record (the shape of `index.addCustomRecord`). */
export interface SearchRecord {
  url: string;
  content: string;
  language: 'en';
  meta: Record<string, string>;
  filters: Record<string, string[]>;
}

/** `delete_file`, `deleteFile`, `delete-file` → `delete file`: so a search for one word finds the tools named with it. */
export function nameWords(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Longest description indexed per record (the page shows more; search needs the opening). */
const CONTENT_CHARS = 400;

function toolRecord(entry: ToolEntry): SearchRecord {
  const name = clip(entry.tool.name, 120) || '(unnamed tool)';
  const words = nameWords(name);
  const parts = [words === name ? name : `${name} (${words})`];
  if (entry.displayName !== name) parts.push(clip(entry.displayName, 120));
  parts.push(clip(entry.tool.description, CONTENT_CHARS) || 'No description.');
  const filters: Record<string, string[]> = { kind: ['tool'], server: [clip(entry.server.displayName, 120)] };
  if (entry.class !== undefined) filters.class = [entry.class];
  if (entry.risk !== undefined) filters.risk = [entry.risk];
  if (entry.tags.length > 0) filters.tag = [...entry.tags];
  return {
    url: entry.url,
    // Separate sentences, so excerpts never glue a name to a description ("deleteArgumentType…").
    content: parts.map((part) => (/[.!?…]$/.test(part) ? part : `${part}.`)).join(' '),
    language: 'en',
    meta: { title: clip(entry.displayName, 120), server: clip(entry.server.displayName, 120) },
    filters,
  };
}

function serverRecord(server: ServerEntry): SearchRecord {
  const { record } = server;
  const toolNames = server.tools.slice(0, 60).map((t) => clip(t.tool.name, 60));
  const parts = [
    clip(server.displayName, 120),
    clip(record.source.name, 200),
    clip(record.source.description, CONTENT_CHARS) || 'No description.',
    toolNames.length > 0 ? `Tools: ${toolNames.join(', ')}` : 'No tools listed',
  ];
  const filters: Record<string, string[]> = { kind: ['server'], server: [clip(server.displayName, 120)] };
  if (server.maxRisk !== undefined) filters.risk = [server.maxRisk];
  return {
    url: server.url,
    content: parts.map((part) => (/[.!?…]$/.test(part) ? part : `${part}.`)).join(' '),
    language: 'en',
    meta: { title: clip(server.displayName, 120), server: clip(server.displayName, 120) },
    filters,
  };
}

/**
 * The search records of a catalogue, built from the data rather than from the HTML: one per tool and one per server,
 * with clean text (name, its words, title, description) and the filters the search page offers (kind, class, risk,
 * tag, server). All text is made visible and capped; Pagefind returns it as escaped excerpts. Pure.
 */
export function* searchRecords(catalogue: Catalogue): Generator<SearchRecord> {
  for (const server of catalogue.servers) {
    yield wellFormed(serverRecord(server));
    for (const tool of server.tools) yield wellFormed(toolRecord(tool));
  }
}

/**
 * The record with every lone surrogate replaced by U+FFFD: a server may send one (JSON allows `\ud83d` alone), and
 * Pagefind's service refuses a message that carries it, which would fail the whole build.
 */
export function wellFormed(record: SearchRecord): SearchRecord {
  const fix = (text: string) => text.toWellFormed();
  return {
    url: record.url,
    content: fix(record.content),
    language: record.language,
    meta: Object.fromEntries(Object.entries(record.meta).map(([k, v]) => [k, fix(v)])),
    filters: Object.fromEntries(Object.entries(record.filters).map(([k, v]) => [k, v.map(fix)])),
  };
}
