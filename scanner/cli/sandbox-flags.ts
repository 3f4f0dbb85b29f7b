import { formatBytes, INSTALL_HINT, MIN_MEMORY_LIMIT_BYTES, parseByteSize, type SandboxOptions, sandboxSupport } from '../sandbox/index.ts';
import { stopAllServersNow } from '../scan/stop-all.ts';
import { UsageError } from './cli-options.ts';
import { EXIT_CODES, type ExitCode } from './exit-codes.ts';

/** The sandbox options `scan` and `crawl` share, for `parseArgs`. */
export const SANDBOX_FLAGS = {
  'no-sandbox': { type: 'boolean' },
  network: { type: 'boolean' },
  'memory-limit': { type: 'string' },
  'allow-read': { type: 'string', multiple: true },
  'allow-write': { type: 'string', multiple: true },
} as const;

/** Help lines for {@link SANDBOX_FLAGS}. */
export const SANDBOX_HELP = `  --network               let a stdio server reach the network (default: its own loopback only)
  --memory-limit SIZE     memory ceiling per server, e.g. 512M, 2G (default 1G); over it: status resource_limit
  --allow-read PATH       show PATH to the server read-only (repeatable)
  --allow-write PATH      show PATH to the server read-write (repeatable)
  --no-sandbox            run stdio servers without the bubblewrap sandbox, with your rights (unsafe)
`;

/** Sandbox options from parsed flags. */
export function parseSandboxFlags(values: {
  'no-sandbox'?: boolean;
  network?: boolean;
  'memory-limit'?: string;
  'allow-read'?: string[];
  'allow-write'?: string[];
}): SandboxOptions {
  let memoryLimitBytes: number | undefined;
  if (values['memory-limit'] !== undefined) {
    memoryLimitBytes = parseByteSize(values['memory-limit']);
    if (memoryLimitBytes === undefined || memoryLimitBytes < MIN_MEMORY_LIMIT_BYTES) {
      throw new UsageError(
        `--memory-limit expects a size of at least ${formatBytes(MIN_MEMORY_LIMIT_BYTES)} such as 512M or 2G, got \`${values['memory-limit']}\`.`,
      );
    }
  }
  if (values['no-sandbox'] === true) {
    const unsandboxed = ['network', 'memory-limit', 'allow-read', 'allow-write'].filter(
      (flag) => values[flag as keyof typeof values] !== undefined,
    );
    if (unsandboxed.length > 0) throw new UsageError(`--${unsandboxed[0]} applies to the sandbox; it has no effect with --no-sandbox.`);
    return { kind: 'none' };
  }
  return {
    kind: 'bwrap',
    ...(values.network === true ? { network: true } : {}),
    ...(memoryLimitBytes !== undefined ? { memoryLimitBytes } : {}),
    ...(values['allow-read'] ? { allowRead: values['allow-read'] } : {}),
    ...(values['allow-write'] ? { allowWrite: values['allow-write'] } : {}),
  };
}

/**
 * Refuses to go on when the sandbox cannot be made here (exit 6, naming how to install it); warns on every run
 * with `--no-sandbox`. Returns the exit code to stop with, or undefined to go on.
 */
export async function checkSandbox(options: SandboxOptions, command: string): Promise<ExitCode | undefined> {
  if (options.kind === 'none') {
    process.stderr.write(
      `mcp-atlas ${command}: WARNING: --no-sandbox: servers run with your rights and can read your files, your environment (through /proc) and the network.\n`,
    );
    return undefined;
  }
  const support = await sandboxSupport();
  if (support.available) return undefined;
  process.stderr.write(`mcp-atlas ${command}: refusing to run a server without a sandbox: ${support.reason}\n`);
  if (!support.reason.includes('--no-sandbox')) process.stderr.write(`${INSTALL_HINT}\n`);
  return EXIT_CODES.SANDBOX_UNAVAILABLE;
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
/** A signal `scan` and `crawl` stop on. */
export type StopSignal = (typeof SIGNALS)[number];

/** The CLI's shutdown on SIGINT, SIGTERM and SIGHUP. */
export interface SignalStop {
  /** Aborted at the first signal: scans stop, their sandboxes are killed and their scratch removed. */
  signal: AbortSignal;
  /** The first signal received, if any. */
  readonly received: StopSignal | undefined;
  /** Removes the handlers. */
  dispose(): void;
}

/**
 * Installs the handlers: the first signal aborts cooperatively (finished work is kept and written); a second one
 * kills every server and removes every scratch folder at once, then lets the signal end the process.
 */
export function stopOnSignals(): SignalStop {
  const controller = new AbortController();
  let received: StopSignal | undefined;
  const handlers = SIGNALS.map((name) => {
    const handler = () => {
      if (received === undefined) {
        received = name;
        controller.abort(new Error(`received ${name}`));
        return;
      }
      stopAllServersNow();
      dispose();
      process.kill(process.pid, name);
    };
    process.on(name, handler);
    return [name, handler] as const;
  });
  function dispose(): void {
    for (const [name, handler] of handlers) process.removeListener(name, handler);
  }
  return {
    signal: controller.signal,
    get received() {
      return received;
    },
    dispose,
  };
}
