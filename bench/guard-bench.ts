// `npm run bench:guard [-- --calls N] [--concurrency C]`
// The latency mcp-atlas guard adds per call: the same tools/call made N times directly to a stdio server and N times
// through `mcp-atlas guard -- <the same server>` (a real guard process, real SDK client, one call at a time), with
// p50 and p99 of each and of the difference, then calls per second through the guard, one at a time and C in
// flight. Counters in memory (the default) and in a SQLite file. Interleaved rounds, so machine load hits both alike.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const { values } = parseArgs({ options: { calls: { type: 'string', default: '3000' }, concurrency: { type: 'string', default: '8' } } });
const CALLS = Number(values.calls);
const CONCURRENCY = Number(values.concurrency);
const ROUNDS = 5;
const WARMUP = 300;

const root = new URL('..', import.meta.url).pathname;
const node = process.execPath;
const target = [join(root, 'test/fixtures/servers/guard-target.ts')];
const dir = mkdtempSync(join(tmpdir(), 'atlas-guard-bench-'));
const policyFile = join(dir, 'policy.json');
// The kinds of rule a starter policy has on an allowed tool: an argument requirement and a per-minute limit
// (large enough never to refuse, so every call does the counting work).
writeFileSync(
  policyFile,
  JSON.stringify({
    version: '1',
    default: 'deny',
    tools: {
      store_item: {
        require: [{ path: 'args.id', op: 'regex', value: '^[a-z0-9-]+$' }],
        limits: [{ counter: 'store_item_per_minute', window: 'minute', max: 1_000_000_000, scope: 'grant' }],
      },
    },
  }),
);

async function connect(command: string, args: string[]): Promise<Client> {
  const client = new Client({ name: 'guard-bench', version: '1' });
  await client.connect(new StdioClientTransport({ command, args, stderr: 'ignore' }));
  return client;
}

const guardArgs = (state: string[]) => [
  join(root, 'scanner/bin/mcp-atlas.js'),
  'guard',
  '--no-sandbox',
  '--policy',
  policyFile,
  ...state,
  '--',
  node,
  ...target,
];
const call = (client: Client, i: number) => client.callTool({ name: 'store_item', arguments: { id: `item-${i}` } });

async function timed(client: Client, n: number, into: number[]): Promise<void> {
  for (let i = 0; i < n; i += 1) {
    const started = performance.now();
    const result = await call(client, i);
    into.push(performance.now() - started);
    if (result.isError === true) throw new Error(`call refused: ${JSON.stringify(result.content)}`);
  }
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

const ms = (value: number) => `${value.toFixed(3)} ms`;

async function throughput(client: Client, n: number, inFlight: number): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < n) await call(client, next++);
    }),
  );
  return n / ((performance.now() - started) / 1000);
}

const direct = await connect(node, target);
const guards = {
  memory: await connect(node, guardArgs([])),
  sqlite: await connect(node, guardArgs(['--state', `sqlite:${join(dir, 'counters.db')}`])),
};
for (const client of [direct, ...Object.values(guards)]) await timed(client, WARMUP, []);

const samples: Record<string, number[]> = { direct: [], memory: [], sqlite: [] };
const perRound = Math.ceil(CALLS / ROUNDS);
for (let round = 0; round < ROUNDS; round += 1) {
  await timed(direct, perRound, samples.direct!);
  await timed(guards.memory, perRound, samples.memory!);
  await timed(guards.sqlite, perRound, samples.sqlite!);
}
const sorted = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, [...v].sort((a, b) => a - b)])) as Record<string, number[]>;
const p = (k: string, q: number) => quantile(sorted[k]!, q);

console.log(
  `mcp-atlas guard: ${samples.direct!.length} sequential tools/call per setup, stdio, after ${WARMUP} warm-up calls (node ${process.versions.node})`,
);
console.log('');
console.log('setup                      p50          p99          added p50    added p99');
console.log(`direct to the server       ${ms(p('direct', 0.5)).padEnd(12)} ${ms(p('direct', 0.99)).padEnd(12)} -            -`);
for (const state of ['memory', 'sqlite'] as const) {
  console.log(
    `through guard (${state.padEnd(6)})     ${ms(p(state, 0.5)).padEnd(12)} ${ms(p(state, 0.99)).padEnd(12)} ${ms(p(state, 0.5) - p('direct', 0.5)).padEnd(12)} ${ms(p(state, 0.99) - p('direct', 0.99))}`,
  );
}
console.log('');
for (const [name, client] of [
  ['direct', direct],
  ['guard (memory)', guards.memory],
  ['guard (sqlite)', guards.sqlite],
] as const) {
  const one = await throughput(client, CALLS, 1);
  const many = await throughput(client, CALLS, CONCURRENCY);
  console.log(
    `${name.padEnd(16)} ${one.toFixed(0).padStart(6)} calls/s one at a time, ${many.toFixed(0).padStart(6)} calls/s with ${CONCURRENCY} in flight`,
  );
}
await Promise.all([direct.close(), guards.memory.close(), guards.sqlite.close()]);
