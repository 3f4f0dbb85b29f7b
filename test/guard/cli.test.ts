// The real `mcp-atlas guard` process, as a client config starts it (stdio) and as an HTTP front (Streamable HTTP),
// driven by the real SDK client.
import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serializePolicy } from '../../policies-gen/index.ts';
import { type HttpFixture, startHttpFixture } from '../helpers/http-fixture.ts';
import { isAlive, MARKER_VARIABLE, newMarker, processesWithMarker } from '../helpers/processes.ts';
import { BIN, runCli } from '../helpers/run-cli.ts';
import { auditLines, fixture, initializeThroughGuard, NODE, scratch, starterPolicyOfCommand, TARGET, textOf } from './helpers.ts';

const dir = scratch('cli');
const allowAll = join(dir, 'allow-all.json');
writeFileSync(allowAll, JSON.stringify({ version: '1', default: 'allow' }));
let starter: string;
beforeAll(async () => {
  starter = join(dir, 'target.policylayer.json');
  writeFileSync(starter, serializePolicy(await starterPolicyOfCommand(TARGET.command, TARGET.args)));
});

async function stdioGuard(args: string[], env: Record<string, string> = {}) {
  const transport = new StdioClientTransport({
    command: NODE,
    args: [BIN, 'guard', '--no-sandbox', ...args],
    env: { ...(process.env as Record<string, string>), ...env },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const client = new Client({ name: 'cli-test', version: '1' });
  await client.connect(transport);
  return { client, transport, stderr: () => stderr };
}

describe('mcp-atlas guard over stdio (what a client config starts)', () => {
  it('enforces the policy, writes the audit log, and exits 0 with the server gone when the client closes', async () => {
    const audit = join(dir, 'audit.jsonl');
    const marker = newMarker();
    const { client, transport, stderr } = await stdioGuard(
      ['--policy', starter, '--audit-log', audit, '--', ...[TARGET.command, ...TARGET.args]],
      {
        [MARKER_VARIABLE]: marker,
      },
    );
    const tools = (await client.listTools()).tools.map((tool) => tool.name);
    expect(tools).toContain('echo');
    expect(textOf(await client.callTool({ name: 'echo', arguments: { text: 'through the guard' } }))).toBe('through the guard');
    const refused = await client.callTool({ name: 'remove_item', arguments: { id: 'precious' } });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toContain("needs a human's approval");
    expect(processesWithMarker(marker).length).toBeGreaterThan(0);
    const pid = transport.pid!;
    await client.close();
    await expect.poll(() => isAlive(pid), { timeout: 10_000 }).toBe(false);
    await expect.poll(() => processesWithMarker(marker), { timeout: 10_000 }).toEqual([]);
    expect(auditLines(audit).map((line) => [line.tool, line.decision])).toEqual([
      ['echo', 'allow'],
      ['remove_item', 'deny'],
    ]);
    expect(JSON.stringify(auditLines(audit))).not.toContain('precious');
    expect(stderr()).not.toContain('internal error');
  }, 60_000);

  it('gives the server the environment the client config gives the guard', async () => {
    const { client } = await stdioGuard(['--policy', allowAll, '--', NODE, fixture('env-dumper')], { GIVEN_VALUE: 'from-the-config' });
    const tools = (await client.listTools()).tools;
    expect(tools.find((tool) => tool.name === 'given_value')?.description).toBe('from-the-config');
    await client.close();
  }, 30_000);

  it('answers initialize with an error and exits 12 when the server cannot start', async () => {
    const { code, reply } = await initializeThroughGuard(['--no-sandbox', '--policy', allowAll, '--', '/nonexistent/server']);
    expect(code).toBe(12);
    expect(reply.id).toBe(1);
    expect(reply.error?.message).toContain('mcp-atlas guard:');
    expect(reply.error?.message).toContain('/nonexistent/server');
  }, 30_000);

  it('rejects bad command lines (2) and invalid policies (3) before starting anything', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({
        version: '1',
        default: 'deny',
        tools: { t: { limits: [{ counter: 'c', window: 'week', max: -1, scope: 'grant' }] } },
      }),
    );
    const invalid = await runCli(['guard', '--policy', bad, '--', 'node', 'x.js']);
    expect(invalid.code).toBe(3);
    expect(invalid.stderr).toContain('tools.t.limits.0.window: expected one of minute, hour, day');
    expect((await runCli(['guard', '--', 'node', 'x.js'])).code).toBe(2);
    expect((await runCli(['guard', '--policy', allowAll])).stderr).toContain('give either');
    const open = await runCli(['guard', '--policy', allowAll, '--upstream', 'http://127.0.0.1:1/mcp', '--listen', '0.0.0.0:0']);
    expect(open.code).toBe(2);
    expect(open.stderr).toContain('not a loopback address');
    expect((await runCli(['guard', '--policy', allowAll, '--state', 'mongo://x', '--', 'node'])).code).toBe(2);
    expect((await runCli(['guard', '--help'])).stdout).toContain('--approval-timeout SEC');
  }, 60_000);
});

describe('mcp-atlas guard --upstream URL (Streamable HTTP)', () => {
  let upstream: HttpFixture;
  let guard: ChildProcess;
  let url: string;
  beforeAll(async () => {
    upstream = await startHttpFixture('auth');
    guard = spawn(NODE, [BIN, 'guard', '--policy', allowAll, '--upstream', upstream.url, '--listen', '127.0.0.1:0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    url = await new Promise<string>((resolve, reject) => {
      let out = '';
      guard.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('\n')) resolve(out.trim());
      });
      guard.once('exit', (code) => reject(new Error(`guard exited ${code}`)));
    });
  }, 30_000);
  afterAll(async () => {
    const exited = new Promise((resolve) => guard.once('exit', resolve));
    guard.kill('SIGTERM');
    expect(await exited).toBe(0);
    await upstream.close();
  });

  it('listens on loopback and passes the client’s headers through to the server', async () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    const client = new Client({ name: 'http-test', version: '1' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(url), {
        requestInit: { headers: { Authorization: 'Bearer let-me-in', 'X-Custom': 'yes' } },
      }),
    );
    expect(client.getServerVersion()?.name).toBe('fixture-well-behaved');
    const tools = (await client.listTools()).tools.map((tool) => tool.name);
    expect(tools).toContain('read_note');
    expect(textOf(await client.callTool({ name: 'read_note', arguments: { id: '7' } }))).toBe('note 7');
    expect(upstream.seenHeaders.has('x-custom')).toBe(true);
    await client.close();
  });

  it('refuses the session when the server refuses the client’s credentials', async () => {
    const client = new Client({ name: 'http-test', version: '1' });
    await expect(client.connect(new StreamableHTTPClientTransport(new URL(url)))).rejects.toThrow();
  });
});
