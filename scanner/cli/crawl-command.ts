import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type CrawlSource, type CrawlSummary, crawl } from '../crawl/crawl.ts';
import { CrawlError } from '../crawl/errors.ts';
import { loadRegistrySources, loadSourcesFile } from '../crawl/load-sources.ts';
import { NpmCache } from '../crawl/npm-cache.ts';
import { parseShard, type Shard } from '../crawl/shard.ts';
import { terminalText } from '../scan/terminal-text.ts';
import { EXIT_CODES, type ExitCode, exitCodeForSignal } from './exit-codes.ts';
import { checkSandbox, parseSandboxFlags, SANDBOX_FLAGS, SANDBOX_HELP, stopOnSignals } from './sandbox-flags.ts';

const HELP = `Usage: mcp-atlas crawl [options]

Scan many MCP servers into a data directory: one data/servers/<slug>.json per server, written as each one
finishes, then data/catalogue.json. Unchanged servers (same source entry, same package version, last scan good)
are skipped; a killed crawl resumes where it stopped.

Sources (one of):
  --sources FILE          server.json entries: {"servers": [...]} (default: data/sources.json)
  --registry URL          an MCP Registry (GET URL/v0.1/servers, following nextCursor)
  --updated-since TIME    with --registry: only entries updated since TIME (RFC 3339)

Selection:
  --shard I/N             only shard I of N (stable hash of the server name)
  --from DIR              take earlier records (history, skip-if-unchanged) from DIR and write this run's servers,
                          unchanged ones too, to --out: a shard job's start (merge the shards' --out afterwards)
  --only NAME             only this server (name, slug or npm identifier; repeatable)
  --force                 rescan even unchanged servers
  --prune                 remove records of servers no longer in the sources (not with --shard/--only)

Running:
  --out DIR               data directory (default: data)
  --concurrency N         scans at once (default: ${availableParallelism()}, the core count)
  --install-concurrency N npm installs at once (default: 2)
  --timeout SECONDS       whole-scan time limit per server (default: 60)
  --connect-timeout SECONDS  start + initialize limit per server (default: 30)
  --cache DIR             npm cache root (default: $MCP_ATLAS_CACHE or ~/.cache/mcp-atlas)
  --offline               never run npm: scan only packages already in the cache
  --discard-installs      remove each package's install tree once it is scanned (npm's cache keeps the tarballs):
                          the disk then holds only the installs in flight, not the whole list's (~90 MB each)
  --json                  print a JSON summary on stdout
${SANDBOX_HELP}  -h, --help              show this help

Progress goes to stderr: one line per server, then counts per status and the wall time.
SIGINT, SIGTERM or SIGHUP stop the crawl: servers in flight are killed (and rescanned by the next run), finished
records stay written and data/catalogue.json is regenerated; the exit code is 128 + the signal's number.
Exit codes: 0 done; 2 bad usage; 3 invalid sources; 6 no sandbox possible here; 15 registry unreachable.
`;

const positiveInt = (value: string | undefined, flag: string): number | undefined => {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new Error(`${flag} expects a positive integer, got \`${value}\``);
  return number;
};

/** A people-readable summary: counts per status, then totals and wall time. */
export function formatSummary(summary: CrawlSummary): string {
  const statuses = Object.entries(summary.byStatus)
    .sort((a, b) => b[1] - a[1])
    .map(([status, count]) => `${status} ${count}`)
    .join(', ');
  const wall =
    summary.wallMs >= 60_000
      ? `${Math.floor(summary.wallMs / 60_000)} min ${Math.round((summary.wallMs % 60_000) / 1000)} s`
      : `${(summary.wallMs / 1000).toFixed(1)} s`;
  const totals = summary.catalogue.totals;
  return [
    `crawl: ${summary.total} servers in ${wall}: ${statuses || 'nothing scanned'}; skipped ${summary.skipped} unchanged, removed ${summary.removed}${summary.errors > 0 ? `, crawler errors ${summary.errors}` : ''}`,
    `crawl: this run listed ${summary.tools} tools; the catalogue now holds ${totals.okServers} ok servers of ${totals.servers}, ${totals.tools} tools`,
    `crawl: disk peak ${(summary.diskPeakBytes / 1024 ** 3).toFixed(2)} GiB above the start (cache filesystem, all writers)`,
  ].join('\n');
}

