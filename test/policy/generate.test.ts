import { describe, expect, it } from 'vitest';
import {
  evaluateCalls,
  exportPolicy,
  generatePolicy,
  POLICY_FORMATS,
  parsePolicy,
  serializePolicy,
  toolPolicySnippet,
} from '../../policies-gen/index.ts';
import { tool } from './helpers/tools.ts';

const AT = '2026-11-24T10:00:00Z';
const critical = {
  code: 'hidden-instructions',
  severity: 'critical',
  message: 'Text aimed at the model.',
  evidence: '<IMPORTANT>',
} as const;
const medium = { code: 'annotation-mismatch', severity: 'medium', message: 'Declared read-only.', evidence: 'readOnlyHint' } as const;

describe('starter rules follow the verdict', () => {
  const generated = generatePolicy({
    name: 'example',
    tools: [
      tool('p402_create_session', { class: 'write', risk: 'medium', tags: ['financial'] }),
      tool('list_sessions', { class: 'read' }),
      tool('delete_session', { class: 'destructive', risk: 'high' }),
      tool('run_command', { class: 'destructive', risk: 'critical', tags: ['exec'] }),
      tool('get_api_key', { class: 'read', risk: 'high', tags: ['credentials'] }),
      tool('get_balance', { class: 'read', tags: ['financial'] }),
      tool('send_payment', { class: 'write', risk: 'critical', tags: ['financial'] }),
      tool('poisoned_read', { class: 'read' }, undefined, [critical]),
      tool('odd_but_fine', { class: 'read' }, undefined, [medium]),
      tool('mystery', undefined),
    ],
  });
  const { policy, rationale } = generated;
  const entry = (name: string) => policy.tools![name];

  it('is default deny, version 1', () => {
    expect([policy.version, policy.default]).toEqual(['1', 'deny']);
    expect(rationale['*']!.decision).toBe('deny');
  });

  it('rate-limits write tools at 30 a minute with a stable <tool>_per_minute counter (the reference example)', () => {
    expect(entry('p402_create_session')).toEqual({
      limits: [{ counter: 'p402_create_session_per_minute', window: 'minute', max: 30, scope: 'grant' }],
    });
    expect(rationale.p402_create_session!.decision).toBe('limit');
  });

  it('allows read tools with a generous 60 a minute', () => {
    expect(entry('list_sessions')!.limits).toEqual([{ counter: 'list_sessions_per_minute', window: 'minute', max: 60, scope: 'grant' }]);
    expect(entry('get_balance')!.limits![0]!.max).toBe(60);
  });

  it('denies destructive tools with an on_deny that asks for approval', () => {
    expect(entry('delete_session')!.deny_if).toEqual([
      { conditions: [], on_deny: expect.stringContaining("needs a human's approval"), 'x-mcp-atlas': { approval: true } },
    ]);
    expect(rationale.delete_session!.decision).toBe('deny');
  });

  it('denies (not hides) critical tools: exec, credentials, money moving out', () => {
    for (const name of ['run_command', 'get_api_key', 'send_payment']) {
      expect(entry(name)!.deny_if![0]!.conditions, name).toEqual([]);
      expect(rationale[name]!.decision, name).toBe('deny');
    }
    expect(entry('run_command')!.deny_if![0]!.on_deny).toContain('runs commands or code');
    expect(entry('get_api_key')!.deny_if![0]!.on_deny).toContain('handles credentials');
    expect(entry('send_payment')!.deny_if![0]!.on_deny).toContain('moves money');
    expect(policy.hide).not.toContain('run_command');
  });

  it('hides tools with a high or critical finding, and only those', () => {
    expect(policy.hide).toEqual(['poisoned_read']);
    expect(Object.hasOwn(policy.tools!, 'poisoned_read')).toBe(false);
    expect(rationale.poisoned_read).toMatchObject({ decision: 'hide', rules: ['hide: hidden-instructions (critical).'] });
    expect(entry('odd_but_fine')!.limits![0]!.max).toBe(60);
  });

  it('denies unclassified tools explicitly', () => {
    expect(entry('mystery')!.deny_if![0]!.on_deny).toContain('Not classified');
  });

  it('gives every tool a rationale with one line per rule', () => {
    for (const [name, tp] of Object.entries(policy.tools!)) {
      const count = (tp.require?.length ?? 0) + (tp.deny_if?.length ?? 0) + (tp.limits?.length ?? 0);
      expect(rationale[name]!.rules, name).toHaveLength(count);
      expect(rationale[name]!.summary.length, name).toBeGreaterThan(10);
    }
  });

  it('means what it says when evaluated', () => {
    const decide = (name: string) => evaluateCalls(policy, [{ tool: name, args: {}, at: AT }])[0]!.decision;
    expect(
      ['p402_create_session', 'list_sessions', 'delete_session', 'run_command', 'poisoned_read', 'mystery', 'never_listed'].map(decide),
    ).toEqual(['allow', 'allow', 'approval', 'deny', 'hidden', 'deny', 'deny']);
  });

  it('gives a tool page the example snippet', () => {
    expect(serializePolicy(toolPolicySnippet(generated, 'p402_create_session'))).toBe(
      `${JSON.stringify(
        {
          version: '1',
          default: 'deny',
          tools: {
            p402_create_session: { limits: [{ counter: 'p402_create_session_per_minute', window: 'minute', max: 30, scope: 'grant' }] },
          },
        },
        null,
        2,
      )}\n`,
    );
    expect(toolPolicySnippet(generated, 'poisoned_read')).toEqual({ version: '1', default: 'deny', hide: ['poisoned_read'] });
    expect(toolPolicySnippet(generated, 'nope')).toEqual({ version: '1', default: 'deny' });
  });
});

