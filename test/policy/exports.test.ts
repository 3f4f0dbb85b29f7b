import { parse as parseToml } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { PolicyCall } from '../../data/schema/policy.ts';
import { evaluateCalls, exportPolicy, generatePolicy, POLICY_FORMATS, parsePolicy } from '../../policies-gen/index.ts';
import { interceptDecisions, withoutPerson } from './helpers/intercept-model.ts';
import { tool } from './helpers/tools.ts';

type Rule = Record<string, unknown>;
/** The shape of an Intercept policy, as far as these tests read it. */
interface InterceptDoc {
  version: string;
  default: string;
  hide?: string[];
  tools: Record<string, { rules: Rule[] }>;
}

const poisoned = { code: 'tool-shadowing', severity: 'high', message: 'Overrides another tool.', evidence: 'instead of' } as const;
const generated = generatePolicy({
  name: 'demo',
  tools: [
    tool('create_issue', { class: 'write' }, { type: 'object', properties: { priority: { type: 'integer', maximum: 5 } } }),
    tool(
      'list_issues',
      { class: 'read' },
      { type: 'object', properties: { state: { type: 'string', enum: ['open', 'closed'] } }, required: ['state'] },
    ),
    tool('delete_repo', { class: 'destructive', risk: 'high' }),
    tool('shadow', { class: 'read' }, undefined, [poisoned]),
    tool('say "hi"\\now', { class: 'destructive' }),
    tool('weird.name/x', { class: 'read' }),
  ],
});

