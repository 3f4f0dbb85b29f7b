import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { CatalogueSummarySchema } from '../../data/schema/catalogue.ts';
import { buildCatalogue } from '../src/lib/catalogue.ts';
import { SiteError } from '../src/lib/errors.ts';
import { loadServerRecords } from '../src/lib/load-records.ts';
import { writeAtlasIndex } from './atlas-index.ts';
import { writeApi } from './write-api.ts';

/** Which static search index to build. */
export type SearchEngineChoice = 'auto' | 'pagefind' | 'atlas' | 'none';

/**
 * Above this many tools `auto` uses the atlas index: measured on the 2-core build machines, Pagefind over 55,000 pages
 * needs minutes and several GiB (see docs/site.md).
 */
export const ATLAS_INDEX_THRESHOLD = 15_000;

/** What {@link prepareData} did. */
export interface PreparedData {
  servers: number;
  tools: number;
  apiFiles: number;
  search: 'pagefind' | 'atlas' | 'none';
  /** Documents in the atlas index (0 otherwise). */
  atlasDocs: number;
  apiMs: number;
  atlasMs: number;
}

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

/**
 * The data half of a build, run in its own process so its memory is gone before Astro starts: validates the
 * catalogue (throwing a {@link SiteError} naming the file and field), then writes the JSON API, the policy downloads
 * and, when chosen, the atlas search index into `stageDir`.
 */
export async function prepareData(dataDir: string, stageDir: string, choice: SearchEngineChoice): Promise<PreparedData> {
  checkSummary(dataDir);
  const records = loadServerRecords(dataDir);
  const catalogue = buildCatalogue(records);
  const search = choice === 'auto' ? (catalogue.tools.length > ATLAS_INDEX_THRESHOLD ? 'atlas' : 'pagefind') : choice;
  await rm(stageDir, { recursive: true, force: true });
  const apiBegan = Date.now();
  const apiFiles = await writeApi(catalogue, stageDir);
  const apiMs = Date.now() - apiBegan;
  const atlasBegan = Date.now();
  const atlasDocs = search === 'atlas' ? (await writeAtlasIndex(records, stageDir)).docs : 0;
  return {
    servers: catalogue.servers.length,
    tools: catalogue.tools.length,
    apiFiles,
    search,
    atlasDocs,
    apiMs,
    atlasMs: Date.now() - atlasBegan,
  };
}