describe('argument rules from the input schema', () => {
  const schema = (properties: Record<string, unknown>, required: string[] = []) => ({ type: 'object', properties, required });

  it('turns enums into `in` (required) or `not_in` deny_if (optional), and maxima into lte / gt', () => {
    const { policy } = generatePolicy({
      name: 's',
      tools: [
        tool(
          'list',
          { class: 'read' },
          schema(
            {
              sort: { type: 'string', enum: ['name', 'size'] },
              count: { type: 'integer', maximum: 10 },
              mode: { type: 'string', enum: ['a', 'b'] },
            },
            ['mode'],
          ),
        ),
      ],
    });
    expect(policy.tools!.list).toEqual({
      require: [{ path: 'args.mode', op: 'in', value: ['a', 'b'] }],
      deny_if: [
        { conditions: [{ path: 'args.count', op: 'gt', value: 10 }], on_deny: '`count` must be at most 10.' },
        {
          conditions: [{ path: 'args.sort', op: 'not_in', value: ['name', 'size'] }],
          on_deny: '`sort` must be one of the values the tool declares.',
        },
      ],
      limits: [{ counter: 'list_per_minute', window: 'minute', max: 60, scope: 'grant' }],
    });
    const decide = (args: Record<string, unknown>) => evaluateCalls(policy, [{ tool: 'list', args, at: AT }])[0]!.decision;
    expect([
      decide({ mode: 'a' }),
      decide({ mode: 'c' }),
      decide({ mode: 'a', count: 11 }),
      decide({ mode: 'b', sort: 'size', count: 10 }),
    ]).toEqual(['allow', 'deny', 'deny', 'allow']);
  });

  it('restricts filesystem paths to a placeholder root without `..`', () => {
    const { policy } = generatePolicy({
      name: 's',
      tools: [tool('read_file', { class: 'read', tags: ['filesystem'] }, schema({ path: { type: 'string' } }, ['path']))],
    });
    const decide = (path: string) => evaluateCalls(policy, [{ tool: 'read_file', args: { path }, at: AT }])[0]!.decision;
    expect(
      [
        '/ALLOWED_ROOT/a.txt',
        '/ALLOWED_ROOT',
        '/ALLOWED_ROOT/.env',
        '/ALLOWED_ROOT/..x/y',
        '/ALLOWED_ROOT/../etc/passwd',
        '/ALLOWED_ROOT/a/..',
        '/ALLOWED_ROOTX/a',
        '/etc/passwd',
        'a.txt',
      ].map(decide),
    ).toEqual(['allow', 'allow', 'allow', 'allow', 'deny', 'deny', 'deny', 'deny', 'deny']);
  });

  it('holds read-only SQL tools to one SELECT statement, and leaves write tools and search queries alone', () => {
    const { policy } = generatePolicy({
      name: 's',
      tools: [
        tool('query', { class: 'read', tags: ['database'] }, schema({ sql: { type: 'string' } }, ['sql'])),
        tool('execute', { class: 'write', tags: ['database'] }, schema({ sql: { type: 'string' } }, ['sql'])),
        tool('search_nodes', { class: 'read' }, schema({ query: { type: 'string' } }, ['query'])),
      ],
    });
    const decide = (sql: string) => evaluateCalls(policy, [{ tool: 'query', args: { sql }, at: AT }])[0]!.decision;
    expect(['SELECT * FROM t', '  select 1;', 'DELETE FROM t', 'SELECT 1; DROP TABLE t', 'selection'].map(decide)).toEqual([
      'allow',
      'allow',
      'deny',
      'deny',
      'deny',
    ]);
    expect(policy.tools!.execute!.require).toBeUndefined();
    expect(policy.tools!.search_nodes!.require).toBeUndefined();
  });

  it('writes no rule for argument names that are not plain identifiers', () => {
    const { policy, rationale } = generatePolicy({
      name: 's',
      tools: [tool('t', { class: 'read' }, schema({ 'a.b': { type: 'string', enum: ['x'] } }, ['a.b']))],
    });
    expect(policy.tools!.t!.require).toBeUndefined();
    expect(rationale.t!.summary).toContain('not plain identifiers');
  });
});

