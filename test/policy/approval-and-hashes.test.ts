import { describe, expect, it } from 'vitest';
import { evaluateCalls, generatePolicy, MemoryQuotas, parsePolicy, quotaClaim, serializePolicy } from '../../policies-gen/index.ts';
import { tool } from './helpers/tools.ts';

const AT = '2026-11-24T10:00:00Z';
const H1 = `sha256:${'1'.repeat(64)}`;
const H2 = `sha256:${'2'.repeat(64)}`;

describe('rules that ask a person (x-mcp-atlas approval)', () => {
  const policy = parsePolicy(
    JSON.stringify({
      version: '1',
      default: 'deny',
      tools: {
        drop: {
          deny_if: [
            { conditions: [], on_deny: 'Ask a person first.', 'x-mcp-atlas': { approval: true } },
            { conditions: [{ path: 'args.table', op: 'eq', value: 'users' }], on_deny: 'Never the users table.' },
          ],
          limits: [{ counter: 'drop_per_day', window: 'day', max: 1, scope: 'grant' }],
        },
      },
    }),
  );

  it('are reported as approval, with the rule and its message, and consume no quota', () => {
    const decisions = evaluateCalls(policy, [
      { tool: 'drop', args: { table: 'logs' }, at: AT },
      { tool: 'drop', args: { table: 'logs' }, at: AT },
    ]);
    expect(decisions.map((d) => [d.decision, d.rule, d.message])).toEqual([
      ['approval', 'tools.drop.deny_if[0]', 'Ask a person first.'],
      ['approval', 'tools.drop.deny_if[0]', 'Ask a person first.'],
    ]);
  });

  it('lose to a refusing rule, wherever it stands: a person can only lift what asks for a person', () => {
    expect(evaluateCalls(policy, [{ tool: 'drop', args: { table: 'users' }, at: AT }])[0]).toMatchObject({
      decision: 'deny',
      rule: 'tools.drop.deny_if[1]',
    });
  });

  it('validate only as `approval: true`, and survive serialisation', () => {
    expect(() =>
      parsePolicy(
        JSON.stringify({
          version: '1',
          default: 'deny',
          tools: { t: { deny_if: [{ conditions: [], on_deny: 'x', 'x-mcp-atlas': { approval: 'yes' } }] } },
        }),
      ),
    ).toThrow(/x-mcp-atlas.approval: expected true/);
    expect(serializePolicy(parsePolicy(serializePolicy(policy)))).toBe(serializePolicy(policy));
    expect(JSON.parse(serializePolicy(policy)).tools.drop.deny_if[0]['x-mcp-atlas']).toEqual({ approval: true });
  });
});

describe('recorded definition hashes (x-mcp-atlas hashes)', () => {
  const policy = parsePolicy(
    JSON.stringify({ version: '1', default: 'allow', tools: { read: {} }, 'x-mcp-atlas': { hashes: { read: H1, ['__proto__']: H1 } } }),
  );

  it('hide a call whose definition hash differs; the same hash, or none given, goes on to the rules', () => {
    const decisions = evaluateCalls(policy, [
      { tool: 'read', at: AT, hash: H2 },
      { tool: 'read', at: AT, hash: H1 },
      { tool: 'read', at: AT },
      { tool: 'new_tool', at: AT, hash: H2 },
    ]);
    expect(decisions.map((d) => [d.decision, d.rule])).toEqual([
      ['hidden', 'x-mcp-atlas.hashes.read'],
      ['allow', 'tools.read'],
      ['allow', 'tools.read'],
      ['allow', 'default'],
    ]);
  });

  it('keep a tool named __proto__ as an ordinary entry (zod drops such keys)', () => {
    const text = JSON.stringify({ version: '1', default: 'allow', 'x-mcp-atlas': { hashes: JSON.parse(`{"__proto__": "${H1}"}`) } });
    expect(evaluateCalls(parsePolicy(text), [{ tool: '__proto__', at: AT, hash: H2 }])[0]!.decision).toBe('hidden');
    const bad = JSON.stringify({ version: '1', default: 'allow', 'x-mcp-atlas': { hashes: JSON.parse('{"__proto__": "md5:x"}') } });
    expect(() => parsePolicy(bad)).toThrow(/x-mcp-atlas.hashes.__proto__: expected sha256/);
  });

  it('are written by the generator for every tool it saw, hidden ones included', () => {
    const tools = [
      tool('get_x', { class: 'read', risk: 'low', tags: [] }),
      tool('drop_x', { class: 'destructive', risk: 'high', tags: [] }),
    ];
    const { policy: generated } = generatePolicy({ name: 's', tools });
    expect(generated['x-mcp-atlas']?.hashes).toEqual(Object.fromEntries(tools.map((t) => [t.name, t.hash])));
    expect(generated.tools!.drop_x!.deny_if![0]!['x-mcp-atlas']).toEqual({ approval: true });
  });
});

describe('MemoryQuotas', () => {
  const limit = { counter: 'c', window: 'minute', max: 2, scope: 'grant' } as const;
  it('counts a counter shared by two limits once, gives quota back, and forgets ended windows when told', () => {
    const quotas = new MemoryQuotas();
    const at = Date.parse(AT);
    const claims = [quotaClaim('g', limit, 'a', at), quotaClaim('g', { ...limit, max: 5 }, 'b', at)];
    expect(quotas.reserve(claims)).toEqual({ ok: true, counts: [1, 1] });
    expect(quotas.reserve(claims)).toEqual({ ok: true, counts: [2, 2] });
    expect(quotas.reserve(claims)).toEqual({ ok: false, index: 0 });
    quotas.release(claims);
    expect(quotas.reserve(claims)).toEqual({ ok: true, counts: [2, 2] });
    quotas.forgetEnded(at + 59_999);
    expect(quotas.size).toBe(1);
    quotas.forgetEnded(at + 60_000);
    expect(quotas.size).toBe(0);
  });
});
