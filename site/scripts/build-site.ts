import { spawn } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { SiteError, type SiteErrorCode } from '../src/lib/errors.ts';
import { LASTMOD_FILE, type PreparedData, type SearchEngineChoice } from './prepare-data.ts';
import { mergeInto, renderPages } from './render-pages.ts';
import { writeSitemap } from './write-sitemap.ts';

export type { SearchEngineChoice } from './prepare-data.ts';

/** Where a build without a site URL points its links (what `npm start` serves). */
export const LOCAL_SITE_URL = 'http://localhost:4321';

/** Options of {@link buildSite}. */
export interface BuildOptions {
  /** Catalogue folder holding `servers/*.json` (and optionally `catalogue.json`). */
  dataDir: string;
  /** Output folder, emptied first; a static host can serve it as is. */
  outDir: string;
  /**
   * The public origin the site will live at (`https://atlas.example`): canonical links, sitemap, robots.txt, Open
   * Graph URLs and the registry API's links use it. Without it the build is a local preview: marked `noindex`, with a
   * visible "local build" banner and a robots.txt that disallows everything.
   */
  siteUrl?: string;
  /** Search index: `pagefind` (default) or `none`. */
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
  /** API, policy, registry, image and header files written. */
  apiFiles: number;
  /** Which search index was built. */
  search: SearchEngineChoice;
  /** Records in the search index. */
  indexedPages: number;
  sitemapUrls: number;
  /** Astro processes used. */
  shards: number;
  /** The origin links point at, and whether that is a local preview. */
  siteUrl: string;
  local: boolean;
  astroMs: number;
  apiMs: number;
  /** Time spent building the search index (in parallel with Astro). */
  searchMs: number;
  totalMs: number;
}

type ChildLine =
  | { validated: { servers: number; tools: number } }
  | { done: PreparedData }
  | { error: { code: SiteErrorCode; message: string } };

/**
 * Runs the data step in a child process (its memory is its own, and it runs beside Astro). Resolves `validated` as
 * soon as the child has checked the catalogue, and `done` when it has written everything.
 */
function prepareInChild(dataDir: string, stageDir: string, siteUrl: string, search: SearchEngineChoice) {
  const child = spawn(
    process.execPath,
    [...process.execArgv, new URL('./prepare-entry.ts', import.meta.url).pathname, dataDir, stageDir, siteUrl, search],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let validate!: (value: { servers: number; tools: number }) => void;
  let fail!: (error: Error) => void;
  const validated = new Promise<{ servers: number; tools: number }>((res, rej) => {
    validate = res;
    fail = rej;
  });
  const done = new Promise<PreparedData>((resolvePromise, reject) => {
    let buffer = '';
    let result: PreparedData | undefined;
    let error: SiteError | undefined;
    child.stdout.on('data', (chunk) => {
      buffer += chunk;
      for (let at = buffer.indexOf('\n'); at !== -1; at = buffer.indexOf('\n')) {
        const line = buffer.slice(0, at);
        buffer = buffer.slice(at + 1);
        let message: ChildLine;
        try {
          message = JSON.parse(line) as ChildLine;
        } catch {
          continue;
        }
        if ('validated' in message) validate(message.validated);
        else if ('done' in message) result = message.done;
        else if ('error' in message) error = new SiteError(message.error.code, message.error.message);
      }
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const failure =
        error ??
        (code !== 0 || result === undefined ? new SiteError('ASTRO_BUILD_FAILED', `the data step exited with ${code}`) : undefined);
      if (failure !== undefined) {
        fail(failure);
        reject(failure);
      } else resolvePromise(result!);
    });
  });
  // Either promise may be left unawaited when the other fails first.
  validated.catch(() => undefined);
  done.catch(() => undefined);
  return { validated, done, kill: () => child.kill('SIGTERM') };
}

async function readLastmod(stageDir: string): Promise<{ updatedAt?: string; servers: Record<string, string> }> {
  try {
    return JSON.parse(await readFile(join(stageDir, LASTMOD_FILE), 'utf8'));
  } catch {
    return { servers: {} };
  }
}

/**
 * Builds the whole site: a data process validates the catalogue (failing with the file and field on invalid data),
 * then writes the JSON and registry APIs, policy downloads, social images, `_headers` and the Pagefind index while
 * Astro renders the pages in one or more processes; the outputs are merged and the sitemap written last.
 */
export async function buildSite(options: BuildOptions): Promise<BuildStats> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const dataDir = resolve(options.dataDir);
  const outDir = resolve(options.outDir);
  const stageDir = `${outDir}.data`;
  const local = options.siteUrl === undefined;
  const siteUrl = (options.siteUrl ?? LOCAL_SITE_URL).replace(/\/+$/, '');
  const search = options.search ?? 'pagefind';
  const began = Date.now();
  const data = prepareInChild(dataDir, stageDir, siteUrl, search);
  try {
    const counts = await data.validated;
    log(
      `site: ${counts.servers} servers, ${counts.tools} tools from ${dataDir}${local ? ' (local build: no site URL)' : ` for ${siteUrl}`}`,
    );
    const shards = options.shards ?? (counts.tools > 5_000 ? Math.min(2, availableParallelism()) : 1);
    await rm(outDir, { recursive: true, force: true });
    const astroBegan = Date.now();
    const astro = renderPages({ dataDir, outDir, siteUrl, local, searchEngine: search, shards }).then(() => Date.now() - astroBegan);
    astro.catch(() => data.kill());
    const [astroMs, prepared] = await Promise.all([astro, data.done]);
    log(
      `site: astro build ${astroMs} ms (${shards} process${shards === 1 ? '' : 'es'}); data step: ${prepared.apiFiles} API files in ${prepared.apiMs} ms, search index of ${prepared.searchRecords} records in ${prepared.searchMs} ms`,
    );
    const lastmod = await readLastmod(stageDir);
    await mergeInto(stageDir, outDir);
    const sitemapUrls = await writeSitemap(outDir, siteUrl, { local, lastmod });
    return {
      servers: prepared.servers,
      tools: prepared.tools,
      pages: sitemapUrls,
      apiFiles: prepared.apiFiles,
      search,
      indexedPages: prepared.searchRecords,
      sitemapUrls,
      shards,
      siteUrl,
      local,
      astroMs,
      apiMs: prepared.apiMs,
      searchMs: prepared.searchMs,
      totalMs: Date.now() - began,
    };
  } finally {
    data.kill();
    await rm(stageDir, { recursive: true, force: true });
  }
}
