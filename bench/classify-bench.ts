// `npm run bench:classify [-- --seconds S] [--rounds N] [--only classify|findings]`
// Classifies the real tool lists in test/classify/real-servers/ (and the labelled corpus) over and over and
// prints tools/second for classifyTool alone and for classifyTool + findToolFindings.
// Each measurement warms up first (so the JIT has optimised the code), then runs N rounds of S/N seconds and reports the
// median and best round, by wall clock and per CPU-second of this process (one core). On a shared, loaded machine the
// wall-clock rate mostly measures the other jobs; the CPU rate is the steadier figure, and the best round the closest to
// an idle machine.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { classifyTool, findToolFindings, type ServerContext, type ToolInput } from '../scanner/classify/index.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '5' },
    only: { type: 'string' },
  },
});
const seconds = Number(values.seconds);
const rounds = Math.max(1, Math.floor(Number(values.rounds)));

const dir = 'test/classify/real-servers';
const corpus: { tool: ToolInput; context: ServerContext }[] = [];
let servers = 0;
for (const file of readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()) {
  const data = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { serverInfo: { name: string }; tools: ToolInput[] };
  const context = { serverName: data.serverInfo.name, toolNames: data.tools.map((t) => t.name) };
  for (const tool of data.tools) corpus.push({ tool, context });
  servers++;
}
const labelled = 'test/classify/corpus/corpus.json';
if (existsSync(labelled)) {
  const data = JSON.parse(readFileSync(labelled, 'utf8')) as { tools: { server: string; tool: ToolInput }[] };
  for (const t of data.tools) corpus.push({ tool: t.tool, context: { serverName: t.server } });
}

interface Round {
  wall: number;
  cpu: number;
}

/** Runs the whole corpus until `ms` have passed; returns tools per wall second and per CPU second. */
function round(work: (item: (typeof corpus)[number]) => unknown, ms: number): Round & { sink: number } {
  let done = 0;
  let sink = 0;
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  const deadline = start + ms;
  while (performance.now() < deadline) {
    for (const item of corpus) if (work(item) !== undefined) sink++;
    done += corpus.length;
  }
  const elapsed = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { wall: done / elapsed, cpu: done / ((cpu.user + cpu.system) / 1e6), sink };
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US').padStart(9);

function measure(label: string, work: (item: (typeof corpus)[number]) => unknown): void {
  round(work, Math.min(1000, seconds * 300)); // warm-up: let the JIT optimise before timing
  const results: Round[] = [];
  for (let i = 0; i < rounds; i++) results.push(round(work, (seconds * 1000) / rounds));
  const median = (key: keyof Round): number => results.map((r) => r[key]).sort((a, b) => a - b)[Math.floor(results.length / 2)]!;
  const best = (key: keyof Round): number => Math.max(...results.map((r) => r[key]));
  process.stdout.write(
    `${label.padEnd(32)} wall ${fmt(median('wall'))} /s (best ${fmt(best('wall'))})   CPU ${fmt(median('cpu'))} /s (best ${fmt(best('cpu'))})\n`,
  );
}

process.stdout.write(`corpus: ${corpus.length} real tools (${servers} captured servers + corpus); median of ${rounds} rounds\n`);
if (values.only !== 'findings') measure('classifyTool', ({ tool, context }) => classifyTool(tool, context));
if (values.only !== 'classify')
  measure('classifyTool + findToolFindings', ({ tool, context }) => findToolFindings(tool, context, classifyTool(tool, context)));
if (values.only === undefined) measure('findToolFindings alone', ({ tool, context }) => findToolFindings(tool, context));
