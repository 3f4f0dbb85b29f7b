// `npm run bench:scan [-- --runs N]`
// Wall time of `mcp-atlas scan --json -- node <server>` (a fresh CLI process, until it exits) against the least
// possible Node client on the same server (bench/minimal-client.ts: spawn, initialize, tools/list, close), run
// alternately N times each. The server is the real @modelcontextprotocol/server-memory. Aim: within 1.5× of the
// minimal client with the sandbox on.
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { median, percentile } from './bench-stats.ts';

const ROOT = resolve(import.meta.dirname, '..');
const { values } = parseArgs({ options: { runs: { type: 'string', default: '10' } } });
const runs = Number(values.runs);
const server = [process.execPath, join(ROOT, 'node_modules', '@modelcontextprotocol', 'server-memory', 'dist', 'index.js')];

function wall(args: string[]): Promise<number> {
  const started = performance.now();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'ignore'] });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolvePromise(performance.now() - started) : reject(new Error(`${args[0]} exited ${code}`)),
    );
  });
}

const commands = {
  'minimal SDK client': [join(ROOT, 'bench', 'minimal-client.ts'), ...server],
  'mcp-atlas scan (sandbox)': [join(ROOT, 'scanner', 'bin', 'mcp-atlas.js'), 'scan', '--json', '--', ...server],
  'mcp-atlas scan --no-sandbox': [join(ROOT, 'scanner', 'bin', 'mcp-atlas.js'), 'scan', '--json', '--no-sandbox', '--', ...server],
};
const times: Record<string, number[]> = Object.fromEntries(Object.keys(commands).map((name) => [name, []]));
// One warm-up round (disk cache), then alternate so machine load affects every command alike.
for (const args of Object.values(commands)) await wall(args);
for (let round = 0; round < runs; round++) {
  for (const [name, args] of Object.entries(commands)) times[name]?.push(await wall(args));
}
const baseline = median(times['minimal SDK client'] ?? []);
console.log(`server-memory, ${runs} runs each, wall time of a fresh process until it exits (median / p90):`);
for (const [name, list] of Object.entries(times)) {
  const m = median(list);
  console.log(
    `  ${name.padEnd(28)} ${m.toFixed(0).padStart(5)} ms / ${percentile(list, 0.9).toFixed(0).padStart(5)} ms   ${(m / baseline).toFixed(2)}×`,
  );
}
