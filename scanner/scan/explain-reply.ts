import { isRequestTimeout, isServerError, seconds, shortText } from './error-facts.ts';
import { ScanError } from './scan-error.ts';

// How both sessions (stdio and HTTP) word the failures that do not depend on the transport.

/** Words of an error reply that mean the server wants credentials before it will talk. */
const ASKS_FOR_CREDENTIALS = /\b(?:not authenticated|unauthori[sz]ed|authentication|api[ _-]?key|access token|credentials?|forbidden)\b/i;

/** An `initialize` answered with a JSON-RPC error, as a ScanError; undefined for any other failure. */
export function initializeErrorReply(error: unknown): ScanError | undefined {
  if (!isServerError(error)) return undefined;
  if (ASKS_FOR_CREDENTIALS.test(error.message)) {
    return new ScanError(
      'auth_required',
      'INITIALIZE_AUTH_ERROR',
      `The server refused \`initialize\` for want of credentials: ${shortText(error.message)}.`,
      {
        cause: error,
      },
    );
  }
  return new ScanError(
    'init_failed',
    'INITIALIZE_ERROR',
    `The server answered \`initialize\` with an error: ${shortText(error.message)}.`,
    {
      cause: error,
    },
  );
}

/** A listing request (`tools/list`, …) that timed out, as a ScanError; undefined for any other failure. */
export function listingTimeout(error: unknown, method: string, requestTimeoutMs: number): ScanError | undefined {
  if (!isRequestTimeout(error)) return undefined;
  return new ScanError('timeout', 'TIMEOUT_REQUEST', `The server did not answer \`${method}\` within ${seconds(requestTimeoutMs)}.`, {
    cause: error,
  });
}

/**
 * The last word on a failed listing request, once transport-specific causes are ruled out: a JSON-RPC error
 * reply (LIST_ERROR), else a reply that could not be used (INVALID_LIST_REPLY).
 */
export function listingReplyError(error: unknown, method: string): ScanError {
  if (isServerError(error)) {
    return new ScanError('protocol_error', 'LIST_ERROR', `The server answered \`${method}\` with an error: ${shortText(error.message)}.`, {
      cause: error,
    });
  }
  const message = error instanceof Error ? shortText(error.message) : 'unknown error';
  return new ScanError('protocol_error', 'INVALID_LIST_REPLY', `The \`${method}\` reply was unusable: ${message}.`, { cause: error });
}
