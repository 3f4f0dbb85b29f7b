// `npm run bench:site`: builds the site for a synthetic catalogue of 5,000 servers / 50,000 tools (real tool names and
// descriptions from data/, or the site test fixture while data/ is empty, recombined), then times search in Chromium.
// Prints wall time, pages/s and peak memory (summed RSS of the whole build process tree, sampled from /proc), then the
// median and p95 query time. Scale with BENCH_SERVERS and BENCH_TOOLS_PER_SERVER; keep the output with BENCH_KEEP=1.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ScannedTool, type ServerRecord, ServerRecordSchema } from '../data/schema/index.ts';
import { launchChromium } from '../site/scripts/chromium.ts';
import { serveStatic } from '../site/scripts/serve.ts';

const REPO = new URL('../', import.meta.url).pathname;
const SERVERS = Number(process.env.BENCH_SERVERS ?? 5_000);
const TOOLS_PER_SERVER = Number(process.env.BENCH_TOOLS_PER_SERVER ?? 10);

function sourceRecords(): { records: ServerRecord[]; from: string } {
  for (const dir of [join(REPO, 'data/servers'), join(REPO, 'test/fixtures/site-data/servers')]) {
    if (!existsSync(dir)) continue;
    const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
    const records = files.map((f) => ServerRecordSchema.parse(JSON.parse(readFileSync(join(dir, f), 'utf8'))));
    if (records.some((r) => r.scan.tools.length > 0)) return { records, from: dir };
  }
  throw new Error('no tools to recombine: data/servers and the fixture are both empty');
}

/** Writes the synthetic catalogue: names and descriptions recombined from real tools, verdicts kept with the name. */
function writeSynthetic(dataDir: string): { tools: number; from: string; pool: number } {
  const { records, from } = sourceRecords();
  const pool = records.flatMap((r) => r.scan.tools).filter((t) => (t.description ?? '').length < 4_000 && t.name.length < 80);
  const template = records.find((r) => r.scan.status === 'ok') ?? records[0]!;
  mkdirSync(join(dataDir, 'servers'), { recursive: true });
  let tools = 0;
  for (let s = 0; s < SERVERS; s++) {
    const slug = `bench-server-${String(s).padStart(5, '0')}`;
    const seen = new Set<string>();
    const list: ScannedTool[] = [];
    for (let k = 0; k < TOOLS_PER_SERVER; k++) {
      const base = pool[(s * 7 + k * 13) % pool.length]!;
      const other = pool[(s * 11 + k * 5 + 3) % pool.length]!;
      let name = base.name;
      for (let n = 2; seen.has(name); n++) name = `${base.name}_${n}`;
      seen.add(name);
      const description = `${(base.description ?? '').split('. ')[0]}. ${other.description ?? ''}`.slice(0, 1_000);
      const hash = `sha256:${createHash('sha256').update(`${slug}/${name}/${description}`).digest('hex')}`;
      list.push({ ...base, name, description, hash });
    }
    tools += list.length;
    const record: ServerRecord = {
      ...template,
      slug,
      source: {
        ...template.source,
        name: `io.github.bench/server-${s}`,
        title: `Bench server ${s}`,
        description: `Synthetic server ${s} recombining real tools.`,
      },
      scan: { ...template.scan, status: 'ok', error: undefined, tools: list },
      changes: [],
      failedAttempts: [],
    };
    writeFileSync(join(dataDir, 'servers', `${slug}.json`), JSON.stringify(record));
  }
  return { tools, from, pool: pool.length };
}

/** Summed resident memory (bytes) of a process and all its descendants, from /proc. */
function treeRss(root: number): number {
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      const ppid = Number(/PPid:\s+(\d+)/.exec(status)?.[1]);
      rss.set(Number(entry), Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // the process ended while we looked
    }
  }
  let total = 0;
  const stack = [root];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    total += rss.get(pid) ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

