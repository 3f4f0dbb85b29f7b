/** Why `mcp-atlas index` failed. */
export type SearchIndexErrorCode =
  /** A data file is missing, unreadable or fails its schema. */
  | 'DATA_INVALID'
  /** Nothing answered at the Meilisearch URL (refused, DNS, timeout). */
  | 'MEILI_UNREACHABLE'
  /** Meilisearch refused the key (401/403). */
  | 'MEILI_AUTH'
  /** Meilisearch rejected a request or a task failed. */
  | 'MEILI_FAILED';

/** An error of the search-index push, with a stable string `code`. */
export class SearchIndexError extends Error {
  override name = 'SearchIndexError';
  /** Stable machine-readable code. */
  readonly code: SearchIndexErrorCode;

  constructor(code: SearchIndexErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
