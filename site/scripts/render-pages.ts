import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { SiteError } from '../src/lib/errors.ts';

const REPO = new URL('../../', import.meta.url).pathname;

/** Options of {@link renderPages}. */
export interface RenderOptions {
  dataDir: string;
  outDir: string;
  siteUrl: string;
  /** A local preview (no site URL given): pages are marked noindex and carry a banner. */
  local: boolean;
  /** Which search engine the search page should load. */
  searchEngine: string;
  /** Astro processes to split the tool pages across (one per core pays off past a few thousand pages). */
  shards: number;
}

/** Moves everything of `from` into `to` that `to` does not have yet (whole directories at once where possible). */
export async function mergeInto(from: string, to: string): Promise<void> {
  const theirs = await readdir(from, { withFileTypes: true });
  const ours = new Set(await readdir(to));
  for (const entry of theirs) {
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (!ours.has(entry.name)) await rename(source, target);
    else if (entry.isDirectory()) await mergeInto(source, target);
  }
}

async function runShard(options: RenderOptions, index: number, outDir: string): Promise<void> {
  // Astro bundles the pages into `<cwd>/.astro/.prerender/` when the output folder lies outside the working
  // directory: give each process its own working directory (inside the repository, so bundled chunks still resolve
  // node_modules) or the shards — and concurrent builds — overwrite each other's chunks.
  await mkdir(join(REPO, '.astro'), { recursive: true });
  const cwd = await mkdtemp(join(REPO, '.astro', `build-${index}-`));
  const child = spawn(process.execPath, [...process.execArgv, new URL('./astro-build.ts', import.meta.url).pathname], {
    cwd,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: {
      ...process.env,
      ATLAS_DATA_DIR: options.dataDir,
      ATLAS_OUT_DIR: outDir,
      ATLAS_SITE_URL: options.siteUrl,
      ATLAS_LOCAL_BUILD: options.local ? '1' : '',
      ATLAS_SEARCH_ENGINE: options.searchEngine,
      ATLAS_SHARD: `${index}/${options.shards}`,
    },
  });
  return new Promise<void>((resolve, reject) => {
    child.on('error', (cause) =>
      reject(new SiteError('ASTRO_BUILD_FAILED', `could not start the Astro build: ${cause.message}`, { cause })),
    );
    child.on('close', (code, signal) =>
      code === 0
        ? resolve()
        : reject(
            new SiteError('ASTRO_BUILD_FAILED', `the Astro build (shard ${index + 1} of ${options.shards}) exited with ${signal ?? code}`),
          ),
    );
  }).finally(() => rm(cwd, { recursive: true, force: true }));
}

/**
 * Renders every page with Astro in `shards` parallel processes (each its own build of the same project, rendering
 * its share of the tool pages; shard 0 renders everything else), then merges the shard outputs into `outDir`.
 */
export async function renderPages(options: RenderOptions): Promise<void> {
  const dirs = Array.from({ length: options.shards }, (_, i) => (i === 0 ? options.outDir : `${options.outDir}.shard-${i}`));
  try {
    await Promise.all(dirs.map((dir, i) => runShard(options, i, dir)));
    for (const dir of dirs.slice(1)) await mergeInto(dir, options.outDir);
  } finally {
    await Promise.all(dirs.slice(1).map((dir) => rm(dir, { recursive: true, force: true })));
  }
}
