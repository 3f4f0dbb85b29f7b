// Crawls a small sources file of real servers (the dev-dependency @modelcontextprotocol servers and fixture
// packages) through the real CLI, then checks the records, the catalogue, incremental skipping and --force.
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CatalogueSummarySchema } from '../../data/schema/catalogue.ts';
import { ServerRecordSchema, type SourceEntry } from '../../data/schema/index.ts';
import { stableStringify } from '../../scanner/crawl/stable-json.ts';
import { makeTestCache, npmSource, readRecords, runCli } from './helpers.ts';

let cache: string;
let out: string;
let sourcesFile: string;
let sources: SourceEntry[];

/** A port on 127.0.0.1 that nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

beforeAll(async () => {
  cache = await makeTestCache();
  const work = await mkdtemp(join(tmpdir(), 'atlas-crawl-'));
  out = join(work, 'data');
  sourcesFile = join(work, 'sources.json');
  sources = [
    await npmSource('io.github.modelcontextprotocol/server-memory', '@modelcontextprotocol/server-memory', {
      environmentVariables: [{ name: 'MEMORY_FILE_PATH', description: 'Where to keep the graph', default: 'memory.jsonl' }],
    }),
    await npmSource('io.github.modelcontextprotocol/server-filesystem', '@modelcontextprotocol/server-filesystem', {
      packageArguments: [{ type: 'positional', valueHint: 'allowed_directory', isRequired: true }],
    }),
    await npmSource('io.github.modelcontextprotocol/server-everything', '@modelcontextprotocol/server-everything', {
      packageArguments: [{ type: 'positional', value: 'stdio' }],
    }),
    await npmSource('dev.mcp-atlas.fixture/well-behaved', '@mcp-atlas-fixture/well-behaved'),
    await npmSource('dev.mcp-atlas.fixture/needs-token', '@mcp-atlas-fixture/needs-token'),
    await npmSource('dev.mcp-atlas.fixture/declared-token', '@mcp-atlas-fixture/needs-token', {
      environmentVariables: [{ name: 'DECLARED_SECRET', isRequired: true, isSecret: true }],
    }),
    {
      name: 'io.github.example/python-server',
      description: 'A PyPI server',
      version: '0.1.0',
      packages: [{ registryType: 'pypi', identifier: 'example-mcp', version: '0.1.0', runtimeHint: 'uvx' }],
    },
    {
      name: 'io.github.example/closed-remote',
      description: 'Nothing listens here',
      version: '1.0.0',
      remotes: [{ type: 'streamable-http', url: `http://127.0.0.1:${await closedPort()}/mcp` }],
    },
  ];
  await writeFile(sourcesFile, JSON.stringify({ servers: sources }));
}, 120_000);

describe('crawl of real servers', () => {
  it('scans every source into one valid, stably ordered record and writes the catalogue', async () => {
    const { code, stderr, stdout } = await runCli(
      ['crawl', '--sources', sourcesFile, '--out', out, '--offline', '--concurrency', '2', '--timeout', '40', '--json'],
      {
        MCP_ATLAS_CACHE: cache,
      },
    );
    expect(code, stderr).toBe(0);
    const records = await readRecords(out);
    expect(records.size).toBe(sources.length);
    for (const [slug, record] of records) {
      expect(ServerRecordSchema.safeParse(record).success).toBe(true);
      const text = await readFile(join(out, 'servers', `${slug}.json`), 'utf8');
      expect(text).toBe(stableStringify(JSON.parse(text)));
    }
    const bySource = new Map([...records.values()].map((record) => [record.source.name, record]));
    const status = (name: string) => bySource.get(name)?.scan.status;
    expect(status('io.github.modelcontextprotocol/server-memory')).toBe('ok');
    expect(status('io.github.modelcontextprotocol/server-filesystem')).toBe('ok');
    expect(status('io.github.modelcontextprotocol/server-everything')).toBe('ok');
    expect(status('dev.mcp-atlas.fixture/well-behaved')).toBe('ok');
    expect(status('io.github.example/python-server')).toBe('unsupported_runtime');
    expect(status('io.github.example/closed-remote')).toBe('connection_refused');
    // Asked for in its error text; with a placeholder token it then needs its API: needs_network, the variable named.
    const needsToken = bySource.get('dev.mcp-atlas.fixture/needs-token');
    expect(needsToken?.scan.status).toBe('needs_network');
    expect(needsToken?.scan.requiredEnv).toEqual(['FIXTURE_API_TOKEN']);
    // Declared in the source entry, never passed.
    const declared = bySource.get('dev.mcp-atlas.fixture/declared-token');
    expect(declared?.scan.requiredEnv).toEqual(expect.arrayContaining(['DECLARED_SECRET', 'FIXTURE_API_TOKEN']));
    // The filesystem server got the temp folder, recorded as a placeholder; memory got its declared default.
    const filesystem = bySource.get('io.github.modelcontextprotocol/server-filesystem');
    expect(filesystem?.scan.transport).toMatchObject({ type: 'stdio', command: 'node' });
    expect(JSON.stringify(filesystem?.scan.transport)).toContain('<workdir>');
    expect(JSON.stringify(filesystem?.scan.transport)).not.toContain(cache);
    const memory = bySource.get('io.github.modelcontextprotocol/server-memory');
    expect(memory?.scan.transport).toMatchObject({ envNames: ['MEMORY_FILE_PATH'] });
    expect(memory?.packageVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(memory?.scan.tools.every((tool) => tool.classification !== undefined)).toBe(true);

    const okRecords = [...records.values()].filter((record) => record.scan.status === 'ok');
    const tools = okRecords.reduce((sum, record) => sum + record.scan.tools.length, 0);
    const catalogue = CatalogueSummarySchema.parse(JSON.parse(await readFile(join(out, 'catalogue.json'), 'utf8')));
    expect(catalogue.totals).toMatchObject({ servers: sources.length, okServers: okRecords.length, tools });
    expect(catalogue.byStatus.ok).toBe(okRecords.length);
    expect(Object.values(catalogue.byClass).reduce((a, b) => a + b, 0)).toBe(tools);
    expect(JSON.parse(stdout)).toMatchObject({ total: sources.length, skipped: 0 });
    expect(stderr).toMatch(
      new RegExp(`\\[\\s*\\d/${sources.length}\\] ok\\s+io\\.github\\.modelcontextprotocol/server-memory\\s+\\d+ tools\\s+\\d+\\.\\d s`),
    );
    expect(stderr).toMatch(/crawl: 8 servers in .*ok 4/);
  }, 180_000);

  it('skips unchanged servers on a rerun, leaving their files untouched, and rescans them with --force', async () => {
    const memoryFile = join(out, 'servers', 'io-github-modelcontextprotocol-server-memory.json');
    const before = await stat(memoryFile);
    const rerun = await runCli(
      [
        'crawl',
        '--sources',
        sourcesFile,
        '--out',
        out,
        '--offline',
        '--json',
        '--only',
        'io.github.modelcontextprotocol/server-memory',
        '--only',
        'io-github-example-python-server',
      ],
      {
        MCP_ATLAS_CACHE: cache,
      },
    );
    expect(rerun.code, rerun.stderr).toBe(0);
    const summary = JSON.parse(rerun.stdout) as { total: number; skipped: number; byStatus: Record<string, number> };
    // The unsupported entry never had a good scan, so it is tried again; memory is unchanged.
    expect(summary).toMatchObject({ total: 2, skipped: 1, byStatus: { unsupported_runtime: 1 } });
    expect((await stat(memoryFile)).mtimeMs).toBe(before.mtimeMs);

    const forced = await runCli(
      ['crawl', '--sources', sourcesFile, '--out', out, '--offline', '--json', '--force', '--only', '@modelcontextprotocol/server-memory'],
      {
        MCP_ATLAS_CACHE: cache,
      },
    );
    expect(forced.code, forced.stderr).toBe(0);
    expect(JSON.parse(forced.stdout)).toMatchObject({ total: 1, skipped: 0, byStatus: { ok: 1 } });
    const records = await readRecords(out);
    // Same tools, so no changes recorded.
    expect(records.get('io-github-modelcontextprotocol-server-memory')?.changes).toEqual([]);

    // A server dropped from the sources keeps its record, unless --prune.
    const shorter = join(dirname(sourcesFile), 'shorter.json');
    await writeFile(shorter, JSON.stringify({ servers: sources.filter((source) => source.name !== 'io.github.example/python-server') }));
    const pruned = await runCli(['crawl', '--sources', shorter, '--out', out, '--offline', '--prune', '--only', 'nothing-matches'], {
      MCP_ATLAS_CACHE: cache,
    });
    expect(pruned.code, pruned.stderr).toBe(0);
    expect((await readRecords(out)).has('io-github-example-python-server')).toBe(true);
    const prunedAll = await runCli(['crawl', '--sources', shorter, '--out', out, '--offline', '--prune', '--json'], {
      MCP_ATLAS_CACHE: cache,
    });
    expect(prunedAll.code, prunedAll.stderr).toBe(0);
    expect(JSON.parse(prunedAll.stdout)).toMatchObject({ removed: 1 });
    const left = await readRecords(out);
    expect(left.has('io-github-example-python-server')).toBe(false);
    expect(left.size).toBe(sources.length - 1);
  }, 120_000);
});
