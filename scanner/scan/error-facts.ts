import { SseError } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { terminalText } from './terminal-text.ts';

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET']);

/**
 * Why the network refused, when it did: a code (ECONNREFUSED, ENOTFOUND, …) found anywhere in the
 * error's cause chain, or the cause of a `fetch failed` (e.g. "bad port"); undefined for other errors.
 */
export function networkCode(error: unknown): string | undefined {
  let current: unknown = error;
  let fetchFailed = false;
  for (let depth = 0; depth < 8 && current instanceof Error; depth += 1) {
    const code = (current as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return code;
    if (fetchFailed) return shortText(current.message);
    fetchFailed ||= current instanceof TypeError && current.message === 'fetch failed';
    const event = (current as { event?: { error?: unknown } }).event;
    current = current.cause ?? event?.error;
  }
  return fetchFailed ? 'fetch failed' : undefined;
}

/** The HTTP status an SDK HTTP transport error carries (0 when it carries none, -1 for a wrong content type). */
export function httpStatus(error: unknown): number {
  if (error instanceof StreamableHTTPError || error instanceof SseError) {
    return typeof error.code === 'number' ? error.code : 0;
  }
  if (error instanceof Error) {
    const match = /\(HTTP (\d{3})\)/.exec(error.message);
    if (match) return Number(match[1]);
  }
  return 0;
}

/**
 * True for an SDK request that timed out here. The SDK's own timeouts carry `{ timeout }` or `{ maxTotalTimeout }`
 * as data; a server may also reply with code -32001 (several answer `initialize` with "Not authenticated" that
 * way), and that is the server's answer, not our timeout.
 */
export function isRequestTimeout(error: unknown): boolean {
  if (!(error instanceof McpError) || error.code !== ErrorCode.RequestTimeout) return false;
  const data: unknown = error.data;
  return typeof data === 'object' && data !== null && ('timeout' in data || 'maxTotalTimeout' in data);
}

/** True when the connection closed under a pending request (the process exited, the stream ended). */
export function isConnectionClosed(error: unknown): boolean {
  return error instanceof McpError && error.code === ErrorCode.ConnectionClosed;
}

/** True for a JSON-RPC error reply from the server. */
export function isServerError(error: unknown): error is McpError {
  return error instanceof McpError && error.code !== ErrorCode.ConnectionClosed && !isRequestTimeout(error);
}

/** One line of an untrusted text, safe for a terminal (see `terminalText`), cut to about 200 characters. */
export function shortText(text: string): string {
  return terminalText(text, 201);
}

/**
 * The telling line of a stderr tail, shortened: the last line mentioning an error among the last 20
 * (Node ends a crash with `Node.js v24…`, which says nothing), else the last line; undefined when empty.
 */
export function lastLine(text: string | undefined): string | undefined {
  const lines = (text ?? '')
    .split('\n')
    .slice(-40)
    .map((line) => shortText(line))
    .filter((line) => line !== '' && !/^Node\.js v\d/.test(line))
    .slice(-20);
  return lines.findLast((line) => /error|exception|fatal|required|missing|not found/i.test(line)) ?? lines.at(-1);
}

/**
 * The line of a usage or help text that says what was wanted: the first naming usage, an error, a required or missing
 * thing, or a command; else the first line. Shortened and made safe for a terminal; undefined when there is none.
 */
export function tellingLine(lines: readonly string[]): string | undefined {
  const clean = lines.map((line) => shortText(line)).filter((line) => line !== '');
  return clean.find((line) => /usage|error|required|missing|not found|command|specify/i.test(line)) ?? clean[0];
}

/** "30 s", "1.5 s" */
export function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}
