import { describe, expect, it } from 'vitest';
import type { PolicyCall, PolicyCondition } from '../../data/schema/policy.ts';
import { evaluateCalls, parsePolicy } from '../../policies-gen/index.ts';

/** The example policy from the reference page, verbatim. */
const P402 = parsePolicy(
  '{"version":"1","default":"deny","tools":{"p402_create_session":{"limits":[{"counter":"p402_create_session_rate","window":"minute","max":30,"scope":"grant"}]}}}',
);

function calls(count: number, at: (i: number) => string, extra: Partial<PolicyCall> = {}): PolicyCall[] {
  return Array.from({ length: count }, (_, i) => ({ tool: 'p402_create_session', args: {}, at: at(i), grant: 'agent-a', ...extra }));
}

describe('the example policy (p402_create_session, 30 a minute)', () => {
  it('allows 30 calls in one minute and denies the 31st with the limit rule', () => {
    const decisions = evaluateCalls(
      P402,
      calls(31, (i) => `2026-11-24T10:15:${String(i).padStart(2, '0')}.000Z`),
    );
    expect(decisions.slice(0, 30).every((d) => d.decision === 'allow' && d.rule === 'tools.p402_create_session')).toBe(true);
    expect(decisions[29]!.message).toContain('call 30 of 30 this minute');
    expect(decisions[30]).toMatchObject({ index: 30, decision: 'deny', rule: 'tools.p402_create_session.limits[0]' });
    expect(decisions[30]!.message).toContain('30 calls a minute');
  });

  it('allows again in the next calendar minute, even one millisecond later', () => {
    const burst = calls(31, () => '2026-11-24T10:15:59.999Z');
    const next = calls(1, () => '2026-11-24T10:16:00.000Z');
    const decisions = evaluateCalls(P402, [...burst, ...next]);
    expect(decisions.map((d) => d.decision).slice(29)).toEqual(['allow', 'deny', 'allow']);
  });

  it('keeps counters per grant', () => {
    const a = calls(30, () => '2026-11-24T10:15:10Z');
    const b = calls(30, () => '2026-11-24T10:15:20Z', { grant: 'agent-b' });
    const decisions = evaluateCalls(P402, [
      ...a,
      ...b,
      ...calls(1, () => '2026-11-24T10:15:30Z'),
      ...calls(1, () => '2026-11-24T10:15:30Z', { grant: 'agent-b' }),
    ]);
    expect(decisions.filter((d) => d.decision === 'allow')).toHaveLength(60);
    expect(decisions.slice(60).map((d) => [d.grant, d.decision])).toEqual([
      ['agent-a', 'deny'],
      ['agent-b', 'deny'],
    ]);
  });

  it('aligns windows to UTC whatever offset the timestamp is written with', () => {
    // 11:15:59+01:00 is 10:15:59Z: the same minute as the 30 calls before it.
    const decisions = evaluateCalls(P402, [...calls(30, () => '2026-11-24T10:15:00Z'), ...calls(1, () => '2026-11-24T11:15:59+01:00')]);
    expect(decisions[30]!.decision).toBe('deny');
  });

  it('sends every other tool to the default (deny)', () => {
    const [decision] = evaluateCalls(P402, [{ tool: 'p402_delete_session', args: {}, at: '2026-11-24T10:15:00Z' }]);
    expect(decision).toMatchObject({ decision: 'deny', rule: 'default', grant: 'default' });
  });
});

