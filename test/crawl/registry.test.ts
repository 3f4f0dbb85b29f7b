// The crawler against a local MCP Registry on 127.0.0.1 serving pages in the documented /v0.1 shape:
// pagination by cursor (metadata.nextCursor, and the older next_cursor), updated_since, deleted and deprecated
// entries, and an older snake_case server.json — all pointing at real installed packages.

import { mkdtemp } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crawl } from '../../scanner/crawl/crawl.ts';
import { loadRegistrySources } from '../../scanner/crawl/load-sources.ts';
import { NpmCache } from '../../scanner/crawl/npm-cache.ts';
import { listRegistryServers, OFFICIAL_META_KEY } from '../../scanner/registry/registry-client.ts';
import { makeTestCache, readRecords, runCli, versionOf } from './helpers.ts';

interface Listed {
  server: Record<string, unknown>;
  status: 'active' | 'deprecated' | 'deleted';
  updatedAt: string;
}

let registry: Server;
let baseUrl: string;
let cache: string;
let entries: Listed[];
const requests: URL[] = [];

function page(url: URL): unknown {
  const since = url.searchParams.get('updated_since');
  const visible = entries.filter((entry) => since === null || entry.updatedAt > since);
  const limit = Number(url.searchParams.get('limit') ?? '100');
  const cursor = url.searchParams.get('cursor');
  const start = cursor === null ? 0 : visible.findIndex((entry) => `${entry.server.name}:${entry.server.version}` === cursor) + 1;
  const slice = visible.slice(start, start + Math.min(limit, 2));
  const last = slice.at(-1);
  const more = start + slice.length < visible.length && last !== undefined;
  const next = more ? `${last.server.name}:${last.server.version}` : undefined;
  // The second page spells the cursor the older way.
  const metadata = start === 0 ? { nextCursor: next ?? '', count: slice.length } : { next_cursor: next, count: slice.length };
  return {
    servers: slice.map((entry) => ({
      server: entry.server,
      _meta: {
        [OFFICIAL_META_KEY]: { status: entry.status, publishedAt: '2025-01-01T10:30:00Z', updatedAt: entry.updatedAt, isLatest: true },
      },
    })),
    metadata,
  };
}

beforeAll(async () => {
  cache = await makeTestCache();
  const npm = async (identifier: string, extra: Record<string, unknown> = {}) => ({
    registryType: 'npm',
    identifier,
    version: await versionOf(identifier),
    transport: { type: 'stdio' },
    ...extra,
  });
  entries = [
    {
      server: {
        name: 'io.github.modelcontextprotocol/server-memory',
        description: 'Knowledge graph memory',
        version: '1.0.0',
        packages: [await npm('@modelcontextprotocol/server-memory')],
      },
      status: 'active',
      updatedAt: '2025-01-02T08:00:00Z',
    },
    {
      server: {
        name: 'io.github.modelcontextprotocol/server-everything',
        description: 'Exercises the protocol',
        version: '1.0.0',
        packages: [await npm('@modelcontextprotocol/server-everything', { packageArguments: [{ type: 'positional', value: 'stdio' }] })],
      },
      status: 'deprecated',
      updatedAt: '2025-01-03T08:00:00Z',
    },
    {
      // The older 2025-07 snake_case variant.
      server: {
        name: 'io.github.modelcontextprotocol/server-filesystem',
        description: 'Files',
        version: '1.0.0',
        website_url: 'https://example.com',
        packages: [
          {
            registry_type: 'npm',
            identifier: '@modelcontextprotocol/server-filesystem',
            version: await versionOf('@modelcontextprotocol/server-filesystem'),
            runtime_hint: 'npx',
            package_arguments: [{ type: 'positional', value_hint: 'allowed_directory', is_required: true }],
            environment_variables: [{ name: 'FS_MODE', default: 'strict', is_secret: false }],
          },
        ],
      },
      status: 'active',
      updatedAt: '2025-01-04T08:00:00Z',
    },
    {
      server: {
        name: 'io.github.removed/gone',
        description: 'Removed by moderation',
        version: '1.0.0',
        packages: [await npm('@mcp-atlas-fixture/well-behaved')],
      },
      status: 'deleted',
      updatedAt: '2025-01-05T08:00:00Z',
    },
    {
      server: {
        name: 'io.github.fixture/well-behaved',
        description: 'Fixture',
        version: '1.0.0',
        packages: [await npm('@mcp-atlas-fixture/well-behaved')],
      },
      status: 'active',
      updatedAt: '2025-01-06T08:00:00Z',
    },
  ];
  registry = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    requests.push(url);
    if (url.pathname !== '/v0.1/servers') {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(page(url)));
  });
  await new Promise<void>((resolve) => registry.listen(0, '127.0.0.1', resolve));
  const address = registry.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  baseUrl = `http://127.0.0.1:${address.port}`;
});

