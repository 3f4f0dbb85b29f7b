import { describe, expect, it } from 'vitest';
import type { PolicyCall } from '../../data/schema/policy.ts';
import { evaluateCalls, exportPolicy, generatePolicy, POLICY_FORMATS, parsePolicy, serializePolicy } from '../../policies-gen/index.ts';
import { classifyForTest } from './helpers/classify.ts';
import { interceptDecisions, withoutPerson } from './helpers/intercept-model.ts';
import { type RealServer, scanRealServer } from './helpers/real-servers.ts';
import { fullArgs, satisfyingArgs } from './helpers/satisfy.ts';
import { withHandVerdicts } from './helpers/verdicts.ts';

const SERVERS: RealServer[] = ['memory', 'filesystem', 'everything'];
const AT = '2026-11-24T10:00:00Z';

describe.each(SERVERS)('round trip on the real %s server: scan -> classify -> generate -> validate -> evaluate', (server) => {
  it('generates a valid policy whose decisions match its rationale for every tool', async () => {
    const scanned = await scanRealServer(server);
    expect(scanned.status).toBe('ok');
    expect(scanned.tools.length).toBeGreaterThan(3);
    for (const source of [await classifyForTest(scanned), { scan: withHandVerdicts(scanned), by: 'hand' as const }]) {
      const generated = generatePolicy({ name: server, tools: source.scan.tools });
      const policy = parsePolicy(serializePolicy(generated.policy), `${server}.policylayer.json`);
      for (const { format } of POLICY_FORMATS) expect(exportPolicy(generated, format, { serverKey: server }).length).toBeGreaterThan(0);
      for (const tool of source.scan.tools) {
        const entry = Object.hasOwn(policy.tools ?? {}, tool.name) ? policy.tools![tool.name] : undefined;
        const [decision] = evaluateCalls(policy, [{ tool: tool.name, args: satisfyingArgs(entry), at: AT }]);
        const asksPerson = entry?.deny_if?.some((rule) => rule['x-mcp-atlas']?.approval === true) === true;
        const expected = asksPerson
          ? 'approval'
          : { limit: 'allow', allow: 'allow', deny: 'deny', hide: 'hidden' }[generated.rationale[tool.name]!.decision];
        expect(`${tool.name}: ${decision!.decision}`, `${source.by}: ${decision!.rule} ${decision!.message}`).toBe(
          `${tool.name}: ${expected}`,
        );
      }
      const unknown = evaluateCalls(policy, [{ tool: 'tool_added_later', args: {}, at: AT }])[0]!;
      expect([unknown.decision, unknown.rule]).toEqual(['deny', 'default']);
      // The Intercept export decides the same as the policy on calls that give every argument, bursts included.
      const calls: PolicyCall[] = source.scan.tools.flatMap((tool) => {
        const args = fullArgs(Object.hasOwn(policy.tools ?? {}, tool.name) ? policy.tools![tool.name] : undefined);
        return Array.from({ length: 62 }, (_, i) => ({
          tool: tool.name,
          args,
          at: `2026-11-24T10:00:${String(i % 60).padStart(2, '0')}Z`,
        }));
      });
      const intercept = exportPolicy(generated, 'intercept', { serverKey: server });
      // Intercept cannot ask a person: what needs approval is denied there, as the reference says it is without one.
      expect(interceptDecisions(intercept, calls)).toEqual(withoutPerson(evaluateCalls(policy, calls)));
    }
  });
});

describe('real-server specifics (hand-checked verdicts)', () => {
  it('filesystem: reads allowed under the placeholder root only, writes that overwrite need approval', async () => {
    const { policy } = generatePolicy({ name: 'filesystem', tools: withHandVerdicts(await scanRealServer('filesystem')).tools });
    const decide = (tool: string, args: Record<string, unknown>) => evaluateCalls(policy, [{ tool, args, at: AT }])[0]!;
    expect(decide('read_text_file', { path: '/ALLOWED_ROOT/a.md' }).decision).toBe('allow');
    expect(decide('read_text_file', { path: '/home/me/.ssh/id_ed25519' })).toMatchObject({
      decision: 'deny',
      rule: 'tools.read_text_file.require[0]',
    });
    expect(decide('list_directory_with_sizes', { path: '/ALLOWED_ROOT', sortBy: 'mtime' })).toMatchObject({
      decision: 'deny',
      rule: 'tools.list_directory_with_sizes.deny_if[0]',
    });
    expect(decide('write_file', { path: '/ALLOWED_ROOT/a.md', content: 'x' })).toMatchObject({
      decision: 'approval',
      rule: 'tools.write_file.deny_if[0]',
    });
    expect(decide('create_directory', { path: '/ALLOWED_ROOT/new' }).decision).toBe('allow');
  });

  it('memory: 30 writes a minute per grant, the 31st denied; reads at 60; deletes need approval', async () => {
    const { policy } = generatePolicy({ name: 'memory', tools: withHandVerdicts(await scanRealServer('memory')).tools });
    const writes: PolicyCall[] = Array.from({ length: 31 }, (_, i) => ({
      tool: 'create_entities',
      args: { entities: [] },
      at: `2026-11-24T10:00:${String(i).padStart(2, '0')}Z`,
      grant: 'g',
    }));
    const reads: PolicyCall[] = Array.from({ length: 61 }, () => ({
      tool: 'read_graph',
      args: {},
      at: '2026-11-24T10:00:30Z',
      grant: 'g',
    }));
    const decisions = evaluateCalls(policy, [...writes, ...reads, { tool: 'delete_entities', args: { entityNames: ['x'] }, at: AT }]);
    expect(decisions.slice(0, 30).every((d) => d.decision === 'allow')).toBe(true);
    expect(decisions[30]).toMatchObject({ decision: 'deny', rule: 'tools.create_entities.limits[0]' });
    expect(decisions.slice(31, 91).every((d) => d.decision === 'allow')).toBe(true);
    expect(decisions[91]).toMatchObject({ decision: 'deny', rule: 'tools.read_graph.limits[0]' });
    expect(decisions[92]).toMatchObject({ decision: 'approval', rule: 'tools.delete_entities.deny_if[0]' });
    expect(decisions[92]!.message).toContain('approval');
  });

  it('everything: get-env (reads credentials) is denied, get-resource-links keeps its declared maximum', async () => {
    const { policy } = generatePolicy({ name: 'everything', tools: withHandVerdicts(await scanRealServer('everything')).tools });
    const decide = (tool: string, args: Record<string, unknown>) => evaluateCalls(policy, [{ tool, args, at: AT }])[0]!;
    expect(decide('get-env', {}).message).toContain('handles credentials');
    expect(decide('get-resource-links', { count: 10 }).decision).toBe('allow');
    expect(decide('get-resource-links', { count: 11 }).decision).toBe('deny');
    expect(decide('get-resource-links', {}).decision).toBe('allow');
  });
});
