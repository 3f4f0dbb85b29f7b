// Registry entries as a real registry (or a subregistry that ignores `version=latest`) lists them: several versions of
// one name, an old version deleted by moderation, a package type the crawler does not know beside a remote, and
// `{variable}` placeholders in arguments, environment values, headers and the remote URL. Served by a local registry
// on 127.0.0.1; the remote is a real Streamable HTTP MCP server (the fixture) that wants a bearer token.

import { mkdtemp } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Package, SourceEntry } from '../../data/schema/index.ts';
import { loadRegistrySources } from '../../scanner/crawl/load-sources.ts';
import { buildArguments, buildEnvironment, fillVariables, planScan } from '../../scanner/crawl/resolve-target.ts';
import { compareSemver, latestPerName, parseSemver, pickLatestVersion } from '../../scanner/registry/latest-version.ts';
import { normaliseServerJson } from '../../scanner/registry/normalize.ts';
import { OFFICIAL_META_KEY, type RegistryEntry } from '../../scanner/registry/registry-client.ts';
import { type HttpFixture, startHttpFixture } from '../helpers/http-fixture.ts';
import { makeTestCache, readRecords, runCli, versionOf } from './helpers.ts';

interface Listed {
  server: Record<string, unknown>;
  status: 'active' | 'deprecated' | 'deleted';
  isLatest?: boolean;
  publishedAt: string;
}

let registry: Server;
let baseUrl: string;
let remote: HttpFixture;
let cache: string;
let listed: Listed[];
const requests: URL[] = [];

const entry = (server: Partial<SourceEntry> & { name: string }, extra: Partial<RegistryEntry> = {}): RegistryEntry => ({
  server,
  status: 'active',
  ...extra,
});

beforeAll(async () => {
  cache = await makeTestCache();
  remote = await startHttpFixture('auth');
  const port = new URL(remote.url).port;
  const memory = {
    registryType: 'npm',
    identifier: '@modelcontextprotocol/server-memory',
    version: await versionOf('@modelcontextprotocol/server-memory'),
  };
  // This registry ignores `version=latest` and lists every version, in text order of the version (1.10 before 1.9).
  listed = [
    {
      server: { name: 'io.github.fixture/versions', version: '1.10.0', description: 'ten', packages: [memory] },
      status: 'active',
      publishedAt: '2025-03-01T00:00:00Z',
    },
    {
      server: { name: 'io.github.fixture/versions', version: '1.9.0', description: 'nine', packages: [memory] },
      status: 'active',
      publishedAt: '2025-02-01T00:00:00Z',
    },
    {
      server: { name: 'io.github.fixture/old-deleted', version: '2.0.0', description: 'current', packages: [memory] },
      status: 'active',
      isLatest: true,
      publishedAt: '2025-03-01T00:00:00Z',
    },
    {
      // An old release removed by moderation: the server stays.
      server: { name: 'io.github.fixture/old-deleted', version: '1.0.0', description: 'old', packages: [memory] },
      status: 'deleted',
      isLatest: false,
      publishedAt: '2025-01-01T00:00:00Z',
    },
    {
      // A package type the crawler does not know, and a remote whose host and token come from variables.
      server: {
        name: 'io.github.fixture/cargo-and-remote',
        version: '0.3.0',
        description: 'A Rust server, also hosted',
        packages: [{ registryType: 'cargo', identifier: 'fixture-mcp', version: '0.3.0' }],
        remotes: [
          {
            type: 'streamable-http',
            url: 'http://{host}:{port}/mcp',
            variables: { host: { default: '127.0.0.1' }, port: { value: port } },
            headers: [{ name: 'Authorization', value: 'Bearer {token}', isRequired: true, variables: { token: { default: 'let-me-in' } } }],
          },
        ],
      },
      status: 'active',
      publishedAt: '2025-03-01T00:00:00Z',
    },
  ];
  registry = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    requests.push(url);
    const servers = listed.map((item) => ({
      server: item.server,
      _meta: {
        [OFFICIAL_META_KEY]: {
          status: item.status,
          publishedAt: item.publishedAt,
          updatedAt: item.publishedAt,
          ...(item.isLatest === undefined ? {} : { isLatest: item.isLatest }),
        },
      },
    }));
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ servers, metadata: { count: servers.length } }));
  });
  await new Promise<void>((resolve) => registry.listen(0, '127.0.0.1', resolve));
  const address = registry.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  baseUrl = `http://127.0.0.1:${address.port}`;
});

