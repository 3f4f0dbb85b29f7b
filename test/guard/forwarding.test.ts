// What the policy does not govern is carried faithfully, both ways; and a server that changes its tools mid-session
// (a rug pull) cannot widen what the agent may do. Real SDK client, in-process guard, the guard-target fixture.

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import {
  CreateMessageRequestSchema,
  ListRootsRequestSchema,
  LoggingMessageNotificationSchema,
  type McpError,
  ToolListChangedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Policy } from '../../data/schema/policy.ts';
import { auditLines, type Guarded, guarded, scratch, starterPolicyOfCommand, TARGET, textOf } from './helpers.ts';

const open: Guarded[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((g) => g.close()));
});

/** Everything allowed: these tests are about what the guard carries, not what it refuses. */
const ALLOW_ALL: Policy = { version: '1', default: 'allow' };

async function target(policy: Policy, extra: Partial<Parameters<typeof guarded>[0]> = {}): Promise<Guarded> {
  const g = await guarded({ policy, ...TARGET, ...extra });
  open.push(g);
  return g;
}

describe('forwarding what the policy does not govern', () => {
  it("passes the server's identity, instructions, prompts and resources (with unknown fields) through", async () => {
    const g = await target(ALLOW_ALL);
    expect(g.client.getServerVersion()).toMatchObject({ name: 'fixture-guard-target', version: '1.0.0' });
    expect(g.client.getInstructions()).toBe('A target for the guard tests.');
    expect(g.client.getServerCapabilities()).toMatchObject({ tools: { listChanged: true }, prompts: {}, resources: {}, logging: {} });
    const prompt = await g.client.getPrompt({ name: 'greet', arguments: { who: 'Ada' } });
    expect(prompt.messages[0]!.content).toEqual({ type: 'text', text: 'Hello, Ada!' });
    const resource = await g.client.readResource({ uri: 'fixture://note' });
    expect(resource.contents[0]).toMatchObject({ text: 'the note' });
    expect(resource._meta).toEqual({ 'fixture/extra': 'kept' });
  });

  it('returns tool results untouched (structured content, _meta) and forwards log notifications', async () => {
    const g = await target(ALLOW_ALL);
    const logs: unknown[] = [];
    g.client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => {
      logs.push(n.params.data);
    });
    await g.client.setLoggingLevel('debug');
    const result = await g.client.callTool({ name: 'echo', arguments: { text: 'hi' } });
    expect(result).toMatchObject({
      content: [{ type: 'text', text: 'hi' }],
      structuredContent: { echoed: 'hi' },
      _meta: { 'fixture/extra': 1 },
    });
    await expect.poll(() => logs).toEqual(['echo called']);
  });

  it('passes a JSON-RPC error back with its code, message and data, exactly as a direct client sees it', async () => {
    const g = await target(ALLOW_ALL);
    const through = (await g.client.callTool({ name: 'get_broken', arguments: {} }).catch((e: unknown) => e)) as McpError;
    const direct = new Client({ name: 'direct', version: '1' });
    await direct.connect(new StdioClientTransport({ ...TARGET, stderr: 'ignore' }));
    const straight = (await direct.callTool({ name: 'get_broken', arguments: {} }).catch((e: unknown) => e)) as McpError;
    await direct.close();
    expect(straight).toMatchObject({ code: -32050, data: { retryAfter: 5 } });
    expect([through.code, through.message, through.data]).toEqual([straight.code, straight.message, straight.data]);
  });

  it('carries progress back under the client’s token, and cancellation on to the server', async () => {
    const g = await target(ALLOW_ALL);
    const progress: number[] = [];
    const done = await g.client.callTool({ name: 'count_slowly', arguments: { n: 3 } }, undefined, {
      onprogress: (p) => {
        progress.push(p.progress);
      },
    });
    expect(textOf(done)).toBe('counted to 3');
    expect(progress).toEqual([1, 2, 3]);
    const controller = new AbortController();
    const pending = g.client.callTool({ name: 'count_slowly', arguments: { n: 100 } }, undefined, { signal: controller.signal });
    setTimeout(() => controller.abort(), 120);
    await expect(pending).rejects.toThrow();
    await expect
      .poll(async () => JSON.parse(textOf(await g.client.callTool({ name: 'get_calls_seen', arguments: {} }))).cancelled, {
        timeout: 3_000,
      })
      .toEqual(['count_slowly']);
  });

  it('forwards server-to-client requests: sampling, roots and elicitation, answered by the real client', async () => {
    const g = await target(ALLOW_ALL, {
      capabilities: { sampling: {}, roots: { listChanged: true } },
      elicit: () => ({ action: 'accept', content: { colour: 'teal' } }),
    });
    g.client.setRequestHandler(CreateMessageRequestSchema, async () => ({
      role: 'assistant',
      model: 'm',
      content: { type: 'text', text: 'forty-two' },
    }));
    g.client.setRequestHandler(ListRootsRequestSchema, async () => ({ roots: [{ uri: 'file:///work', name: 'work' }] }));
    expect(textOf(await g.client.callTool({ name: 'ask_model', arguments: { question: 'why?' } }))).toBe('model said: forty-two');
    expect(textOf(await g.client.callTool({ name: 'list_client_roots', arguments: {} }))).toBe('file:///work');
    expect(textOf(await g.client.callTool({ name: 'ask_user', arguments: {} }))).toBe('user: accept {"colour":"teal"}');
  });

  it('tells the server exactly the capabilities the client has: no sampling client, no sampling', async () => {
    const g = await target(ALLOW_ALL);
    const result = await g.client.callTool({ name: 'ask_model', arguments: { question: 'why?' } }).catch((e: unknown) => e);
    expect(String(result)).toMatch(/McpError/);
  });
});

