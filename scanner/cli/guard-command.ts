import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { Policy } from '../../data/schema/policy.ts';
import { PolicyError, parsePolicy, serializePolicy } from '../../policies-gen/index.ts';
import {
  AuditLog,
  GuardError,
  type GuardSettings,
  inheritedEnvironment,
  isLoopbackHost,
  type LaunchPlan,
  openQuotaStore,
  planLaunch,
  runGuard,
  STATE_SPEC_HELP,
  startHttpGuard,
  stdioUpstream,
} from '../guard/index.ts';
import type { SandboxOptions } from '../sandbox/index.ts';
import { terminalText } from '../scan/terminal-text.ts';
import { parseHeaderPairs, parseSeconds, splitAtDoubleDash, UsageError } from './cli-options.ts';
import { EXIT_CODES, type ExitCode } from './exit-codes.ts';
import { checkSandbox, parseSandboxFlags } from './sandbox-flags.ts';

/** Help text of `mcp-atlas guard`. */
export const GUARD_HELP = `mcp-atlas guard — enforce a policy in front of an MCP server

Usage:
  mcp-atlas guard --policy FILE [options] -- <server command> [args...]     stdio: what a client config starts
  mcp-atlas guard --policy FILE --upstream URL [--listen [HOST:]PORT] [options]   Streamable HTTP

Every tools/call is judged by the same evaluator as \`mcp-atlas policy check\`: hidden tools are removed from
tools/list and refused, unlisted tools fall to the default, argument rules and rate limits apply, and rules marked
for approval ask the user through the client (MCP elicitation). Everything else is forwarded as it came.
stdout is the MCP connection in stdio mode; logs go to stderr.

Options:
  --policy FILE            PolicyLayer JSON policy (mcp-atlas policy …) — required
  --state SPEC             where counters live: ${STATE_SPEC_HELP}
  --audit-log FILE         append one JSON line per call (argument names, never values)
  --grant NAME             the grant calls count against (default "default")
  --approval-timeout SEC   how long the user has to approve a call (default 120)
  --server-name NAME       the server's name in the audit log (default: the name it reports)
  --counter-namespace NAME separate counters in a shared store (default: a digest of the policy)
  --no-network             cut the stdio server off the network (default: the host's network; see below)
  --memory-limit SIZE      memory ceiling of the stdio server, e.g. 512M, 2G (default 1G)
  --allow-read PATH        show PATH to the server read-only (repeatable)
  --allow-write PATH       show PATH to the server read-write (repeatable), e.g. a filesystem server's root
  --no-sandbox             start the stdio server as a plain child process with your rights (unsafe)
  --upstream URL           guard a Streamable HTTP server instead of starting one
  --listen [HOST:]PORT     where the HTTP guard listens (default 127.0.0.1:8808); MCP is at /mcp
  --header "Name: value"   add a header to every upstream HTTP request (repeatable)
  --public                 allow --listen on a non-loopback address
  -h, --help               show this help

A stdio server runs in the bubblewrap sandbox with the environment the client config gives the guard: it sees the
system, its own code and the --allow-read/--allow-write paths, a private empty HOME and /tmp, no other process,
and the host's network (it is your configured server; most talk to an API).

Exit codes: 0 the client closed the session; 2 usage; 3 invalid policy; 6 the sandbox cannot run here; 12 the server failed to start or
initialise; 18 the server exited mid-session; 22 the counter store, audit log or listen address is unavailable.
`;

const DEFAULT_APPROVAL_TIMEOUT_MS = 120_000;
const DEFAULT_PORT = 8808;

interface GuardInvocation {
  policy: Policy;
  policyText: string;
  state: string | undefined;
  auditLog: string | undefined;
  grant: string;
  approvalTimeoutMs: number;
  serverName: string | undefined;
  namespace: string | undefined;
  sandbox: SandboxOptions;
  command: string[] | undefined;
  upstream: URL | undefined;
  listen: { host: string; port: number };
  headers: Record<string, string>;
}

