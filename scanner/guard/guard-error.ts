/**
 * Errors raised by the guard. Each carries a stable string `code`:
 * - `STATE_SPEC_INVALID`: `--state` is not `memory`, `sqlite:PATH` or `redis://…`.
 * - `STATE_UNAVAILABLE`: the counter store could not be opened or did not answer; calls that need it are refused.
 * - `UPSTREAM_FAILED`: the guarded server could not be started or reached, or failed `initialize`.
 * - `LISTEN_FAILED`: the HTTP listener could not bind its address.
 */
export type GuardErrorCode = 'STATE_SPEC_INVALID' | 'STATE_UNAVAILABLE' | 'UPSTREAM_FAILED' | 'LISTEN_FAILED';

/** Base error of the guard: a readable message plus a stable `code`. */
export class GuardError extends Error {
  override name = 'GuardError';
  readonly code: GuardErrorCode;
  constructor(code: GuardErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