async function build(
  dataDir: string,
  outDir: string,
): Promise<{ wallMs: number; peakRss: number; cpuSeconds: number; stats: Record<string, number | string> }> {
  const began = Date.now();
  // GNU time (when present) adds the CPU seconds of the whole tree, which says what the build costs on a loaded machine.
  const timeFile = join(outDir, '..', 'time.txt');
  const command = [
    process.execPath,
    // As `npm run build` does: a larger young generation halves GC time on this allocation-heavy build.
    '--max-semi-space-size=64',
    'site/scripts/build.ts',
    '--data-dir',
    dataDir,
    '--out-dir',
    outDir,
    '--site-url',
    'https://bench.example',
    '--search',
    process.env.BENCH_SEARCH ?? 'pagefind',
  ];
  const withTime = existsSync('/usr/bin/time') ? ['/usr/bin/time', '-o', timeFile, '-f', '%U %S', ...command] : command;
  const child = spawn(withTime[0]!, withTime.slice(1), { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  let peakRss = 0;
  const sampler = setInterval(() => {
    if (child.pid !== undefined) peakRss = Math.max(peakRss, treeRss(child.pid));
  }, 200);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearInterval(sampler);
  if (code !== 0) throw new Error(`site build exited with ${code}`);
  const [user, sys] = existsSync(timeFile)
    ? readFileSync(timeFile, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number)
    : [Number.NaN, Number.NaN];
  return { wallMs: Date.now() - began, peakRss, cpuSeconds: user! + sys!, stats: JSON.parse(stdout.trim().split('\n').at(-1)!) };
}

async function searchTimes(outDir: string, queries: string[]): Promise<{ cold: number; times: number[]; hits: number }> {
  const server = await serveStatic(outDir);
  const { context, close: closeBrowser } = await launchChromium('atlas-bench-chromium-');
  try {
    const page = await context.newPage();
    await page.goto(`${server.url}/search/`);
    await page.waitForSelector('#search[data-ready="true"]');
    // Let the page settle (server list, first paint) as a person would before typing.
    await page.waitForTimeout(1_000);
    // Exactly what the search box does per query (search, then the first 20 results with title, excerpt and
    // filters), through the hook the page exposes, so any engine is timed the same way.
    return await page.evaluate(async (list) => {
      const search = (window as unknown as { atlasSearch: (q: string) => Promise<{ total: number }> }).atlasSearch;
      const one = async (q: string) => {
        const t = performance.now();
        const found = await search(q);
        return { ms: performance.now() - t, n: found.total };
      };
      const cold = await one(list[0]!);
      const times: number[] = [];
      let hits = 0;
      for (const q of list.slice(1)) {
        const { ms, n } = await one(q);
        times.push(ms);
        hits += n;
      }
      return { cold: cold.ms, times, hits };
    }, queries);
  } finally {
    await closeBrowser();
    await server.close();
  }
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const work = mkdtempSync(join(tmpdir(), 'atlas-site-bench-'));
try {
  const dataDir = join(work, 'data');
  const outDir = join(work, 'dist');
  const made = writeSynthetic(dataDir);
  process.stderr.write(`bench: ${SERVERS} servers, ${made.tools} tools (recombined from ${made.pool} tools in ${made.from})\n`);
  const { wallMs, peakRss, cpuSeconds, stats } = await build(dataDir, outDir);
  const pages = Number(stats.pages ?? 0);
  const words = [
    'delete',
    'file',
    'create issue',
    'search',
    'list',
    'read',
    'update',
    'payment',
    'user',
    'query',
    'send message',
    'run',
    'get',
    'write',
    'repository',
    'database',
    'browser',
    'commit',
    'email',
    'token',
  ];
  const queries = Array.from({ length: 41 }, (_, i) => words[i % words.length]!);
  const search = await searchTimes(outDir, queries);
  const lines = [
    `servers            ${stats.servers}`,
    `tools              ${stats.tools}`,
    `pages (html)       ${pages}`,
    `search index       ${stats.search} (${stats.indexedPages} records)`,
    `build wall time    ${(wallMs / 1000).toFixed(1)} s  (astro ${(Number(stats.astroMs) / 1000).toFixed(1)} s; beside it: APIs+policies+images ${(Number(stats.apiMs) / 1000).toFixed(1)} s, then search index ${(Number(stats.searchMs) / 1000).toFixed(1)} s)`,
    `build CPU time     ${cpuSeconds.toFixed(1)} s user+sys (load average now ${(await import('node:os')).loadavg()[0]!.toFixed(1)} on ${(await import('node:os')).availableParallelism()} cores)`,
    `pages per second   ${(pages / (wallMs / 1000)).toFixed(0)}`,
    `peak memory (RSS)  ${(peakRss / 2 ** 30).toFixed(2)} GiB (whole process tree)`,
    `search cold first  ${search.cold.toFixed(1)} ms`,
    `search median      ${percentile(search.times, 50).toFixed(1)} ms`,
    `search p95         ${percentile(search.times, 95).toFixed(1)} ms  (${search.times.length} queries, ${search.hits} hits)`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  if (process.env.BENCH_KEEP === '1') process.stderr.write(`bench: kept ${work}\n`);
  else rmSync(work, { recursive: true, force: true });
}
