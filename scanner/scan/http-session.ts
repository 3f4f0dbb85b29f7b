import { STATUS_CODES } from 'node:http';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { CodedMessage, TransportInfo } from '../../data/schema/index.ts';
import { type BodyCut, BodyTooLargeError, cappedFetch } from './capped-fetch.ts';
import { httpStatus, isConnectionClosed, isRequestTimeout, networkCode, seconds, shortText } from './error-facts.ts';
import { initializeErrorReply, listingReplyError, listingTimeout } from './explain-reply.ts';
import { createScanClient } from './mcp-client.ts';
import { redactUrl } from './redact.ts';
import { ScanError } from './scan-error.ts';
import { DEFAULT_LIMITS, type ScanLimits, type ScanTarget } from './scan-options.ts';
import { type ConnectBudget, type ServerSession, watchProtocolVersion, withTimeout } from './session.ts';

type HttpKind = 'streamable-http' | 'sse';

function statusText(status: number): string {
  return `HTTP ${status}${STATUS_CODES[status] ? ` (${STATUS_CODES[status]})` : ''}`;
}

function isAuthFailure(error: unknown): boolean {
  const status = httpStatus(error);
  return status === 401 || status === 403 || (error instanceof Error && error.constructor.name === 'UnauthorizedError');
}

/** The POST was answered, but with something that is not MCP (HTML, plain JSON, a wrong content type). */
function isNotMcpReply(error: unknown): boolean {
  if (httpStatus(error) === -1) return true;
  return error instanceof Error && (error.name === 'ZodError' || error.name === 'SyntaxError' || error.constructor.name === '$ZodError');
}

/** A server reached over HTTP: Streamable HTTP first, then the legacy SSE transport. */
export class HttpSession implements ServerSession {
  readonly #url: URL | undefined;
  readonly #target: Extract<ScanTarget, { kind: 'http' }>;
  #kind: HttpKind = 'streamable-http';
  #client: Client | undefined;
  #transport: Transport | undefined;
  readonly #warnings: CodedMessage[] = [];
  #agreedVersion: () => string | undefined = () => undefined;

  readonly #headers: Record<string, string>;
  readonly #fetch: ReturnType<typeof cappedFetch>;
  /** The first body or SSE line of a successful response that passed the cap: the scan fails with it. */
  #fatalCut: BodyCut | undefined;

