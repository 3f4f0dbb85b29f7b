import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as pagefind from 'pagefind';

/** What indexing produced. */
export interface PagefindStats {
  pages: number;
  ms: number;
}

/** Raised when Pagefind reports errors. */
export class PagefindIndexError extends Error {
  override name = 'PagefindIndexError';
  readonly code = 'PAGEFIND_FAILED';
}

/**
 * Indexes the built site with Pagefind's Node API (only elements marked `data-pagefind-body`: tool and server pages)
 * and writes the index to `<outDir>/pagefind/`. Large catalogues bundle fragments so the file count stays bounded.
 * The Pagefind service is always closed, even on failure.
 */
export async function indexSite(outDir: string, log: (line: string) => void): Promise<PagefindStats> {
  const began = Date.now();
  try {
    const { index, errors } = await pagefind.createIndex({ maxFragments: 5_000 });
    if (index === undefined) throw new PagefindIndexError(`Pagefind could not start: ${errors.join('; ')}`);
    const added = await index.addDirectory({ path: outDir });
    if (added.errors.length > 0) throw new PagefindIndexError(`Pagefind indexing failed: ${added.errors.join('; ')}`);
    log(`pagefind: read ${added.page_count} pages in ${Date.now() - began} ms`);
    const written = await index.writeFiles({ outputPath: join(outDir, 'pagefind') });
    if (written.errors.length > 0) throw new PagefindIndexError(`Pagefind could not write: ${written.errors.join('; ')}`);
    // addDirectory counts every HTML file it read; the entry file says how many pages carry a searchable body.
    const entry = JSON.parse(await readFile(join(outDir, 'pagefind', 'pagefind-entry.json'), 'utf8')) as {
      languages: Record<string, { page_count: number }>;
    };
    const pages = Object.values(entry.languages).reduce((n, language) => n + language.page_count, 0);
    return { pages, ms: Date.now() - began };
  } finally {
    await pagefind.close();
  }
}
