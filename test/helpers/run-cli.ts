// Runs the real `mcp-atlas` bin in a child process, with a hard time limit so a hang fails the test.
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';

/** The repository root. */
export const ROOT = resolve(import.meta.dirname, '..', '..');
/** The Node 24 running the tests, used to start the CLI and fixture servers. */
export const NODE = process.execPath;
/** The CLI entry point. */
export const BIN = join(ROOT, 'scanner', 'bin', 'mcp-atlas.js');

/** What a CLI run produced. */
export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  durationMs: number;
}

/** Options of a CLI run. */
export interface CliRunOptions {
  /** Environment of the CLI process (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** Working directory (default: the repository root). */
  cwd?: string;
  /** The run is killed and the promise rejects after this long (default 60 s). */
  timeoutMs?: number;
}

/** Runs `mcp-atlas <args>` and collects its exit code and output; rejects if it does not finish in time. */
export function runCli(args: string[], options: CliRunOptions = {}): Promise<CliRun> {
  const startedAt = Date.now();
  const timeoutMs = options.timeoutMs ?? 60_000;
  return new Promise((resolvePromise, reject) => {
    const child = spawn(NODE, [BIN, ...args], {
      cwd: options.cwd ?? ROOT,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`mcp-atlas ${args.join(' ')} did not finish within ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({
        code,
        signal,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        durationMs: Date.now() - startedAt,
      });
    });
  });
}

/** The command line that runs a fixture server from test/fixtures/servers (`[node, file, ...args]`). */
export function fixtureCommand(name: string, ...args: string[]): [string, ...string[]] {
  return [NODE, join(ROOT, 'test', 'fixtures', 'servers', `${name}.ts`), ...args];
}