describe('a rug pull mid-session', () => {
  let starter: Policy;
  beforeAll(async () => {
    starter = await starterPolicyOfCommand(TARGET.command, TARGET.args);
  });

  it('records every tool hash in the generated policy', () => {
    expect(Object.keys(starter['x-mcp-atlas']?.hashes ?? {})).toContain('echo');
    expect(starter.tools?.echo).toBeDefined();
  });

  it('hides a tool whose description changed, leaves a new tool to the default, and forwards list_changed', async () => {
    const audit = `${scratch('audit')}/audit.jsonl`;
    const g = await target(starter, { auditPath: audit });
    let changed = 0;
    g.client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
      changed += 1;
    });
    expect(textOf(await g.client.callTool({ name: 'echo', arguments: { text: 'before' } }))).toBe('before');
    expect(textOf(await g.client.callTool({ name: 'update_tools', arguments: {} }))).toBe('updated');
    await expect.poll(() => changed).toBe(1);
    const listed = (await g.client.listTools()).tools.map((tool) => tool.name);
    expect(listed).not.toContain('echo');
    expect(listed).toContain('fetch_secrets');
    const hidden = await g.client.callTool({ name: 'echo', arguments: { text: 'after' } });
    expect(hidden.isError).toBe(true);
    expect(textOf(hidden)).toContain('definition changed since the policy was generated');
    expect(textOf(hidden)).toContain('rule x-mcp-atlas.hashes.echo');
    const added = await g.client.callTool({ name: 'fetch_secrets', arguments: { path: '/etc/shadow' } });
    expect(added.isError).toBe(true);
    expect(textOf(added)).toContain('rule default');
    expect(g.logs.join('\n')).toContain('tool "echo" changed since the policy was generated: hidden until the policy is regenerated');
    expect(g.logs.join('\n')).toMatch(/new tool "fetch_secrets" \([a-z]+, \w+ risk.*\): falls to the policy's default \(deny\)/);
    const seen = JSON.parse(textOf(await g.client.callTool({ name: 'get_calls_seen', arguments: {} }))).seen;
    expect(seen).toEqual(['echo', 'update_tools', 'get_calls_seen']);
    const events = auditLines(audit).filter((line) => line.event !== 'call');
    expect(events.map((line) => [line.event, line.tool])).toEqual([
      ['tool_changed', 'echo'],
      ['tool_added', 'fetch_secrets'],
    ]);
  });
});

