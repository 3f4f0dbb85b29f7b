import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parsePolicy } from '../../policies-gen/index.ts';
import { FIXTURE_DATA, REPO } from '../site/fixture-site.ts';
import { registryValidators } from './registry-schema.ts';

const { serverList, serverResponse } = registryValidators();
const servers = readdirSync(join(FIXTURE_DATA, 'servers')).length;

/** The real CLI, started as a user would, serving the fixture catalogue on a free loopback port. */
describe('mcp-atlas registry over real HTTP', () => {
  let child: ChildProcess;
  let base = '';
  let exit: Promise<number | null>;

  beforeAll(async () => {
    child = spawn(process.execPath, ['scanner/bin/mcp-atlas.js', 'registry', '--data', FIXTURE_DATA, '--port', '0'], {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    exit = new Promise((resolve) => child.on('exit', resolve));
    base = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (chunk) => {
        out += chunk;
        if (out.includes('\n')) resolve(out.trim());
      });
      child.on('exit', (code) => reject(new Error(`registry exited with ${code}`)));
    });
  });

  afterAll(async () => {
    child?.kill('SIGTERM');
    await exit;
  });

  const get = async (path: string) => {
    const response = await fetch(`${base}${path}`);
    return { status: response.status, type: response.headers.get('content-type'), body: await response.text() };
  };

  test('listens on loopback and pages through every entry with the cursor', async () => {
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const names: string[] = [];
    let cursor = '';
    for (let page = 0; page < 20; page++) {
      const { status, type, body } = await get(`/v0.1/servers?limit=1${cursor === '' ? '' : `&cursor=${encodeURIComponent(cursor)}`}`);
      expect(status).toBe(200);
      expect(type).toContain('application/json');
      const list = JSON.parse(body);
      expect(serverList(list)).toEqual([]);
      expect(list.metadata.count).toBe(list.servers.length);
      names.push(...list.servers.map((e: { server: { name: string } }) => e.server.name));
      if (list.metadata.nextCursor === undefined) break;
      cursor = list.metadata.nextCursor;
    }
    expect(names).toHaveLength(servers);
    expect(new Set(names).size).toBe(servers);
    expect(names).toEqual([...names].sort());
    const all = JSON.parse((await get('/v0.1/servers')).body);
    expect(all.servers.map((e: { server: { name: string } }) => e.server.name)).toEqual(names);
  });

  test('serves one entry by URL-encoded name, latest or exact version, and its policy', async () => {
    const all = JSON.parse((await get('/v0.1/servers?search=acme')).body);
    expect(all.servers).toHaveLength(1);
    const { name, version } = all.servers[0].server;
    const latest = await get(`/v0.1/servers/${encodeURIComponent(name)}/versions/latest`);
    expect(latest.status).toBe(200);
    const entry = JSON.parse(latest.body);
    expect(serverResponse(entry)).toEqual([]);
    expect(entry).toEqual(all.servers[0]);
    expect(JSON.parse((await get(`/v0.1/servers/${encodeURIComponent(name)}/versions/${encodeURIComponent(version)}`)).body)).toEqual(
      entry,
    );
    expect(serverList(JSON.parse((await get(`/v0.1/servers/${encodeURIComponent(name)}/versions`)).body))).toEqual([]);
    expect((await get(`/v0.1/servers/${encodeURIComponent(name)}/versions/0.0.0-nope`)).status).toBe(404);
    const receipt = entry._meta['io.github.mcp-atlas/scan'];
    expect(receipt.policies.policylayer.startsWith(base)).toBe(true);
    const policy = await fetch(receipt.policies.policylayer);
    expect(parsePolicy(await policy.text(), 'live').default).toBe('deny');
  });

  test('filters by updated_since and version; refuses bad queries and methods', async () => {
    const all = JSON.parse((await get('/v0.1/servers')).body).servers as { _meta: Record<string, { updatedAt: string }> }[];
    const times = all.map((e) => e._meta['io.github.mcp-atlas/scan']!.updatedAt).sort();
    const since = JSON.parse((await get(`/v0.1/servers?updated_since=${encodeURIComponent(times[0]!)}`)).body);
    expect(since.servers.length).toBe(times.filter((t) => t > times[0]!).length);
    expect(JSON.parse((await get('/v0.1/servers?version=latest')).body).servers).toHaveLength(servers);
    expect(JSON.parse((await get('/v0.1/servers?version=9.9.9-none')).body).servers).toEqual([]);
    expect((await get('/v0.1/servers?limit=zero')).status).toBe(400);
    expect(JSON.parse((await get('/v0.1/servers?updated_since=soon')).body).error).toContain('updated_since');
    expect((await get('/v0.1/servers/no%2Fsuch/versions/latest')).status).toBe(404);
    expect((await fetch(`${base}/v0.1/servers`, { method: 'POST' })).status).toBe(405);
  });

  test('hostile names come back as JSON with no markup characters', async () => {
    const body = (await get('/v0.1/servers')).body;
    expect(body).not.toMatch(/[<>]/);
    expect(JSON.stringify(JSON.parse(body))).toContain('<script>');
  });
});

test('mcp-atlas registry refuses a bad port and invalid data', async () => {
  const run = (args: string[]) =>
    new Promise<number | null>((resolve) => {
      const c = spawn(process.execPath, ['scanner/bin/mcp-atlas.js', 'registry', ...args], { cwd: REPO, stdio: 'ignore' });
      c.on('exit', resolve);
    });
  expect(await run(['--port', 'http'])).toBe(2);
  expect(await run(['--data', join(REPO, 'no-such-dir')])).toBe(3);
  expect(readFileSync(join(REPO, 'scanner/cli/main.ts'), 'utf8')).toContain('registry: { summary');
});
