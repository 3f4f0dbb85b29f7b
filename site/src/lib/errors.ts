/** Why the site could not be built from the catalogue. */
export type SiteErrorCode =
  /** The data directory or its `servers/` folder does not exist. */
  | 'DATA_DIR_MISSING'
  /** A data file could not be read or is not JSON. */
  | 'DATA_FILE_UNREADABLE'
  /** A data file failed its zod schema; the message names the file and the field. */
  | 'DATA_FILE_INVALID'
  /** Two files claim the same slug, or a slug does not match its file name. */
  | 'DATA_SLUG_CONFLICT'
  /** An Astro build process failed (its own output says why). */
  | 'ASTRO_BUILD_FAILED';

/** An error of the site build, with a stable string `code`. */
export class SiteError extends Error {
  override name = 'SiteError';
  /** Stable machine-readable code. */
  readonly code: SiteErrorCode;

  constructor(code: SiteErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
