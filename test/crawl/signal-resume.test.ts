// The real CLI crawl stopped by SIGINT or SIGTERM while servers are in flight: exit 128 + signal, no server left
// running, no scratch left, finished records kept and catalogue.json written; the rerun finishes the rest,
// nothing lost or duplicated.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { CatalogueSummarySchema } from '../../data/schema/catalogue.ts';
import { EXIT_CODES } from '../../scanner/cli/exit-codes.ts';
import { MARKER_VARIABLE, newMarker, survivorsAfter } from '../helpers/processes.ts';
import { cgroupsOf, haveSandbox } from '../helpers/sandbox.ts';
import { makeTestCache, NODE, npmSource, ROOT, readRecords, runCli } from './helpers.ts';

const SLOW = 6;

describe.skipIf(!haveSandbox)('a crawl stopped by a signal', () => {
  it.each([
    ['SIGINT', EXIT_CODES.INTERRUPTED_SIGINT],
    ['SIGTERM', EXIT_CODES.INTERRUPTED_SIGTERM],
  ] as const)('%s: keeps what finished, writes the catalogue, leaves nothing running, and resumes', async (signal, exitCode) => {
    const cache = await makeTestCache();
    const work = mkdtempSync(join(tmpdir(), 'atlas-signal-'));
    const tmp = join(work, 'tmp');
    mkdirSync(tmp);
    const out = join(work, 'data');
    const sourcesFile = join(work, 'sources.json');
    const marker = newMarker();
    const markerVariable = { name: MARKER_VARIABLE, default: marker };
    const servers = [
      await npmSource('io.github.modelcontextprotocol/server-memory', '@modelcontextprotocol/server-memory', {
        environmentVariables: [markerVariable],
      }),
      ...(await Promise.all(
        Array.from({ length: SLOW }, (_, i) =>
          npmSource(`dev.mcp-atlas.fixture/slow-${i}`, '@mcp-atlas-fixture/mutable-server', {
            environmentVariables: [{ name: 'FIXTURE_SLOW_MS', default: '1500' }, markerVariable],
          }),
        ),
      )),
    ];
    await writeFile(sourcesFile, JSON.stringify({ servers }));
    const args = ['crawl', '--sources', sourcesFile, '--out', out, '--offline', '--concurrency', '2'];
    const child = spawn(NODE, [join(ROOT, 'scanner', 'bin', 'mcp-atlas.js'), ...args], {
      cwd: ROOT,
      env: { ...process.env, MCP_ATLAS_CACHE: cache, TMPDIR: tmp },
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const serversDir = join(out, 'servers');
    const finished = () =>
      readdirSync(serversDir, { withFileTypes: true }).filter((e) => e.name.endsWith('.json') && !e.name.startsWith('.'));
    for (
      let waited = 0;
      (() => {
        try {
          return finished().length;
        } catch {
          return 0;
        }
      })() < 2;
      waited += 100
    ) {
      if (waited > 60_000) throw new Error('the crawl wrote nothing in 60 s');
      await sleep(100);
    }
    child.kill(signal);
    expect(await exited).toBe(exitCode);
    expect(await survivorsAfter(marker, 2_000)).toEqual([]);
    expect(readdirSync(tmp)).toEqual([]);
    expect(cgroupsOf(child.pid as number)).toEqual([]);
    const kept = finished().length;
    expect(kept).toBeGreaterThanOrEqual(2);
    expect(kept).toBeLessThan(servers.length);
    // The index was regenerated on the way out and counts exactly the records on disk.
    const catalogue = CatalogueSummarySchema.parse(JSON.parse(await readFile(join(out, 'catalogue.json'), 'utf8')));
    expect(catalogue.totals.servers).toBe(kept);
    expect(readdirSync(serversDir).filter((name) => name.startsWith('.'))).toEqual([]);

    const rerun = await runCli([...args, '--json'], { MCP_ATLAS_CACHE: cache });
    expect(rerun.code, rerun.stderr).toBe(0);
    const summary = JSON.parse(rerun.stdout) as { total: number; skipped: number; byStatus: Record<string, number> };
    expect(summary.total).toBe(servers.length);
    expect(summary.skipped).toBe(kept);
    expect(summary.byStatus).toEqual({ ok: servers.length - kept });
    const records = await readRecords(out);
    expect([...records.keys()].sort()).toEqual(
      ['io-github-modelcontextprotocol-server-memory', ...Array.from({ length: SLOW }, (_, i) => `dev-mcp-atlas-fixture-slow-${i}`)].sort(),
    );
    for (const record of records.values()) expect(record.scan.status).toBe('ok');
    expect(await survivorsAfter(marker, 1_000)).toEqual([]);
  });
});
