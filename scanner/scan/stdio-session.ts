import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CodedMessage, SandboxInfo, TransportInfo } from '../../data/schema/index.ts';
import { DEFAULT_SANDBOX, formatBytes, prepareLaunch, SANDBOX_HOME, SandboxError, type SandboxOptions } from '../sandbox/index.ts';
import { isConnectionClosed, isRequestTimeout, lastLine, seconds, shortText, tellingLine } from './error-facts.ts';
import { initializeErrorReply, listingReplyError, listingTimeout } from './explain-reply.ts';
import { createScanClient } from './mcp-client.ts';
import { ScanError } from './scan-error.ts';
import type { ScanLimits, ScanTarget } from './scan-options.ts';
import { makeScratchDir, removeScratchDir } from './scratch-dirs.ts';
import { type ConnectBudget, type ServerSession, watchProtocolVersion, withTimeout } from './session.ts';
import { type ExitInfo, ProcessGroupTransport } from './stdio-transport.ts';
import { stopAllServersOnExit } from './stop-all.ts';

const FALLBACK_PATH = '/usr/local/bin:/usr/bin:/bin';

/** How long a server that broke the pipe gets to be seen exiting, so an early exit is always `spawn_failed`. */
const EXIT_SETTLE_MS = 1_000;

/**
 * The complete environment of a stdio server: the variables given explicitly, plus PATH (the scanner's,
 * so `node`/`npx` resolve) and HOME set to `home`, unless given explicitly too. Nothing else is inherited.
 */
export function serverEnvironment(explicit: Record<string, string>, home: string): Record<string, string> {
  return { PATH: process.env.PATH ?? FALLBACK_PATH, HOME: home, ...explicit };
}

function describeExit(exit: ExitInfo | undefined): string {
  if (exit === undefined) return 'closed its output';
  if (exit.signal) return `was killed by ${exit.signal}`;
  return `exited with code ${exit.code}`;
}

/**
 * A server started as a child process: inside a bubblewrap sandbox (HOME and working directory a tmpfs inside it),
 * or, without the sandbox, in its own process group with a scratch HOME on the host.
 */
export class StdioSession implements ServerSession {
  readonly #target: Extract<ScanTarget, { kind: 'stdio' }>;
  readonly #limits: ScanLimits;
  readonly #sandbox: SandboxOptions;
  #home: string | undefined;
  #transport: ProcessGroupTransport | undefined;
  #client: Client | undefined;
  #agreedVersion: () => string | undefined = () => undefined;
  #sandboxInfo: SandboxInfo | undefined;
  #closed = false;

  constructor(target: Extract<ScanTarget, { kind: 'stdio' }>, limits: ScanLimits, sandbox: SandboxOptions = DEFAULT_SANDBOX) {
    this.#target = target;
    this.#limits = limits;
    this.#sandbox = sandbox;
  }

  protocolVersion(): string | undefined {
    return this.#agreedVersion();
  }

