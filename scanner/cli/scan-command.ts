import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { ScanResult } from '../../data/schema/index.ts';
import { classifyScanResult } from '../classify/index.ts';
import { reachesLevel } from '../classify/threshold.ts';
import { renderSarif } from '../report/sarif.ts';
import { killAllGroups } from '../scan/process-groups.ts';
import { type ScanTarget, scanServer } from '../scan/scan-server.ts';
import { renderScanTable } from '../scan/scan-table.ts';
import { parseChoice, parseEnvPairs, parseHeaderPairs, parseSeconds, splitAtDoubleDash, UsageError } from './cli-options.ts';
import { EXIT_CODES, type ExitCode, exitCodeForStatus } from './exit-codes.ts';

/** Help text of `mcp-atlas scan`. */
export const SCAN_HELP = `Usage:
  mcp-atlas scan [options] -- <command> [args...]   start a server over stdio and scan it
  mcp-atlas scan [options] <url>                    scan a server over Streamable HTTP (falls back to SSE)

Connects to one MCP server, lists its tools, prompts, resources and resource templates,
and prints what it exposes. Progress goes to stderr, results to stdout.

Options:
  --env NAME=value        pass a variable to a stdio server (repeatable); it gets nothing else
                          of your environment but PATH, and HOME set to a scratch directory
  --header "Name: value"  send an HTTP header, e.g. "Authorization: Bearer ..." (repeatable)
  --connect-timeout SEC   start/connect plus \`initialize\` (default 30)
  --request-timeout SEC   each list request (default 20)
  --timeout SEC           the whole scan (default 90)
  --format FORMAT         table (default), json or sarif
  --json                  same as --format json: the scan result exactly as data/schema defines it
  --out FILE              also write the result to FILE (JSON, or SARIF with --format sarif)
  --fail-on LEVEL         exit 4 when a tool reaches LEVEL: low, medium, high or critical
  -h, --help              show this help

Exit codes: 0 scanned; 2 bad usage; 4 --fail-on reached; 10 timeout; 11 spawn failed;
12 initialize failed; 13 protocol error; 14 auth required; 15 connection refused;
16 HTTP error; 17 not MCP; 18 crashed (see docs/scanning.md).
`;

const FORMATS = ['table', 'json', 'sarif'] as const;
const LEVELS = ['low', 'medium', 'high', 'critical'] as const;

interface ScanInvocation {
  target: ScanTarget;
  format: (typeof FORMATS)[number];
  out: string | undefined;
  failOn: (typeof LEVELS)[number] | undefined;
  connectTimeoutMs: number | undefined;
  requestTimeoutMs: number | undefined;
  totalTimeoutMs: number | undefined;
}

function parseTarget(
  positionals: string[],
  command: string[] | undefined,
  env: Record<string, string>,
  headers: Record<string, string>,
): ScanTarget {
  if (command !== undefined) {
    if (positionals.length > 0) throw new UsageError('Give either a URL or `-- <command>`, not both.');
    const [executable, ...args] = command;
    if (executable === undefined || executable === '') throw new UsageError('Nothing to start after `--`.');
    if (Object.keys(headers).length > 0) throw new UsageError('--header applies to URLs only; use --env for a stdio server.');
    return { kind: 'stdio', command: executable, args, env, cwd: process.cwd() };
  }
  const [url, ...extra] = positionals;
  if (url === undefined) throw new UsageError('Give a URL, or `-- <command> [args...]` to start a stdio server.');
  if (extra.length > 0 || !/^https?:\/\//i.test(url)) {
    throw new UsageError(`\`${url.slice(0, 60)}\` is not an http(s) URL; to start a command, put it after \`--\`.`);
  }
  if (Object.keys(env).length > 0) throw new UsageError('--env applies to stdio servers only; use --header for a URL.');
  return { kind: 'http', url, headers };
}

