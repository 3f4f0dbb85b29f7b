// Every kind of rule, enforced on real servers: a real SDK client through the guard to server-memory,
// server-filesystem and the guard-target fixture.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Policy } from '../../data/schema/policy.ts';
import { parsePolicy } from '../../policies-gen/index.ts';
import { type Guarded, guarded, realBin, scratch, starterPolicyOf, TestClock, textOf } from './helpers.ts';

const open: Guarded[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((g) => g.close()));
});

async function memory(policy: Policy, extra: Partial<Parameters<typeof guarded>[0]> = {}): Promise<Guarded> {
  const g = await guarded({
    policy,
    command: realBin('mcp-server-memory'),
    env: { MEMORY_FILE_PATH: join(scratch('mem'), 'memory.jsonl') },
    ...extra,
  });
  open.push(g);
  return g;
}

const entity = (name: string) => ({ entities: [{ name, entityType: 'test', observations: ['o'] }] });
const names = async (g: Guarded) => (await g.client.listTools()).tools.map((tool) => tool.name);
const graphNames = async (g: Guarded) => {
  const graph = JSON.parse(textOf(await g.client.callTool({ name: 'read_graph', arguments: {} }))) as { entities: Array<{ name: string }> };
  return graph.entities.map((e) => e.name);
};

