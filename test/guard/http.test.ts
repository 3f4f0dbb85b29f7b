// The HTTP front in process: approval asked over Streamable HTTP (on the call's own response stream), refusals,
// and the loopback listener's Host check.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Policy } from '../../data/schema/policy.ts';
import { type HttpGuard, startHttpGuard } from '../../scanner/guard/index.ts';
import { MemoryQuotaStore } from '../../scanner/guard/state/memory-store.ts';
import { type HttpFixture, startHttpFixture } from '../helpers/http-fixture.ts';
import { textOf } from './helpers.ts';

const policy: Policy = {
  version: '1',
  default: 'deny',
  tools: {
    read_note: { limits: [{ counter: 'read', window: 'minute', max: 2, scope: 'grant' }] },
    add_note: { deny_if: [{ conditions: [], on_deny: 'Adding notes needs a person.', 'x-mcp-atlas': { approval: true } }] },
  },
};

let upstream: HttpFixture;
let guard: HttpGuard;
const logs: string[] = [];
beforeAll(async () => {
  upstream = await startHttpFixture('streamable');
  guard = await startHttpGuard({
    upstream: new URL(upstream.url),
    host: '127.0.0.1',
    port: 0,
    headers: { 'X-Added': 'by-guard' },
    settings: {
      policy,
      store: new MemoryQuotaStore(Date.now),
      grant: 'default',
      approvalTimeoutMs: 5_000,
      now: Date.now,
      log: (line) => logs.push(line),
    },
  });
});
afterAll(async () => {
  await guard.close();
  await upstream.close();
});

async function connect(answer?: () => { action: 'accept' | 'decline'; content?: Record<string, unknown> }) {
  const client = new Client({ name: 'http-guard-test', version: '1' }, { capabilities: answer === undefined ? {} : { elicitation: {} } });
  const asked: string[] = [];
  if (answer !== undefined)
    client.setRequestHandler(ElicitRequestSchema, async (request) => {
      asked.push(request.params.message);
      return answer();
    });
  await client.connect(new StreamableHTTPClientTransport(new URL(guard.url)));
  return { client, asked };
}

describe('the HTTP guard', () => {
  it('asks for approval over Streamable HTTP and forwards the call on an explicit accept', async () => {
    const { client, asked } = await connect(() => ({ action: 'accept', content: { approve: true } }));
    expect(textOf(await client.callTool({ name: 'add_note', arguments: { text: 'hello' } }))).toBe('ok');
    expect(asked).toHaveLength(1);
    expect(asked[0]).toContain('{"text":"hello"}');
    expect(upstream.seenHeaders.has('x-added')).toBe(true);
    await client.close();
  });

  it('refuses on decline, and without the capability; limits count per session grant', async () => {
    const declining = await connect(() => ({ action: 'decline' }));
    const declined = await declining.client.callTool({ name: 'add_note', arguments: { text: 'x' } });
    expect(textOf(declined)).toContain('The user declined this call.');
    const plain = await connect();
    expect(textOf(await plain.client.callTool({ name: 'add_note', arguments: { text: 'x' } }))).toContain(
      'does not support MCP elicitation',
    );
    expect(textOf(await plain.client.callTool({ name: 'read_note', arguments: { id: '1' } }))).toBe('note 1');
    expect(textOf(await plain.client.callTool({ name: 'read_note', arguments: { id: '2' } }))).toBe('note 2');
    expect(textOf(await declining.client.callTool({ name: 'read_note', arguments: { id: '3' } }))).toContain('Limit reached');
    expect((await plain.client.listTools()).tools.map((t) => t.name)).toContain('count_notes');
    expect(textOf(await plain.client.callTool({ name: 'count_notes', arguments: {} }))).toContain('not listed in the policy');
    await Promise.all([declining.client.close(), plain.client.close()]);
  });

  it('answers a request for another Host with an error (DNS rebinding), and unknown paths with 404', async () => {
    const port = new URL(guard.url).port;
    const { request } = await import('node:http');
    const status = (path: string, host: string) =>
      new Promise<number>((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port,
            path,
            method: 'POST',
            headers: { host, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', reject);
        req.end(
          JSON.stringify({
            jsonrpc: '2.0',
            id: 1,
            method: 'initialize',
            params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'x', version: '1' } },
          }),
        );
      });
    expect(await status('/mcp', 'attacker.example:80')).toBe(403);
    expect(await status('/elsewhere', `127.0.0.1:${port}`)).toBe(404);
  });
});
