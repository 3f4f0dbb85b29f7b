// `npm run bench:sandbox [-- --runs N]`
// The sandbox's added start-up cost per server: time from scanServer() to the `initialize` reply of the real
// @modelcontextprotocol/server-memory, with the bubblewrap sandbox (memory cgroup or RSS watch) and without it,
// alternating, N runs each. Aim: under 50 ms added.
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type SandboxOptions, sandboxSupport } from '../scanner/sandbox/index.ts';
import { scanServer } from '../scanner/scan/scan-server.ts';
import { median, percentile } from './bench-stats.ts';

const ROOT = resolve(import.meta.dirname, '..');
const { values } = parseArgs({ options: { runs: { type: 'string', default: '30' } } });
const runs = Number(values.runs);
const support = await sandboxSupport();
if (!support.available) {
  console.error(`bench:sandbox: ${support.reason}`);
  process.exit(1);
}
const server = join(ROOT, 'node_modules', '@modelcontextprotocol', 'server-memory', 'dist', 'index.js');

async function timeToInitialize(sandbox: SandboxOptions): Promise<number> {
  const started = performance.now();
  let connected = 0;
  const result = await scanServer(
    { kind: 'stdio', command: process.execPath, args: [server], env: {} },
    {
      sandbox,
      onProgress: (line) => {
        if (line.startsWith('Connected')) connected = performance.now();
      },
    },
  );
  if (result.status !== 'ok' || connected === 0) throw new Error(`scan ${result.status}: ${result.error?.message}`);
  return connected - started;
}

const modes: Record<string, SandboxOptions> = {
  'no sandbox': { kind: 'none' },
  'bwrap + cgroup (auto)': { kind: 'bwrap' },
  'bwrap + RSS watch': { kind: 'bwrap', memoryEnforcement: 'rss' },
};
const times: Record<string, number[]> = Object.fromEntries(Object.keys(modes).map((name) => [name, []]));
for (const mode of Object.values(modes)) await timeToInitialize(mode);
for (let round = 0; round < runs; round++) {
  for (const [name, mode] of Object.entries(modes)) times[name]?.push(await timeToInitialize(mode));
}
const base = median(times['no sandbox'] ?? []);
console.log(`bubblewrap ${support.version}; server-memory; time to the initialize reply, ${runs} runs each (median / p90):`);
for (const [name, list] of Object.entries(times)) {
  const m = median(list);
  const added = name === 'no sandbox' ? '' : `   added ${(m - base).toFixed(1)} ms`;
  console.log(`  ${name.padEnd(24)} ${m.toFixed(1).padStart(7)} ms / ${percentile(list, 0.9).toFixed(1).padStart(7)} ms${added}`);
}
