import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CatalogueSummarySchema } from '../../data/schema/catalogue.ts';
import { buildCatalogue, type Catalogue } from '../src/lib/catalogue.ts';
import { SiteError } from '../src/lib/errors.ts';
import { loadServerRecords } from '../src/lib/load-records.ts';
import { headersFile } from '../src/lib/security-headers.ts';
import { safeHttpUrl } from '../src/lib/text.ts';
import { indexRecords } from './pagefind-index.ts';
import { searchRecords } from './pagefind-records.ts';
import { writeSocialImages } from './social-images.ts';
import { writeApi } from './write-api.ts';
import { writeRegistry } from './write-registry.ts';

/** Which static search index to build. */
export type SearchEngineChoice = 'pagefind' | 'none';

/** What {@link prepareData} did. */
export interface PreparedData {
  servers: number;
  tools: number;
  /** JSON API, policy, registry, image and header files written. */
  apiFiles: number;
  search: SearchEngineChoice;
  /** Records in the Pagefind index (0 without search). */
  searchRecords: number;
  apiMs: number;
  searchMs: number;
}

/** The file (in the staging folder) that tells the sitemap when each server was last scanned. */
export const LASTMOD_FILE = '.lastmod.json';

function checkSummary(dataDir: string): void {
  const file = join(dataDir, 'catalogue.json');
  if (!existsSync(file)) return;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (cause) {
    throw new SiteError('DATA_FILE_UNREADABLE', `${file}: not readable JSON`, { cause });
  }
  const parsed = CatalogueSummarySchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new SiteError('DATA_FILE_INVALID', `${file}: ${issue.path.join('.') || '(root)'}: ${issue.message}`, { cause: parsed.error });
  }
}

/** Validates the catalogue (throwing a {@link SiteError} naming the file and field) and indexes it for the pages. */
export function validateData(dataDir: string): Catalogue {
  checkSummary(dataDir);
  return buildCatalogue(loadServerRecords(dataDir));
}

/**
 * The data half of a build, run in its own process beside the Astro build: writes the JSON API, the policy downloads,
 * the static registry API, the social images, `_headers`, the scan dates for the sitemap and (unless `none`) the
 * Pagefind index built from custom records, into `stageDir`. The catalogue has been validated already.
 */
export async function prepareData(
  catalogue: Catalogue,
  stageDir: string,
  siteUrl: string,
  search: SearchEngineChoice,
): Promise<PreparedData> {
  await rm(stageDir, { recursive: true, force: true });
  await mkdir(stageDir, { recursive: true });
  const apiBegan = Date.now();
  const meiliHost = safeHttpUrl(process.env.PUBLIC_MEILI_HOST);
  const lastmod = Object.fromEntries(catalogue.servers.map((s) => [s.slug, s.record.scan.scannedAt]));
  await writeFile(join(stageDir, LASTMOD_FILE), JSON.stringify({ updatedAt: catalogue.updatedAt, servers: lastmod }));
  await writeFile(join(stageDir, '_headers'), headersFile(meiliHost === undefined ? undefined : new URL(meiliHost).origin));
  const records = catalogue.servers.map((s) => s.record);
  const [api, registry, images] = await Promise.all([
    writeApi(catalogue, stageDir),
    writeRegistry(records, stageDir, siteUrl),
    writeSocialImages(stageDir),
  ]);
  const apiMs = Date.now() - apiBegan;
  const indexed = search === 'pagefind' ? await indexRecords(searchRecords(catalogue), stageDir) : { records: 0, ms: 0 };
  return {
    servers: catalogue.servers.length,
    tools: catalogue.tools.length,
    apiFiles: api + registry + images + 1,
    search,
    searchRecords: indexed.records,
    apiMs,
    searchMs: indexed.ms,
  };
}
