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
  };
  return byStatus[status];
}