afterAll(async () => {
  await remote.close();
  await new Promise<void>((resolve) => registry.close(() => resolve()));
});

describe('which version of a name the catalogue holds', () => {
  it('orders versions by semver precedence, not as text', () => {
    const order = [
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
      '1.9.0',
      '1.10.0',
      'v2.0.0',
    ];
    const parsed = order.map((version) => parseSemver(version));
    expect(parsed.every((version) => version !== undefined)).toBe(true);
    for (let i = 1; i < parsed.length; i++)
      expect(compareSemver(parsed[i - 1]!, parsed[i]!), `${order[i - 1]} < ${order[i]}`).toBeLessThan(0);
    expect(parseSemver('2025-01')).toBeUndefined();
    expect(parseSemver('1.2')).toBeUndefined();
  });

  it('prefers isLatest, then the highest semver, then a semver over a non-semver, then the later publishedAt', () => {
    const pick = (...entries: RegistryEntry[]) => pickLatestVersion(entries)?.server.version;
    expect(pick(entry({ name: 'a', version: '1.10.0' }), entry({ name: 'a', version: '1.9.0' }))).toBe('1.10.0');
    expect(pick(entry({ name: 'a', version: '3.0.0' }), entry({ name: 'a', version: '2.0.0' }, { isLatest: true }))).toBe('2.0.0');
    expect(pick(entry({ name: 'a', version: 'nightly' }), entry({ name: 'a', version: '0.1.0' }))).toBe('0.1.0');
    expect(
      pick(
        entry({ name: 'a', version: 'build-b' }, { publishedAt: '2025-02-01T00:00:00Z' }),
        entry({ name: 'a', version: 'build-a' }, { publishedAt: '2025-01-01T00:00:00Z' }),
      ),
    ).toBe('build-b');
  });

  it('keeps a server whose old version was deleted, and deletes one only when its latest version is', () => {
    const kept = latestPerName([
      entry({ name: 'a', version: '1.0.0' }, { status: 'deleted', isLatest: false }),
      entry({ name: 'a', version: '2.0.0' }, { isLatest: true }),
      entry({ name: 'b', version: '1.0.0' }, { status: 'deleted' }),
    ]);
    expect(kept.map((item) => [item.server.name, item.server.version, item.status])).toEqual([
      ['a', '2.0.0', 'active'],
      ['b', '1.0.0', 'deleted'],
    ]);
  });
});

describe('the registry client', () => {
  it('asks for the latest versions, with deleted servers on a full listing and without on an incremental one', async () => {
    requests.length = 0;
    await loadRegistrySources(baseUrl);
    await loadRegistrySources(baseUrl, { updatedSince: '2025-01-01T00:00:00Z' });
    expect(requests.map((url) => [url.searchParams.get('version'), url.searchParams.get('include_deleted')])).toEqual([
      ['latest', 'true'],
      ['latest', null],
    ]);
  });

  it('lists one source per name, its latest version, with an unknown package type kept', async () => {
    const sources = await loadRegistrySources(baseUrl);
    expect(sources.map((source) => [source.server.name, source.server.version, source.status])).toEqual([
      ['io.github.fixture/versions', '1.10.0', 'active'],
      ['io.github.fixture/old-deleted', '2.0.0', 'active'],
      ['io.github.fixture/cargo-and-remote', '0.3.0', 'active'],
    ]);
    expect(sources[2]?.server.packages?.[0]?.registryType).toBe('cargo');
  });

  it('reads the version of a preview entry from version_detail', () => {
    const server = normaliseServerJson({
      name: 'io.github.fixture/preview',
      version_detail: { version: '0.0.1', is_latest: true },
    }) as SourceEntry;
    expect(server.version).toBe('0.0.1');
  });
});

