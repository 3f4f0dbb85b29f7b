/** Codes of {@link AuditError}. */
export type AuditErrorCode =
  /** The lock file exists but is not JSON or fails AuditLockSchema. */
  | 'LOCK_INVALID'
  /** The lock file could not be written. */
  | 'LOCK_WRITE_FAILED'
  /** The catalogue index given with --catalogue is missing, not JSON, or fails CatalogueIndexSchema. */
  | 'CATALOGUE_INVALID'
  /** A file given with --config cannot be read at all. */
  | 'CONFIG_UNREADABLE';

/** An error of the audit's own machinery (a bad config file is a reported file, never this). */
export class AuditError extends Error {
  override name = 'AuditError';
  /** Stable machine-readable code. */
  readonly code: AuditErrorCode;

  constructor(code: AuditErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
