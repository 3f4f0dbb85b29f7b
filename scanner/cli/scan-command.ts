import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { ScanResult } from '../../data/schema/index.ts';
import { classifyScanResult } from '../classify/index.ts';
import { type LevelHit, levelHits } from '../classify/threshold.ts';
import { syntheticResult } from '../crawl/synthetic-result.ts';
import { renderSarif } from '../report/sarif.ts';
import type { SandboxOptions } from '../sandbox/index.ts';
import { type ScanTarget, scanServer } from '../scan/scan-server.ts';
import { renderScanTable } from '../scan/scan-table.ts';
import { terminalText } from '../scan/terminal-text.ts';
import { parseChoice, parseEnvPairs, parseHeaderPairs, parseSeconds, splitAtDoubleDash, UsageError } from './cli-options.ts';
import { EXIT_CODES, type ExitCode, exitCodeForSignal, exitCodeForStatus } from './exit-codes.ts';
import { resolveNpx } from './npx-target.ts';
import { checkSandbox, parseSandboxFlags, SANDBOX_FLAGS, SANDBOX_HELP, stopOnSignals } from './sandbox-flags.ts';

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
  --fail-on LEVEL         exit 4 when a tool or finding reaches LEVEL: low, medium, high or critical
                          (stderr names each tool and finding that reached it)
  --sarif-artifact PATH   with --format sarif: the file results point at, relative to the repository
                          root (e.g. .mcp.json, or the workflow that starts the server); needed by
                          GitHub code scanning
  --sarif-category ID     with --format sarif: the run's automationDetails.id (upload category);
                          default mcp-atlas/<slug of the command or URL>/
${SANDBOX_HELP}  -h, --help              show this help

