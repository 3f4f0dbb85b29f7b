import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import PQueue from 'p-queue';
import type { CatalogueSummary } from '../../data/schema/catalogue.ts';
import type { ScanStatus, ServerRecord, SourceEntry } from '../../data/schema/index.ts';
import { classifyScanResult } from '../classify/index.ts';
import type { ScanOptions } from '../scan/scan-options.ts';
import { writeCatalogue } from './catalogue.ts';
import { DiskWatch } from './disk-use.ts';
import { CrawlError } from './errors.ts';
import { NpmCache } from './npm-cache.ts';
import { applyRugPullFindings, isUnchanged, mergeAttempt, type RegistryStatus, sourceHash } from './record.ts';
import { RecordStore } from './record-store.ts';
import { scanSource } from './scan-source.ts';
import { inShard, type Shard } from './shard.ts';
import { assignSlugs, baseSlug } from './slug.ts';

/** One server to visit, with its registry status when it came from a registry. */
export interface CrawlSource {
  server: SourceEntry;
  /** `deleted` removes the server's record; `deprecated` is kept and marked. */
  status?: RegistryStatus | 'deleted';
}

/** Options of {@link crawl}. */
export interface CrawlOptions {
  /** Data directory: records go to `<out>/servers/`, the summary to `<out>/catalogue.json`. */
  out: string;
  /** Scans at once. Default: `os.availableParallelism()`. */
  concurrency?: number;
  /** npm installs at once (separate from scans). Default 2. */
  installConcurrency?: number;
  /** Only this shard of the sources. */
  shard?: Shard;
  /**
   * A data directory to take earlier records from (history, first-seen dates, skip-if-unchanged) while writing to
   * `out`: a shard job starts from the published catalogue and writes only its own servers, unchanged ones included,
   * so `merge` of every shard's `out` is the whole catalogue. Records already in `out` (a resumed shard) win.
   */
  from?: string;
  /** Only servers whose name, slug or package identifier is one of these. */
  only?: string[];
  /** Rescan even when unchanged since the last good scan. */
  force?: boolean;
  /** Remove records whose server is no longer in `sources` (ignored with `shard` or `only`, which see part of the list). */
  prune?: boolean;
  /** The npm cache (default: one at `cacheRoot()`). */
  cache?: NpmCache;
  /** Remove each package's install tree once it is scanned (npm's own cache keeps the tarballs). */
  discardInstalls?: boolean;
  /** Scanner timeouts and limits. */
  scanOptions?: ScanOptions;
  /** Attempts for remotes that refuse the connection. Default 2. */
  remoteAttempts?: number;
  /** Receives each progress line (the CLI writes them to stderr). */
  onProgress?: (line: string) => void;
  /**
   * Aborting it (SIGINT, SIGTERM, SIGHUP) stops the crawl: nothing new starts, scans in flight are killed and not
   * recorded (a rerun scans them), records already finished stay written, and `catalogue.json` is still regenerated.
   */
  signal?: AbortSignal;
}

/** What happened to one server in a crawl. */
export interface CrawlItem {
  name: string;
  slug: string;
  /** `skipped`: unchanged since the last good scan. `removed`: deleted from the registry. */
  outcome: 'scanned' | 'skipped' | 'removed' | 'error';
  /** For `error`: what went wrong in the crawler itself (a bug or a disk error; the server's record is unchanged). */
  message?: string;
  /** Status of this run's attempt (for skipped: of the kept record). */
  status?: ScanStatus;
  /** Status now in the record (a failed rescan keeps `ok`). */
  recordStatus?: ScanStatus;
  tools: number;
  durationMs: number;
}

