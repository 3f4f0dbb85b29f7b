// `node scripts/corpus/build-label-batches.ts`
// Builds the classifier corpus split and the labelling batches (issue 15). Deterministic: the same data/ gives the
// same split. Servers come from the catalogue (data/servers, status ok) and the two older labelled sets. The blind set
// is drawn first, by a keyed hash of the package name, from servers no rule was ever tuned on (not in the old dev or
// held-out sets); everything else is the training corpus. Per-server caps keep a 400-tool server from dominating.
// Labellers see only the name, title, description and input schema of each tool: never annotations or verdicts.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { clip, fingerprints, hash, isCopy, type PoolServer, type RawTool, renderTool, sample } from './label-batch-format.ts';

const OUT = 'test/classify/corpus';
const BLIND_KEY = 'mcp-atlas-blind-v1';
const BLIND_MIN = { servers: 24, tools: 440 };
const BLIND_CAP = 30;
const CORPUS_CAP = 80;
const BATCH_TOOLS = 140;

function pool(): PoolServer[] {
  const byServer = new Map<string, PoolServer>();
  for (const [file, origin] of [
    ['test/classify/labelled-tools.json', 'old-dev'],
    ['test/classify/heldout-tools.json', 'old-heldout'],
  ] as const) {
    const data = JSON.parse(readFileSync(file, 'utf8')) as { tools: { server: string; tool: RawTool }[] };
    for (const { server, tool } of data.tools) {
      const entry = byServer.get(server) ?? { server, description: '', origin, tools: [] };
      entry.tools.push(tool);
      byServer.set(server, entry);
    }
  }
  for (const file of readdirSync('data/servers').sort()) {
    const record = JSON.parse(readFileSync(join('data/servers', file), 'utf8'));
    if (record.scan.status !== 'ok' || record.scan.tools.length === 0) continue;
    const server: string = record.source.packages?.[0]?.identifier ?? record.source.name;
    const old = byServer.get(server);
    if (old) {
      old.description = record.source.description ?? '';
      continue;
    }
    const tools = (record.scan.tools as RawTool[]).map(({ name, title, description, inputSchema, outputSchema, annotations }) => ({
      name,
      ...(title === undefined ? {} : { title }),
      ...(description === undefined ? {} : { description }),
      inputSchema: inputSchema ?? {},
      ...(outputSchema === undefined ? {} : { outputSchema }),
      ...(annotations === undefined ? {} : { annotations }),
    }));
    byServer.set(server, { server, description: record.source.description ?? '', origin: 'catalogue', tools });
  }
  return [...byServer.values()].sort((a, b) => a.server.localeCompare(b.server));
}

function split(servers: PoolServer[]): { blind: PoolServer[]; corpus: PoolServer[] } {
  const prints = servers.map((s) => ({ server: s.server, prints: fingerprints(s) }));
  const candidates = servers
    .filter((s) => s.origin === 'catalogue' && !isCopy(s, prints))
    .sort((a, b) => hash(`${BLIND_KEY}:${a.server}`).localeCompare(hash(`${BLIND_KEY}:${b.server}`)));
  const blind: PoolServer[] = [];
  let tools = 0;
  for (const s of candidates) {
    if (blind.length >= BLIND_MIN.servers && tools >= BLIND_MIN.tools) break;
    blind.push(s);
    tools += Math.min(s.tools.length, BLIND_CAP);
  }
  const blindNames = new Set(blind.map((s) => s.server));
  return { blind, corpus: servers.filter((s) => !blindNames.has(s.server)) };
}

interface Entry {
  id: string;
  server: string;
  tool: RawTool;
}

function writeBatches(kind: 'corpus' | 'blind', servers: PoolServer[], cap: number): Entry[] {
  const entries: Entry[] = [];
  const dir = join(OUT, 'batches', kind);
  mkdirSync(dir, { recursive: true });
  let batch: string[] = [];
  let batchTools = 0;
  let n = 0;
  const flush = () => {
    if (batch.length === 0) return;
    writeFileSync(join(dir, `${kind}-${String(n).padStart(2, '0')}.md`), `${batch.join('\n\n')}\n`);
    n += 1;
    batch = [];
    batchTools = 0;
  };
  for (const s of servers) {
    const tools = sample(s, cap);
    const head = `## server: ${s.server}\nserver description: ${clip(s.description || '(none)', 300)}\ntools of this server (all, for context): ${clip(s.tools.map((t) => t.name).join(', '), 1500)}`;
    const rendered = tools.map((tool) => {
      const id = `${kind === 'blind' ? 'b' : 'c'}${String(entries.length).padStart(4, '0')}`;
      entries.push({ id, server: s.server, tool });
      return renderTool(id, tool);
    });
    batch.push(head, ...rendered);
    batchTools += tools.length;
    if (batchTools >= BATCH_TOOLS) flush();
  }
  flush();
  return entries;
}

const servers = pool();
const { blind, corpus } = split(servers);
rmSync(join(OUT, 'batches'), { recursive: true, force: true });
const corpusEntries = writeBatches('corpus', corpus, CORPUS_CAP);
const blindEntries = writeBatches('blind', blind, BLIND_CAP);
const manifest = {
  note: 'Written by scripts/corpus/build-label-batches.ts. Which server is in the training corpus and which in the blind set, and the id of every tool given to the labellers.',
  blindKey: BLIND_KEY,
  caps: { corpus: CORPUS_CAP, blind: BLIND_CAP },
  blind: blindEntries.map(({ id, server, tool }) => ({ id, server, tool })),
  corpus: corpusEntries.map(({ id, server, tool }) => ({ id, server, tool })),
};
writeFileSync(join(OUT, 'unlabelled.json'), `${JSON.stringify(manifest, null, 1)}\n`);
process.stderr.write(
  `corpus: ${corpusEntries.length} tools from ${corpus.length} servers; blind: ${blindEntries.length} tools from ${blind.length} servers\n`,
);
