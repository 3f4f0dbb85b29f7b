import { stat } from 'node:fs/promises';
import type { CatalogueSummary } from '../../data/schema/catalogue.ts';
import type { ServerRecord } from '../../data/schema/index.ts';
import { writeCatalogue } from './catalogue.ts';
import { CrawlError } from './errors.ts';
import { RecordStore } from './record-store.ts';

/** What {@link mergeDataDirs} did. */
export interface MergeSummary {
  /** Records written to the output. */
  written: number;
  /** Slugs found in more than one input; the newest scan won. */
  conflicts: string[];
  /** Unreadable record files in the inputs (skipped). */
  unreadable: string[];
  catalogue: CatalogueSummary;
}

/** The record kept when two shards hold the same slug: a good scan beats a failure, then the newest scan wins. */
function newer(a: ServerRecord, b: ServerRecord): ServerRecord {
  const goodA = a.lastGoodAt !== undefined && a.scan.status === 'ok';
  const goodB = b.lastGoodAt !== undefined && b.scan.status === 'ok';
  if (goodA !== goodB) return goodA ? a : b;
  return b.scan.scannedAt > a.scan.scannedAt ? b : a;
}

/**
 * Combines the `servers/` of several crawl outputs (shards) into `out`, then regenerates its catalogue.
 * Shards partition sources by name, so slugs do not overlap; if they do (the same server crawled twice), the
 * good and newest record wins and the slug is reported. `out` may be one of the inputs.
 */
export async function mergeDataDirs(inputs: readonly string[], out: string): Promise<MergeSummary> {
  const merged = new Map<string, ServerRecord>();
  const conflicts = new Set<string>();
  const unreadable: string[] = [];
  for (const input of inputs) {
    const isDir = await stat(input).then(
      (s) => s.isDirectory(),
      () => false,
    );
    if (!isDir) throw new CrawlError('INVALID_DATA_DIR', `${input} is not a directory`);
    const read = await new RecordStore(input).readAll();
    unreadable.push(...read.unreadable.map((entry) => `${entry.file}: ${entry.reason}`));
    for (const [slug, record] of read.records) {
      const existing = merged.get(slug);
      if (existing !== undefined) conflicts.add(slug);
      merged.set(slug, existing === undefined ? record : newer(existing, record));
    }
  }
  const store = new RecordStore(out);
  await store.prepare();
  for (const record of merged.values()) await store.write(record);
  return { written: merged.size, conflicts: [...conflicts].sort(), unreadable, catalogue: await writeCatalogue(out) };
}
