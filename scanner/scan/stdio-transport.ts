import { type ChildProcess, spawn } from 'node:child_process';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { type JSONRPCMessage, JSONRPCMessageSchema } from '@modelcontextprotocol/sdk/types.js';
import type { MemoryCeiling } from '../sandbox/index.ts';
import { copyText } from './bounded-json.ts';
import { LineSplitter } from './line-splitter.ts';
import { groupAlive, signalGroup, trackGroup, untrackGroup } from './process-groups.ts';
import { ScanError } from './scan-error.ts';
import { TailBuffer } from './tail-buffer.ts';

/** How to start a stdio server. The environment is used exactly as given: nothing is inherited. */
export interface StdioLaunch {
  /** Executable to start (looked up in `env.PATH`). */
  command: string;
  /** Its arguments. */
  args: string[];
  /** The complete environment of the server. */
  env: Record<string, string>;
  /** Working directory. */
  cwd: string;
  /** Bytes of stderr kept (the tail). */
  maxStderrBytes: number;
  /** Longest stdout line accepted; longer lines are skipped. */
  maxLineBytes: number;
  /** Time between SIGTERM and SIGKILL of the process group on close. */
  killGraceMs?: number;
  /** Also hands each stderr chunk to this (the guard passes the server's stderr on to the client's log). */
  onStderr?: (chunk: Buffer) => void;
  /** Most bytes written to the server's stdin and not yet read by it; past this the server is cut off. */
  maxPendingWriteBytes: number;
  /** The sandbox's memory ceiling, watched from spawn on; crossing it kills the process group. */
  ceiling?: MemoryCeiling;
}

/** How the server process ended, once it has. */
export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** How many non-JSON stdout lines are kept, and how much of each. */
const SKIPPED_SAMPLE_LINES = 20;
const SKIPPED_SAMPLE_CHARS = 400;

/**
 * MCP stdio transport that runs the server in its own process group and kills the whole group on close,
 * keeps only a bounded tail of stderr, and skips stdout lines that are not JSON-RPC instead of failing.
 */
