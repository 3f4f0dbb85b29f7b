// --shard I/N partitions the sources deterministically; the union of the shards is the whole crawl,
// with no overlap, and `mcp-atlas merge` combines the shard outputs into the same catalogue.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SourceEntry } from '../../data/schema/index.ts';
import { inShard, parseShard } from '../../scanner/crawl/shard.ts';
import { makeTestCache, npmSource, readRecords, runCli } from './helpers.ts';

let cache: string;
let work: string;
let sourcesFile: string;
let servers: SourceEntry[];

beforeAll(async () => {
  cache = await makeTestCache();
  work = await mkdtemp(join(tmpdir(), 'atlas-shard-'));
  sourcesFile = join(work, 'sources.json');
  // Two real servers plus quick entries (other runtimes) so that every shard gets several.
  servers = [
    await npmSource('io.github.modelcontextprotocol/server-memory', '@modelcontextprotocol/server-memory'),
    await npmSource('dev.mcp-atlas.fixture/well-behaved', '@mcp-atlas-fixture/well-behaved'),
    ...Array.from({ length: 14 }, (_, i) => ({
      name: `io.github.example/tool-${i}`,
      description: 'An OCI server',
      version: '1.0.0',
      packages: [{ registryType: 'oci' as const, identifier: `ghcr.io/example/tool-${i}:1.0.0` }],
    })),
  ];
  await writeFile(sourcesFile, JSON.stringify({ servers }));
});

describe('sharding', () => {
  it('puts every name in exactly one shard', () => {
    for (const count of [1, 2, 3, 7]) {
      for (const server of servers) {
        const owners = Array.from({ length: count }, (_, i) => inShard(server.name, { index: i + 1, count })).filter(Boolean);
        expect(owners).toHaveLength(1);
      }
    }
    expect(() => parseShard('0/3')).toThrow(/I\/N/);
    expect(() => parseShard('4/3')).toThrow(/I\/N/);
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
  });

  it('crawls three shards whose union is the whole crawl, and merges them into the same catalogue', async () => {
    const whole = join(work, 'whole');
    const full = await runCli(['crawl', '--sources', sourcesFile, '--out', whole, '--offline', '--concurrency', '2'], {
      MCP_ATLAS_CACHE: cache,
    });
    expect(full.code, full.stderr).toBe(0);
    const shardDirs = [1, 2, 3].map((i) => join(work, `shard-${i}`));
    const seen = new Map<string, number>();
    for (const [i, dir] of shardDirs.entries()) {
      const result = await runCli(['crawl', '--sources', sourcesFile, '--out', dir, '--offline', '--shard', `${i + 1}/3`], {
        MCP_ATLAS_CACHE: cache,
      });
      expect(result.code, result.stderr).toBe(0);
      for (const slug of (await readRecords(dir)).keys()) seen.set(slug, (seen.get(slug) ?? 0) + 1);
    }
    const wholeRecords = await readRecords(whole);
    expect([...seen.keys()].sort()).toEqual([...wholeRecords.keys()].sort());
    expect([...seen.values()].every((count) => count === 1)).toBe(true);
    expect(wholeRecords.size).toBe(servers.length);

    const merged = join(work, 'merged');
    const merge = await runCli(['merge', ...shardDirs, '--out', merged, '--json']);
    expect(merge.code, merge.stderr).toBe(0);
    expect(JSON.parse(merge.stdout)).toMatchObject({ written: servers.length, conflicts: [] });
    const mergedRecords = await readRecords(merged);
    expect([...mergedRecords.keys()].sort()).toEqual([...wholeRecords.keys()].sort());
    const catalogue = (dir: string) =>
      readFile(join(dir, 'catalogue.json'), 'utf8').then(
        (text) => JSON.parse(text) as { totals: unknown; byStatus: unknown; byClass: unknown },
      );
    const [a, b] = await Promise.all([catalogue(whole), catalogue(merged)]);
    expect(b.totals).toEqual(a.totals);
    expect(b.byStatus).toEqual(a.byStatus);
    expect(b.byClass).toEqual(a.byClass);
  }, 180_000);

  it('runs the crawl workflow: shards start from the catalogue (--from), and their merge is the catalogue, history kept', async () => {
    // The published catalogue: the whole crawl above, rescanned with --force so every record has two attempts.
    const published = join(work, 'whole');
    const again = await runCli(['crawl', '--sources', sourcesFile, '--out', published, '--offline', '--force'], { MCP_ATLAS_CACHE: cache });
    expect(again.code, again.stderr).toBe(0);
    const before = await readRecords(published);
    // Each shard job: `crawl --shard I/N --from <catalogue> --out shard-I` (nothing changed, so nothing is rescanned).
    const shardDirs = [1, 2].map((i) => join(work, `from-shard-${i}`));
    for (const [i, dir] of shardDirs.entries()) {
      const result = await runCli(
        ['crawl', '--sources', sourcesFile, '--from', published, '--out', dir, '--offline', '--shard', `${i + 1}/2`, '--json'],
        { MCP_ATLAS_CACHE: cache },
      );
      expect(result.code, result.stderr).toBe(0);
      const summary = JSON.parse(result.stdout) as { total: number; skipped: number };
      const written = await readRecords(dir);
      expect(written.size).toBe(summary.total);
      // Good scans are unchanged and skipped; the others (other runtimes) are retried, as on every run.
      const good = [...written.values()].filter((record) => record.scan.status === 'ok');
      expect(summary.skipped).toBe(good.length);
    }
    // The merge job.
    const merged = join(work, 'from-merged');
    const merge = await runCli(['merge', ...shardDirs, '--out', merged, '--json']);
    expect(merge.code, merge.stderr).toBe(0);
    const after = await readRecords(merged);
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    for (const [slug, record] of before) {
      if (record.scan.status === 'ok') expect(after.get(slug), slug).toEqual(record);
      else expect(after.get(slug)?.firstSeen, slug).toBe(record.firstSeen);
    }
    expect([...before.values()].filter((record) => record.scan.status === 'ok').length).toBe(2);
    // A typo in --from stops the crawl instead of rescanning everything from nothing.
    const typo = await runCli([
      'crawl',
      '--sources',
      sourcesFile,
      '--from',
      join(work, 'no-such-dir'),
      '--out',
      join(work, 'x'),
      '--offline',
    ]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('no servers/ folder');
  }, 180_000);
});