/** `mcp-atlas guard …`: proxies one MCP server (stdio) or serves guarded sessions (HTTP) until told to stop. */
export async function run(argv: string[]): Promise<ExitCode> {
  let invocation: GuardInvocation | ExitCode;
  try {
    invocation = parseInvocation(argv);
  } catch (error) {
    if (error instanceof UsageError) return usage(error.message);
    if (error instanceof PolicyError) return fail(EXIT_CODES.INVALID_INPUT, printable(error.message, true));
    throw error;
  }
  if (typeof invocation === 'number') return invocation;
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const namespace = invocation.namespace ?? createHash('sha256').update(serializePolicy(invocation.policy)).digest('hex').slice(0, 16);
  let settings: GuardSettings;
  try {
    settings = {
      policy: invocation.policy,
      store: await openQuotaStore(invocation.state, namespace, Date.now),
      grant: invocation.grant,
      approvalTimeoutMs: invocation.approvalTimeoutMs,
      now: Date.now,
      log,
      ...(invocation.serverName === undefined ? {} : { serverName: invocation.serverName }),
    };
    if (invocation.auditLog !== undefined) settings.audit = new AuditLog(invocation.auditLog);
  } catch (error) {
    if (error instanceof GuardError) return fail(exitCodeFor(error), printable(error.message));
    throw error;
  }
  try {
    return invocation.upstream === undefined
      ? await runStdio(invocation, settings)
      : await runHttp(invocation, invocation.upstream, settings);
  } finally {
    await settings.store.close();
    settings.audit?.close();
  }
}

async function runStdio(invocation: GuardInvocation, settings: GuardSettings): Promise<ExitCode> {
  const [command, ...args] = invocation.command!;
  const refused = await checkSandbox(invocation.sandbox, 'guard');
  if (refused !== undefined) return refused;
  const launch = async (): Promise<LaunchPlan> => {
    const plan = await planLaunch({ command: command!, args, env: inheritedEnvironment(), cwd: process.cwd() }, invocation.sandbox);
    if (plan.warning !== undefined) settings.log(plan.warning);
    return plan;
  };
  const upstream = stdioUpstream(launch, (chunk) => process.stderr.write(chunk));
  const downstream = new StdioServerTransport();
  let session: Awaited<ReturnType<typeof runGuard>> | undefined;
  let clientGone = false;
  const stop = () => {
    clientGone = true;
    // Before the session exists this makes runGuard give up waiting for initialize.
    void (session === undefined ? downstream.close() : session.close());
  };
  // The SDK's stdio transport does not notice the end of stdin: the client closing its pipe ends the session.
  process.stdin.once('end', stop);
  process.stdin.once('close', stop);
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  for (const signal of signals) process.once(signal, stop);
  try {
    session = await runGuard(downstream, upstream.connect, settings);
    await session.closed;
  } catch (error) {
    if (error instanceof GuardError) return clientGone ? EXIT_CODES.OK : fail(exitCodeFor(error), printable(error.message));
    throw error;
  } finally {
    for (const signal of signals) process.removeListener(signal, stop);
    await upstream.transport()?.close();
    process.stdin.destroy();
  }
  return clientGone ? EXIT_CODES.OK : EXIT_CODES.CRASHED;
}

async function runHttp(invocation: GuardInvocation, upstream: URL, settings: GuardSettings): Promise<ExitCode> {
  let guard: Awaited<ReturnType<typeof startHttpGuard>>;
  try {
    guard = await startHttpGuard({ upstream, ...invocation.listen, headers: invocation.headers, settings });
  } catch (error) {
    if (error instanceof GuardError) return fail(exitCodeFor(error), printable(error.message));
    throw error;
  }
  settings.log(`guard: serving ${guard.url} in front of ${upstream.origin}${upstream.pathname}`);
  process.stdout.write(`${guard.url}\n`);
  await new Promise<void>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => resolve());
  });
  await guard.close();
  return EXIT_CODES.OK;
}

