// `npm run bench:classify [-- --seconds S]`
// Classifies the real tool lists in test/classify/real-servers/ (and the labelled set, when present) over and over
// for a fixed time and prints tools/second (wall clock and per CPU-second) for classifyTool alone and for
// classifyTool + findToolFindings.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { classifyTool, findToolFindings, type ServerContext, type ToolInput } from '../scanner/classify/index.ts';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '2' } } });
const seconds = Number(values.seconds);

const dir = 'test/classify/real-servers';
const corpus: { tool: ToolInput; context: ServerContext }[] = [];
for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
  const data = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { serverInfo: { name: string }; tools: ToolInput[] };
  const context = { serverName: data.serverInfo.name, toolNames: data.tools.map((t) => t.name) };
  for (const tool of data.tools) corpus.push({ tool, context });
}
const labelled = 'test/classify/labelled-tools.json';
if (existsSync(labelled)) {
  const data = JSON.parse(readFileSync(labelled, 'utf8')) as { tools: { server: string; tool: ToolInput }[] };
  for (const t of data.tools) corpus.push({ tool: t.tool, context: { serverName: t.server } });
}

function measure(label: string, work: (item: (typeof corpus)[number]) => unknown): void {
  for (const item of corpus) work(item); // warm-up
  let done = 0;
  let sink = 0;
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  const deadline = start + seconds * 1000;
  while (performance.now() < deadline) {
    for (const item of corpus) if (work(item) !== undefined) sink++;
    done += corpus.length;
  }
  const elapsed = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const rate = Math.round(done / elapsed).toLocaleString('en-US');
  const cpuRate = Math.round(done / cpuSeconds).toLocaleString('en-US');
  // Wall-clock rate is what a user sees; the CPU-time rate is steadier on a shared, loaded machine.
  process.stdout.write(
    `${label.padEnd(34)} ${rate.padStart(10)} tools/s wall  ${cpuRate.padStart(10)} tools/s CPU  (${done} tools, ${sink} verdicts)\n`,
  );
}

process.stdout.write(`corpus: ${corpus.length} real tools\n`);
measure('classifyTool', ({ tool, context }) => classifyTool(tool, context));
measure('classifyTool + findToolFindings', ({ tool, context }) => findToolFindings(tool, context, classifyTool(tool, context)));
