import type { ScanStatus } from '../../data/schema/index.ts';

/**
 * A scan that cannot go on. Carries the status the scan ends with and a stable `code`
 * (e.g. `TIMEOUT_INITIALIZE`); the message is one readable sentence for people.
 */
export class ScanError extends Error {
  override name = 'ScanError';
  /** Stable machine-readable code in SCREAMING_SNAKE_CASE, recorded as `error.code`. */
  readonly code: string;
  /** The scan status this error leads to. */
  readonly status: ScanStatus;

  constructor(status: ScanStatus, code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.status = status;
    this.code = code;
  }
}
