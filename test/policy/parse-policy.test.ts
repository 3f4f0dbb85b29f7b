import { describe, expect, it } from 'vitest';
import { PolicyValidationError, parseCalls, parsePolicy } from '../../policies-gen/index.ts';

function problems(policy: unknown): string[] {
  try {
    parsePolicy(typeof policy === 'string' ? policy : JSON.stringify(policy), 'p.json');
  } catch (error) {
    expect(error).toBeInstanceOf(PolicyValidationError);
    expect((error as PolicyValidationError).code).toBe('POLICY_INVALID');
    expect((error as Error).message.startsWith('p.json: invalid policy\n')).toBe(true);
    return [...(error as PolicyValidationError).issues];
  }
  throw new Error('expected the policy to be rejected');
}

const limit = (over: Record<string, unknown>) => ({
  version: '1',
  default: 'deny',
  tools: { t: { limits: [{ counter: 'c', window: 'minute', max: 1, scope: 'grant', ...over }] } },
});
const cond = (over: Record<string, unknown>) => ({
  version: '1',
  default: 'deny',
  tools: { t: { require: [{ path: 'args.x', op: 'eq', value: 1, ...over }] } },
});

describe('parsePolicy rejects with the path and what was expected', () => {
  it.each([
    [
      'an unknown operator',
      cond({ op: 'startswith' }),
      'tools.t.require.0.op: expected one of eq, neq, in, not_in, lt, lte, gt, gte, regex, contains, exists',
    ],
    ['a negative limit', limit({ max: -1 }), 'tools.t.limits.0.max: expected a whole number >= 0 (a negative limit means nothing)'],
    ['a fractional limit', limit({ max: 1.5 }), 'tools.t.limits.0.max: expected a whole number >= 0'],
    ['a window other than minute/hour/day', limit({ window: 'week' }), 'tools.t.limits.0.window: expected one of minute, hour, day'],
    ['a window in seconds', limit({ window: 60 }), 'tools.t.limits.0.window: expected one of minute, hour, day'],
    ['a scope other than grant', limit({ scope: 'global' }), 'tools.t.limits.0.scope: expected "grant"'],
    [
      'a counter name with spaces',
      limit({ counter: 'my counter' }),
      'tools.t.limits.0.counter: expected a counter name of 1-128 letters, digits, `_`, `.`, `:` or `-`',
    ],
    ['version as a number', { version: 1, default: 'deny' }, 'version: expected "1" (a string)'],
    ['a missing default', { version: '1' }, 'default: expected "allow" or "deny"'],
    [
      'an unknown field',
      { version: '1', default: 'deny', tools: { t: { rate_limit: 5 } } },
      'tools.t: expected no field "rate_limit" (unknown field)',
    ],
    [
      'a path outside args',
      cond({ path: 'state.x' }),
      'tools.t.require.0.path: expected a path `args.<field>` (dots descend into nested objects)',
    ],
    ['`in` without a list', cond({ op: 'in', value: 'usd' }), 'tools.t.require.0.value: expected a list for op `in`'],
    ['`lte` with a string', cond({ op: 'lte', value: '10' }), 'tools.t.require.0.value: expected a number for op `lte`'],
    ['`exists` with a string', cond({ op: 'exists', value: 'yes' }), 'tools.t.require.0.value: expected true or false for op `exists`'],
    ['a regex that does not compile', cond({ op: 'regex', value: '(' }), 'tools.t.require.0.value: expected an RE2 pattern'],
    [
      'a lookahead, which RE2 (and Intercept) reject',
      cond({ op: 'regex', value: '^(?!/etc)' }),
      'tools.t.require.0.value: expected an RE2 pattern (error parsing regexp: invalid or unsupported Perl syntax',
    ],
    [
      'a policy nested 5,000 levels deep',
      `{"version":"1","default":"deny","tools":{"t":{"require":[{"path":"args.x","op":"eq","value":${'['.repeat(5000)}${']'.repeat(5000)}}]}}}`,
      '(root): expected at most 64 levels of nesting',
    ],
    [
      'an empty on_deny',
      { version: '1', default: 'deny', tools: { t: { deny_if: [{ conditions: [], on_deny: '' }] } } },
      'tools.t.deny_if.0.on_deny: expected a non-empty message',
    ],
    [
      'a bad tool named __proto__',
      '{"version":"1","default":"deny","tools":{"__proto__":{"limits":[{"counter":"c","window":"week","max":1,"scope":"grant"}]}}}',
      'tools.__proto__.limits.0.window: expected one of minute, hour, day',
    ],
    [
      'a tool name that is not an identifier',
      { version: '1', default: 'deny', tools: { 'a.b': { x: 1 } } },
      'tools["a.b"]: expected no field "x" (unknown field)',
    ],
    ['text that is not JSON', '{"version":', '(root): expected JSON'],
  ])('%s', (_, policy, expected) => {
    const issues = problems(policy);
    expect(
      issues.some((issue) => issue.startsWith(expected)),
      `${issues.join('\n')}\n  does not include\n${expected}`,
    ).toBe(true);
  });

  it('lists every problem, not just the first', () => {
    expect(problems({ version: '2', default: 'maybe', hide: [''], extra: true })).toHaveLength(4);
  });
});

describe('parsePolicy accepts the published format', () => {
  it('accepts the reference example and keeps a __proto__ tool as an own entry', () => {
    const policy = parsePolicy(
      '{"version":"1","default":"deny","hide":["delete_account"],"all_tools":{"limits":[]},"tools":{"__proto__":{},"create_charge":{"require":[],"deny_if":[{"conditions":[{"path":"args.amount","op":"gt","value":10000}],"on_deny":"Charges over 10000 need approval."}],"limits":[{"counter":"create_charge_per_hour","window":"hour","max":30,"scope":"grant"}]}}}',
    );
    expect(Object.keys(policy.tools!).sort()).toEqual(['__proto__', 'create_charge']);
    expect(Object.getPrototypeOf(policy.tools)).toBeNull();
    expect(policy.tools!.create_charge!.deny_if![0]!.conditions[0]!.value).toBe(10000);
  });
});

describe('parseCalls', () => {
  it('reads JSON Lines, skips blank lines, and keeps __proto__ arguments as own keys', () => {
    const calls = parseCalls(
      '{"tool":"a","at":"2026-11-24T10:00:00Z"}\n\n{"tool":"b","args":{"__proto__":{"x":1}},"at":"2026-11-24T10:00:00Z","grant":"g"}\n',
    );
    expect(calls.map((c) => c.tool)).toEqual(['a', 'b']);
    expect(Object.hasOwn(calls[1]!.args!, '__proto__')).toBe(true);
  });

  it('names the line and the problem for every bad line', () => {
    try {
      parseCalls('{"tool":"a","at":"yesterday"}\nnot json\n{"tool":1,"at":"2026-11-24T10:00:00Z","args":[]}', 'calls.jsonl');
      throw new Error('expected rejection');
    } catch (error) {
      expect((error as PolicyValidationError).code).toBe('CALLS_INVALID');
      const issues = (error as PolicyValidationError).issues;
      expect(issues[0]).toMatch(/^line 1: at: expected/);
      expect(issues[1]).toMatch(/^line 2: expected one JSON object/);
      expect(issues.filter((i) => i.startsWith('line 3:'))).toHaveLength(2);
    }
  });
});
