import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The repository root. */
export const REPO = new URL('../../', import.meta.url).pathname;
/** The fixture catalogue (incl. a server with hostile strings in every field). */
export const FIXTURE_DATA = join(REPO, 'test/fixtures/site-data');
/** Site URL the fixture site is built for. */
export const FIXTURE_SITE_URL = 'https://atlas.example';

/**
 * Builds the fixture site once per test run (the build takes seconds; every site test file shares it) by running the
 * real build CLI in a child process. Test files run in parallel forks: the first one takes a lock directory and builds,
 * the others wait for its marker file. `search` picks the static index (Pagefind, or the atlas index used for huge
 * catalogues).
 */
export async function fixtureSite(search: 'pagefind' | 'atlas' = 'pagefind'): Promise<string> {
  const OUT = join(tmpdir(), `mcp-atlas-site-fixture-${search}-${process.ppid}`);
  const LOCK = `${OUT}.lock`;
  const DONE = join(OUT, '.built');
  if (existsSync(DONE)) return OUT;
  try {
    mkdirSync(LOCK);
  } catch {
    const deadline = Date.now() + 170_000;
    while (!existsSync(DONE)) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for the fixture site build in ${OUT}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    return OUT;
  }
  try {
    const { stdout } = await run(
      process.execPath,
      ['site/scripts/build.ts', '--data-dir', FIXTURE_DATA, '--out-dir', OUT, '--site-url', FIXTURE_SITE_URL, '--search', search],
      // The atlas build splits every shard past 5 postings, so the browser tests go through split shards too.
      { cwd: REPO, maxBuffer: 1 << 24, env: { ...process.env, ATLAS_INDEX_SPLIT_POSTINGS: '5' } },
    );
    writeFileSync(DONE, stdout);
    return OUT;
  } catch (error) {
    rmSync(LOCK, { recursive: true, force: true });
    throw error;
  }
}

/** Reads a file of the built site. */
export function readSite(out: string, path: string): string {
  return readFileSync(join(out, path), 'utf8');
}
