import { type ChildProcess, spawn } from 'node:child_process';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { type JSONRPCMessage, JSONRPCMessageSchema } from '@modelcontextprotocol/sdk/types.js';
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
}

/** How the server process ended, once it has. */
export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

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
  /** stdout lines that were not JSON-RPC and were skipped. */
  skippedLines = 0;
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
      child.stderr?.on('data', (chunk: Buffer) => this.#stderr.write(chunk));
      // A server that exits early closes stdin under us: EPIPE is expected, not fatal.
      child.stdin?.on('error', () => {});
      child.once('spawn', () => {
        if (child.pid !== undefined) {
          trackGroup(child.pid);
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
      return;
    }
    this.onmessage?.(message);
  }

  /** Writes one message as a line; a server that stopped reading makes this reject. */
  send(message: JSONRPCMessage): Promise<void> {
    return new Promise((resolve, reject) => {
      const stdin = this.#child?.stdin;
      if (!stdin || stdin.destroyed || !stdin.writable) {
        reject(new ScanError('crashed', 'CONNECTION_CLOSED', 'The server process is no longer running.'));
        return;
      }
      stdin.write(`${JSON.stringify(message)}\n`, (error) => (error ? reject(error) : resolve()));
    });
  }

  /** Kills the server's whole process group (SIGTERM, then SIGKILL after the grace period) and waits for it. */
  async close(): Promise<void> {
    const child = this.#child;
    if (child?.pid !== undefined) {
      const pid = child.pid;
      child.stdin?.end();
      signalGroup(pid, 'SIGTERM');
      const grace = this.#launch.killGraceMs ?? 2_000;
      const deadline = Date.now() + grace;
      while (Date.now() < deadline && groupAlive(pid)) {
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      // Always SIGKILL: a grandchild that ignores SIGTERM must not outlive the scan.
      signalGroup(pid, 'SIGKILL');
      untrackGroup(pid);
      await Promise.race([this.#exited, new Promise((resolve) => setTimeout(resolve, 1_000))]);
      child.stdout?.destroy();
      child.stderr?.destroy();
    }
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
