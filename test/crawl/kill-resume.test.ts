// Starts the real CLI crawl, kills it with SIGKILL while servers are in flight, reruns it:
// nothing lost, nothing duplicated, no partial files.
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { ServerRecordSchema } from '../../data/schema/index.ts';
import { makeTestCache, NODE, npmSource, ROOT, readRecords, runCli } from './helpers.ts';

const COUNT = 8;

describe('kill and resume', () => {
  it('loses at most the servers in flight and finishes the rest on the next run', async () => {
    const cache = await makeTestCache();
    const work = await mkdtemp(join(tmpdir(), 'atlas-kill-'));
    const out = join(work, 'data');
    const sourcesFile = join(work, 'sources.json');
    const servers = await Promise.all(
      Array.from({ length: COUNT }, (_, i) =>
        npmSource(`dev.mcp-atlas.fixture/slow-${i}`, '@mcp-atlas-fixture/mutable-server', {
          environmentVariables: [{ name: 'FIXTURE_SLOW_MS', default: '1200' }],
        }),
      ),
    );
    await writeFile(sourcesFile, JSON.stringify({ servers }));
    const args = [
      join(ROOT, 'scanner', 'bin', 'mcp-atlas.js'),
      'crawl',
      '--sources',
      sourcesFile,
      '--out',
      out,
      '--offline',
      '--concurrency',
      '2',
    ];
    const child = spawn(NODE, args, { cwd: ROOT, env: { ...process.env, MCP_ATLAS_CACHE: cache }, stdio: 'ignore', detached: true });
    const serversDir = join(out, 'servers');
    const finished = async () =>
      (await readdir(serversDir).catch(() => [] as string[])).filter((name) => name.endsWith('.json') && !name.startsWith('.'));
    for (let waited = 0; (await finished()).length < 3; waited += 100) {
      if (waited > 60_000) throw new Error('the crawl wrote nothing in 60 s');
      await sleep(100);
    }
    // Kill the whole group (the CLI and the servers it started), as a crash or an OOM kill would.
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    await new Promise((resolve) => child.on('close', resolve));
    const survivors = await finished();
    expect(survivors.length).toBeGreaterThanOrEqual(3);
    expect(survivors.length).toBeLessThan(COUNT);
    for (const name of survivors)
      expect(ServerRecordSchema.safeParse(JSON.parse(await readFile(join(serversDir, name), 'utf8'))).success).toBe(true);

    const rerun = await runCli(['crawl', '--sources', sourcesFile, '--out', out, '--offline', '--concurrency', '2', '--json'], {
      MCP_ATLAS_CACHE: cache,
    });
    expect(rerun.code, rerun.stderr).toBe(0);
    const summary = JSON.parse(rerun.stdout) as { total: number; skipped: number; byStatus: Record<string, number> };
    expect(summary.total).toBe(COUNT);
    expect(summary.skipped).toBe(survivors.length);
    expect(summary.byStatus.ok).toBe(COUNT - survivors.length);
    const all = await readdir(serversDir);
    expect(all.filter((name) => name.startsWith('.'))).toEqual([]);
    const records = await readRecords(out);
    expect(records.size).toBe(COUNT);
    expect(new Set([...records.values()].map((record) => record.source.name)).size).toBe(COUNT);
    expect([...records.values()].every((record) => record.scan.status === 'ok')).toBe(true);
  }, 180_000);
});
