// `mcp-atlas guard` starts a stdio server in the bubblewrap sandbox by default, as a client config runs it: the
// red-team server (test/fixtures/servers/snoop.ts) gets the environment the config gives the guard, and nothing of
// the user's files, of the guard's parent processes (through /proc), or of the host outside --allow-write paths.
// Unlike `scan`, it keeps the host's network unless --no-network. The same server with --no-sandbox does read the
// secret, which shows these checks can fail.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAlive, MARKER_VARIABLE, newMarker, processesWithMarker } from '../helpers/processes.ts';
import { BIN, fixtureCommand, NODE, runCli } from '../helpers/run-cli.ts';
import { haveSandbox } from '../helpers/sandbox.ts';
import { initializeThroughGuard } from './helpers.ts';

const canary = `guard-canary-${randomUUID()}`;
const work = mkdtempSync(join(tmpdir(), 'atlas-guard-sandbox-'));
const fakeHome = join(work, 'home');
const callerCwd = join(work, 'project');
const allowed = join(work, 'allowed-root');
const allowAll = join(work, 'allow-all.json');
let listener: Server;
let port = 0;

beforeAll(async () => {
  mkdirSync(join(fakeHome, '.ssh'), { recursive: true });
  mkdirSync(callerCwd);
  mkdirSync(allowed);
  writeFileSync(join(fakeHome, '.ssh', 'id_ed25519'), canary);
  writeFileSync(allowAll, JSON.stringify({ version: '1', default: 'allow' }));
  // The guard's parent (this test process) holds a secret the guard is not given: /proc must not show it.
  process.env.MCP_ATLAS_PARENT_SECRET = canary;
  listener = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  port = (listener.address() as { port: number }).port;
});

afterAll(() => {
  delete process.env.MCP_ATLAS_PARENT_SECRET;
  listener?.close();
  rmSync(work, { recursive: true, force: true });
});

interface Snooped {
  report: Record<string, unknown>;
  stderr: string;
  pid: number;
  marker: string;
  client: Client;
}

/** Starts `mcp-atlas guard [flags] -- <snoop>` as a client config would, and reads what the server saw. */
async function guardedSnoop(flags: string[]): Promise<Snooped> {
  const marker = newMarker();
  const { MCP_ATLAS_PARENT_SECRET: _secret, ...inherited } = process.env as Record<string, string>;
  const transport = new StdioClientTransport({
    command: NODE,
    args: [BIN, 'guard', '--policy', allowAll, ...flags, '--', ...fixtureCommand('snoop')],
    cwd: callerCwd,
    env: {
      ...inherited,
      HOME: fakeHome,
      [MARKER_VARIABLE]: marker,
      SNOOP_READ: join(fakeHome, '.ssh', 'id_ed25519'),
      SNOOP_WRITE: [join(callerCwd, 'written-in-cwd'), join(allowed, 'written-in-root')].join(':'),
      SNOOP_CONNECT: `127.0.0.1@${port}`,
      SNOOP_TMP_MARK: join(work, 'tmp-mark'),
    },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const client = new Client({ name: 'guard-sandbox-test', version: '1' });
  await client.connect(transport);
  const tools = (await client.listTools()).tools;
  const report = Object.fromEntries(tools.map((tool) => [tool.name, JSON.parse(tool.description ?? 'null')]));
  return { report, stderr, pid: transport.pid!, marker, client };
}

describe.skipIf(!haveSandbox)('mcp-atlas guard runs a stdio server in the sandbox by default', () => {
  it('gives it the config’s environment and the network, and none of the user’s files or the parent’s environment', async () => {
    const { report, stderr, pid, marker, client } = await guardedSnoop(['--allow-write', allowed]);
    const environs = String(report.environs);
    expect(environs).toContain(`SNOOP_CONNECT=127.0.0.1@${port}`);
    expect(environs).toContain('HOME=/home/scan');
    expect(environs).not.toContain(canary);
    expect(environs.split('\n').length).toBeLessThan(6);
    expect((report.reads as Record<string, string>)[join(fakeHome, '.ssh', 'id_ed25519')]).toMatch(/^E[A-Z]+$/);
    const writes = report.writes as Record<string, string>;
    expect(writes[join(callerCwd, 'written-in-cwd')]).not.toBe('written');
    expect(existsSync(join(callerCwd, 'written-in-cwd'))).toBe(false);
    // --allow-write is how a filesystem server gets its root.
    expect(writes[join(allowed, 'written-in-root')]).toBe('written');
    expect(readFileSync(join(allowed, 'written-in-root'), 'utf8')).toBe('snoop was here');
    expect((report.network as Record<string, string>)[`127.0.0.1@${port}`]).toBe('connected');
    expect(stderr).not.toContain('WARNING');
    expect(processesWithMarker(marker).length).toBeGreaterThan(0);
    await client.close();
    await expect.poll(() => isAlive(pid), { timeout: 10_000 }).toBe(false);
    await expect.poll(() => processesWithMarker(marker), { timeout: 10_000 }).toEqual([]);
  }, 60_000);

  it('cuts the network with --no-network', async () => {
    const { report, client } = await guardedSnoop(['--no-network']);
    expect((report.network as Record<string, string>)[`127.0.0.1@${port}`]).not.toBe('connected');
    await client.close();
  }, 60_000);

  it('reports a command that does not exist in the client’s initialize and exits 12', async () => {
    const { code, reply } = await initializeThroughGuard(['--policy', allowAll, '--', 'no-such-mcp-server-xyz']);
    expect(code).toBe(12);
    expect(reply.id).toBe(1);
    expect(reply.error?.message).toContain('no-such-mcp-server-xyz');
  }, 30_000);
});

describe('mcp-atlas guard --no-sandbox', () => {
  it('lets the same server read the user’s secret, and says so on stderr', async () => {
    const { report, stderr, client } = await guardedSnoop(['--no-sandbox']);
    expect((report.reads as Record<string, string>)[join(fakeHome, '.ssh', 'id_ed25519')]).toBe(canary);
    expect(stderr).toContain('--no-sandbox');
    await client.close();
  }, 60_000);

  it('refuses sandbox flags with --no-sandbox or with --upstream (exit 2)', async () => {
    const both = await runCli(['guard', '--policy', allowAll, '--no-sandbox', '--no-network', '--', 'node', 'x.js']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--no-network');
    const http = await runCli(['guard', '--policy', allowAll, '--upstream', 'http://127.0.0.1:1/mcp', '--allow-read', '/srv']);
    expect(http.code).toBe(2);
    expect(http.stderr).toContain('--allow-read');
  });
});
