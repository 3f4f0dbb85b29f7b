import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import {
  parseRegistryQuery,
  queryEntries,
  type RegistryEntry,
  RegistryQueryError,
  registryEntries,
  safeJson,
} from '../../catalogue-api/index.ts';
import type { ServerRecord } from '../../data/schema/index.ts';
import { exportPolicy, generatePolicy, POLICY_FORMATS } from '../../policies-gen/index.ts';

/** Options of {@link startRegistryServer}. */
export interface RegistryServerOptions {
  /** Interface to listen on; loopback unless the operator chooses otherwise. */
  host: string;
  /** Port; 0 picks a free one. */
  port: number;
  /** Public origin of the catalogue site, for the receipts' page and policy links; default: this server. */
  siteUrl?: string;
}

/** A running registry server. */
export interface RunningRegistry {
  /** Base URL, e.g. `http://127.0.0.1:8080`. */
  url: string;
  close(): Promise<void>;
}

function send(response: ServerResponse, status: number, body: unknown, type = 'application/json; charset=utf-8'): void {
  const text = typeof body === 'string' ? body : `${safeJson(body)}\n`;
  response.writeHead(status, {
    'content-type': type,
    'content-length': Buffer.byteLength(text),
    'x-content-type-options': 'nosniff',
    'access-control-allow-origin': '*',
    'cache-control': 'no-cache',
  });
  response.end(text);
}

/** `/v0.1/servers/<name>/versions[/<version>]`, with the name URL-encoded (`%2F`) or not. */
const ENTRY_PATH = /^\/v0\.1\/servers\/(.+?)\/versions(?:\/([^/]+))?\/?$/;
const POLICY_PATH = /^\/api\/policies\/([a-z0-9-]+)(\.[a-z.]+)$/;

/**
 * The request handler of the live registry: the official registry's read API (`GET /v0.1/servers` with `cursor`,
 * `limit`, `search`, `updated_since` and `version`; `GET /v0.1/servers/{name}/versions` and
 * `/versions/{version|latest}`) over the catalogue, plus the starter policies the receipts link to
 * (`/api/policies/<slug><suffix>`, the same paths as on the static site). GET and HEAD only; errors are
 * `{"error": "…"}` with 400, 404 or 405.
 */
export function registryHandler(
  records: readonly ServerRecord[],
  siteUrl: string,
): (request: IncomingMessage, response: ServerResponse) => void {
  const entries: RegistryEntry[] = registryEntries(records, { siteUrl });
  const byName = new Map(entries.map((entry) => [entry.server.name, entry]));
  const bySlug = new Map(records.map((record) => [record.slug, record]));
  return (request, response) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('allow', 'GET, HEAD');
      send(response, 405, { error: 'Only GET and HEAD are supported' });
      return;
    }
    const url = new URL(request.url ?? '/', 'http://localhost');
    const path = url.pathname;
    if (path === '/v0.1/servers' || path === '/v0.1/servers/') {
      try {
        send(response, 200, queryEntries(entries, parseRegistryQuery(url.searchParams)));
      } catch (error) {
        if (!(error instanceof RegistryQueryError)) throw error;
        send(response, 400, { error: error.message });
      }
      return;
    }
    const entryMatch = ENTRY_PATH.exec(path);
    if (entryMatch !== null) {
      let name: string;
      let version: string | undefined;
      try {
        name = decodeURIComponent(entryMatch[1]!);
        version = entryMatch[2] === undefined ? undefined : decodeURIComponent(entryMatch[2]);
      } catch {
        send(response, 400, { error: 'Malformed percent-encoding in the path' });
        return;
      }
      const entry = byName.get(name);
      if (entry === undefined) send(response, 404, { error: 'Server not found' });
      else if (version === undefined) send(response, 200, { servers: [entry], metadata: { count: 1 } });
      else if (version === 'latest' || version === entry.server.version) send(response, 200, entry);
      else send(response, 404, { error: 'Server version not found' });
      return;
    }
    const policyMatch = POLICY_PATH.exec(path);
    const record = policyMatch === null ? undefined : bySlug.get(policyMatch[1]!);
    const format = POLICY_FORMATS.find((f) => f.fileSuffix === policyMatch?.[2]);
    if (record !== undefined && format !== undefined) {
      const policy = generatePolicy({ name: record.source.name, tools: record.scan.tools });
      send(response, 200, exportPolicy(policy, format.format, { serverKey: record.slug }), `${format.mediaType}; charset=utf-8`);
      return;
    }
    send(response, 404, { error: 'Not found' });
  };
}

/** Starts the live registry over HTTP (see {@link registryHandler}). */
export function startRegistryServer(records: readonly ServerRecord[], options: RegistryServerOptions): Promise<RunningRegistry> {
  let handler: ReturnType<typeof registryHandler> | undefined;
  const server: Server = createServer((request, response) => {
    try {
      if (handler === undefined) send(response, 503, { error: 'Starting' });
      else handler(request, response);
    } catch (error) {
      send(response, 500, { error: 'Internal error' });
      process.stderr.write(`registry: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : options.port;
      const host = options.host.includes(':') ? `[${options.host}]` : options.host;
      const url = `http://${host}:${port}`;
      handler = registryHandler(records, options.siteUrl ?? url);
      resolve({ url, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}
