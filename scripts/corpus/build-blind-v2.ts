// `node scripts/corpus/build-blind-v2.ts`
// Builds the second blind set's labelling batches (issue 15): every catalogue server (data/servers, status ok, with
// tools) that is in none of the labelled sets — the training corpus, the first blind set, the old dev and held-out
// sets — and is not a copy of one of them (a third or more of its tools shared). These servers were crawled after
// the classifier was designed, so nothing was trained or tuned on them. Writes the batches to
// test/classify/corpus/batches/blind-v2/ and the manifest of ids to test/classify/corpus/unlabelled-blind-v2.json.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { clip, fingerprints, isCopy, type PoolServer, type RawTool, renderTool, sample } from './label-batch-format.ts';

const OUT = 'test/classify/corpus';
const CAP = 30;
const BATCH_TOOLS = 140;

interface Labelled {
  server: string;
  tool: RawTool;
}

/** Every server some labelled set already holds, with its tools (to tell copies apart). */
function labelledServers(): PoolServer[] {
  const byServer = new Map<string, PoolServer>();
  for (const file of [
    'test/classify/corpus/corpus.json',
    'test/classify/blind/blind-tools.json',
    'test/classify/labelled-tools.json',
    'test/classify/heldout-tools.json',
  ]) {
    const data = JSON.parse(readFileSync(file, 'utf8')) as { tools: Labelled[] };
    for (const { server, tool } of data.tools) {
      const entry = byServer.get(server) ?? { server, description: '', origin: 'old-dev' as const, tools: [] };
      entry.tools.push(tool);
      byServer.set(server, entry);
    }
  }
  return [...byServer.values()];
}

function unseenServers(seen: PoolServer[]): PoolServer[] {
  const names = new Set(seen.map((s) => s.server));
  const prints = seen.map((s) => ({ server: s.server, prints: fingerprints(s) }));
  const fresh: PoolServer[] = [];
  for (const file of readdirSync('data/servers').sort()) {
    const record = JSON.parse(readFileSync(join('data/servers', file), 'utf8'));
    if (record.scan?.status !== 'ok' || !Array.isArray(record.scan.tools) || record.scan.tools.length === 0) continue;
    const server: string = record.source.packages?.[0]?.identifier ?? record.source.name;
    if (names.has(server)) continue;
    const tools = (record.scan.tools as RawTool[]).map(({ name, title, description, inputSchema }) => ({
      name,
      ...(title === undefined ? {} : { title }),
      ...(description === undefined ? {} : { description }),
      inputSchema: inputSchema ?? {},
    }));
    const candidate: PoolServer = { server, description: record.source.description ?? '', origin: 'catalogue', tools };
    // A fork of a labelled server, or of a server already taken into this set, is not unseen.
    if (isCopy(candidate, [...prints, ...fresh.map((s) => ({ server: s.server, prints: fingerprints(s) }))])) continue;
    fresh.push(candidate);
  }
  return fresh;
}

const servers = unseenServers(labelledServers());
const dir = join(OUT, 'batches', 'blind-v2');
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const entries: { id: string; server: string; tool: RawTool }[] = [];
let batch: string[] = [];
let batchTools = 0;
let n = 0;
const flush = () => {
  if (batch.length === 0) return;
  writeFileSync(join(dir, `blind-v2-${String(n).padStart(2, '0')}.md`), `${batch.join('\n\n')}\n`);
  n += 1;
  batch = [];
  batchTools = 0;
};
for (const s of servers) {
  const tools = sample(s, CAP);
  batch.push(
    `## server: ${s.server}\nserver description: ${clip(s.description || '(none)', 300)}\ntools of this server (all, for context): ${clip(s.tools.map((t) => t.name).join(', '), 1500)}`,
  );
  for (const tool of tools) {
    const id = `v${String(entries.length).padStart(4, '0')}`;
    entries.push({ id, server: s.server, tool });
    batch.push(renderTool(id, tool));
  }
  batchTools += tools.length;
  if (batchTools >= BATCH_TOOLS) flush();
}
flush();
writeFileSync(
  join(OUT, 'unlabelled-blind-v2.json'),
  `${JSON.stringify({ note: 'Written by scripts/corpus/build-blind-v2.ts: the second blind set, servers crawled after the classifier was designed.', cap: CAP, tools: entries }, null, 1)}\n`,
);
process.stderr.write(`blind v2: ${entries.length} tools from ${servers.length} unseen servers in ${n} batches\n`);