export class ProcessGroupTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: <T extends JSONRPCMessage>(message: T) => void;

  readonly #launch: StdioLaunch;
  readonly #stderr: TailBuffer;
  #child: ChildProcess | undefined;
  #exit: ExitInfo | undefined;
  #exited: Promise<void> = Promise.resolve();
  #closed = false;
  #cutOff: ScanError | undefined;
  #overMemory = false;
  /** stdout lines that were not JSON-RPC and were skipped. */
  skippedLines = 0;
  /** The first few of those lines, cut short and copied (a usage text printed to stdout tells why a server quit). */
  readonly skippedSample: string[] = [];
  /** stdout lines over the length cap that were skipped. */
  overlongLines = 0;

  constructor(launch: StdioLaunch) {
    this.#launch = launch;
    this.#stderr = new TailBuffer(launch.maxStderrBytes);
  }

  /** Spawns the server; rejects with a `spawn_failed` ScanError when it cannot be started. */
  start(): Promise<void> {
    const { command, args, env, cwd } = this.#launch;
    return new Promise((resolve, reject) => {
      const child = spawn(command, args, { env, cwd, detached: true, stdio: ['pipe', 'pipe', 'pipe'], shell: false });
      this.#child = child;
      this.#exited = new Promise((resolveExit) => {
        child.once('exit', (code, signal) => {
          this.#exit = { code, signal };
          resolveExit();
        });
        child.once('error', () => resolveExit());
      });
      const splitter = new LineSplitter(
        this.#launch.maxLineBytes,
        (line) => this.#onLine(line),
        () => {
          this.overlongLines += 1;
        },
      );
      child.stdout?.on('data', (chunk: Buffer) => splitter.push(chunk));
      child.stderr?.on('data', (chunk: Buffer) => {
        this.#stderr.write(chunk);
        this.#launch.onStderr?.(chunk);
      });
      // A server that exits early closes stdin under us: EPIPE is expected, not fatal.
      child.stdin?.on('error', () => {});
      child.once('spawn', () => {
        const pid = child.pid;
        if (pid !== undefined) {
          trackGroup(pid);
          this.#launch.ceiling?.watch(pid, () => {
            this.#overMemory = true;
            signalGroup(pid, 'SIGKILL');
          });
        }
        resolve();
      });
      child.once('error', (error: NodeJS.ErrnoException) => {
        const why = error.code === 'ENOENT' ? 'command not found' : error.code === 'EACCES' ? 'permission denied' : error.message;
        reject(new ScanError('spawn_failed', 'SPAWN_FAILED', `Could not start \`${command}\`: ${why}.`, { cause: error }));
      });
      // 'close' fires once stdout/stderr are drained, so every message has been delivered. A grandchild
      // holding stdout open would delay it forever, so a leader exit also ends the connection shortly after.
      const ended = () => {
        if (!this.#closed) {
          this.#closed = true;
          this.onclose?.();
        }
      };
      child.once('close', ended);
      child.once('exit', () => setTimeout(ended, 250).unref());
    });
  }

  #onLine(line: string): void {
    if (line.trim() === '') {
      return;
    }
    let message: JSONRPCMessage;
    try {
      message = JSONRPCMessageSchema.parse(JSON.parse(line));
    } catch {
      this.skippedLines += 1;
      if (this.skippedSample.length < SKIPPED_SAMPLE_LINES) this.skippedSample.push(copyText(line.slice(0, SKIPPED_SAMPLE_CHARS)));
      return;
    }
    // The SDK runs notification handlers a microtask after it receives them but settles a response at once, so a
    // progress notification and the response right behind it in one chunk would lose the progress (its handler is
    // gone by then). A response is handed over a microtask later, after the handlers of what came before it.
    if ('id' in message && !('method' in message)) queueMicrotask(() => this.onmessage?.(message));
    else this.onmessage?.(message);
  }

  /**
   * Writes one message as a line. A server that does not read its stdin while it keeps asking for replies (pings,
   * sampling requests) would grow the write queue without bound: past `maxPendingWriteBytes` it is cut off.
   */
  send(message: JSONRPCMessage): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.#cutOff) {
        reject(this.#cutOff);
        return;
      }
      const stdin = this.#child?.stdin;
      if (!stdin || stdin.destroyed || !stdin.writable) {
        reject(new ScanError('crashed', 'CONNECTION_CLOSED', 'The server process is no longer running.'));
        return;
      }
      const line = `${JSON.stringify(message)}\n`;
      if (stdin.writableLength + Buffer.byteLength(line) > this.#launch.maxPendingWriteBytes) {
        this.#cutOff = new ScanError(
          'protocol_error',
          'STDIN_NOT_READ',
          `The server stopped reading its stdin while more than ${Math.round(this.#launch.maxPendingWriteBytes / 1024)} KiB of replies were waiting for it; it was cut off.`,
        );
        reject(this.#cutOff);
        this.onerror?.(this.#cutOff);
        void this.close();
        return;
      }
      stdin.write(line, (error) => (error ? reject(error) : resolve()));
    });
  }

  /** Why the server was cut off by the scanner (its stdin backlog), if it was. */
  get cutOff(): ScanError | undefined {
    return this.#cutOff;
  }

  /** Whether the sandbox went over its memory ceiling (and was killed for it). */
  get overMemory(): boolean {
    this.#overMemory ||= this.#launch.ceiling?.exceeded() === true;
    return this.#overMemory;
  }

  /** Waits until the process has exited, but no longer than `ms`; true when it has. */
  async waitForExit(ms: number): Promise<boolean> {
    if (this.#exit !== undefined || this.#child === undefined) return this.#exit !== undefined;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.#exited, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
    clearTimeout(timer);
    return this.#exit !== undefined;
  }

  /** Kills the server's whole process group (SIGTERM, then SIGKILL after the grace period) and waits for it. */
  async close(): Promise<void> {
    const child = this.#child;
    if (child?.pid !== undefined) {
      const pid = child.pid;
      child.stdin?.end();
      // A sandbox is disposable: kill all of it at once, before bwrap's own death could orphan its init.
      this.#launch.ceiling?.terminate(pid);
      signalGroup(pid, 'SIGTERM');
      const grace = this.#launch.killGraceMs ?? 2_000;
      const deadline = Date.now() + grace;
      while (Date.now() < deadline && groupAlive(pid)) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      // Always SIGKILL: a grandchild that ignores SIGTERM must not outlive the scan.
      signalGroup(pid, 'SIGKILL');
      untrackGroup(pid);
      // The timer must not outlive the wait: it would hold the CLI open for a second after the result is printed.
      await this.waitForExit(1_000);
      child.stdout?.destroy();
      child.stderr?.destroy();
    }
    // Also when the process never started: the cgroup was made before the spawn.
    this.#launch.ceiling?.release();
    if (!this.#closed) {
      this.#closed = true;
      this.onclose?.();
    }
  }

  /** The process id (also the process group id), once spawned. */
  get pid(): number | undefined {
    return this.#child?.pid;
  }

  /** How the process ended, if it has. */
  get exitInfo(): ExitInfo | undefined {
    return this.#exit;
  }

  /** The kept tail of stderr. */
  stderrTail(): string {
    return this.#stderr.text();
  }
}
