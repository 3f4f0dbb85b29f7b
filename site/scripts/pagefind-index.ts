import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as pagefind from 'pagefind';
import type { SearchRecord } from './pagefind-records.ts';

/** What indexing produced. */
export interface PagefindStats {
  /** Records indexed (pages Pagefind can return). */
  records: number;
  ms: number;
}

/** Raised when Pagefind reports errors. */
export class PagefindIndexError extends Error {
  override name = 'PagefindIndexError';
  /** Always `PAGEFIND_FAILED`. */
  readonly code = 'PAGEFIND_FAILED';
}

/** Records in flight to the Pagefind service at once: enough to keep it busy, few enough to bound memory. */
const IN_FLIGHT = 256;

/**
 * Writes the Pagefind index of `records` into `<outDir>/pagefind/` with Pagefind's Node API (`createIndex`,
 * `addCustomRecord`, `writeFiles`): no HTML is read, so it can run while Astro renders the pages. Large catalogues
 * bundle fragments so the file count stays bounded. The Pagefind service is always closed, even on failure.
 */
export async function indexRecords(records: Iterable<SearchRecord>, outDir: string): Promise<PagefindStats> {
  const began = Date.now();
  try {
    const { index, errors } = await pagefind.createIndex({ maxFragments: 5_000, forceLanguage: 'en' });
    if (index === undefined) throw new PagefindIndexError(`Pagefind could not start: ${errors.join('; ')}`);
    const failures: string[] = [];
    let pending: Promise<unknown>[] = [];
    for (const record of records) {
      pending.push(index.addCustomRecord(record).then((added) => failures.push(...added.errors)));
      if (pending.length >= IN_FLIGHT) {
        await Promise.all(pending);
        pending = [];
      }
    }
    await Promise.all(pending);
    if (failures.length > 0) throw new PagefindIndexError(`Pagefind indexing failed: ${failures.slice(0, 5).join('; ')}`);
    const written = await index.writeFiles({ outputPath: join(outDir, 'pagefind') });
    if (written.errors.length > 0) throw new PagefindIndexError(`Pagefind could not write: ${written.errors.join('; ')}`);
    const entry = JSON.parse(await readFile(join(outDir, 'pagefind', 'pagefind-entry.json'), 'utf8')) as {
      languages: Record<string, { page_count: number }>;
    };
    const count = Object.values(entry.languages).reduce((n, language) => n + language.page_count, 0);
    return { records: count, ms: Date.now() - began };
  } finally {
    await pagefind.close();
  }
}
