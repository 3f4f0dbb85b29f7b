/** Codes of {@link CrawlError}. */
export type CrawlErrorCode =
  /** The sources file is missing, is not JSON, or fails SourcesFileSchema. */
  | 'INVALID_SOURCES'
  /** `npm install` failed (after retries for network errors). */
  | 'INSTALL_FAILED'
  /** The installed package has no usable `bin`. */
  | 'NO_BIN'
  /** The MCP Registry could not be read (after retries), or answered in an unexpected shape. */
  | 'REGISTRY_FAILED'
  /** A shard spec is not `I/N` with 1 <= I <= N. */
  | 'INVALID_SHARD'
  /** A data directory to merge is missing or unreadable. */
  | 'INVALID_DATA_DIR';

/** An error raised by the crawler's own machinery (never by a scanned server: those are statuses). */
export class CrawlError extends Error {
  override name = 'CrawlError';
  /** Stable machine-readable code. */
  readonly code: CrawlErrorCode;

  constructor(code: CrawlErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