describe('placeholders and package types in a plan', () => {
  it('fills {variables} from value, else default, and leaves secret or unknown ones named', () => {
    const missing: string[] = [];
    expect(fillVariables('--db={db}/{name}', { db: { value: 'sqlite' }, name: { default: 'main' } }, missing)).toBe('--db=sqlite/main');
    expect(fillVariables('{token}-{nobody}', { token: { default: 'x', isSecret: true } }, missing)).toBe('{token}-{nobody}');
    expect(missing).toEqual(['token', 'nobody']);
  });

  it('fills arguments and environment values, and names the credential a secret variable stands for', () => {
    const pkg: Package = {
      registryType: 'npm',
      identifier: 'x',
      packageArguments: [
        { type: 'named', name: '--workspace', value: '{org}-prod', variables: { org: { default: 'acme' } } },
        { type: 'positional', value: 'mode={mode}', variables: { mode: { value: 'stdio' } } },
      ],
      environmentVariables: [
        { name: 'API_URL', value: 'https://{region}.example.invalid', variables: { region: { default: 'eu' } } },
        { name: 'AUTH', value: 'Bearer {api_key}', isRequired: true, variables: { api_key: { isSecret: true } } },
      ],
    };
    expect(buildArguments(pkg)).toEqual(['--workspace', 'acme-prod', 'mode=stdio']);
    expect(buildEnvironment(pkg)).toEqual({ env: { API_URL: 'https://eu.example.invalid' }, requiredEnv: ['AUTH', 'api_key'] });
  });

  it('plans a remote over a package type it does not know, and an unknown type alone as unsupported, naming it', () => {
    expect(planScan(listed[4]!.server as SourceEntry)).toMatchObject({
      kind: 'remote',
      url: remote.url,
      headers: { Authorization: 'Bearer let-me-in' },
      requiredEnv: [],
    });
    const alone = planScan({ name: 'x', packages: [{ registryType: 'cargo', identifier: 'fixture-mcp' }] });
    expect(alone).toMatchObject({ kind: 'unsupported', command: 'cargo' });
    expect(alone.kind === 'unsupported' && alone.reason).toContain('unknown package type `cargo`');
    // A hostile type cannot reach Object.prototype through the runtime table.
    expect(planScan({ name: 'x', packages: [{ registryType: 'constructor', identifier: 'y' }] })).toMatchObject({
      kind: 'unsupported',
      command: 'constructor',
    });
  });
});

describe('crawl --registry with versions, deletions, variables and an unknown package type', () => {
  it('records the latest versions and reaches the remote with the filled URL and header', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'atlas-registry-versions-')), 'data');
    const run = await runCli(['crawl', '--registry', baseUrl, '--out', out, '--offline', '--concurrency', '2', '--json'], {
      MCP_ATLAS_CACHE: cache,
    });
    expect(run.code, run.stderr).toBe(0);
    const records = await readRecords(out);
    expect([...records.keys()].sort()).toEqual([
      'io-github-fixture-cargo-and-remote',
      'io-github-fixture-old-deleted',
      'io-github-fixture-versions',
    ]);
    expect(records.get('io-github-fixture-versions')?.source.version).toBe('1.10.0');
    expect(records.get('io-github-fixture-old-deleted')?.source.description).toBe('current');
    const hosted = records.get('io-github-fixture-cargo-and-remote');
    expect(hosted?.scan.status).toBe('ok');
    expect(hosted?.scan.tools.length).toBeGreaterThan(0);
    expect(hosted?.source.packages?.[0]?.registryType).toBe('cargo');
    expect(remote.seenHeaders.has('authorization')).toBe(true);
  }, 180_000);
});
