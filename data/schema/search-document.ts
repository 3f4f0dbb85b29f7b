import { z } from 'zod';
import { CapabilityTagSchema, RiskLevelSchema, ToolClassSchema } from './classification.ts';
import { SlugSchema } from './common.ts';
import type { ServerRecord } from './server-record.ts';

/**
 * One searchable document: a server or a tool of the catalogue. Shared by the site (Pagefind filters, Meilisearch
 * search box) and `mcp-atlas index` (Meilisearch documents), so both speak about the same fields and URLs.
 * Every text field is untrusted server text: search front ends must render it as text.
 */
export const SearchDocumentSchema = z.object({
  id: z
    .string()
    .regex(/^[a-z0-9_-]{1,511}$/)
    .describe('Meilisearch primary key: `server_<serverSlug>` or `tool_<serverSlug>_<toolSlug>` (slugs never contain `_`).'),
  kind: z.enum(['server', 'tool']).describe('What the document describes.'),
  url: z
    .string()
    .regex(/^\/[a-z0-9/_-]*$/)
    .describe('Site-relative URL of the page, built from slugs only.'),
  name: z.string().describe('Tool or server name as declared (untrusted).'),
  title: z.string().optional().describe('Display title, when declared.'),
  description: z.string().describe('Description as declared, capped (untrusted).'),
  server: z.string().describe('Display name of the server (for a server document: its own name).'),
  serverSlug: SlugSchema.describe('Slug of the server.'),
  class: ToolClassSchema.optional().describe('Tool class; absent for servers and unclassified tools.'),
  risk: RiskLevelSchema.optional().describe('Risk level; for a server, the highest risk among its tools.'),
  tags: z.array(CapabilityTagSchema).describe('Capability tags (for a server: the union over its tools).'),
  mismatch: z.boolean().describe('True when declared annotations say the tool is safer than it is.'),
  findings: z.number().int().nonnegative().describe('Number of security findings.'),
  riskRank: z.number().int().min(0).max(4).describe('Sortable risk: 0 unknown, 1 low … 4 critical.'),
  toolCount: z.number().int().nonnegative().optional().describe('Servers only: number of tools listed.'),
});
/** A search document (see {@link SearchDocumentSchema}). */
export type SearchDocument = z.infer<typeof SearchDocumentSchema>;

/** Sortable rank of a risk level (0 = unknown). */
export const RISK_RANK = { low: 1, medium: 2, high: 3, critical: 4 } as const;

/** Longest slug body before the hash suffix, so slugs stay well under file-name limits. */
const MAX_SLUG_BODY = 60;

/** FNV-1a 32-bit hash in base 36: small, dependency-free and stable across runtimes (site, CLI, browser). */
export function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (const unit of new TextEncoder().encode(text)) {
    hash ^= unit;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(36).padStart(7, '0');
}

/** Lower-case ASCII letters and digits joined by single hyphens; empty when nothing usable is left. */
export function sanitiseSlug(text: string): string {
  return text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_SLUG_BODY)
    .replace(/-+$/, '');
}

/**
 * Safe URL slugs for the tools of one server, in the given order. A tool keeps the plain sanitised name when that is
 * exactly its name (e.g. `search` → `search`, `list-items` → `list-items`) and unique; otherwise (`create_issue`,
 * `../../etc/passwd`, collisions, empty) a short hash of the raw name is appended, so two names never share a URL.
 */
export function toolSlugs(names: readonly string[]): string[] {
  const plain = names.map(sanitiseSlug);
  const counts = new Map<string, number>();
  for (const slug of plain) counts.set(slug, (counts.get(slug) ?? 0) + 1);
  const used = new Set<string>();
  return names.map((name, index) => {
    const base = plain[index] ?? '';
    let slug = base !== '' && base === name && counts.get(base) === 1 ? base : `${base === '' ? 'tool' : base}-${shortHash(name)}`;
    // Two different raw names can still land on one slug (hash collision or duplicate names): number them.
    for (let n = 2; used.has(slug); n++) slug = `${base === '' ? 'tool' : base}-${shortHash(name)}-${n}`;
    used.add(slug);
    return slug;
  });
}

/** Site-relative URL of a server page. */
export function serverUrl(serverSlug: string): string {
  return `/servers/${serverSlug}/`;
}

/** Site-relative URL of a tool page. */
export function toolUrl(serverSlug: string, toolSlug: string): string {
  return `/servers/${serverSlug}/tools/${toolSlug}/`;
}

/** Longest description kept in a search document. */
export const SEARCH_DESCRIPTION_MAX = 600;

/**
 * The search documents of a catalogue: one per server and one per tool, with URLs built from slugs. Pure; shared by
 * the site's static index and `mcp-atlas index` (Meilisearch), so both find the same things at the same URLs.
 */
export function searchDocuments(records: readonly ServerRecord[]): SearchDocument[] {
  const docs: SearchDocument[] = [];
  for (const record of records) {
    const server = record.source.title ?? record.scan.serverInfo?.title ?? record.source.name;
    const slugs = toolSlugs(record.scan.tools.map((t) => t.name));
    const tags = new Set<SearchDocument['tags'][number]>();
    let maxRank = 0;
    let findings = 0;
    let mismatch = false;
    record.scan.tools.forEach((tool, index) => {
      const c = tool.classification;
      const rank = c === undefined ? 0 : RISK_RANK[c.risk];
      maxRank = Math.max(maxRank, rank);
      findings += tool.findings?.length ?? 0;
      mismatch ||= c?.mismatch !== undefined;
      for (const tag of c?.tags ?? []) tags.add(tag);
      docs.push({
        id: `tool_${record.slug}_${slugs[index]!}`,
        kind: 'tool',
        url: toolUrl(record.slug, slugs[index]!),
        name: tool.name,
        title: tool.title ?? tool.annotations?.title,
        description: (tool.description ?? '').slice(0, SEARCH_DESCRIPTION_MAX),
        server,
        serverSlug: record.slug,
        class: c?.class,
        risk: c?.risk,
        tags: c?.tags ?? [],
        mismatch: c?.mismatch !== undefined,
        findings: tool.findings?.length ?? 0,
        riskRank: rank,
      });
    });
    const risks = ['low', 'medium', 'high', 'critical'] as const;
    docs.push({
      id: `server_${record.slug}`,
      kind: 'server',
      url: serverUrl(record.slug),
      name: record.source.name,
      title: record.source.title,
      description: (record.source.description ?? '').slice(0, SEARCH_DESCRIPTION_MAX),
      server,
      serverSlug: record.slug,
      risk: maxRank === 0 ? undefined : risks[maxRank - 1],
      tags: [...tags].sort(),
      mismatch,
      findings,
      riskRank: maxRank,
      toolCount: record.scan.tools.length,
    });
  }
  return docs;
}
