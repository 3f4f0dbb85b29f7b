/**
 * The compact catalogue index: for every npm package version whose catalogue scan listed tools, each tool's hashes,
 * verdict, finding codes and mentions of other tools. Pure: records in, index out; the same records give the same bytes.
 */
import type { CatalogueIndex, IndexedTool } from '../../data/schema/audit.ts';
import type { ServerRecord } from '../../data/schema/server-record.ts';
import { hashDescription } from './description-hash.ts';
import { mentionsOf } from './mentions.ts';

/** The index key of a package version: `<name>@<version>`. */
export function packageKey(name: string, version: string): string {
  return `${name}@${version}`;
}

/** The npm package a record was scanned from, with its version, when it has one. */
function npmPackageOf(record: ServerRecord): { name: string; version: string } | undefined {
  const pkg = record.source.packages?.find((entry) => entry.registryType === 'npm');
  const version = record.packageVersion ?? pkg?.version;
  if (pkg === undefined || version === undefined) return undefined;
  return { name: pkg.identifier, version };
}

/** Builds the index from catalogue records (any order). Records without an npm package, a version or classified tools are left out. */
export function buildCatalogueIndex(records: readonly ServerRecord[]): CatalogueIndex {
  const packages: CatalogueIndex['packages'] = Object.create(null);
  let generatedAt = '1970-01-01T00:00:00.000Z';
  const sorted = [...records].sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
  for (const record of sorted) {
    const pkg = npmPackageOf(record);
    if (pkg === undefined || record.scan.status !== 'ok' || record.scan.tools.length === 0) continue;
    const own = new Set(record.scan.tools.map((tool) => tool.name));
    const tools: IndexedTool[] = [];
    for (const tool of record.scan.tools) {
      if (tool.classification === undefined) continue;
      tools.push({
        name: tool.name,
        hash: tool.hash,
        descriptionHash: hashDescription(tool.description),
        class: tool.classification.class,
        risk: tool.classification.risk,
        tags: [...tool.classification.tags],
        findings: (tool.findings ?? []).map((finding) => ({ code: finding.code, severity: finding.severity })),
        mentions: mentionsOf(tool.description, own),
      });
    }
    if (tools.length === 0) continue;
    const key = packageKey(pkg.name, pkg.version);
    if (packages[key] !== undefined) continue;
    packages[key] = {
      slug: record.slug,
      ...(record.scan.serverInfo?.version === undefined ? {} : { serverVersion: record.scan.serverInfo.version }),
      tools,
    };
    if (record.scan.scannedAt > generatedAt) generatedAt = record.scan.scannedAt;
  }
  const ordered: CatalogueIndex['packages'] = Object.fromEntries(
    Object.keys(packages)
      .sort()
      .map((key) => [key, packages[key]!]),
  );
  return { indexVersion: 1, generatedAt, packages: ordered };
}