describe('untrusted tool names', () => {
  const names = ['__proto__', 'constructor', 'a-b', 'a_b', 'a b', '*', 'x'.repeat(300), '名前', 'toString'];
  const generated = generatePolicy({ name: 's', tools: names.map((name) => tool(name, { class: 'write' })) });

  it('keeps every name as a key, with unique sanitised counter names', () => {
    const tools = generated.policy.tools!;
    expect(Object.keys(tools).sort()).toEqual(names.filter((n) => n !== '*').sort());
    const counters = Object.values(tools).map((t) => t.limits![0]!.counter);
    expect(new Set(counters).size).toBe(counters.length);
    for (const counter of counters) expect(counter).toMatch(/^[A-Za-z0-9_]+_per_minute(_\d+)?$/);
    expect(tools['a-b']!.limits![0]!.counter).not.toBe(tools.a_b!.limits![0]!.counter);
  });

  it('leaves a tool named `*` to the default deny instead of hiding everything', () => {
    expect(generated.policy.hide).toBeUndefined();
    expect(evaluateCalls(generated.policy, [{ tool: '*', at: AT }])[0]!.rule).toBe('default');
  });

  it('round-trips through JSON and every export without breaking', () => {
    const reparsed = parsePolicy(serializePolicy(generated.policy));
    expect(serializePolicy(reparsed)).toBe(serializePolicy(generated.policy));
    for (const { format } of POLICY_FORMATS)
      expect(exportPolicy(generated, format, { serverKey: 'weird server/name' }).length).toBeGreaterThan(10);
  });
});

describe('determinism', () => {
  it('gives byte-identical output whatever order the tools come in, and for duplicates keeps the strictest', () => {
    const tools = [
      tool('b', { class: 'read' }),
      tool('a', { class: 'write' }),
      tool('c', { class: 'destructive' }),
      tool('a', { class: 'destructive' }, { type: 'object', properties: { x: { type: 'string' } } }),
    ];
    const one = generatePolicy({ name: 's', tools });
    const two = generatePolicy({ name: 's', tools: [...tools].reverse() });
    for (const { format } of POLICY_FORMATS)
      expect(exportPolicy(two, format, { serverKey: 's' })).toBe(exportPolicy(one, format, { serverKey: 's' }));
    expect(JSON.stringify(two.rationale)).toBe(JSON.stringify(one.rationale));
    expect(one.policy.tools!.a!.deny_if).toHaveLength(1);
  });
});
