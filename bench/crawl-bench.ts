// `npm run bench:crawl [-- --sample N --npx K --concurrency C --sources FILE]`
// Crawls a sample of the npm servers in the sources file twice — with a cold npm cache (a fresh temp cache: every
// package installed) and a warm one (the same cache, now populated) — into temp out dirs, then scans a few of them
// through `npx -y <pkg>@<version>` the way most scanners start servers. Prints servers/minute, median per-server time,
// and per-server cost (wall × concurrency / servers) against the published study (922 servers, ~25 min, concurrency 8).
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import PQueue from 'p-queue';
import type { SourceEntry } from '../data/schema/index.ts';
import { type CrawlSummary, crawl } from '../scanner/crawl/crawl.ts';
import { loadSourcesFile } from '../scanner/crawl/load-sources.ts';
import { NpmCache } from '../scanner/crawl/npm-cache.ts';
import { CWD_TOKEN, planScan } from '../scanner/crawl/resolve-target.ts';
import { nameHash } from '../scanner/crawl/slug.ts';
import { scanServer } from '../scanner/scan/scan-server.ts';

const STUDY = { servers: 922, minutes: 25, concurrency: 8 };
const STUDY_PER_SERVER_S = (STUDY.minutes * 60 * STUDY.concurrency) / STUDY.servers;

const { values } = parseArgs({
  options: {
    sources: { type: 'string', default: 'data/sources.json' },
    sample: { type: 'string', default: '30' },
    npx: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: String(availableParallelism()) },
    'skip-cold': { type: 'boolean', default: false },
  },
});
const sampleSize = Number(values.sample);
const npxSize = Number(values.npx);
const concurrency = Number(values.concurrency);

const median = (numbers: number[]): number => {
  const sorted = [...numbers].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length === 0 ? 0 : sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

interface Figure {
  label: string;
  servers: number;
  ok: number;
  wallMs: number;
  medianMs: number;
  concurrency: number;
}

function print(figure: Figure): void {
  const perMinute = (figure.servers / figure.wallMs) * 60_000;
  const perServer = (figure.wallMs * figure.concurrency) / figure.servers / 1000;
  process.stdout.write(
    `${figure.label.padEnd(12)} ${String(figure.servers).padStart(4)} servers (${figure.ok} ok)  wall ${(figure.wallMs / 1000).toFixed(1)} s  ` +
      `${perMinute.toFixed(1)} servers/min  median ${(figure.medianMs / 1000).toFixed(2)} s/server  ` +
      `cost ${perServer.toFixed(2)} s/server at concurrency ${figure.concurrency} (study ${STUDY_PER_SERVER_S.toFixed(1)} s: ${(STUDY_PER_SERVER_S / perServer).toFixed(1)}x)\n`,
  );
}

const fromCrawl = (label: string, summary: CrawlSummary): Figure => ({
  label,
  servers: summary.total,
  ok: summary.byStatus.ok ?? 0,
  wallMs: summary.wallMs,
  medianMs: median(summary.items.map((item) => item.durationMs)),
  concurrency,
});

const all = (await loadSourcesFile(values.sources)).filter((source) => planScan(source.server).kind === 'npm');
// A deterministic spread-out sample: by hash of the name.
const sample = [...all].sort((a, b) => (nameHash(a.server.name) < nameHash(b.server.name) ? -1 : 1)).slice(0, sampleSize);
process.stderr.write(`bench:crawl: ${sample.length} of ${all.length} npm servers, concurrency ${concurrency}\n`);

const coldCache = await mkdtemp(join(tmpdir(), 'atlas-bench-cache-'));
const outs: string[] = [];
const runCrawl = async (label: string, cache: NpmCache): Promise<CrawlSummary> => {
  const out = await mkdtemp(join(tmpdir(), 'atlas-bench-out-'));
  outs.push(out);
  return crawl(sample, {
    out,
    cache,
    concurrency,
    force: true,
    onProgress: (line) => process.stderr.write(`${label}: ${line}\n`),
    scanOptions: { totalTimeoutMs: 60_000, connectTimeoutMs: 30_000 },
  });
};
try {
  const figures: Figure[] = [];
  if (!values['skip-cold']) figures.push(fromCrawl('cold cache', await runCrawl('cold', new NpmCache({ root: coldCache }))));
  // Warm: the default cache (pre-installed catalogue) when skipping cold, else the cache the cold run just filled.
  const warm = await runCrawl('warm', new NpmCache(values['skip-cold'] ? {} : { root: coldCache }));
  figures.push(fromCrawl('warm cache', warm));
  const okNames = new Set(warm.items.filter((item) => item.status === 'ok').map((item) => item.name));
  const okTimes = warm.items.filter((item) => item.status === 'ok').map((item) => item.durationMs);
  process.stdout.write(`warm cache: median of the ${okTimes.length} ok servers ${(median(okTimes) / 1000).toFixed(2)} s\n`);
  for (const figure of figures) print(figure);

  // npx -y, as most published scanners start servers: a fresh npx cache per server (the scanner gives each server its own HOME).
  // The same servers that scanned ok from the cache, so the comparison measures the start-up path, not broken packages.
  const npxSample = sample.filter((source) => okNames.has(source.server.name)).slice(0, npxSize);
  const npxTimes: number[] = [];
  const cachedTimes = warm.items
    .filter((item) => npxSample.some((source) => source.server.name === item.name))
    .map((item) => item.durationMs);
  let npxOk = 0;
  const started = Date.now();
  const queue = new PQueue({ concurrency });
  for (const source of npxSample) {
    queue.add(async () => {
      const plan = planScan(source.server as SourceEntry);
      if (plan.kind !== 'npm') return;
      const cwd = await mkdtemp(join(tmpdir(), 'atlas-bench-npx-'));
      try {
        const spec = plan.pkg.version !== undefined ? `${plan.pkg.identifier}@${plan.pkg.version}` : plan.pkg.identifier;
        const args = ['-y', spec, ...plan.args.map((arg) => (arg === CWD_TOKEN ? cwd : arg))];
        // npm inside npx must trust the same CA as this machine's npm (a TLS-inspecting proxy here); nothing else is passed.
        const ca = process.env.NODE_EXTRA_CA_CERTS;
        const env = { ...plan.env, ...(ca !== undefined ? { NODE_EXTRA_CA_CERTS: ca } : {}) };
        const result = await scanServer(
          { kind: 'stdio', command: 'npx', args, env, cwd },
          { totalTimeoutMs: 120_000, connectTimeoutMs: 110_000 },
        );
        npxTimes.push(result.durationMs);
        if (result.status === 'ok') npxOk++;
        else process.stderr.write(`bench:crawl: npx ${spec}: ${result.status} ${result.error?.message.slice(0, 120) ?? ''}\n`);
      } finally {
        await rm(cwd, { recursive: true, force: true });
      }
    });
  }
  await queue.onIdle();
  if (npxSample.length > 0) {
    process.stdout.write(`same ${npxSample.length} servers from the warm cache: median ${(median(cachedTimes) / 1000).toFixed(2)} s\n`);
    print({ label: 'npx -y', servers: npxSample.length, ok: npxOk, wallMs: Date.now() - started, medianMs: median(npxTimes), concurrency });
  }
} finally {
  await rm(coldCache, { recursive: true, force: true });
  for (const out of outs) await rm(out, { recursive: true, force: true });
}