describe('windows, quotas and all_tools', () => {
  const policy = parsePolicy(
    JSON.stringify({
      version: '1',
      default: 'allow',
      all_tools: { limits: [{ counter: 'everything', window: 'hour', max: 5, scope: 'grant' }] },
      tools: {
        send: {
          deny_if: [{ conditions: [{ path: 'args.to', op: 'eq', value: 'ceo@example.com' }], on_deny: 'Not the CEO.' }],
          limits: [{ counter: 'send_per_day', window: 'day', max: 3, scope: 'grant' }],
        },
      },
    }),
  );

  it('counts every allowed call against all_tools, listed or not, and never a denied one', () => {
    const seq: PolicyCall[] = [
      { tool: 'send', args: { to: 'ceo@example.com' }, at: '2026-11-24T10:00:00Z' }, // denied by deny_if: no quota used
      { tool: 'send', args: { to: 'a@example.com' }, at: '2026-11-24T10:01:00Z' },
      { tool: 'send', args: { to: 'b@example.com' }, at: '2026-11-24T10:02:00Z' },
      { tool: 'send', args: { to: 'c@example.com' }, at: '2026-11-24T10:03:00Z' },
      { tool: 'send', args: { to: 'd@example.com' }, at: '2026-11-24T10:04:00Z' }, // 4th send today: day limit
      { tool: 'unlisted', args: {}, at: '2026-11-24T10:05:00Z' }, // 4th allowed call this hour
      { tool: 'unlisted', args: {}, at: '2026-11-24T10:59:59Z' }, // 5th
      { tool: 'unlisted', args: {}, at: '2026-11-24T10:59:59Z' }, // 6th: all_tools limit
      { tool: 'unlisted', args: {}, at: '2026-11-24T11:00:00Z' }, // new hour
      { tool: 'send', args: { to: 'e@example.com' }, at: '2026-11-24T23:59:59Z' }, // still the same UTC day
      { tool: 'send', args: { to: 'e@example.com' }, at: '2026-11-25T00:00:00Z' }, // next UTC day
    ];
    const got = evaluateCalls(policy, seq).map((d) => [d.decision, d.rule]);
    expect(got).toEqual([
      ['deny', 'tools.send.deny_if[0]'],
      ['allow', 'tools.send'],
      ['allow', 'tools.send'],
      ['allow', 'tools.send'],
      ['deny', 'tools.send.limits[0]'],
      ['allow', 'default'],
      ['allow', 'default'],
      ['deny', 'all_tools.limits[0]'],
      ['allow', 'default'],
      ['deny', 'tools.send.limits[0]'],
      ['allow', 'tools.send'],
    ]);
  });

  it('denies every call on a limit of 0 and counts a shared counter once per call', () => {
    const shared = parsePolicy(
      JSON.stringify({
        version: '1',
        default: 'deny',
        tools: {
          a: {
            limits: [
              { counter: 'writes', window: 'minute', max: 2, scope: 'grant' },
              { counter: 'writes', window: 'minute', max: 2, scope: 'grant' },
            ],
          },
          b: { limits: [{ counter: 'writes', window: 'minute', max: 2, scope: 'grant' }] },
          off: { limits: [{ counter: 'off', window: 'day', max: 0, scope: 'grant' }] },
        },
      }),
    );
    const at = '2026-11-24T10:00:00Z';
    const got = evaluateCalls(shared, [
      { tool: 'a', at },
      { tool: 'b', at },
      { tool: 'a', at },
      { tool: 'off', at },
    ]).map((d) => d.decision);
    expect(got).toEqual(['allow', 'allow', 'deny', 'deny']);
  });
});

