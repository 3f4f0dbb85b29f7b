import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CodedMessage, TransportInfo } from '../../data/schema/index.ts';
import { isConnectionClosed, isRequestTimeout, lastLine, seconds, shortText } from './error-facts.ts';
import { initializeErrorReply, listingReplyError, listingTimeout } from './explain-reply.ts';
import { createScanClient } from './mcp-client.ts';
import { ScanError } from './scan-error.ts';
import type { ScanLimits, ScanTarget } from './scan-options.ts';
import { type ConnectBudget, type ServerSession, watchProtocolVersion, withTimeout } from './session.ts';
import { type ExitInfo, ProcessGroupTransport } from './stdio-transport.ts';

const FALLBACK_PATH = '/usr/local/bin:/usr/bin:/bin';

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

/** A server started as a child process in its own process group, with a scratch HOME. */
export class StdioSession implements ServerSession {
  readonly #target: Extract<ScanTarget, { kind: 'stdio' }>;
  readonly #limits: ScanLimits;
  readonly #home: string;
  readonly #transport: ProcessGroupTransport;
  #client: Client | undefined;
  readonly #agreedVersion: () => string | undefined;

  constructor(target: Extract<ScanTarget, { kind: 'stdio' }>, limits: ScanLimits) {
    this.#target = target;
    this.#limits = limits;
    this.#home = mkdtempSync(join(tmpdir(), 'mcp-atlas-home-'));
    this.#transport = new ProcessGroupTransport({
      command: target.command,
      args: target.args,
      env: serverEnvironment(target.env ?? {}, this.#home),
      cwd: target.cwd ?? process.cwd(),
      maxStderrBytes: limits.maxStderrBytes,
      maxLineBytes: limits.maxMessageBytes,
    });
    this.#agreedVersion = watchProtocolVersion(this.#transport);
  }

  protocolVersion(): string | undefined {
    return this.#agreedVersion();
  }

  transportInfo(): TransportInfo {
    const { command, args, env } = this.#target;
    return { type: 'stdio', command, args: [...args], envNames: Object.keys(env ?? {}).sort() };
  }

  /** The process id of the server (its process group id), once started. */
  get pid(): number | undefined {
    return this.#transport.pid;
  }

  async connect(budget: ConnectBudget): Promise<Client> {
    const client = createScanClient();
    this.#client = client;
    const limit = seconds(budget.timeoutMs);
    const timedOut = () =>
      new ScanError('timeout', 'TIMEOUT_INITIALIZE', `The server did not answer \`initialize\` within ${limit}.${this.#stderrHint()}`);
    try {
      await withTimeout(
        client.connect(this.#transport, { timeout: budget.timeoutMs, signal: budget.signal }),
        budget.timeoutMs,
        timedOut,
        budget.signal,
      );
      return client;
    } catch (error) {
      throw this.#explainConnectError(error, timedOut);
    }
  }

  #stderrHint(): string {
    const line = lastLine(this.#transport.stderrTail());
    return line === undefined ? '' : ` Its stderr ends with: ${line}`;
  }

  #explainConnectError(error: unknown, timedOut: () => ScanError): ScanError {
    if (error instanceof ScanError) return error;
    if (isRequestTimeout(error)) return timedOut();
    const exit = this.#transport.exitInfo;
    if (isConnectionClosed(error) || exit !== undefined) {
      return new ScanError(
        'spawn_failed',
        'EXITED_BEFORE_INITIALIZE',
        `The server ${describeExit(exit)} before answering \`initialize\`.${this.#stderrHint()}`,
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
    if (error instanceof ScanError) return error;
    const timedOut = listingTimeout(error, method, requestTimeoutMs);
    if (timedOut !== undefined) return timedOut;
    const exit = this.#transport.exitInfo;
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

  async close(): Promise<void> {
    try {
      await (this.#client ? this.#client.close() : this.#transport.close());
    } finally {
      await this.#transport.close();
      rmSync(this.#home, { recursive: true, force: true, maxRetries: 2 });
    }
  }

  stderrTail(): string | undefined {
    const tail = this.#transport.stderrTail();
    return tail === '' ? undefined : tail;
  }

  warnings(): CodedMessage[] {
    const warnings: CodedMessage[] = [];
    const { skippedLines, overlongLines } = this.#transport;
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
