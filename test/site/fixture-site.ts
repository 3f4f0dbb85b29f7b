import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The repository root. */
export const REPO = new URL('../../', import.meta.url).pathname;
/** The committed fixture catalogue (incl. a server with hostile strings in every field). */
export const FIXTURE_SOURCE = join(REPO, 'test/fixtures/site-data');
/** Site URL the fixture site is built for. */
export const FIXTURE_SITE_URL = 'https://atlas.example';
/** Slug of the generated server whose serverInfo fields and one tool name are megabytes long. */
export const HUGE_SLUG = 'huge-server-info';

/**
 * The fixture catalogue the site tests build: the committed fixture plus one generated record whose `serverInfo`
 * name, title, version and instructions are 2 MB each, and whose tool has a 1 MB name and description (too big to
 * commit, deterministic to generate). Written once per test run, before any test file reads it.
 */
export const FIXTURE_DATA = ((): string => {
  const dir = join(tmpdir(), `mcp-atlas-site-data-${process.ppid}`);
  if (existsSync(join(dir, '.ready'))) return dir;
  const staging = `${dir}.${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  cpSync(FIXTURE_SOURCE, staging, { recursive: true });
  const base = JSON.parse(readFileSync(join(FIXTURE_SOURCE, 'servers/io-github-acme-files.json'), 'utf8'));
  const mb = (c: string, n = 2) => c.repeat(n * 1024 * 1024);
  const tool = { ...base.scan.tools[0], name: `huge_${mb('n', 1)}`, description: mb('d', 1) };
  const huge = {
    ...base,
    slug: HUGE_SLUG,
    source: { name: 'io.github.hostile/huge-server-info', description: mb('D') },
    scan: { ...base.scan, serverInfo: { name: mb('N'), title: mb('T'), version: mb('V'), instructions: mb('I') }, tools: [tool] },
    changes: [],
    failedAttempts: [],
    firstSeen: undefined,
  };
  writeFileSync(join(staging, 'servers', `${HUGE_SLUG}.json`), JSON.stringify(huge));
  writeFileSync(join(staging, '.ready'), '');
  try {
    renameSync(staging, dir);
  } catch {
    // Another test process got there first with the same content.
    rmSync(staging, { recursive: true, force: true });
  }
  return dir;
})();

/**
 * Builds the fixture site once per test run (the build takes seconds; every site test file shares it) by running the
 * real build CLI in a child process. Test files run in parallel forks: the first one takes a lock directory and builds,
 * the others wait for its marker file.
 */
export async function fixtureSite(): Promise<string> {
  const OUT = join(tmpdir(), `mcp-atlas-site-fixture-${process.ppid}`);
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
      ['site/scripts/build.ts', '--data-dir', FIXTURE_DATA, '--out-dir', OUT, '--site-url', FIXTURE_SITE_URL],
      { cwd: REPO, maxBuffer: 1 << 24 },
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
