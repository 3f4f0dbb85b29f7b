// Counter stores: the same reservations in memory, in a SQLite file and in a real Redis; atomic under guards racing
// in separate processes; shared by guards; surviving a restart; failing closed.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type QuotaClaim, quotaClaim } from '../../policies-gen/index.ts';
import { openQuotaStore, type QuotaStore } from '../../scanner/guard/index.ts';
import { guarded, NODE, realBin, scratch, starterPolicyOf, TestClock, textOf } from './helpers.ts';
import { hasRedisServer, type RedisServer, startRedis } from './redis-server.ts';

const AT = Date.parse('2026-11-24T10:00:30Z');
const limit = (max: number, counter = 'c') => ({ counter, window: 'minute', max, scope: 'grant' }) as const;
const claims = (...maxes: number[]): QuotaClaim[] =>
  maxes.map((max, i) => quotaClaim('g', limit(max, i === 0 ? 'c' : `c${i}`), `r${i}`, AT));

const REDIS = hasRedisServer();
if (!REDIS && process.env.CI === 'true') throw new Error('redis-server is required in CI (.ci/run installs it)');
if (!REDIS) console.warn('redis-server is not installed: the Redis state tests are skipped (apt-get install redis-server)');

let redis: RedisServer | undefined;
beforeAll(async () => {
  if (REDIS) redis = await startRedis();
}, 20_000);
afterAll(async () => {
  await redis?.stop();
});

const backends: Array<[string, () => string]> = [
  ['memory', () => 'memory'],
  ['sqlite', () => `sqlite:${join(scratch('sqlite'), 'counters.db')}`],
  ...(REDIS ? [['redis', () => redis!.url] as [string, () => string]] : []),
];

describe.each(backends)('the %s store', (name, spec) => {
  let store: QuotaStore;
  beforeAll(async () => {
    store = await openQuotaStore(spec(), `test-${Math.random()}`, () => AT);
  });
  afterAll(async () => {
    await store.close();
  });

  it('reserves in all claims or none, names the first full one, and counts a shared counter once', async () => {
    expect(await store.reserve(claims(2, 5))).toEqual({ ok: true, counts: [1, 1] });
    expect(await store.reserve(claims(2, 5))).toEqual({ ok: true, counts: [2, 2] });
    expect(await store.reserve(claims(2, 5))).toEqual({ ok: false, index: 0 });
    expect(await store.reserve(claims(5, 2))).toEqual({ ok: false, index: 1 });
    const same = [quotaClaim('g', limit(9, 'shared'), 'a', AT), quotaClaim('g', limit(9, 'shared'), 'b', AT)];
    expect(await store.reserve(same)).toEqual({ ok: true, counts: [1, 1] });
    expect(await store.reserve(same)).toEqual({ ok: true, counts: [2, 2] });
  });

  it('gives quota back, never below zero, and starts afresh in the next window', async () => {
    const one = [quotaClaim('g', limit(1, 'back'), 'a', AT)];
    expect((await store.reserve(one)).ok).toBe(true);
    expect((await store.reserve(one)).ok).toBe(false);
    await store.release(one);
    await store.release(one);
    expect(await store.reserve(one)).toEqual({ ok: true, counts: [1] });
    const next = [quotaClaim('g', limit(1, 'back'), 'a', AT + 60_000)];
    expect(await store.reserve(next)).toEqual({ ok: true, counts: [1] });
  });

  it('keeps grants apart', async () => {
    const of = (grant: string) => [quotaClaim(grant, limit(1, 'grants'), 'a', AT)];
    expect((await store.reserve(of('x'))).ok).toBe(true);
    expect((await store.reserve(of('y'))).ok).toBe(true);
    expect((await store.reserve(of('x'))).ok).toBe(false);
  });

  if (name !== 'memory') {
    it('is atomic: four processes racing 30 calls each for a limit of 60 get exactly 60', async () => {
      const shared = name === 'sqlite' ? `sqlite:${join(scratch('race'), 'race.db')}` : spec();
      const worker = join(import.meta.dirname, 'reserve-worker.ts');
      const runs = await Promise.all(
        Array.from({ length: 4 }, () => promisify(execFile)(NODE, [worker, shared, '30', '60'], { timeout: 60_000 })),
      );
      const granted = runs.map((run) => Number(run.stdout.trim()));
      expect(granted.reduce((a, b) => a + b, 0)).toBe(60);
    }, 90_000);
  }
});

describe('counters shared by guards', () => {
  it('two guards on one SQLite file share the 30 a minute, and the count survives a restart', async () => {
    const file = join(scratch('shared'), 'counters.db');
    const policy = await starterPolicyOf('memory');
    const clock = new TestClock();
    const open = async () =>
      guarded({
        policy,
        command: realBin('mcp-server-memory'),
        env: { MEMORY_FILE_PATH: join(scratch('mem'), 'm.jsonl') },
        clock,
        store: await openQuotaStore(`sqlite:${file}`, 'memory-policy', clock.read),
      });
    const [a, b] = await Promise.all([open(), open()]);
    const call = (g: typeof a, i: number) =>
      g.client.callTool({ name: 'create_entities', arguments: { entities: [{ name: `e${i}`, entityType: 't', observations: [] }] } });
    const results = [];
    for (let i = 0; i < 20; i += 1) results.push(await call(a, i), await call(b, 100 + i));
    expect(results.filter((r) => r.isError !== true)).toHaveLength(30);
    await Promise.all([a.close(), b.close()]);
    const c = await open();
    const after = await call(c, 999);
    expect(after.isError).toBe(true);
    expect(textOf(after)).toContain('Limit reached');
    await c.close();
  }, 60_000);

  it.runIf(REDIS)(
    'a guard counting in Redis refuses the 31st call, like the others',
    async () => {
      const policy = await starterPolicyOf('memory');
      const clock = new TestClock();
      const g = await guarded({
        policy,
        command: realBin('mcp-server-memory'),
        env: { MEMORY_FILE_PATH: join(scratch('mem'), 'm.jsonl') },
        clock,
        store: await openQuotaStore(redis!.url, `guard-${Math.random()}`, clock.read),
      });
      try {
        const outcomes = [];
        for (let i = 0; i < 31; i += 1)
          outcomes.push(
            (
              await g.client.callTool({
                name: 'create_entities',
                arguments: { entities: [{ name: `r${i}`, entityType: 't', observations: [] }] },
              })
            ).isError === true,
          );
        expect(outcomes.indexOf(true)).toBe(30);
      } finally {
        await g.close();
      }
    },
    60_000,
  );

  it('refuses calls (fails closed) when Redis stops answering, and refuses to start when it is not there', async () => {
    await expect(openQuotaStore('redis://127.0.0.1:1', 'x', Date.now)).rejects.toMatchObject({ code: 'STATE_UNAVAILABLE' });
    await expect(openQuotaStore('postgres://x', 'x', Date.now)).rejects.toMatchObject({ code: 'STATE_SPEC_INVALID' });
    if (!REDIS) return;
    const doomed = await startRedis();
    const store = await openQuotaStore(doomed.url, 'x', () => AT);
    expect((await store.reserve(claims(5))).ok).toBe(true);
    await doomed.stop();
    await expect(store.reserve(claims(5))).rejects.toMatchObject({ code: 'STATE_UNAVAILABLE' });
    await store.close();
  }, 30_000);
});