afterAll(() => new Promise<void>((resolve) => registry.close(() => resolve())));

describe('registry client', () => {
  it('follows nextCursor and next_cursor across pages and normalises snake_case entries', async () => {
    requests.length = 0;
    const listed = [];
    for await (const entry of listRegistryServers(baseUrl, { limit: 2 })) listed.push(entry);
    expect(listed.map((entry) => entry.server.name)).toEqual(entries.map((entry) => entry.server.name));
    expect(listed.map((entry) => entry.status)).toEqual(['active', 'deprecated', 'active', 'deleted', 'active']);
    expect(requests.length).toBe(3);
    expect(requests[1]?.searchParams.get('cursor')).toBe('io.github.modelcontextprotocol/server-everything:1.0.0');
    const filesystem = listed[2]?.server;
    expect(filesystem?.websiteUrl).toBe('https://example.com');
    expect(filesystem?.packages?.[0]).toMatchObject({
      registryType: 'npm',
      runtimeHint: 'npx',
      packageArguments: [{ type: 'positional', valueHint: 'allowed_directory', isRequired: true }],
      environmentVariables: [{ name: 'FS_MODE', default: 'strict', isSecret: false }],
    });
  });

  it('passes updated_since through and lists only newer entries', async () => {
    requests.length = 0;
    const sources = await loadRegistrySources(baseUrl, { updatedSince: '2025-01-04T00:00:00Z' });
    expect(sources.map((source) => source.server.name)).toEqual([
      'io.github.modelcontextprotocol/server-filesystem',
      'io.github.removed/gone',
      'io.github.fixture/well-behaved',
    ]);
    expect(requests.every((url) => url.searchParams.get('updated_since') === '2025-01-04T00:00:00Z')).toBe(true);
  });
});

describe('crawl --registry', () => {
  it('crawls the registry, drops deleted entries, marks deprecated ones, then applies an incremental deletion', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'atlas-registry-')), 'data');
    const first = await runCli(['crawl', '--registry', baseUrl, '--out', out, '--offline', '--concurrency', '2', '--json'], {
      MCP_ATLAS_CACHE: cache,
    });
    expect(first.code, first.stderr).toBe(0);
    let records = await readRecords(out);
    expect([...records.keys()].sort()).toEqual([
      'io-github-fixture-well-behaved',
      'io-github-modelcontextprotocol-server-everything',
      'io-github-modelcontextprotocol-server-filesystem',
      'io-github-modelcontextprotocol-server-memory',
    ]);
    expect([...records.values()].every((record) => record.scan.status === 'ok')).toBe(true);
    expect(records.get('io-github-modelcontextprotocol-server-everything')?.registryStatus).toBe('deprecated');
    expect(records.get('io-github-modelcontextprotocol-server-memory')?.registryStatus).toBeUndefined();
    expect(records.get('io-github-modelcontextprotocol-server-filesystem')?.scan.transport).toMatchObject({ envNames: ['FS_MODE'] });

    // Later, moderation deletes memory and everything is no longer deprecated: an incremental sync applies both.
    const memory = entries[0];
    const everything = entries[1];
    if (memory === undefined || everything === undefined) throw new Error('fixture entries missing');
    memory.status = 'deleted';
    memory.updatedAt = '2025-02-01T00:00:00Z';
    everything.status = 'active';
    everything.updatedAt = '2025-02-01T00:00:00Z';
    const summary = await crawl(await loadRegistrySources(baseUrl, { updatedSince: '2025-01-31T00:00:00Z' }), {
      out,
      cache: new NpmCache({ root: cache, offline: true }),
    });
    expect(summary).toMatchObject({ total: 2, removed: 1, skipped: 1 });
    records = await readRecords(out);
    expect(records.has('io-github-modelcontextprotocol-server-memory')).toBe(false);
    expect(records.get('io-github-modelcontextprotocol-server-everything')?.registryStatus).toBeUndefined();
    expect(summary.catalogue.totals.servers).toBe(3);
  }, 180_000);
});
