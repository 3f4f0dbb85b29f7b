import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Catalogue, ServerEntry } from '../src/lib/catalogue.ts';
import { policyDownloads, policyText } from '../src/lib/policies.ts';
import { clip } from '../src/lib/text.ts';

/**
 * The summary of one server in `/api/servers.json` (a listing: server text is capped, so one server's megabytes do
 * not bloat it; `/api/servers/<slug>.json` carries the whole record).
 */
function serverSummary(server: ServerEntry) {
  const { record } = server;
  return {
    slug: server.slug,
    name: clip(record.source.name, 300),
    title: record.source.title === undefined ? undefined : clip(record.source.title, 200),
    description: record.source.description === undefined ? undefined : clip(record.source.description, 500),
    status: record.scan.status,
    scannedAt: record.scan.scannedAt,
    toolCount: server.tools.length,
    maxRisk: server.maxRisk,
    url: server.url,
    api: `/api/servers/${server.slug}.json`,
    policies: Object.fromEntries(policyDownloads(server).map((d) => [d.format, d.url])),
  };
}

/**
 * Writes the static JSON API and the policy downloads into `outDir`: `/api/servers.json`, `/api/servers/<slug>.json`
 * (the validated record plus tool slugs and URLs) and `/api/policies/<slug><suffix>` per export format. Every path is
 * built from slugs, never from server text. Returns the number of files written.
 */
export async function writeApi(catalogue: Catalogue, outDir: string): Promise<number> {
  const serversDir = join(outDir, 'api', 'servers');
  const policiesDir = join(outDir, 'api', 'policies');
  await mkdir(serversDir, { recursive: true });
  await mkdir(policiesDir, { recursive: true });
  let files = 0;
  const totals = {
    servers: catalogue.servers.length,
    tools: catalogue.tools.length,
    byClass: Object.fromEntries([...catalogue.byClass].map(([k, v]) => [k, v.length])),
    byRisk: Object.fromEntries([...catalogue.byRisk].map(([k, v]) => [k, v.length])),
    byTag: Object.fromEntries([...catalogue.byTag].map(([k, v]) => [k, v.length])),
    byStatus: Object.fromEntries(catalogue.byStatus),
    mismatches: catalogue.mismatches.length,
  };
  await writeFile(
    join(outDir, 'api', 'servers.json'),
    `${JSON.stringify({ updatedAt: catalogue.updatedAt, totals, servers: catalogue.servers.map(serverSummary) })}\n`,
  );
  files++;
  // Bounded parallelism: enough to keep the disk busy without thousands of open files.
  const queue = [...catalogue.servers];
  const worker = async () => {
    for (let server = queue.shift(); server !== undefined; server = queue.shift()) {
      const detail = {
        ...serverSummary(server),
        tools: server.tools.map((t) => ({ name: t.tool.name, slug: t.slug, url: t.url, class: t.class, risk: t.risk })),
        record: server.record,
      };
      const writes = [writeFile(join(serversDir, `${server.slug}.json`), `${JSON.stringify(detail)}\n`)];
      for (const download of policyDownloads(server))
        writes.push(writeFile(join(policiesDir, download.fileName), policyText(server, download.format)));
      await Promise.all(writes);
      files += writes.length;
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return files;
}
