import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { SiteError, type SiteErrorCode } from '../src/lib/errors.ts';
import { indexSite } from './pagefind-index.ts';
import type { PreparedData, SearchEngineChoice } from './prepare-data.ts';
import { mergeInto, renderPages } from './render-pages.ts';
import { writeSitemap } from './write-sitemap.ts';

export { ATLAS_INDEX_THRESHOLD, type SearchEngineChoice } from './prepare-data.ts';

/** Options of {@link buildSite}. */
export interface BuildOptions {
  /** Catalogue folder holding `servers/*.json` (and optionally `catalogue.json`). */
  dataDir: string;
  /** Output folder, emptied first; a static host can serve it as is. */
  outDir: string;
  /** Absolute origin used in the sitemap and canonical links. Default http://localhost:4321. */
  siteUrl?: string;
  /**
   * Search index: `pagefind` (default for normal catalogues), `atlas` (the site's sharded static index, built from the
   * data in seconds), `auto` (atlas above ATLAS_INDEX_THRESHOLD tools, else pagefind) or `none`.
   */
  search?: SearchEngineChoice;
  /** Parallel Astro processes; default: one per core (at most 2) past 5,000 tools, else 1. */
  shards?: number;
  /** Progress lines (stderr by default). */
  log?: (line: string) => void;
}

/** Timings and counts of one build. */
export interface BuildStats {
  servers: number;
  tools: number;
  /** HTML pages written (the sitemap's URLs). */
  pages: number;
  /** API and policy files written. */
  apiFiles: number;
  /** Which search index was built. */
  search: 'pagefind' | 'atlas' | 'none';
  /** Pages (Pagefind) or documents (atlas) indexed. */
  indexedPages: number;
  sitemapUrls: number;
  /** Astro processes used. */
  shards: number;
  astroMs: number;
  apiMs: number;
  /** Time spent building the search index. */
  searchMs: number;
  totalMs: number;
}

/** Runs the data step in a child process, so the catalogue's memory is released before Astro starts. */
function prepareInChild(dataDir: string, stageDir: string, search: SearchEngineChoice): Promise<PreparedData> {
  const child = spawn(
    process.execPath,
    [...process.execArgv, new URL('./prepare-entry.ts', import.meta.url).pathname, dataDir, stageDir, search],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let stdout = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  return new Promise((resolvePromise, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      const last = stdout.trim().split('\n').at(-1) ?? '';
      let reply: (PreparedData & { error?: undefined }) | { error: { code: SiteErrorCode; message: string } } | undefined;
      try {
        reply = JSON.parse(last);
      } catch {
        reply = undefined;
      }
      if (reply?.error !== undefined) reject(new SiteError(reply.error.code, reply.error.message));
      else if (code !== 0 || reply === undefined) reject(new SiteError('ASTRO_BUILD_FAILED', `the data step exited with ${code}`));
      else resolvePromise(reply);
    });
  });
}

/**
 * Builds the whole site: validates the catalogue (failing with the file and field on invalid data) and writes the
 * JSON API, policy downloads and (for huge catalogues) the atlas index in a first process; renders the pages with Astro
 * in one or more processes; then writes the sitemap and, by default, the Pagefind index.
 */
export async function buildSite(options: BuildOptions): Promise<BuildStats> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const dataDir = resolve(options.dataDir);
  const outDir = resolve(options.outDir);
  const stageDir = `${outDir}.data`;
  const siteUrl = options.siteUrl ?? 'http://localhost:4321';
  const began = Date.now();
  try {
    const data = await prepareInChild(dataDir, stageDir, options.search ?? 'auto');
    log(`site: ${data.servers} servers, ${data.tools} tools from ${dataDir}; ${data.apiFiles} API and policy files in ${data.apiMs} ms`);
    if (data.search === 'atlas') log(`site: atlas index of ${data.atlasDocs} documents in ${data.atlasMs} ms`);

    const shards = options.shards ?? (data.tools > 5_000 ? Math.min(2, availableParallelism()) : 1);
    await rm(outDir, { recursive: true, force: true });
    const astroBegan = Date.now();
    await renderPages({ dataDir, outDir, siteUrl, searchEngine: data.search, shards });
    const astroMs = Date.now() - astroBegan;
    log(`site: astro build ${astroMs} ms (${shards} process${shards === 1 ? '' : 'es'})`);

    await mergeInto(stageDir, outDir);
    const sitemapUrls = await writeSitemap(outDir, siteUrl);
    const pagefind = data.search === 'pagefind' ? await indexSite(outDir, log) : { pages: 0, ms: 0 };
    return {
      servers: data.servers,
      tools: data.tools,
      pages: sitemapUrls,
      apiFiles: data.apiFiles,
      search: data.search,
      indexedPages: data.search === 'atlas' ? data.atlasDocs : pagefind.pages,
      sitemapUrls,
      shards,
      astroMs,
      apiMs: data.apiMs,
      searchMs: data.search === 'atlas' ? data.atlasMs : pagefind.ms,
      totalMs: Date.now() - began,
    };
  } finally {
    await rm(stageDir, { recursive: true, force: true });
  }
}
