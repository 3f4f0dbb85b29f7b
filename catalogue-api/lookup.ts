import type { CapabilityTag, RiskLevel, ScannedTool, ServerRecord, ToolClass } from '../data/schema/index.ts';
import { RISK_RANK, toolSlugs } from '../data/schema/search-document.ts';
import { registryName } from './registry-name.ts';
import { capped } from './text-caps.ts';

/** A tool found in the catalogue, with its server. */
export interface FoundTool {
  record: ServerRecord;
  tool: ScannedTool;
  /** URL segment of the tool page. */
  slug: string;
}

/** Filters of {@link searchTools}. */
export interface ToolFilters {
  /** Case-insensitive words that must all appear in the tool's name, title or description. */
  query?: string;
  class?: ToolClass;
  /** Exactly this risk level. */
  risk?: RiskLevel;
  /** At least this risk level. */
  minRisk?: RiskLevel;
  tag?: CapabilityTag;
  /** Server slug or name. */
  server?: string;
  /** At most this many results (default 20, at most 200). */
  limit?: number;
}

/** A server by slug, catalogue name or registry name (case-insensitive), or undefined. Pure. */
export function findServer(records: readonly ServerRecord[], key: string): ServerRecord | undefined {
  const wanted = key.trim().toLowerCase();
  return (
    records.find((r) => r.slug === wanted) ??
    records.find((r) => r.source.name.toLowerCase() === wanted) ??
    records.find((r) => registryName(r.source.name).toLowerCase() === wanted)
  );
}

/** A tool of a server by exact name, else by its page slug, else case-insensitively. Pure. */
export function findTool(record: ServerRecord, name: string): FoundTool | undefined {
  const slugs = toolSlugs(record.scan.tools.map((t) => t.name));
  const tools = record.scan.tools;
  let index = tools.findIndex((t) => t.name === name);
  if (index === -1) index = slugs.indexOf(name);
  if (index === -1) index = tools.findIndex((t) => t.name.toLowerCase() === name.toLowerCase());
  return index === -1 ? undefined : { record, tool: tools[index]!, slug: slugs[index]! };
}

/** Tools matching every filter, riskiest first (then by server and name). Pure. */
export function searchTools(records: readonly ServerRecord[], filters: ToolFilters): { total: number; tools: FoundTool[] } {
  const words = (filters.query ?? '').toLowerCase().split(/\s+/).filter(Boolean).slice(0, 10);
  const server = filters.server === undefined ? undefined : findServer(records, filters.server);
  if (filters.server !== undefined && server === undefined) return { total: 0, tools: [] };
  const floor = filters.minRisk === undefined ? 0 : RISK_RANK[filters.minRisk];
  const found: (FoundTool & { rank: number })[] = [];
  for (const record of server === undefined ? records : [server]) {
    const slugs = toolSlugs(record.scan.tools.map((t) => t.name));
    record.scan.tools.forEach((tool, index) => {
      const c = tool.classification;
      const rank = c === undefined ? 0 : RISK_RANK[c.risk];
      if (filters.class !== undefined && c?.class !== filters.class) return;
      if (filters.risk !== undefined && c?.risk !== filters.risk) return;
      if (rank < floor) return;
      if (filters.tag !== undefined && !(c?.tags ?? []).includes(filters.tag)) return;
      if (words.length > 0) {
        const text = `${tool.name} ${tool.title ?? ''} ${(tool.description ?? '').slice(0, 2_000)}`.toLowerCase();
        if (!words.every((w) => text.includes(w))) return;
      }
      found.push({ record, tool, slug: slugs[index]!, rank });
    });
  }
  found.sort((a, b) => b.rank - a.rank || a.record.slug.localeCompare(b.record.slug) || a.tool.name.localeCompare(b.tool.name));
  const limit = Math.max(1, Math.min(filters.limit ?? 20, 200));
  return { total: found.length, tools: found.slice(0, limit).map(({ rank: _, ...rest }) => rest) };
}

/** A short, capped summary of a tool for API answers (server text capped, never interpreted). Pure. */
export function toolSummary(found: FoundTool, siteUrl = ''): Record<string, unknown> {
  const c = found.tool.classification;
  return {
    server: found.record.slug,
    name: capped(found.tool.name, 200),
    description: capped(found.tool.description ?? '', 500),
    class: c?.class,
    risk: c?.risk,
    tags: c?.tags ?? [],
    findings: (found.tool.findings ?? []).length,
    mismatch: c?.mismatch !== undefined,
    url: `${siteUrl.replace(/\/+$/, '')}/servers/${found.record.slug}/tools/${found.slug}/`,
  };
}
