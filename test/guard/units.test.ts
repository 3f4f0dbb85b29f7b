// The guard's pure pieces, on hostile input: what a person is shown, what the audit log keeps, which headers travel.
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { approvalMessage, callDigest } from '../../scanner/guard/approval.ts';
import { argumentKeys } from '../../scanner/guard/audit-log.ts';
import { isLoopback, passedHeaders } from '../../scanner/guard/http-guard.ts';
import { ToolView } from '../../scanner/guard/tool-view.ts';

describe('the approval question', () => {
  it('escapes characters that could disguise what the person reads, and cuts long arguments', () => {
    const text = approvalMessage({
      tool: 'delete\u202eevil',
      args: { path: '/tmp/\u200bsafe\u0007', blob: 'x'.repeat(5_000) },
      reason: 'Needs a person.\u001b[2J',
      digest: callDigest('t', {}),
    });
    expect(text).not.toMatch(/[\u202e\u200b\u0007\u001b]/);
    expect(text).toContain('\\u202e');
    expect(text).toContain('(cut; ');
    expect(text.length).toBeLessThan(2_400);
  });

  it('binds a digest to the tool and the arguments, whatever their key order', () => {
    expect(callDigest('t', { a: 1, b: 2 })).toBe(callDigest('t', { b: 2, a: 1 }));
    expect(callDigest('t', { a: 1 })).not.toBe(callDigest('t', { a: 2 }));
    expect(callDigest('t', { a: 1 })).not.toBe(callDigest('u', { a: 1 }));
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 20_000; i += 1) deep = { d: deep };
    expect(callDigest('t', deep)).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});

describe('the audit log', () => {
  it('keeps argument names only, sorted and bounded', () => {
    const many = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${String(i).padStart(3, '0')}${'x'.repeat(i)}`, 'v']));
    const keys = argumentKeys(many);
    expect(keys).toHaveLength(64);
    expect(keys.every((key) => key.length <= 64)).toBe(true);
    expect(argumentKeys({ b: 'secret', a: { nested: 'secret' } })).toEqual(['a', 'b']);
  });
});

describe('HTTP headers', () => {
  it('passes credentials and custom headers, never hop-by-hop or session headers, and --header wins', () => {
    const request = {
      headers: {
        authorization: 'Bearer t',
        'x-team': 'a',
        host: 'evil',
        connection: 'keep-alive',
        'mcp-session-id': 's',
        'proxy-authorization': 'p',
        'content-length': '5',
        cookie: ['a=1', 'b=2'],
      },
    } as unknown as IncomingMessage;
    expect(passedHeaders(request, { 'x-team': 'override' })).toEqual({
      authorization: 'Bearer t',
      'x-team': 'override',
      cookie: 'a=1, b=2',
    });
  });

  it('knows loopback addresses', () => {
    expect(['127.0.0.1', '127.3.2.1', '::1', 'localhost'].map(isLoopback)).toEqual([true, true, true, true]);
    expect(['0.0.0.0', '10.0.0.1', '::', 'example.com'].map(isLoopback)).toEqual([false, false, false, false]);
  });
});

describe('the tool view', () => {
  const H = `sha256:${'a'.repeat(64)}`;
  it('drops entries it cannot judge, and hides a definition too deep to hash when the policy recorded one', () => {
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 50_000; i += 1) deep = { properties: { x: deep } };
    const changes: string[] = [];
    const view = new ToolView({ version: '1', default: 'allow', 'x-mcp-atlas': { hashes: { deep: H } } }, (change) =>
      changes.push(`${change.kind} ${change.tool}`),
    );
    const visible = view.observe([
      null,
      7,
      { name: 42 },
      { name: 'deep', inputSchema: deep },
      { name: 'fine', inputSchema: { type: 'object' } },
    ]);
    expect(visible.map((tool) => tool.name)).toEqual(['fine']);
    expect(changes).toEqual(['changed deep', 'added fine']);
  });
});

describe('the call digest', () => {
  it('is the sha256 of the same canonical JSON the tool hash uses', async () => {
    const { createHash } = await import('node:crypto');
    const { canonicalJson } = await import('../../scanner/scan/tool-hash.ts');
    const args = { z: [1, 'two', null, { b: true, a: 1.5 }], a: 'x' };
    expect(callDigest('t', args)).toBe(
      `sha256:${createHash('sha256')
        .update(canonicalJson({ tool: 't', args }))
        .digest('hex')}`,
    );
  });
});