  transportInfo(): TransportInfo {
    const { command, args, env } = this.#target;
    return {
      type: 'stdio',
      command,
      args: [...args],
      envNames: Object.keys(env ?? {}).sort(),
      ...(this.#sandboxInfo ? { sandbox: this.#sandboxInfo } : {}),
    };
  }

  /** The process id of the spawned process (bwrap, or the server without the sandbox), once started. */
  get pid(): number | undefined {
    return this.#transport?.pid;
  }

  /** Prepares the sandbox and the transport; a sandbox that cannot be made is `spawn_failed`. */
  async #start(): Promise<ProcessGroupTransport> {
    stopAllServersOnExit();
    const sandboxed = this.#sandbox.kind !== 'none';
    const home = sandboxed ? SANDBOX_HOME : makeScratchDir();
    if (!sandboxed) this.#home = home;
    const cwd = this.#target.cwd ?? process.cwd();
    let launch: Awaited<ReturnType<typeof prepareLaunch>>;
    try {
      launch = await prepareLaunch(
        { command: this.#target.command, args: this.#target.args, env: serverEnvironment(this.#target.env ?? {}, home), cwd },
        this.#sandbox,
      );
    } catch (error) {
      if (error instanceof SandboxError) {
        const code = error.code === 'COMMAND_NOT_FOUND' ? 'SPAWN_FAILED' : error.code;
        throw new ScanError('spawn_failed', code, error.message, { cause: error });
      }
      throw error;
    }
    this.#sandboxInfo = launch.info;
    if (this.#closed) {
      // Closed (a timeout, a signal) while the sandbox was being prepared: start nothing.
      launch.ceiling?.release();
      throw new ScanError('timeout', 'INTERRUPTED', 'The scan was stopped before the server started.');
    }
    const transport = new ProcessGroupTransport({
      command: launch.command,
      args: launch.args,
      env: launch.env,
      cwd: launch.cwd,
      maxStderrBytes: this.#limits.maxStderrBytes,
      maxLineBytes: this.#limits.maxMessageBytes,
      maxPendingWriteBytes: this.#limits.maxPendingWriteBytes,
      ...(launch.ceiling ? { ceiling: launch.ceiling } : {}),
    });
    this.#transport = transport;
    this.#agreedVersion = watchProtocolVersion(transport);
    return transport;
  }

  async connect(budget: ConnectBudget): Promise<Client> {
    const transport = await this.#start();
    const client = createScanClient();
    this.#client = client;
    const limit = seconds(budget.timeoutMs);
    const timedOut = () =>
      new ScanError('timeout', 'TIMEOUT_INITIALIZE', `The server did not answer \`initialize\` within ${limit}.${this.#stderrHint()}`);
    try {
      await withTimeout(
        client.connect(transport, { timeout: budget.timeoutMs, signal: budget.signal }),
        budget.timeoutMs,
        timedOut,
        budget.signal,
      );
      return client;
    } catch (error) {
      // A server that exits at once can break the pipe before its exit is seen: wait for the exit, so the
      // outcome is `spawn_failed` with its stderr whatever the timing, not `init_failed … EPIPE`.
      const exitedFirst = transport.exitInfo !== undefined;
      if (isBrokenPipe(error) || isConnectionClosed(error)) await transport.waitForExit(EXIT_SETTLE_MS);
      throw this.#explainConnectError(error, timedOut, exitedFirst);
    }
  }

  #stderrHint(): string {
    const line = lastLine(this.#transport?.stderrTail() ?? '');
    return line === undefined ? '' : ` Its stderr ends with: ${line}`;
  }

  /** What a server that quit said, from stderr or, when that is empty, from the stdout it printed instead of JSON-RPC. */
  #exitHint(): string {
    const stderr = this.#stderrHint();
    if (stderr !== '') return stderr;
    const line = tellingLine(this.#transport?.skippedSample ?? []);
    return line === undefined ? '' : ` It printed to stdout instead of JSON-RPC: ${line}`;
  }

  /** The scanner's own reasons to have stopped the server, which outrank whatever error the client saw. */
  #scannerVerdict(error: unknown): ScanError | undefined {
    const transport = this.#transport;
    if (transport?.overMemory) {
      const limit = formatBytes(this.#sandboxInfo?.memoryLimitBytes ?? 0);
      return new ScanError(
        'resource_limit',
        'MEMORY_LIMIT',
        `The server went over its memory ceiling of ${limit} and its sandbox was killed (raise it with --memory-limit).`,
        { cause: error },
      );
    }
    return transport?.cutOff;
  }

  #explainConnectError(error: unknown, timedOut: () => ScanError, exitedFirst: boolean): ScanError {
    const verdict = this.#scannerVerdict(error);
    if (verdict !== undefined) return verdict;
    if (error instanceof ScanError) return error;
    if (isRequestTimeout(error)) return timedOut();
    const exit = this.#transport?.exitInfo;
    if (isConnectionClosed(error) || exitedFirst || isBrokenPipe(error)) {
      return new ScanError(
        'spawn_failed',
        'EXITED_BEFORE_INITIALIZE',
        `The server ${describeExit(exit)} before answering \`initialize\`.${this.#exitHint()}`,
        { cause: error },
      );
    }
    const replied = initializeErrorReply(error);
    if (replied !== undefined) return replied;
    const message = error instanceof Error ? shortText(error.message) : 'unknown error';
    return new ScanError('init_failed', 'INVALID_INITIALIZE_RESULT', `The server's \`initialize\` reply was unusable: ${message}.`, {
      cause: error,
    });
  }

  explainListingError(error: unknown, method: string, requestTimeoutMs: number): ScanError {
    const verdict = this.#scannerVerdict(error);
    if (verdict !== undefined) return verdict;
    if (error instanceof ScanError) return error;
    const timedOut = listingTimeout(error, method, requestTimeoutMs);
    if (timedOut !== undefined) return timedOut;
    const exit = this.#transport?.exitInfo;
    if (isConnectionClosed(error) || exit !== undefined) {
      return new ScanError(
        'crashed',
        'SERVER_EXITED',
        `The server ${describeExit(exit)} while answering \`${method}\`.${this.#stderrHint()}`,
        {
          cause: error,
        },
      );
    }
    return listingReplyError(error, method);
  }

  /** Checked once the scan is over: a server can cross its ceiling after everything was listed. */
  finalVerdict(): ScanError | undefined {
    return this.#scannerVerdict(undefined);
  }

  async close(): Promise<void> {
    this.#closed = true;
    try {
      if (this.#client) await this.#client.close();
    } finally {
      await this.#transport?.close();
      if (this.#home !== undefined) removeScratchDir(this.#home);
    }
  }

  stderrTail(): string | undefined {
    const tail = this.#transport?.stderrTail() ?? '';
    return tail === '' ? undefined : tail;
  }

  warnings(): CodedMessage[] {
    const warnings: CodedMessage[] = [];
    if (this.#sandboxInfo?.kind === 'none') {
      warnings.push({
        code: 'NO_SANDBOX',
        message: 'The server ran without a sandbox (--no-sandbox), with the rights of the user who ran the scan.',
      });
    }
    const skippedLines = this.#transport?.skippedLines ?? 0;
    const overlongLines = this.#transport?.overlongLines ?? 0;
    if (skippedLines > 0) {
      warnings.push({
        code: 'STDOUT_NOISE',
        message: `${skippedLines} line${skippedLines === 1 ? '' : 's'} of stdout ${skippedLines === 1 ? 'was' : 'were'} not JSON-RPC and ${skippedLines === 1 ? 'was' : 'were'} skipped (servers should log to stderr).`,
      });
    }
    if (overlongLines > 0) {
      warnings.push({
        code: 'MESSAGE_TOO_LARGE',
        message: `${overlongLines} stdout line${overlongLines === 1 ? '' : 's'} longer than ${this.#limits.maxMessageBytes} bytes ${overlongLines === 1 ? 'was' : 'were'} skipped.`,
      });
    }
    return warnings;
  }
}

/** EPIPE/ECONNRESET on the server's stdin: it went away before reading what was sent. */
function isBrokenPipe(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'EPIPE' || code === 'ECONNRESET' || code === 'ERR_STREAM_DESTROYED';
}