function parseInvocation(argv: string[]): GuardInvocation | ExitCode {
  const { options, command } = splitAtDoubleDash(argv);
  const { values, positionals } = parseArgs({
    args: options,
    allowPositionals: true,
    strict: true,
    options: {
      policy: { type: 'string' },
      state: { type: 'string' },
      'audit-log': { type: 'string' },
      grant: { type: 'string' },
      'approval-timeout': { type: 'string' },
      'server-name': { type: 'string' },
      'counter-namespace': { type: 'string' },
      'no-sandbox': { type: 'boolean' },
      'no-network': { type: 'boolean' },
      'memory-limit': { type: 'string' },
      'allow-read': { type: 'string', multiple: true },
      'allow-write': { type: 'string', multiple: true },
      upstream: { type: 'string' },
      listen: { type: 'string' },
      header: { type: 'string', multiple: true },
      public: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help === true) {
    process.stdout.write(GUARD_HELP);
    return EXIT_CODES.OK;
  }
  if (positionals.length > 0)
    throw new UsageError(`unexpected argument \`${printable(positionals[0]!)}\` (the server command goes after --)`);
  if (values.policy === undefined) throw new UsageError('--policy FILE is required');
  const hasCommand = command !== undefined && command.length > 0;
  if (hasCommand === (values.upstream !== undefined)) throw new UsageError('give either `-- <server command>` or --upstream URL');
  if (values.upstream === undefined && (values.listen !== undefined || values.header !== undefined || values.public === true))
    throw new UsageError('--listen, --header and --public go with --upstream');
  let policyText: string;
  try {
    policyText = readFileSync(values.policy, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${printable(values.policy)}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const policy = parsePolicy(policyText, values.policy);
  let upstream: URL | undefined;
  if (values.upstream !== undefined) {
    if (!URL.canParse(values.upstream) || !/^https?:$/.test(new URL(values.upstream).protocol))
      throw new UsageError('--upstream expects an http:// or https:// URL');
    upstream = new URL(values.upstream);
  }
  const listen = parseListen(values.listen);
  if (!isLoopbackHost(listen.host) && values.public !== true)
    throw new UsageError(`--listen ${listen.host} is not a loopback address: add --public to serve other machines`);
  const grant = values.grant ?? 'default';
  if (grant === '') throw new UsageError('--grant needs a name');
  return {
    policy,
    policyText,
    state: values.state,
    auditLog: values['audit-log'],
    grant,
    approvalTimeoutMs: parseSeconds('approval-timeout', values['approval-timeout']) ?? DEFAULT_APPROVAL_TIMEOUT_MS,
    serverName: values['server-name'],
    namespace: values['counter-namespace'],
    sandbox: guardSandbox(values, hasCommand),
    command: hasCommand ? command : undefined,
    upstream,
    listen,
    headers: parseHeaderPairs(values.header),
  };
}

/** The sandbox from the flags: scan's flags, except that the guarded server has the network unless --no-network. */
function guardSandbox(
  values: { 'no-sandbox'?: boolean; 'no-network'?: boolean; 'memory-limit'?: string; 'allow-read'?: string[]; 'allow-write'?: string[] },
  hasCommand: boolean,
): SandboxOptions {
  const given = ['no-network', 'memory-limit', 'allow-read', 'allow-write'].filter(
    (flag) => values[flag as keyof typeof values] !== undefined,
  );
  if (!hasCommand && (given.length > 0 || values['no-sandbox'] === true))
    throw new UsageError(`--${given[0] ?? 'no-sandbox'} applies to a stdio server (after --), not to --upstream`);
  if (values['no-sandbox'] === true && values['no-network'] === true)
    throw new UsageError('--no-network applies to the sandbox; it has no effect with --no-sandbox.');
  const options = parseSandboxFlags({
    ...(values['no-sandbox'] === true ? { 'no-sandbox': true } : {}),
    ...(values['memory-limit'] === undefined ? {} : { 'memory-limit': values['memory-limit'] }),
    ...(values['allow-read'] === undefined ? {} : { 'allow-read': values['allow-read'] }),
    ...(values['allow-write'] === undefined ? {} : { 'allow-write': values['allow-write'] }),
  });
  return options.kind === 'none' ? options : { ...options, network: values['no-network'] !== true };
}

/** `8808`, `127.0.0.1:8808`, `[::1]:8808`, `0.0.0.0:8808`. */
function parseListen(text: string | undefined): { host: string; port: number } {
  if (text === undefined) return { host: '127.0.0.1', port: DEFAULT_PORT };
  const match = /^(?:\[([0-9a-f:]+)\]|([^:]+)):(\d+)$/i.exec(text) ?? /^()()(\d+)$/.exec(text);
  const port = Number(match?.[3]);
  if (match === null || !Number.isInteger(port) || port < 0 || port > 65_535)
    throw new UsageError(`--listen expects [HOST:]PORT, got \`${printable(text)}\``);
  return { host: match[1] || match[2] || '127.0.0.1', port };
}

function exitCodeFor(error: GuardError): ExitCode {
  if (error.code === 'UPSTREAM_FAILED') return EXIT_CODES.INIT_FAILED;
  if (error.code === 'STATE_SPEC_INVALID') return EXIT_CODES.USAGE;
  return EXIT_CODES.GUARD_UNAVAILABLE;
}

function usage(message: string): ExitCode {
  process.stderr.write(`mcp-atlas guard: ${message}\nRun \`mcp-atlas guard --help\` for usage.\n`);
  return EXIT_CODES.USAGE;
}

function fail(code: ExitCode, message: string): ExitCode {
  process.stderr.write(`mcp-atlas guard: ${message}\n`);
  return code;
}

function printable(text: string, keepNewlines = false): string {
  return keepNewlines
    ? text
        .split('\n')
        .map((line) => terminalText(line))
        .join('\n')
    : terminalText(text);
}