/** The result of a crawl run. */
export interface CrawlSummary {
  /** Servers visited in this run (after --shard and --only). */
  total: number;
  /** Attempts per status, for servers scanned in this run. */
  byStatus: Partial<Record<ScanStatus, number>>;
  skipped: number;
  removed: number;
  /** Servers the crawler itself failed on (reported, record unchanged). */
  errors: number;
  /** Tools across servers scanned `ok` in this run. */
  tools: number;
  wallMs: number;
  items: CrawlItem[];
  /** The regenerated catalogue summary. */
  catalogue: CatalogueSummary;
  /** The crawl was stopped by its signal before visiting every server. */
  interrupted: boolean;
  /** The most disk space in use above what was in use at the start, on the cache's filesystem (bytes; an upper bound). */
  diskPeakBytes: number;
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** Whether `source` is selected by `--only` (name, slug or any package identifier). */
function selected(source: SourceEntry, slug: string, only: readonly string[] | undefined): boolean {
  if (only === undefined || only.length === 0) return true;
  const keys = [source.name, slug, ...(source.packages ?? []).map((pkg) => pkg.identifier)];
  return only.some((wanted) => keys.includes(wanted));
}

/**
 * Crawls `sources` into `options.out`: each server is scanned (or skipped when unchanged), classified, folded into
 * its record and written atomically as soon as it finishes; registry-deleted servers lose their record;
 * `catalogue.json` is regenerated at the end. Resumable: a killed run loses only the servers in flight.
 */
export async function crawl(sources: readonly CrawlSource[], options: CrawlOptions): Promise<CrawlSummary> {
  const started = Date.now();
  const store = new RecordStore(options.out);
  await store.prepare();
  const { records: own } = await store.readAll();
  const records = options.from === undefined ? own : new Map([...(await readEarlier(options.from)), ...own]);
  // Slugs come from every source name (before sharding), so all shards agree on them.
  const owners = new Map([...records.values()].map((record) => [record.slug, record.source.name]));
  const slugs = assignSlugs(
    sources.map((source) => source.server.name),
    owners,
  );
  const unique = new Map<string, CrawlSource>();
  for (const source of sources) unique.set(source.server.name, source); // the last entry of a name wins
  const visit = [...unique.values()].filter((source) => {
    const slug = slugs.get(source.server.name) ?? baseSlug(source.server.name);
    return (options.shard === undefined || inShard(source.server.name, options.shard)) && selected(source.server, slug, options.only);
  });

  const cache = options.cache ?? new NpmCache();
  const disk = new DiskWatch(cache.root);
  const context = {
    cache,
    discardInstalls: options.discardInstalls === true,
    installQueue: new PQueue({ concurrency: options.installConcurrency ?? 2 }),
    scanOptions: { ...options.scanOptions, ...(options.signal ? { signal: options.signal } : {}) },
    remoteAttempts: options.remoteAttempts ?? 2,
  };
  const queue = new PQueue({ concurrency: options.concurrency ?? availableParallelism() });
  const stopQueue = () => queue.clear();
  options.signal?.addEventListener('abort', stopQueue, { once: true });
  const items: CrawlItem[] = [];
  const width = String(visit.length).length;
  let done = 0;
  const report = (item: CrawlItem): void => {
    items.push(item);
    done++;
    const label = item.outcome === 'scanned' ? (item.status ?? '') : item.outcome === 'skipped' ? 'skip' : item.outcome;
    const tools = item.outcome === 'error' ? `  ${item.message ?? ''}` : item.outcome === 'removed' ? '' : `  ${item.tools} tools`;
    options.onProgress?.(`[${String(done).padStart(width)}/${visit.length}] ${label}  ${item.name}${tools}  ${seconds(item.durationMs)}`);
  };

  for (const source of visit) {
    const name = source.server.name;
    const slug = slugs.get(name) ?? baseSlug(name);
    queue.add(async () => {
      const t0 = Date.now();
      try {
        await visitOne(t0);
      } catch (error) {
        if (options.signal?.aborted) return;
        // Never lose the whole crawl to one server: the record stays as it was (copied into `out` when it came from
        // `from`), the run goes on.
        const kept = records.get(slug);
        if (kept !== undefined && !own.has(slug) && kept.source.name === name) await store.write(kept).catch(() => {});
        report({ name, slug, outcome: 'error', message: (error as Error).message.slice(0, 300), tools: 0, durationMs: Date.now() - t0 });
      }
    });
    async function visitOne(t0: number): Promise<void> {
      const previous = records.get(slug);
      if (source.status === 'deleted') {
        if (previous !== undefined && previous.source.name === name) {
          await store.remove(slug);
          records.delete(slug);
        }
        report({ name, slug, outcome: 'removed', tools: 0, durationMs: Date.now() - t0 });
        return;
      }
      const hash = sourceHash(source.server);
      const registryStatus = source.status === 'deprecated' ? 'deprecated' : undefined;
      if (options.signal?.aborted) return;
      const outcome = await scanSource(source.server, context, (version) => !options.force && isUnchanged(previous, hash, version));
      // A scan cut short by the signal says nothing about the server: leave its record as it was for the rerun.
      if (options.signal?.aborted) return;
      if (outcome.kind === 'skipped' && previous !== undefined) {
        // Registry status may change without a rescan; a record taken from `from` is copied into `out`.
        if ((previous.registryStatus ?? 'active') !== (registryStatus ?? 'active') || !own.has(slug))
          await store.write(withRegistryStatus(previous, registryStatus));
        report({
          name,
          slug,
          outcome: 'skipped',
          status: previous.scan.status,
          recordStatus: previous.scan.status,
          tools: previous.scan.tools.length,
          durationMs: Date.now() - t0,
        });
        return;
      }
      if (outcome.kind === 'skipped') return;
      const scan = classifyScanResult(outcome.scan);
      const record = applyRugPullFindings(
        mergeAttempt(previous, {
          slug,
          source: source.server,
          sourceHash: hash,
          ...(registryStatus !== undefined ? { registryStatus } : {}),
          ...(outcome.packageVersion !== undefined ? { packageVersion: outcome.packageVersion } : {}),
          scan,
        }),
      );
      await store.write(record);
      records.set(slug, record);
      report({
        name,
        slug,
        outcome: 'scanned',
        status: scan.status,
        recordStatus: record.scan.status,
        tools: scan.status === 'ok' ? scan.tools.length : 0,
        durationMs: Date.now() - t0,
      });
    }
  }
  await queue.onIdle();
  options.signal?.removeEventListener('abort', stopQueue);
  const interrupted = options.signal?.aborted === true;
  if (options.prune && !interrupted && options.shard === undefined && (options.only ?? []).length === 0) {
    const listed = new Set(sources.map((source) => source.server.name));
    for (const record of records.values()) {
      if (listed.has(record.source.name)) continue;
      await store.remove(record.slug);
      items.push({ name: record.source.name, slug: record.slug, outcome: 'removed', tools: 0, durationMs: 0 });
      options.onProgress?.(`removed  ${record.source.name}  (no longer in the sources)`);
    }
  }

  const byStatus: Partial<Record<ScanStatus, number>> = {};
  for (const item of items)
    if (item.outcome === 'scanned' && item.status !== undefined) byStatus[item.status] = (byStatus[item.status] ?? 0) + 1;
  const catalogue = await writeCatalogue(options.out);
  const diskUse = await disk.stop();
  return {
    total: visit.length,
    byStatus,
    skipped: items.filter((item) => item.outcome === 'skipped').length,
    removed: items.filter((item) => item.outcome === 'removed').length,
    errors: items.filter((item) => item.outcome === 'error').length,
    tools: items.filter((item) => item.outcome === 'scanned' && item.status === 'ok').reduce((sum, item) => sum + item.tools, 0),
    wallMs: Date.now() - started,
    items,
    catalogue,
    interrupted,
    diskPeakBytes: diskUse.peakAboveStartBytes,
  };
}

/** The records of a `from` directory; one without a `servers/` folder is a mistake worth stopping for. */
async function readEarlier(dir: string): Promise<Map<string, ServerRecord>> {
  const servers = join(dir, 'servers');
  if (!existsSync(servers)) throw new CrawlError('INVALID_DATA_DIR', `--from ${dir}: no servers/ folder of records there`);
  return (await new RecordStore(dir).readAll()).records;
}

function withRegistryStatus(record: ServerRecord, status: RegistryStatus | undefined): ServerRecord {
  const { registryStatus: _old, ...rest } = record;
  return status === 'deprecated' ? { ...rest, registryStatus: status } : rest;
}