describe('the starter policy of server-memory, enforced by the guard', () => {
  let starter: Policy;
  beforeAll(async () => {
    starter = await starterPolicyOf('memory');
  });

  it('forwards allowed calls and their results unchanged', async () => {
    const g = await memory(starter);
    const created = await g.client.callTool({ name: 'create_entities', arguments: entity('alice') });
    expect(created.isError).not.toBe(true);
    expect(await graphNames(g)).toEqual(['alice']);
  });

  it('hides a tool the policy hides: gone from tools/list, refused when called, never reaches the server', async () => {
    const policy: Policy = { ...starter, hide: ['create_entities'] };
    const g = await memory(policy);
    expect(await names(g)).not.toContain('create_entities');
    expect(await names(g)).toContain('read_graph');
    const result = await g.client.callTool({ name: 'create_entities', arguments: entity('bob') });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('hidden by the policy');
    expect(textOf(result)).toContain('rule hide');
    expect(await graphNames(g)).toEqual([]);
  });

  it('refuses a tool the policy does not list, under default deny, but still lists it', async () => {
    const tools = { ...starter.tools };
    delete tools.create_relations;
    const g = await memory({ ...starter, tools });
    expect(await names(g)).toContain('create_relations');
    const result = await g.client.callTool({ name: 'create_relations', arguments: { relations: [] } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('not listed in the policy, and the default is deny');
    expect(textOf(result)).toContain('rule default');
  });

  it('allows the seed 30 writes a minute: the 31st is refused, the next minute is allowed again', async () => {
    const clock = new TestClock();
    const g = await memory(starter, { clock });
    for (let i = 0; i < 30; i += 1) {
      const result = await g.client.callTool({ name: 'create_entities', arguments: entity(`e${i}`) });
      expect(result.isError, `call ${i + 1}`).not.toBe(true);
    }
    const refused = await g.client.callTool({ name: 'create_entities', arguments: entity('e30') });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toContain('Limit reached: 30 calls a minute per grant');
    expect(textOf(refused)).toContain('rule tools.create_entities.limits[0]');
    expect(await graphNames(g)).toHaveLength(30);
    clock.nextMinute();
    const again = await g.client.callTool({ name: 'create_entities', arguments: entity('e31') });
    expect(again.isError).not.toBe(true);
    expect(await graphNames(g)).toHaveLength(31);
  });

  it('counts per grant: another grant has its own 30', async () => {
    const clock = new TestClock();
    const store = (await import('../../scanner/guard/state/memory-store.ts')).MemoryQuotaStore;
    const shared = new store(clock.read);
    const a = await memory(starter, { clock, store: shared, grant: 'a' });
    const b = await memory(starter, { clock, store: shared, grant: 'b' });
    for (let i = 0; i < 30; i += 1) await a.client.callTool({ name: 'create_entities', arguments: entity(`a${i}`) });
    expect((await a.client.callTool({ name: 'create_entities', arguments: entity('a30') })).isError).toBe(true);
    expect((await b.client.callTool({ name: 'create_entities', arguments: entity('b0') })).isError).not.toBe(true);
  });
});

describe('argument rules on server-filesystem', () => {
  it('refuses a path outside the allowed root and allows one inside it', async () => {
    const root = scratch('fs-root');
    writeFileSync(join(root, 'inside.txt'), 'inside');
    const outside = scratch('fs-outside');
    writeFileSync(join(outside, 'secret.txt'), 'secret');
    // The starter policy's placeholder root, edited to the real directory as docs/policy.md tells users to.
    const starter = await starterPolicyOf('filesystem');
    const policy = parsePolicy(JSON.stringify(starter).replaceAll('/ALLOWED_ROOT', root));
    const g = await guarded({ policy, command: realBin('mcp-server-filesystem'), args: [root, outside] });
    open.push(g);
    const inside = await g.client.callTool({ name: 'read_text_file', arguments: { path: join(root, 'inside.txt') } });
    expect(inside.isError).not.toBe(true);
    expect(textOf(inside)).toBe('inside');
    const refused = await g.client.callTool({ name: 'read_text_file', arguments: { path: join(outside, 'secret.txt') } });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toContain('Argument requirement not met: args.path regex');
    expect(textOf(refused)).not.toContain('secret');
    const dotdot = await g.client.callTool({
      name: 'read_text_file',
      arguments: { path: `${root}/../${outside.split('/').pop()}/secret.txt` },
    });
    expect(dotdot.isError).toBe(true);
    expect(textOf(dotdot)).toContain('rule tools.read_text_file.require[0]');
  });
});

describe('approval through the client (MCP elicitation)', () => {
  let starter: Policy;
  beforeAll(async () => {
    starter = await starterPolicyOf('memory');
  });

  async function withPerson(answer: Parameters<typeof guarded>[0]['elicit']) {
    const asked: string[] = [];
    const g = await memory(starter, {
      ...(answer === undefined
        ? {}
        : {
            elicit: async (message: string) => {
              asked.push(message);
              return answer(message);
            },
          }),
      approvalTimeoutMs: 300,
    });
    await g.client.callTool({
      name: 'create_entities',
      arguments: { entities: [1, 2, 3].map((i) => ({ name: `n${i}`, entityType: 't', observations: [] })) },
    });
    const result = await g.client.callTool({ name: 'delete_entities', arguments: { entityNames: ['n1'] } });
    return { g, asked, result, left: await graphNames(g) };
  }

  it('runs the call when the user accepts and ticks the box, asking with the exact call and its digest', async () => {
    const { asked, result, left } = await withPerson(() => ({ action: 'accept', content: { approve: true } }));
    expect(result.isError).not.toBe(true);
    expect(left).toEqual(['n2', 'n3']);
    expect(asked).toHaveLength(1);
    expect(asked[0]).toContain('approve a call to "delete_entities"');
    expect(asked[0]).toContain('{"entityNames":["n1"]}');
    expect(asked[0]).toMatch(/Call digest: sha256:[0-9a-f]{64}/);
  });

  it('asks again for every call, and never carries an approval over to other arguments', async () => {
    const asked: string[] = [];
    const g = await memory(starter, {
      elicit: (message) => {
        asked.push(message);
        return { action: 'accept', content: { approve: true } };
      },
    });
    await g.client.callTool({ name: 'create_entities', arguments: entity('x') });
    await g.client.callTool({ name: 'delete_entities', arguments: { entityNames: ['x'] } });
    await g.client.callTool({ name: 'delete_entities', arguments: { entityNames: ['y'] } });
    await g.client.callTool({ name: 'delete_entities', arguments: { entityNames: ['y'] } });
    expect(asked).toHaveLength(3);
    const digest = (message: string) => /sha256:[0-9a-f]{64}/.exec(message)![0];
    expect(digest(asked[0]!)).not.toBe(digest(asked[1]!));
    expect(digest(asked[1]!)).toBe(digest(asked[2]!));
  });

  for (const [what, answer, reason] of [
    ['declines', () => ({ action: 'decline' as const }), 'The user declined this call.'],
    ['cancels', () => ({ action: 'cancel' as const }), 'The user dismissed the approval request.'],
    ['accepts without ticking the box', () => ({ action: 'accept' as const, content: { approve: false } }), 'The user declined this call.'],
    ['does not answer in time', () => new Promise<never>(() => {}), 'Nobody answered the approval request in time.'],
  ] as const) {
    it(`refuses the call when the user ${what}`, async () => {
      const { result, left } = await withPerson(answer);
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain("needs a human's approval");
      expect(textOf(result)).toContain(reason);
      expect(textOf(result)).toContain('rule tools.delete_entities.deny_if[0]');
      expect(left).toEqual(['n1', 'n2', 'n3']);
    });
  }

  it('refuses with the approval message when the client cannot ask (no elicitation capability)', async () => {
    const { asked, result, left } = await withPerson(undefined);
    expect(asked).toEqual([]);
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("Destructive tool: it needs a human's approval.");
    expect(textOf(result)).toContain('does not support MCP elicitation');
    expect(left).toEqual(['n1', 'n2', 'n3']);
  });
});