Exit codes: 0 scanned; 2 bad usage; 4 --fail-on reached; 6 no sandbox possible here; 10 timeout;
11 spawn failed; 12 initialize failed; 13 protocol error; 14 auth required; 15 connection refused;
16 HTTP error; 17 not MCP; 18 crashed; 19 npx package not installable; 21 memory ceiling;
130/143/129 interrupted by SIGINT/SIGTERM/SIGHUP (see docs/scanning.md).
`;

const FORMATS = ['table', 'json', 'sarif'] as const;
const LEVELS = ['low', 'medium', 'high', 'critical'] as const;

interface ScanInvocation {
  target: ScanTarget;
  format: (typeof FORMATS)[number];
  out: string | undefined;
  failOn: (typeof LEVELS)[number] | undefined;
  sarifArtifact: string | undefined;
  sarifCategory: string | undefined;
  connectTimeoutMs: number | undefined;
  requestTimeoutMs: number | undefined;
  totalTimeoutMs: number | undefined;
  sandbox: SandboxOptions;
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
      'sarif-artifact': { type: 'string' },
      'sarif-category': { type: 'string' },
      ...SANDBOX_FLAGS,
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
    ...sarifFlags(values['sarif-artifact'], values['sarif-category'], format),
    connectTimeoutMs: parseSeconds('connect-timeout', values['connect-timeout']),
    requestTimeoutMs: parseSeconds('request-timeout', values['request-timeout']),
    totalTimeoutMs: parseSeconds('timeout', values.timeout),
    sandbox: parseSandboxFlags(values),
  };
}

/** Resolves `npx` first (a missing package fails at once), then scans. */
async function scanTarget(invocation: ScanInvocation, progress: (line: string) => void, signal: AbortSignal): Promise<ScanResult> {
  let target = invocation.target;
  if (target.kind === 'stdio') {
    const startedAt = new Date();
    const npx = await resolveNpx(target.command, target.args, target.cwd ?? process.cwd());
    if (npx.kind === 'failed') {
      return syntheticResult({
        status: 'install_failed',
        code: npx.code,
        message: npx.message,
        command: target.command,
        args: target.args,
        envNames: Object.keys(target.env ?? {}).sort(),
        startedAt,
      });
    }
    if (npx.kind === 'resolved') {
      progress(npx.note);
      target = { ...target, command: npx.command, args: npx.args };
    }
  }
  return scanServer(target, {
    ...(invocation.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: invocation.connectTimeoutMs }),
    ...(invocation.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: invocation.requestTimeoutMs }),
    ...(invocation.totalTimeoutMs === undefined ? {} : { totalTimeoutMs: invocation.totalTimeoutMs }),
    sandbox: invocation.sandbox,
    signal,
    onProgress: progress,
  });
}

function render(result: ScanResult, invocation: ScanInvocation, exitCode: ExitCode): string {
  if (invocation.format === 'json') return `${JSON.stringify(result, null, 2)}\n`;
  if (invocation.format === 'sarif') {
    const artifact = invocation.sarifArtifact;
    return renderSarif(result, {
      exitCode,
      ...(invocation.sarifCategory === undefined ? {} : { category: invocation.sarifCategory }),
      ...(artifact === undefined ? {} : { artifactUri: artifact, ...artifactText(artifact) }),
    });
  }
  return renderScanTable(result, process.stdout.columns ?? 120);
}

function sarifFlags(
  sarifArtifact: string | undefined,
  sarifCategory: string | undefined,
  format: string,
): { sarifArtifact: string | undefined; sarifCategory: string | undefined } {
  if ((sarifArtifact !== undefined || sarifCategory !== undefined) && format !== 'sarif') {
    throw new UsageError('--sarif-artifact and --sarif-category apply to --format sarif only.');
  }
  if (sarifArtifact !== undefined && (sarifArtifact === '' || /[\u0000-\u001f]/.test(sarifArtifact))) {
    throw new UsageError('--sarif-artifact expects a file path.');
  }
  if (sarifCategory !== undefined && !/^[\x21-\x7e]{1,200}$/.test(sarifCategory)) {
    throw new UsageError('--sarif-category expects 1-200 printable ASCII characters without spaces.');
  }
  return { sarifArtifact, sarifCategory };
}

/** The text of the named artifact when it is a readable file of at most 1 MiB (to point results at a line). */
function artifactText(path: string): { artifactText?: string } {
  try {
    const file = resolve(path);
    if (!existsSync(file) || !statSync(file).isFile() || statSync(file).size > 1024 * 1024) return {};
    return { artifactText: readFileSync(file, 'utf8') };
  } catch {
    return {};
  }
}

/** The stderr lines naming what reached `--fail-on`, at most 20 of them. */
function describeHits(level: string, hits: readonly LevelHit[]): string {
  const tools = new Set(hits.map((hit) => hit.tool)).size;
  const lines = hits
    .slice(0, 20)
    .map((hit) =>
      hit.kind === 'risk'
        ? `mcp-atlas:   ${terminalText(hit.tool, 80)}: ${hit.what} tool, ${hit.level} risk`
        : `mcp-atlas:   ${terminalText(hit.tool, 80)}: finding ${hit.what} (${hit.level})`,
    );
  if (hits.length > 20) lines.push(`mcp-atlas:   … and ${hits.length - 20} more`);
  return `mcp-atlas: --fail-on ${level} reached by ${tools} tool${tools === 1 ? '' : 's'}:\n${lines.join('\n')}\n`;
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
  const progress = (line: string) => process.stderr.write(`mcp-atlas: ${terminalText(line)}\n`);
  if (invocation.target.kind === 'stdio') {
    const refused = await checkSandbox(invocation.sandbox, 'scan');
    if (refused !== undefined) return refused;
  }
  const stop = stopOnSignals();
  let scanned: ScanResult;
  try {
    scanned = await scanTarget(invocation, progress, stop.signal);
  } finally {
    stop.dispose();
  }
  if (stop.received !== undefined) {
    process.stderr.write(`mcp-atlas: interrupted by ${stop.received}; the server was stopped and nothing was written.\n`);
    return exitCodeForSignal(stop.received);
  }
  // Every tool gets its verdict and findings (the classifier is pure and fast).
  const result = classifyScanResult(scanned);
  const hits = result.status === 'ok' && invocation.failOn !== undefined ? levelHits(result, invocation.failOn) : [];
  const exitCode: ExitCode =
    result.status !== 'ok' ? exitCodeForStatus(result.status) : hits.length > 0 ? EXIT_CODES.FAIL_ON_THRESHOLD : EXIT_CODES.OK;
  const output = render(result, invocation, exitCode);
  if (invocation.out !== undefined) {
    const fileText = invocation.format === 'table' ? `${JSON.stringify(result, null, 2)}\n` : output;
    writeFileSync(resolve(invocation.out), fileText);
  }
  process.stdout.write(output);
  if (result.status !== 'ok') process.stderr.write(`mcp-atlas: scan ${result.status}: ${terminalText(result.error?.message)}\n`);
  else if (hits.length > 0) process.stderr.write(describeHits(invocation.failOn ?? '', hits));
  return exitCode;
}