describe('a hostile server', () => {
  it('flooding list_changed costs a few listings, not one each, and every notification still reaches the client', async () => {
    const g = await target(ALLOW_ALL);
    let changed = 0;
    g.client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
      changed += 1;
    });
    const seen = async () => JSON.parse(textOf(await g.client.callTool({ name: 'get_calls_seen', arguments: {} }))) as { lists: number };
    const before = (await seen()).lists;
    expect(textOf(await g.client.callTool({ name: 'flood_list_changed', arguments: { n: 500 } }))).toBe('flooded');
    await expect.poll(() => changed, { timeout: 10_000 }).toBe(500);
    expect((await seen()).lists - before).toBeLessThanOrEqual(3);
    expect(textOf(await g.client.callTool({ name: 'echo', arguments: { text: 'still here' } }))).toBe('still here');
  });
});

describe('the audit log', () => {
  it('has one line per call with the decision, the rule, argument names but never values, and the upstream status', async () => {
    const audit = `${scratch('audit')}/audit.jsonl`;
    const policy: Policy = {
      version: '1',
      default: 'deny',
      tools: {
        echo: { deny_if: [{ conditions: [{ path: 'args.text', op: 'eq', value: 'forbidden-value' }], on_deny: 'No.' }] },
        get_broken: {},
        store_item: { limits: [{ counter: 'store', window: 'minute', max: 1, scope: 'grant' }] },
      },
    };
    const g = await target(policy, { auditPath: audit, grant: 'agent-7' });
    await g.client.callTool({ name: 'echo', arguments: { text: 'secret-value-1', extra: 'secret-value-2' } });
    await g.client.callTool({ name: 'echo', arguments: { text: 'forbidden-value' } });
    await g.client.callTool({ name: 'get_broken', arguments: {} }).catch(() => {});
    await g.client.callTool({ name: 'store_item', arguments: { id: 'secret-value-3' } });
    await g.client.callTool({ name: 'store_item', arguments: { id: 'secret-value-4' } });
    await g.client.callTool({ name: 'remove_item', arguments: { id: 'x' } });
    const text = (await import('node:fs')).readFileSync(audit, 'utf8');
    expect(text).not.toMatch(/secret-value|forbidden-value/);
    const lines = auditLines(audit);
    expect(lines.map((l) => [l.tool, l.decision, l.rule, (l.upstream as { status: string }).status])).toEqual([
      ['echo', 'allow', 'tools.echo', 'ok'],
      ['echo', 'deny', 'tools.echo.deny_if[0]', 'not_forwarded'],
      ['get_broken', 'allow', 'tools.get_broken', 'error'],
      ['store_item', 'allow', 'tools.store_item', 'ok'],
      ['store_item', 'deny', 'tools.store_item.limits[0]', 'not_forwarded'],
      ['remove_item', 'deny', 'default', 'not_forwarded'],
    ]);
    expect(lines[0]).toMatchObject({ event: 'call', grant: 'agent-7', server: 'fixture-guard-target', argKeys: ['extra', 'text'] });
    expect(Date.parse(String(lines[0]!.time))).not.toBeNaN();
    expect((lines[0]!.upstream as { latencyMs: number }).latencyMs).toBeGreaterThan(0);
    expect(lines[2]!.upstream).toMatchObject({ status: 'error', code: -32050 });
    expect((lines[1]!.upstream as { latencyMs: unknown }).latencyMs).toBeNull();
  });

  it('gives the quota of a call that failed upstream back (JSON-RPC error), and keeps it for a tool error', async () => {
    const policy: Policy = {
      version: '1',
      default: 'deny',
      tools: { get_broken: { limits: [{ counter: 'broken', window: 'minute', max: 1, scope: 'grant' }] } },
    };
    const g = await target(policy);
    for (let i = 0; i < 3; i += 1) {
      const error = await g.client.callTool({ name: 'get_broken', arguments: {} }).catch((e: unknown) => e);
      expect(error, `call ${i + 1} reached the server`).toMatchObject({ code: -32050 });
    }
  });
});