describe('POLICY_FORMATS', () => {
  it('describes each format with a suffix, a media type and the command that enforces it', () => {
    expect(POLICY_FORMATS.map((f) => [f.format, f.fileSuffix])).toEqual([
      ['policylayer', '.policylayer.json'],
      ['intercept', '.intercept.yaml'],
      ['claude', '.claude.json'],
      ['codex', '.codex.toml'],
    ]);
    for (const f of POLICY_FORMATS) expect(f.enforce).toMatch(/`[^`]+`/);
  });
});

describe('policylayer', () => {
  it('is the policy itself: 2-space JSON with a trailing newline that parses back to the same policy', () => {
    const text = exportPolicy(generated, 'policylayer', { serverKey: 'demo' });
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
    expect(exportPolicy({ ...generated, policy: parsePolicy(text) }, 'policylayer', { serverKey: 'demo' })).toBe(text);
  });
});

describe('intercept', () => {
  const text = exportPolicy(generated, 'intercept', { serverKey: 'demo' });
  const doc = parseYaml(text) as InterceptDoc;

  it('has version, default, hide and per-tool rules in Intercept’s shape', () => {
    expect([doc.version, doc.default, doc.hide]).toEqual(['1', 'deny', ['shadow']]);
    expect(doc.tools.create_issue!.rules).toEqual([
      {
        name: 'deny_if[0] (also denies calls without args.priority)',
        conditions: [{ path: 'args.priority', op: 'lte', value: 5 }],
        on_deny: '`priority` must be at most 5.',
      },
      { name: 'limits[0] create_issue_per_minute', rate_limit: '30/minute', on_deny: expect.stringContaining('30 calls a minute') },
    ]);
    expect(doc.tools.delete_repo!.rules).toEqual([
      {
        name: 'deny_if[0] (needs a person: mcp-atlas guard asks, Intercept denies)',
        action: 'deny',
        on_deny: expect.stringContaining('approval'),
      },
    ]);
    expect(doc.tools.list_issues!.rules[0]!.conditions).toEqual([{ path: 'args.state', op: 'in', value: ['open', 'closed'] }]);
  });

  it('keeps odd tool names intact through YAML', () => {
    expect(Object.keys(doc.tools)).toContain('say "hi"\\now');
    expect(Object.keys(doc.tools)).toContain('weird.name/x');
  });

  it('decides like the policy on calls that give every argument (Intercept model vs reference evaluator)', () => {
    const at = (s: number) => `2026-11-24T10:00:${String(s % 60).padStart(2, '0')}Z`;
    const calls: PolicyCall[] = [
      ...Array.from({ length: 32 }, (_, i) => ({ tool: 'create_issue', args: { priority: i % 7 }, at: at(i) })),
      ...Array.from({ length: 62 }, (_, i) => ({ tool: 'list_issues', args: { state: i === 5 ? 'all' : 'open' }, at: at(i) })),
      { tool: 'delete_repo', args: {}, at: at(1) },
      { tool: 'shadow', args: {}, at: at(1) },
      { tool: 'unknown', args: {}, at: at(1) },
    ];
    expect(interceptDecisions(text, calls)).toEqual(withoutPerson(evaluateCalls(generated.policy, calls)));
  });

  it('puts all_tools limits under "*" and keeps the strictest limit per window', () => {
    const policy = parsePolicy(
      JSON.stringify({
        version: '1',
        default: 'allow',
        all_tools: { limits: [{ counter: 'all', window: 'minute', max: 100, scope: 'grant' }] },
        tools: {
          t: {
            limits: [
              { counter: 'a', window: 'minute', max: 10, scope: 'grant' },
              { counter: 'b', window: 'minute', max: 5, scope: 'grant' },
              { counter: 'c', window: 'day', max: 0, scope: 'grant' },
            ],
          },
        },
      }),
    );
    const out = parseYaml(exportPolicy({ policy, rationale: {} }, 'intercept', { serverKey: 's' })) as InterceptDoc;
    expect(out.tools['*']!.rules).toEqual([{ name: 'all_tools.limits[0] all', rate_limit: '100/minute', on_deny: expect.any(String) }]);
    expect(out.tools.t!.rules.map((r) => r.rate_limit ?? r.action)).toEqual(['5/minute', 'deny']);
  });

  it('refuses a policy with a tool named "*" (it would mean every tool)', () => {
    const policy = parsePolicy('{"version":"1","default":"deny","tools":{"*":{}}}');
    expect(() => exportPolicy({ policy, rationale: {} }, 'intercept', { serverKey: 's' })).toThrow(
      expect.objectContaining({ code: 'POLICY_NOT_EXPORTABLE' }),
    );
  });
});

describe('claude', () => {
  it('denies the hidden and always-denied tools as mcp__<server>__<tool>, names sanitised', () => {
    const text = exportPolicy(generated, 'claude', { serverKey: 'my demo.server' });
    expect(JSON.parse(text)).toEqual({
      permissions: { deny: ['mcp__my_demo_server__delete_repo', 'mcp__my_demo_server__say__hi__now', 'mcp__my_demo_server__shadow'] },
    });
  });

  it('denies the whole server when everything is hidden', () => {
    const policy = parsePolicy('{"version":"1","default":"allow","hide":["*"]}');
    expect(JSON.parse(exportPolicy({ policy, rationale: {} }, 'claude', { serverKey: 'x' }))).toEqual({
      permissions: { deny: ['mcp__x'] },
    });
  });

  it('refuses a server key with nothing usable in it', () => {
    expect(() => exportPolicy(generated, 'claude', { serverKey: '../..' })).toThrow(
      expect.objectContaining({ code: 'SERVER_KEY_INVALID' }),
    );
  });
});

describe('codex', () => {
  it('is valid TOML with enabled_tools (default deny) and disabled_tools for the server, strings escaped', () => {
    const text = exportPolicy(generated, 'codex', { serverKey: 'demo' });
    expect(parseToml(text)).toEqual({
      mcp_servers: {
        demo: {
          enabled_tools: ['create_issue', 'list_issues', 'weird.name/x'],
          disabled_tools: ['delete_repo', 'say "hi"\\now', 'shadow'],
        },
      },
    });
  });

  it('escapes control characters, DEL and lone surrogates', () => {
    const names = ['a\u0000b', 'tab\there', 'del\u007f', 'lone\ud800', 'line\nbreak', 'emoji 🎉'];
    const g = generatePolicy({ name: 's', tools: names.map((name) => tool(name, { class: 'destructive' })) });
    const parsed = parseToml(exportPolicy(g, 'codex', { serverKey: 's' })) as { mcp_servers: { s: { disabled_tools: string[] } } };
    expect(parsed.mcp_servers.s.disabled_tools.sort()).toEqual(names.map((n) => n.toWellFormed()).sort());
  });
});

describe('intercept and tool names with a dot', () => {
  it('denies a rate-limited dotted tool outright (Intercept splits state.<tool>.<counter> at dots), and limits the others', () => {
    const dotted = generatePolicy({
      name: 'demo',
      tools: [tool('files.write', { class: 'write' }), tool('write_note', { class: 'write' })],
    });
    const doc = parseYaml(exportPolicy(dotted, 'intercept', { serverKey: 'demo' })) as {
      tools: Record<string, { rules: { action?: string; rate_limit?: string }[] }>;
    };
    expect(doc.tools['files.write']!.rules.some((rule) => rule.rate_limit !== undefined)).toBe(false);
    expect(doc.tools['files.write']!.rules.at(-1)?.action).toBe('deny');
    expect(doc.tools.write_note!.rules.some((rule) => rule.rate_limit === '30/minute')).toBe(true);
  });
});
