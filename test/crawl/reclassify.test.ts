// `npm run reclassify`: re-runs the classifier over saved records offline, rewriting only what changed,
// and regenerates the catalogue.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { ServerRecord } from '../../data/schema/index.ts';
import { crawl } from '../../scanner/crawl/crawl.ts';
import { NpmCache } from '../../scanner/crawl/npm-cache.ts';
import { stableStringify } from '../../scanner/crawl/stable-json.ts';
import { makeTestCache, NODE, npmSource, ROOT } from './helpers.ts';

const run = promisify(execFile);

describe('reclassify', () => {
  it('restores verdicts on records written by an older classifier and leaves current ones untouched', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'atlas-reclassify-')), 'data');
    const cache = new NpmCache({ root: await makeTestCache(), offline: true });
    await crawl(
      [
        { server: await npmSource('dev.mcp-atlas.fixture/well-behaved', '@mcp-atlas-fixture/well-behaved') },
        { server: await npmSource('io.github.modelcontextprotocol/server-memory', '@modelcontextprotocol/server-memory') },
      ],
      { out, cache },
    );
    const stale = join(out, 'servers', 'dev-mcp-atlas-fixture-well-behaved.json');
    const fresh = join(out, 'servers', 'io-github-modelcontextprotocol-server-memory.json');
    const original = await readFile(stale, 'utf8');
    const record = JSON.parse(original) as ServerRecord;
    // As an older crawl without a classifier would have written it.
    const stripped = {
      ...record,
      scan: { ...record.scan, tools: record.scan.tools.map(({ classification: _c, findings: _f, ...tool }) => tool) },
    };
    await writeFile(stale, stableStringify(stripped));
    await writeFile(join(out, 'catalogue.json'), '{}\n');
    const freshBefore = await stat(fresh);

    const { stderr } = await run(NODE, [join(ROOT, 'scanner', 'crawl', 'reclassify-script.ts'), out], { cwd: ROOT });
    expect(stderr).toMatch(/2 records, 1 changed, 0 unreadable/);
    expect(await readFile(stale, 'utf8')).toBe(original);
    expect((await stat(fresh)).mtimeMs).toBe(freshBefore.mtimeMs);
    const catalogue = JSON.parse(await readFile(join(out, 'catalogue.json'), 'utf8')) as {
      totals: { tools: number };
      byClass: Record<string, number>;
    };
    expect(Object.values(catalogue.byClass).reduce((a, b) => a + b, 0)).toBe(catalogue.totals.tools);
    expect(catalogue.totals.tools).toBeGreaterThan(record.scan.tools.length);
  }, 120_000);
});
