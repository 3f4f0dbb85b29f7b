// Crawls the fixture packages that refuse to list their tools until they get something (a variable, a flag, a
// credentials file, the stdio flag) and those that cannot list them here at all (network, local service, a broken
// import): real processes started by the real crawler, with the statuses and placeholders each record must show.
import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ServerRecord, ServerRecordSchema } from '../../data/schema/index.ts';
import { crawl } from '../../scanner/crawl/crawl.ts';
import { NpmCache } from '../../scanner/crawl/npm-cache.ts';
import { PLACEHOLDER_SECRET } from '../../scanner/crawl/placeholders.ts';
import { makeTestCache, npmSource, readRecords } from './helpers.ts';

let records: Map<string, ServerRecord>;

/** A port on 127.0.0.1 that nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

const fixture = (name: string, extra = {}) => npmSource(`dev.mcp-atlas.fixture/${name}`, `@mcp-atlas-fixture/${name}`, extra);
const record = (name: string): ServerRecord => {
  const found = records.get(`dev-mcp-atlas-fixture-${name}`);
  if (found === undefined) throw new Error(`no record for ${name}`);
  return found;
};

beforeAll(async () => {
  const cache = await makeTestCache();
  const out = join(await mkdtemp(join(tmpdir(), 'atlas-placeholders-')), 'data');
  const port = String(await closedPort());
  const sources = await Promise.all([
    fixture('token-checker'),
    fixture('needs-token'),
    fixture('flag-token'),
    fixture('credentials-file'),
    fixture('http-listener'),
    fixture('needs-service', { environmentVariables: [{ name: 'FIXTURE_DB_PORT', value: port }] }),
    fixture('broken-import'),
    fixture('well-behaved', {
      packageArguments: [{ type: 'named', name: '--api-key', isRequired: true, valueHint: 'api_key' }],
    }),
  ]);
  const summary = await crawl(
    sources.map((server) => ({ server })),
    {
      out,
      cache: new NpmCache({ root: cache, offline: true }),
      concurrency: 2,
      scanOptions: { connectTimeoutMs: 4000, requestTimeoutMs: 4000, totalTimeoutMs: 10_000 },
    },
  );
  expect(summary.errors).toBe(0);
  records = await readRecords(out);
  for (const found of records.values()) expect(ServerRecordSchema.safeParse(found).success).toBe(true);
}, 120_000);

describe('placeholders', () => {
  it('a variable the server names gets a placeholder, and the tools are listed as such', () => {
    const scan = record('token-checker').scan;
    expect(scan.status).toBe('ok');
    expect(scan.tools.length).toBeGreaterThan(0);
    expect(scan.credentials).toBe('placeholder');
    expect(scan.placeholders).toEqual(['FIXTURE_SERVICE_KEY']);
    expect(scan.requiredEnv).toEqual(['FIXTURE_SERVICE_KEY']);
    expect(scan.transport).toMatchObject({ envNames: ['FIXTURE_SERVICE_KEY'] });
  });

  it('a credential flag from the usage text gets a placeholder value', () => {
    const scan = record('flag-token').scan;
    expect(scan.status).toBe('ok');
    expect(scan.credentials).toBe('placeholder');
    expect(scan.placeholders).toEqual(['--access-token']);
    expect(scan.transport.type === 'stdio' && scan.transport.args.slice(-2)).toEqual(['--access-token', PLACEHOLDER_SECRET]);
  });

  it('a credentials file the server failed to open under HOME becomes a stub in the scratch folder', () => {
    const scan = record('credentials-file').scan;
    expect(scan.status).toBe('ok');
    expect(scan.credentials).toBe('placeholder');
    expect(scan.placeholders).toEqual(['file:~/.fixture-mcp/credentials.json']);
  });

  it('a required registry argument with a credential hint is passed a placeholder', () => {
    const scan = record('well-behaved').scan;
    expect(scan.status).toBe('ok');
    expect(scan.credentials).toBe('placeholder');
    expect(scan.placeholders).toEqual(['--api-key']);
  });

  it('a server that opened an HTTP listener is retried with --stdio', () => {
    const scan = record('http-listener').scan;
    expect(scan.status).toBe('ok');
    expect(scan.credentials).toBeUndefined();
    expect(scan.transport.type === 'stdio' && scan.transport.args.at(-1)).toBe('--stdio');
  });
});

describe('what cannot be listed here', () => {
  it('needs_network: given a placeholder, the server calls its API', () => {
    const scan = record('needs-token').scan;
    expect(scan.status).toBe('needs_network');
    expect(scan.error?.code).toBe('NEEDS_NETWORK');
    expect(scan.error?.message).toMatch(/calls its API at start/);
    expect(scan.requiredEnv).toEqual(['FIXTURE_API_TOKEN']);
    expect(scan.credentials).toBeUndefined();
  });

  it('needs_service: a refused connection to a loopback port names the port', () => {
    const scan = record('needs-service').scan;
    expect(scan.status).toBe('needs_service');
    expect(scan.error?.message).toMatch(/^needs a service on local port \d+ running on 127\.0\.0\.1:\d+ to start/);
  });

  it('broken: an undeclared import names the package', () => {
    const scan = record('broken-import').scan;
    expect(scan.status).toBe('broken');
    expect(scan.error?.code).toBe('MISSING_DEPENDENCY');
    expect(scan.error?.message).toMatch(/^imports mcp-atlas-undeclared-dependency, which its package\.json does not declare/);
  });
});
