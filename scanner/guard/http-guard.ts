import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest, type JSONRPCRequest } from '@modelcontextprotocol/sdk/types.js';
import { GuardError } from './guard-error.ts';
import { type GuardSession, openGuardSession } from './guard-session.ts';
import type { GuardSettings } from './guard-settings.ts';
import { httpUpstream } from './upstream.ts';

/** Largest request body accepted from a client. */
const MAX_BODY_BYTES = 4 * 1024 * 1024;
/** Most sessions open at once; past it new clients get 503. */
const MAX_SESSIONS = 256;
/** The path the guard serves MCP on. */
export const GUARD_PATH = '/mcp';

/**
 * Request headers that belong to one hop or to the MCP session itself and are never passed upstream; every other
 * header (Authorization, cookies, X-…) reaches the server as the client sent it.
 */
const NOT_PASSED = new Set([
  'host',
  'connection',
  'keep-alive',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'content-length',
  'content-type',
  'accept',
  'accept-encoding',
  'mcp-session-id',
  'mcp-protocol-version',
  'last-event-id',
]);

/** Where the guard listens and what it guards. */
export interface HttpGuardOptions {
  /** The Streamable HTTP server guarded. */
  upstream: URL;
  /** Address to bind (loopback unless the user said otherwise). */
  host: string;
  /** Port (0: any free one). */
  port: number;
  /** Headers added to every upstream request (`--header`), over the client's. */
  headers: Record<string, string>;
  settings: GuardSettings;
}

/** A running HTTP guard. */
export interface HttpGuard {
  /** The URL clients connect to, e.g. http://127.0.0.1:4100/mcp. */
  url: string;
  /** Stops listening and closes every session. */
  close(): Promise<void>;
}

interface HttpSession {
  transport: StreamableHTTPServerTransport;
  guard?: GuardSession;
  /** Read by the upstream transport on every request: the client's latest headers. */
  headers: Record<string, string>;
}

/**
 * Serves Streamable HTTP on `host:port` and guards `upstream`: one upstream session per client session, the
 * client's headers passed through. Loopback listeners check the Host header (DNS-rebinding protection).
 */
export async function startHttpGuard(options: HttpGuardOptions): Promise<HttpGuard> {
  const sessions = new Map<string, HttpSession>();
  const { settings } = options;
  const httpServer = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      settings.log(`guard: http: ${(error as Error).message}`);
      if (!response.headersSent) reply(response, 500, 'internal error');
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', 'http://guard').pathname;
    if (path !== GUARD_PATH) return reply(response, 404, `not found: MCP is served at ${GUARD_PATH}`);
    // Checked before anything is opened upstream: a page on another site must not reach the server through us.
    if (isLoopback(options.host) && !allowedHosts(address().port).includes(request.headers.host ?? ''))
      return reply(response, 403, 'forbidden: unexpected Host header');
    const body = request.method === 'POST' ? await readBody(request) : undefined;
    if (body === TOO_LARGE) return reply(response, 413, 'request body too large');
    if (body === NOT_JSON) return reply(response, 400, 'request body is not JSON');
    const sessionId = request.headers['mcp-session-id'];
    if (typeof sessionId === 'string') {
      const session = sessions.get(sessionId);
      if (session === undefined) return reply(response, 404, 'unknown or closed session');
      Object.assign(session.headers, passedHeaders(request, options.headers));
      return session.transport.handleRequest(request, response, body);
    }
    const found: unknown = Array.isArray(body) ? body.find(isInitializeRequest) : isInitializeRequest(body) ? body : undefined;
    const initialize = found as JSONRPCRequest | undefined;
    if (request.method !== 'POST' || initialize === undefined) return reply(response, 400, 'no session: send initialize first');
    if (sessions.size >= MAX_SESSIONS) return reply(response, 503, 'too many sessions');
    const session: HttpSession = {
      headers: passedHeaders(request, options.headers),
      transport: new StreamableHTTPServerTransport({
        sessionIdGenerator: randomUUID,
        onsessioninitialized: (id) => {
          sessions.set(id, session);
        },
        ...(isLoopback(options.host) ? { enableDnsRebindingProtection: true, allowedHosts: allowedHosts(address().port) } : {}),
      }),
    };
    try {
      session.guard = await openGuardSession(initialize, session.transport, httpUpstream(options.upstream, session.headers), settings);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      settings.log(`guard: ${message}`);
      response.writeHead(502, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ jsonrpc: '2.0', id: initialize.id, error: { code: -32603, message: `mcp-atlas guard: ${message}` } }));
      return;
    }
    void session.guard.closed.then(() => {
      if (session.transport.sessionId !== undefined) sessions.delete(session.transport.sessionId);
    });
    await session.transport.handleRequest(request, response, body);
    // The transport refused the initialize: nothing will ever use this upstream session.
    if (session.transport.sessionId === undefined || !sessions.has(session.transport.sessionId)) await session.guard.close();
  }

  function address(): AddressInfo {
    return httpServer.address() as AddressInfo;
  }

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', (error) =>
      reject(new GuardError('LISTEN_FAILED', `cannot listen on ${options.host}:${options.port}: ${error.message}`, { cause: error })),
    );
    httpServer.listen(options.port, options.host, () => resolve());
  });
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${address().port}${GUARD_PATH}`,
    close: async () => {
      await Promise.allSettled([...sessions.values()].map((session) => session.guard?.close()));
      sessions.clear();
      httpServer.closeAllConnections();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    },
  };
}

const TOO_LARGE = Symbol('too large');
const NOT_JSON = Symbol('not JSON');

async function readBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return TOO_LARGE;
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return NOT_JSON;
  }
}

/** The client's headers that go upstream, then the `--header` ones over them. */
export function passedHeaders(request: IncomingMessage, extra: Record<string, string>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined || NOT_PASSED.has(name) || name.startsWith('proxy-')) continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return { ...headers, ...extra };
}

/** Whether an address is loopback (127.0.0.0/8, ::1, localhost). */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`];
}

function reply(response: ServerResponse, status: number, message: string): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32600, message } }));
}
