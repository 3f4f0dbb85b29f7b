// --discard-installs: each package's install tree leaves the cache once its scan is done, but not while another source
// still uses the same package; packages no source named, and the folders the installs point at, stay.
import { mkdtemp, readdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { crawl } from '../../scanner/crawl/crawl.ts';
import { NpmCache, packageDir } from '../../scanner/crawl/npm-cache.ts';
import { FIXTURE_PACKAGES, makeTestCache, npmSource, versionOf } from './helpers.ts';

describe('crawl --discard-installs', () => {
  it('removes every install tree it used once its scans are done, and leaves the package itself alone', async () => {
    const root = await makeTestCache();
    const out = join(await mkdtemp(join(tmpdir(), 'atlas-discard-')), 'data');
    const wellBehaved = '@mcp-atlas-fixture/well-behaved';
    const sources = [
      // Two sources share one install: it must stay until both scans are done (concurrency 2 runs them together).
      { server: await npmSource('dev.mcp-atlas.fixture/one', wellBehaved) },
      { server: await npmSource('dev.mcp-atlas.fixture/two', wellBehaved) },
      { server: await npmSource('dev.mcp-atlas.fixture/mutable', '@mcp-atlas-fixture/mutable-server') },
    ];
    const untouched = packageDir(root, '@mcp-atlas-fixture/needs-token', await versionOf('@mcp-atlas-fixture/needs-token'));
    const summary = await crawl(sources, {
      out,
      concurrency: 2,
      discardInstalls: true,
      cache: new NpmCache({ root, offline: true }),
    });
    expect(summary.byStatus).toEqual({ ok: 3 });
    expect(summary.items.map((item) => item.tools).every((tools) => tools > 0)).toBe(true);
    expect(await stat(packageDir(root, wellBehaved, await versionOf(wellBehaved))).catch(() => 'gone')).toBe('gone');
    expect(
      await stat(packageDir(root, '@mcp-atlas-fixture/mutable-server', await versionOf('@mcp-atlas-fixture/mutable-server'))).catch(
        () => 'gone',
      ),
    ).toBe('gone');
    // A package no source named stays; the fixture package the install linked to is untouched.
    expect((await stat(untouched)).isDirectory()).toBe(true);
    expect(await readdir(join(FIXTURE_PACKAGES, 'well-behaved'))).toContain('package.json');
    expect(summary.diskPeakBytes).toBeGreaterThanOrEqual(0);
  });
});
