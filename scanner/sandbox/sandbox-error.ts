/** Codes of {@link SandboxError}. */
export type SandboxErrorCode =
  /** bubblewrap is not installed, or cannot create the namespaces it needs on this machine. */
  | 'SANDBOX_UNAVAILABLE'
  /** The command to run was not found on `PATH` (or at the path given). */
  | 'COMMAND_NOT_FOUND'
  /** A path given with `--allow-read`/`--allow-write` does not exist or may not be shared. */
  | 'INVALID_PATH';

/** An error of the sandbox's own machinery, raised before the server runs. */
export class SandboxError extends Error {
  override name = 'SandboxError';
  /** Stable machine-readable code. */
  readonly code: SandboxErrorCode;

  constructor(code: SandboxErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