describe('require and deny_if conditions, every operator', () => {
  // [condition, args that satisfy it, args that do not]
  const table: Array<[PolicyCondition, Record<string, unknown>, Record<string, unknown>]> = [
    [{ path: 'args.branch', op: 'eq', value: 'main' }, { branch: 'main' }, { branch: 'dev' }],
    [{ path: 'args.n', op: 'eq', value: 1 }, { n: 1.0 }, { n: '1' }],
    [{ path: 'args.meta', op: 'eq', value: { a: 1, b: [2] } }, { meta: { b: [2], a: 1 } }, { meta: { a: 1 } }],
    [{ path: 'args.state', op: 'neq', value: 'draft' }, { state: 'open' }, { state: 'draft' }],
    [{ path: 'args.currency', op: 'in', value: ['usd', 'eur'] }, { currency: 'eur' }, { currency: 'gbp' }],
    [{ path: 'args.role', op: 'not_in', value: ['admin'] }, { role: 'viewer' }, { role: 'admin' }],
    [{ path: 'args.amount', op: 'lt', value: 100 }, { amount: 99.5 }, { amount: 100 }],
    [{ path: 'args.amount', op: 'lte', value: 100 }, { amount: 100 }, { amount: 100.01 }],
    [{ path: 'args.amount', op: 'gt', value: 0 }, { amount: 1 }, { amount: 0 }],
    [{ path: 'args.amount', op: 'gte', value: 1 }, { amount: 1 }, { amount: '5' }],
    [{ path: 'args.ref', op: 'regex', value: '^feat/' }, { ref: 'feat/x' }, { ref: 'fix/feat/x' }],
    [{ path: 'args.sql', op: 'regex', value: '^\\s*(?i:select)\\b' }, { sql: '  select 1' }, { sql: 'DROP TABLE t' }],
    // RE2 syntax Go and Intercept accept and JavaScript does not: named groups `(?P<name>…)`, `\\z`.
    [{ path: 'args.ref', op: 'regex', value: '^(?P<kind>feat|fix)/[a-z]+\\z' }, { ref: 'fix/abc' }, { ref: 'fix/abc\n' }],
    // Catastrophic backtracking in JavaScript (90 s for this argument); RE2 answers in linear time.
    [{ path: 'args.s', op: 'regex', value: '^(a+)+$' }, { s: 'aaaa' }, { s: `${'a'.repeat(41)}!` }],
    [{ path: 'args.title', op: 'contains', value: 'WIP' }, { title: 'WIP: x' }, { title: 'done' }],
    [{ path: 'args.labels', op: 'contains', value: 'bug' }, { labels: ['bug', 'ui'] }, { labels: ['ui'] }],
    [{ path: 'args.dry_run', op: 'exists', value: true }, { dry_run: false }, { dry_run: null }],
    [{ path: 'args.force', op: 'exists', value: false }, {}, { force: true }],
    [{ path: 'args.meta.owner.id', op: 'eq', value: 7 }, { meta: { owner: { id: 7 } } }, { meta: { owner: 7 } }],
  ];

  for (const [condition, good, bad] of table) {
    const label = `${condition.path} ${condition.op} ${JSON.stringify(condition.value)}`;
    it(`require ${label}: allows when it holds, denies when not`, () => {
      const policy = parsePolicy(JSON.stringify({ version: '1', default: 'deny', tools: { t: { require: [condition] } } }));
      const [ok, no] = evaluateCalls(policy, [
        { tool: 't', args: good, at: '2026-11-24T10:00:00Z' },
        { tool: 't', args: bad, at: '2026-11-24T10:00:00Z' },
      ]);
      expect([ok!.decision, no!.decision, no!.rule]).toEqual(['allow', 'deny', 'tools.t.require[0]']);
    });
    it(`deny_if ${label}: denies when it holds, allows when not`, () => {
      const policy = parsePolicy(
        JSON.stringify({ version: '1', default: 'deny', tools: { t: { deny_if: [{ conditions: [condition], on_deny: 'no.' }] } } }),
      );
      const [hit, miss] = evaluateCalls(policy, [
        { tool: 't', args: good, at: '2026-11-24T10:00:00Z' },
        { tool: 't', args: bad, at: '2026-11-24T10:00:00Z' },
      ]);
      expect([hit!.decision, hit!.message, miss!.decision]).toEqual(['deny', 'no.', 'allow']);
    });
  }

  it('treats a condition on an absent argument as false, so require denies and deny_if lets it through', () => {
    const policy = parsePolicy(
      JSON.stringify({
        version: '1',
        default: 'deny',
        tools: {
          r: { require: [{ path: 'args.x', op: 'neq', value: 1 }] },
          d: { deny_if: [{ conditions: [{ path: 'args.x', op: 'not_in', value: [1] }], on_deny: 'no' }] },
        },
      }),
    );
    const at = '2026-11-24T10:00:00Z';
    expect(
      evaluateCalls(policy, [
        { tool: 'r', at },
        { tool: 'd', at },
      ]).map((d) => d.decision),
    ).toEqual(['deny', 'allow']);
  });

  it('requires every deny_if condition to hold (AND), and an empty list always denies', () => {
    const policy = parsePolicy(
      JSON.stringify({
        version: '1',
        default: 'deny',
        tools: {
          charge: {
            deny_if: [
              {
                conditions: [
                  { path: 'args.amount', op: 'gt', value: 100 },
                  { path: 'args.currency', op: 'eq', value: 'usd' },
                ],
                on_deny: 'Big USD.',
              },
            ],
          },
          delete_account: { deny_if: [{ conditions: [], on_deny: 'Needs approval.' }] },
        },
      }),
    );
    const at = '2026-11-24T10:00:00Z';
    const got = evaluateCalls(policy, [
      { tool: 'charge', args: { amount: 500, currency: 'eur' }, at },
      { tool: 'charge', args: { amount: 500, currency: 'usd' }, at },
      { tool: 'delete_account', args: {}, at },
    ]).map((d) => `${d.decision}:${d.message}`);
    expect(got[0]).toMatch(/^allow:/);
    expect(got.slice(1)).toEqual(['deny:Big USD.', 'deny:Needs approval.']);
  });

  it('never reads inherited properties: args.constructor on {} is absent', () => {
    const policy = parsePolicy(
      JSON.stringify({
        version: '1',
        default: 'deny',
        tools: { t: { require: [{ path: 'args.constructor', op: 'exists', value: true }] } },
      }),
    );
    expect(evaluateCalls(policy, [{ tool: 't', args: {}, at: '2026-11-24T10:00:00Z' }])[0]!.decision).toBe('deny');
  });
});

describe('hide and default', () => {
  it('reports hidden tools as hidden before any other rule, and `*` hides everything', () => {
    const policy = parsePolicy(JSON.stringify({ version: '1', default: 'allow', hide: ['delete_account'], tools: { delete_account: {} } }));
    const all = parsePolicy(JSON.stringify({ version: '1', default: 'allow', hide: ['*'] }));
    const at = '2026-11-24T10:00:00Z';
    expect(
      evaluateCalls(policy, [
        { tool: 'delete_account', at },
        { tool: 'other', at },
      ]).map((d) => [d.decision, d.rule]),
    ).toEqual([
      ['hidden', 'hide'],
      ['allow', 'default'],
    ]);
    expect(evaluateCalls(all, [{ tool: 'anything', at }])[0]!.decision).toBe('hidden');
  });

  it('handles a tool named __proto__ as an ordinary name', () => {
    const listed = parsePolicy(
      '{"version":"1","default":"deny","tools":{"__proto__":{"limits":[{"counter":"p","window":"minute","max":1,"scope":"grant"}]}}}',
    );
    const unlisted = parsePolicy('{"version":"1","default":"deny","tools":{"x":{}}}');
    const at = '2026-11-24T10:00:00Z';
    expect(
      evaluateCalls(listed, [
        { tool: '__proto__', at },
        { tool: '__proto__', at },
        { tool: 'toString', at },
      ]).map((d) => d.decision),
    ).toEqual(['allow', 'deny', 'deny']);
    expect(
      evaluateCalls(unlisted, [
        { tool: '__proto__', at },
        { tool: 'hasOwnProperty', at },
      ]).map((d) => d.rule),
    ).toEqual(['default', 'default']);
  });
});