function parseInvocation(argv: string[]): ScanInvocation | 'help' {
  const split = splitAtDoubleDash(argv);
  const { values, positionals } = parseArgs({
    args: split.options,
    allowPositionals: true,
    strict: true,
    options: {
      env: { type: 'string', multiple: true },
      header: { type: 'string', multiple: true },
      'connect-timeout': { type: 'string' },
      'request-timeout': { type: 'string' },
      timeout: { type: 'string' },
      format: { type: 'string' },
      json: { type: 'boolean' },
      out: { type: 'string' },
      'fail-on': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  const format = values.json ? 'json' : (parseChoice('format', values.format, FORMATS) ?? 'table');
  if (values.json && values.format !== undefined && values.format !== 'json') throw new UsageError('--json conflicts with --format.');
  return {
    target: parseTarget(positionals, split.command, parseEnvPairs(values.env), parseHeaderPairs(values.header)),
    format,
    out: values.out,
    failOn: parseChoice('fail-on', values['fail-on'], LEVELS),
    connectTimeoutMs: parseSeconds('connect-timeout', values['connect-timeout']),
    requestTimeoutMs: parseSeconds('request-timeout', values['request-timeout']),
    totalTimeoutMs: parseSeconds('timeout', values.timeout),
  };
}

function render(result: ScanResult, format: ScanInvocation['format']): string {
  if (format === 'json') return `${JSON.stringify(result, null, 2)}\n`;
  if (format === 'sarif') return `${renderSarif(result)}\n`;
  return renderScanTable(result, process.stdout.columns ?? 120);
}

/** Servers run in their own process group, so a Ctrl-C must kill them explicitly before the CLI dies. */
function killServersOnSignal(): () => void {
  const handlers = (['SIGINT', 'SIGTERM', 'SIGHUP'] as const).map((signal) => {
    const handler = () => {
      killAllGroups();
      process.kill(process.pid, signal);
    };
    process.once(signal, handler);
    return [signal, handler] as const;
  });
  return () => {
    for (const [signal, handler] of handlers) process.removeListener(signal, handler);
  };
}

/** `mcp-atlas scan`: scans one server and returns the exit code of its status. */
export async function run(argv: string[]): Promise<ExitCode> {
  let invocation: ScanInvocation | 'help';
  try {
    invocation = parseInvocation(argv);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`mcp-atlas scan: ${message}\nRun \`mcp-atlas scan --help\` for usage.\n`);
    return EXIT_CODES.USAGE;
  }
  if (invocation === 'help') {
    process.stdout.write(SCAN_HELP);
    return EXIT_CODES.OK;
  }
  const removeSignalHandlers = killServersOnSignal();
  let scanned: ScanResult;
  try {
    scanned = await scanServer(invocation.target, {
      ...(invocation.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: invocation.connectTimeoutMs }),
      ...(invocation.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: invocation.requestTimeoutMs }),
      ...(invocation.totalTimeoutMs === undefined ? {} : { totalTimeoutMs: invocation.totalTimeoutMs }),
      onProgress: (line) => process.stderr.write(`mcp-atlas: ${line}\n`),
    });
  } finally {
    removeSignalHandlers();
  }
  // Every tool gets its verdict and findings (the classifier is pure and fast).
  const result = classifyScanResult(scanned);
  const output = render(result, invocation.format);
  if (invocation.out !== undefined) {
    const fileText = invocation.format === 'table' ? `${JSON.stringify(result, null, 2)}\n` : output;
    writeFileSync(resolve(invocation.out), fileText);
  }
  process.stdout.write(output);
  if (result.status !== 'ok') {
    process.stderr.write(`mcp-atlas: scan ${result.status}: ${result.error?.message ?? ''}\n`);
    return exitCodeForStatus(result.status);
  }
  if (invocation.failOn !== undefined && reachesLevel(result, invocation.failOn)) {
    process.stderr.write(`mcp-atlas: a tool or finding reached --fail-on ${invocation.failOn}.\n`);
    return EXIT_CODES.FAIL_ON_THRESHOLD;
  }
  return EXIT_CODES.OK;
}