/** `mcp-atlas crawl`. */
export async function run(argv: string[]): Promise<ExitCode> {
  let values: ReturnType<typeof parse>['values'];
  function parse() {
    return parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        sources: { type: 'string' },
        registry: { type: 'string' },
        'updated-since': { type: 'string' },
        shard: { type: 'string' },
        from: { type: 'string' },
        only: { type: 'string', multiple: true },
        force: { type: 'boolean' },
        prune: { type: 'boolean' },
        out: { type: 'string' },
        concurrency: { type: 'string' },
        'install-concurrency': { type: 'string' },
        timeout: { type: 'string' },
        'connect-timeout': { type: 'string' },
        cache: { type: 'string' },
        offline: { type: 'boolean' },
        'discard-installs': { type: 'boolean' },
        json: { type: 'boolean' },
        ...SANDBOX_FLAGS,
        help: { type: 'boolean', short: 'h' },
      },
    });
  }
  let shard: Shard | undefined;
  let concurrency: number | undefined;
  let installConcurrency: number | undefined;
  let timeout: number | undefined;
  let connectTimeout: number | undefined;
  let sandbox: ReturnType<typeof parseSandboxFlags>;
  try {
    values = parse().values;
    if (values.sources !== undefined && values.registry !== undefined) throw new Error('give --sources or --registry, not both');
    if (values['updated-since'] !== undefined && Number.isNaN(Date.parse(values['updated-since'])))
      throw new Error('--updated-since expects an RFC 3339 time');
    shard = values.shard === undefined ? undefined : parseShard(values.shard);
    concurrency = positiveInt(values.concurrency, '--concurrency');
    installConcurrency = positiveInt(values['install-concurrency'], '--install-concurrency');
    timeout = positiveInt(values.timeout, '--timeout');
    connectTimeout = positiveInt(values['connect-timeout'], '--connect-timeout');
    sandbox = parseSandboxFlags(values);
    if (values.from !== undefined && !existsSync(join(values.from, 'servers')))
      throw new Error(`--from ${values.from}: no servers/ folder of records there`);
  } catch (error) {
    process.stderr.write(`mcp-atlas crawl: ${(error as Error).message}\n\n${HELP}`);
    return EXIT_CODES.USAGE;
  }
  if (values.help) {
    process.stdout.write(HELP);
    return EXIT_CODES.OK;
  }
  // Before reading any source: a crawl that cannot sandbox its servers must not start (nor query a registry).
  const refused = await checkSandbox(sandbox, 'crawl');
  if (refused !== undefined) return refused;
  let sources: CrawlSource[];
  try {
    sources =
      values.registry !== undefined
        ? await loadRegistrySources(values.registry, {
            ...(values['updated-since'] !== undefined ? { updatedSince: values['updated-since'] } : {}),
            onInvalid: (_raw, reason) =>
              process.stderr.write(`mcp-atlas crawl: skipped an invalid registry entry: ${terminalText(reason)}\n`),
          })
        : await loadSourcesFile(values.sources ?? 'data/sources.json');
  } catch (error) {
    process.stderr.write(`mcp-atlas crawl: ${terminalText((error as Error).message)}\n`);
    return error instanceof CrawlError && error.code === 'REGISTRY_FAILED' ? EXIT_CODES.CONNECTION_REFUSED : EXIT_CODES.INVALID_INPUT;
  }
  const totalTimeoutMs = (timeout ?? 60) * 1000;
  const stop = stopOnSignals();
  const summary = await crawl(sources, {
    out: values.out ?? 'data',
    ...(concurrency !== undefined ? { concurrency } : {}),
    ...(installConcurrency !== undefined ? { installConcurrency } : {}),
    ...(shard !== undefined ? { shard } : {}),
    ...(values.from !== undefined ? { from: values.from } : {}),
    ...(values.only !== undefined ? { only: values.only } : {}),
    force: values.force === true,
    prune: values.prune === true,
    discardInstalls: values['discard-installs'] === true,
    cache: new NpmCache({
      ...(values.cache !== undefined ? { root: values.cache } : {}),
      offline: values.offline === true,
      signal: stop.signal,
    }),
    scanOptions: {
      connectTimeoutMs: Math.min((connectTimeout ?? 30) * 1000, totalTimeoutMs),
      requestTimeoutMs: Math.min(20_000, totalTimeoutMs),
      totalTimeoutMs,
      sandbox,
    },
    signal: stop.signal,
    onProgress: (line) => process.stderr.write(`${terminalText(line)}\n`),
  }).finally(() => stop.dispose());
  process.stderr.write(`${formatSummary(summary)}\n`);
  if (stop.received !== undefined) {
    process.stderr.write(
      `crawl: interrupted by ${stop.received}: servers in flight were stopped; finished records and catalogue.json are written. Run the same command again to resume.\n`,
    );
  }
  if (values.json) {
    const { items, ...rest } = summary;
    process.stdout.write(`${JSON.stringify({ ...rest, servers: items }, null, 2)}\n`);
  }
  return stop.received !== undefined ? exitCodeForSignal(stop.received) : EXIT_CODES.OK;
}
