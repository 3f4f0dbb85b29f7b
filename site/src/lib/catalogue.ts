import type { CapabilityTag, RiskLevel, ScannedTool, ServerRecord, ToolChange, ToolClass } from '../../../data/schema/index.ts';
import { CapabilityTagSchema, RiskLevelSchema, ToolClassSchema } from '../../../data/schema/index.ts';
import { RISK_RANK, serverUrl, toolSlugs, toolUrl } from '../../../data/schema/search-document.ts';
import { clip } from './text.ts';

/** Every tool class, in display order. */
export const CLASSES: readonly ToolClass[] = ToolClassSchema.options;
/** Every risk level, lowest first. */
export const RISKS: readonly RiskLevel[] = RiskLevelSchema.options;
/** The capability-tag vocabulary. */
export const TAGS: readonly CapabilityTag[] = CapabilityTagSchema.options;

/** One tool as the site shows it: its record, its safe slug and URL, and its server. */
export interface ToolEntry {
  /** The tool as scanned (untrusted text). */
  tool: ScannedTool;
  /** The server that lists it. */
  server: ServerEntry;
  /** Safe URL segment (see `toolSlugs`). */
  slug: string;
  /** Site-relative URL of the tool page. */
  url: string;
  /** Display name: title, then annotations.title, then name — made visible, capped at DISPLAY_NAME_MAX. */
  displayName: string;
  /** Class, when classified. */
  class?: ToolClass;
  /** Risk, when classified. */
  risk?: RiskLevel;
  /** Capability tags (empty when unclassified). */
  tags: readonly CapabilityTag[];
  /** 0 unknown, 1 low … 4 critical. */
  riskRank: number;
}

/** One server as the site shows it. */
export interface ServerEntry {
  record: ServerRecord;
  slug: string;
  url: string;
  /** Display name: source title, then the server's own title, then the source name — made visible, capped. */
  displayName: string;
  tools: ToolEntry[];
  /** Highest risk among its tools. */
  maxRisk?: RiskLevel;
  /** Most recent change seen on this server, if any. */
  lastChangeAt?: string;
}

/** A tool change together with the server it happened on. */
export interface ChangeEntry {
  change: ToolChange;
  server: ServerEntry;
  /** The changed tool's entry, when the tool is still listed. */
  tool?: ToolEntry;
}

/** The whole catalogue, indexed the ways the pages need. */
export interface Catalogue {
  servers: ServerEntry[];
  tools: ToolEntry[];
  byClass: Map<ToolClass, ToolEntry[]>;
  byRisk: Map<RiskLevel, ToolEntry[]>;
  byTag: Map<CapabilityTag, ToolEntry[]>;
  /** Tools whose declared annotations say they are safer than they are. */
  mismatches: ToolEntry[];
  /** All tools, riskiest first (risk, then findings, then name). */
  riskiest: ToolEntry[];
  /** Every change, newest first. */
  changes: ChangeEntry[];
  /** Servers by scan status. */
  byStatus: Map<string, number>;
  /** Latest scan time in the catalogue (the site's "data as of"). */
  updatedAt?: string;
}

/**
 * Longest display name: names appear in titles, breadcrumbs and every listing, so a server that sends megabytes of
 * name or title cannot bloat every page (the full text stays on the page it is the subject of, and in the JSON API).
 */
export const DISPLAY_NAME_MAX = 120;

function toolDisplayName(tool: ScannedTool): string {
  const name = tool.title ?? tool.annotations?.title ?? tool.name;
  return name.trim() === '' ? '(unnamed tool)' : clip(name, DISPLAY_NAME_MAX);
}

function serverDisplayName(record: ServerRecord): string {
  const name = record.source.title ?? record.scan.serverInfo?.title ?? record.source.name;
  return name.trim() === '' ? record.slug : clip(name, DISPLAY_NAME_MAX);
}

function byRiskThenName(a: ToolEntry, b: ToolEntry): number {
  return (
    b.riskRank - a.riskRank ||
    (b.tool.findings?.length ?? 0) - (a.tool.findings?.length ?? 0) ||
    a.displayName.localeCompare(b.displayName) ||
    a.url.localeCompare(b.url)
  );
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/** Builds the catalogue view from validated server records. Pure. */
export function buildCatalogue(records: readonly ServerRecord[]): Catalogue {
  const servers: ServerEntry[] = [];
  const tools: ToolEntry[] = [];
  const byClass = new Map<ToolClass, ToolEntry[]>();
  const byRisk = new Map<RiskLevel, ToolEntry[]>();
  const byTag = new Map<CapabilityTag, ToolEntry[]>();
  const byStatus = new Map<string, number>();
  const mismatches: ToolEntry[] = [];
  const changes: ChangeEntry[] = [];
  let updatedAt: string | undefined;

  for (const record of records) {
    const server: ServerEntry = {
      record,
      slug: record.slug,
      url: serverUrl(record.slug),
      displayName: serverDisplayName(record),
      tools: [],
    };
    const slugs = toolSlugs(record.scan.tools.map((tool) => tool.name));
    record.scan.tools.forEach((tool, index) => {
      const slug = slugs[index]!;
      const c = tool.classification;
      const entry: ToolEntry = {
        tool,
        server,
        slug,
        url: toolUrl(record.slug, slug),
        displayName: toolDisplayName(tool),
        class: c?.class,
        risk: c?.risk,
        tags: c?.tags ?? [],
        riskRank: c === undefined ? 0 : RISK_RANK[c.risk],
      };
      server.tools.push(entry);
      tools.push(entry);
      if (c !== undefined) {
        push(byClass, c.class, entry);
        push(byRisk, c.risk, entry);
        for (const tag of c.tags) push(byTag, tag, entry);
        if (c.mismatch !== undefined) mismatches.push(entry);
      }
    });
    const top = Math.max(0, ...server.tools.map((t) => t.riskRank));
    server.maxRisk = top === 0 ? undefined : RISKS[top - 1];
    const toolsByName = new Map(server.tools.map((t) => [t.tool.name, t]));
    for (const change of record.changes) {
      changes.push({ change, server, tool: toolsByName.get(change.tool) });
      if (server.lastChangeAt === undefined || change.at > server.lastChangeAt) server.lastChangeAt = change.at;
    }
    byStatus.set(record.scan.status, (byStatus.get(record.scan.status) ?? 0) + 1);
    if (updatedAt === undefined || record.scan.scannedAt > updatedAt) updatedAt = record.scan.scannedAt;
    servers.push(server);
  }
  for (const list of [...byClass.values(), ...byRisk.values(), ...byTag.values(), mismatches]) list.sort(byRiskThenName);
  changes.sort((a, b) => b.change.at.localeCompare(a.change.at));
  return { servers, tools, byClass, byRisk, byTag, mismatches, riskiest: [...tools].sort(byRiskThenName), changes, byStatus, updatedAt };
}
