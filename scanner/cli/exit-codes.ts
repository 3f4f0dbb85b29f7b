import type { ScanStatus } from '../../data/schema/index.ts';

/**
 * Every exit code of `mcp-atlas`, in one place (documented in the README).
 * Commands return one of these; only the entry file sets the process exit code.
 */
export const EXIT_CODES = {
  /** The command did what was asked (a scan that reached the server and listed it). */
  OK: 0,
  /** A bug in mcp-atlas: an unexpected exception. */
  INTERNAL_ERROR: 1,
  /** Bad command line: unknown command or option, missing argument. */
  USAGE: 2,
  /** An input file failed its schema (policy, tool list, sources, calls): the error names the path. */
  INVALID_INPUT: 3,
  /** `--fail-on LEVEL` was given and a tool or finding reached that level. */
  FAIL_ON_THRESHOLD: 4,
  /** `policy check`: at least one call was denied (only with `--fail-on-deny`). */
  POLICY_DENIED: 5,
  /** `scan`/`crawl`: no sandbox can be made here (bubblewrap missing or no user namespaces) and `--no-sandbox` was not given. */
  SANDBOX_UNAVAILABLE: 6,
  /** `audit --fail-on-change`: tools were added, removed or changed since the lock file. */
  TOOLS_CHANGED: 7,
  TIMEOUT: 10,
  SPAWN_FAILED: 11,
  INIT_FAILED: 12,
  PROTOCOL_ERROR: 13,
  AUTH_REQUIRED: 14,
  CONNECTION_REFUSED: 15,
  HTTP_ERROR: 16,
  NOT_MCP: 17,
  CRASHED: 18,
  INSTALL_FAILED: 19,
  UNSUPPORTED_RUNTIME: 20,
  /** Scan status `resource_limit`: the server went over its memory ceiling and its sandbox was killed. */
  RESOURCE_LIMIT: 21,
  /** `guard`: the counter store (`--state`), the audit log or the listen address could not be opened. */
  GUARD_UNAVAILABLE: 22,
  /** `needs_network`: the server calls the network before listing its tools. */
  NEEDS_NETWORK: 23,
  /** `needs_service`: the server needs a local service (database, desktop app) that is not running. */
  NEEDS_SERVICE: 24,
  /** `broken`: the package cannot work as published (the error says why). */
  BROKEN: 25,
  /** Stopped by SIGHUP (128 + 1): servers killed, finished records and the catalogue index written. */
  INTERRUPTED_SIGHUP: 129,
  /** Stopped by SIGINT (Ctrl-C, 128 + 2). */
  INTERRUPTED_SIGINT: 130,
  /** Stopped by SIGTERM (128 + 15). */
  INTERRUPTED_SIGTERM: 143,
} as const;

export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];

/** The exit code of a scan that ended with `status`. */
export function exitCodeForStatus(status: ScanStatus): ExitCode {
  const byStatus: Record<ScanStatus, ExitCode> = {
    ok: EXIT_CODES.OK,
    timeout: EXIT_CODES.TIMEOUT,
    spawn_failed: EXIT_CODES.SPAWN_FAILED,
    init_failed: EXIT_CODES.INIT_FAILED,
    protocol_error: EXIT_CODES.PROTOCOL_ERROR,
    auth_required: EXIT_CODES.AUTH_REQUIRED,
    connection_refused: EXIT_CODES.CONNECTION_REFUSED,
    http_error: EXIT_CODES.HTTP_ERROR,
    not_mcp: EXIT_CODES.NOT_MCP,
    crashed: EXIT_CODES.CRASHED,
    install_failed: EXIT_CODES.INSTALL_FAILED,
    unsupported_runtime: EXIT_CODES.UNSUPPORTED_RUNTIME,
    resource_limit: EXIT_CODES.RESOURCE_LIMIT,
    needs_network: EXIT_CODES.NEEDS_NETWORK,
    needs_service: EXIT_CODES.NEEDS_SERVICE,
    broken: EXIT_CODES.BROKEN,
  };
  return byStatus[status];
}

/** The exit code of a command stopped by `signal` (128 + its number, as shells report it). */
export function exitCodeForSignal(signal: 'SIGINT' | 'SIGTERM' | 'SIGHUP'): ExitCode {
  return signal === 'SIGINT'
    ? EXIT_CODES.INTERRUPTED_SIGINT
    : signal === 'SIGTERM'
      ? EXIT_CODES.INTERRUPTED_SIGTERM
      : EXIT_CODES.INTERRUPTED_SIGHUP;
}