  constructor(target: Extract<ScanTarget, { kind: 'http' }>, limits: Pick<ScanLimits, 'maxHttpBodyBytes'> = DEFAULT_LIMITS) {
    this.#target = target;
    this.#fetch = cappedFetch(limits.maxHttpBodyBytes, (cut) => this.#onCut(cut));
    this.#headers = { ...target.headers };
    try {
      this.#url = new URL(target.url);
    } catch {
      this.#url = undefined;
    }
    // fetch refuses URLs with user:password@; send them as Basic auth instead, as browsers do.
    if (this.#url && (this.#url.username !== '' || this.#url.password !== '')) {
      const hasAuthorization = Object.keys(this.#headers).some((name) => name.toLowerCase() === 'authorization');
      if (!hasAuthorization) {
        const userinfo = `${decodeURIComponent(this.#url.username)}:${decodeURIComponent(this.#url.password)}`;
        this.#headers.Authorization = `Basic ${Buffer.from(userinfo).toString('base64')}`;
      }
      this.#url.username = '';
      this.#url.password = '';
    }
  }

  /**
   * An error body past the cap was cut short (a warning; the status still decides). A successful body or an SSE line
   * past it fails the scan; the transport is closed so pending requests end now rather than at their timeout.
   */
  #onCut(cut: BodyCut): void {
    if (cut.kind === 'body' && cut.status >= 400) {
      if (!this.#warnings.some((warning) => warning.code === 'HTTP_BODY_TRUNCATED')) {
        this.#warnings.push({
          code: 'HTTP_BODY_TRUNCATED',
          message: `An ${statusText(cut.status)} error body was longer than ${cut.maxBytes} bytes; only the first ${cut.maxBytes} were read.`,
        });
      }
      return;
    }
    this.#fatalCut ??= cut;
    const transport = this.#transport;
    setImmediate(() => void transport?.close().catch(() => {}));
  }

  /** The ScanError for a body that passed the cap, when one did. */
  #cutError(error: unknown): ScanError | undefined {
    const cut = this.#fatalCut ?? (error instanceof BodyTooLargeError ? error.cut : undefined);
    if (cut === undefined) return undefined;
    return new ScanError('protocol_error', 'HTTP_BODY_TOO_LARGE', new BodyTooLargeError(cut).message, { cause: error });
  }

  transportInfo(): TransportInfo {
    return { type: this.#kind, url: redactUrl(this.#target.url), headerNames: Object.keys(this.#target.headers ?? {}).sort() };
  }

  async connect(budget: ConnectBudget): Promise<Client> {
    const url = this.#url;
    if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      throw new ScanError('http_error', 'INVALID_URL', 'The URL is not a valid http(s) URL.');
    }
    const startedAt = Date.now();
    const requestInit: RequestInit = { headers: { ...this.#headers } };
    let streamableError: unknown;
    try {
      return await this.#attempt(
        'streamable-http',
        new StreamableHTTPClientTransport(url, { requestInit, fetch: this.#fetch }),
        budget.timeoutMs,
        budget.signal,
      );
    } catch (error) {
      streamableError = error;
    }
    const early = this.#explainStreamableFailure(streamableError, budget.timeoutMs);
    if (early !== undefined) throw early;
    await this.#closeCurrent();
    const remaining = Math.max(1_000, budget.timeoutMs - (Date.now() - startedAt));
    try {
      const client = await this.#attempt('sse', new SSEClientTransport(url, { requestInit, fetch: this.#fetch }), remaining, budget.signal);
      this.#warnings.push({
        code: 'LEGACY_SSE',
        message: 'The server only speaks the legacy SSE transport (deprecated since MCP 2025-03-26).',
      });
      return client;
    } catch (sseError) {
      throw this.#explainBothFailed(streamableError, sseError, remaining);
    }
  }

  async #attempt(kind: HttpKind, transport: Transport, timeoutMs: number, signal: AbortSignal): Promise<Client> {
    this.#kind = kind;
    const client = createScanClient();
    this.#client = client;
    this.#transport = transport;
    this.#agreedVersion = watchProtocolVersion(transport);
    const timedOut = () =>
      new ScanError('timeout', 'TIMEOUT_INITIALIZE', `The server did not answer \`initialize\` within ${seconds(timeoutMs)}.`);
    try {
      await withTimeout(client.connect(transport, { timeout: timeoutMs, signal }), timeoutMs, timedOut, signal);
    } catch (error) {
      throw isRequestTimeout(error) ? timedOut() : error;
    }
    return client;
  }

  /** A failure that makes trying SSE pointless (refused, auth, timeout, an MCP error reply), as a ScanError. */
  #explainStreamableFailure(error: unknown, timeoutMs: number): ScanError | undefined {
    if (error instanceof ScanError) return error;
    const cut = this.#cutError(error);
    if (cut !== undefined) return cut;
    const network = networkCode(error);
    if (network !== undefined) {
      const code = /^E[A-Z]+$/.test(network) ? network : 'CONNECTION_REFUSED';
      return new ScanError('connection_refused', code, `Nothing answered at ${redactUrl(this.#target.url)} (${network}).`, {
        cause: error,
      });
    }
    if (isAuthFailure(error)) {
      const status = httpStatus(error);
      return new ScanError(
        'auth_required',
        'AUTH_REQUIRED',
        `The server answered ${statusText(status === 0 ? 401 : status)}: it needs credentials (pass them with --header).`,
        { cause: error },
      );
    }
    if (isRequestTimeout(error)) {
      return new ScanError('timeout', 'TIMEOUT_INITIALIZE', `The server did not answer \`initialize\` within ${seconds(timeoutMs)}.`, {
        cause: error,
      });
    }
    return initializeErrorReply(error);
  }

  #explainBothFailed(streamableError: unknown, sseError: unknown, timeoutMs: number): ScanError {
    const early = this.#explainStreamableFailure(sseError, timeoutMs);
    if (early !== undefined && early.status !== 'timeout') return early;
    const postStatus = httpStatus(streamableError);
    const getStatus = httpStatus(sseError);
    if (isNotMcpReply(streamableError) || getStatus === 200) {
      return new ScanError('not_mcp', 'NOT_MCP', 'The endpoint answered, but not as an MCP server (neither Streamable HTTP nor SSE).', {
        cause: streamableError,
      });
    }
    const status = postStatus >= 400 ? postStatus : getStatus;
    if (status >= 400) {
      return new ScanError('http_error', 'HTTP_ERROR', `The endpoint answered ${statusText(status)} to both Streamable HTTP and SSE.`, {
        cause: streamableError,
      });
    }
    if (early !== undefined) return early;
    const detail = streamableError instanceof Error ? shortText(streamableError.message) : 'unknown error';
    return new ScanError('not_mcp', 'NOT_MCP', `The endpoint did not speak MCP over Streamable HTTP or SSE: ${detail}.`, {
      cause: streamableError,
    });
  }

  explainListingError(error: unknown, method: string, requestTimeoutMs: number): ScanError {
    if (error instanceof ScanError) return error;
    const cut = this.#cutError(error);
    if (cut !== undefined) return cut;
    const timedOut = listingTimeout(error, method, requestTimeoutMs);
    if (timedOut !== undefined) return timedOut;
    if (isConnectionClosed(error) || networkCode(error) !== undefined) {
      return new ScanError('crashed', 'CONNECTION_CLOSED', `The connection closed while the server was answering \`${method}\`.`, {
        cause: error,
      });
    }
    if (isAuthFailure(error)) {
      return new ScanError(
        'auth_required',
        'AUTH_REQUIRED',
        `The server asked for credentials on \`${method}\` (${statusText(httpStatus(error))}).`,
        {
          cause: error,
        },
      );
    }
    const status = httpStatus(error);
    if (status >= 400) {
      return new ScanError('http_error', 'HTTP_ERROR', `The server answered \`${method}\` with ${statusText(status)}.`, { cause: error });
    }
    return listingReplyError(error, method);
  }

  async #closeCurrent(): Promise<void> {
    const client = this.#client;
    const transport = this.#transport;
    this.#client = undefined;
    this.#transport = undefined;
    try {
      if (transport instanceof StreamableHTTPClientTransport && transport.sessionId !== undefined) {
        await withTimeout(transport.terminateSession(), 2_000, () => new Error('terminate timed out')).catch(() => {});
      }
      await (client ? client.close() : transport?.close());
    } catch {
      // Closing a half-open connection may fail; there is nothing left to release then.
    }
  }

  close(): Promise<void> {
    return this.#closeCurrent();
  }

  protocolVersion(): string | undefined {
    return this.#agreedVersion();
  }

  stderrTail(): string | undefined {
    return undefined;
  }

  warnings(): CodedMessage[] {
    return [...this.#warnings];
  }
}
