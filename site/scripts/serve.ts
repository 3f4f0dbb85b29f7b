import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.yaml': 'application/yaml; charset=utf-8',
  '.toml': 'application/toml; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wasm': 'application/wasm',
  '.pagefind': 'application/octet-stream',
  '.pf_fragment': 'application/octet-stream',
  '.pf_index': 'application/octet-stream',
  '.pf_meta': 'application/octet-stream',
  '.pf_filter': 'application/octet-stream',
};

/** One rule of a `_headers` file: a path pattern (`*` matches anything) and the headers it sets. */
interface HeaderRule {
  pattern: RegExp;
  headers: [string, string][];
}

/**
 * Parses a `_headers` file (Netlify / Cloudflare Pages format: an unindented path pattern, then indented
 * `Name: value` lines), so this server sends what a static host would. Pure.
 */
export function parseHeadersFile(text: string): HeaderRule[] {
  const rules: HeaderRule[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      const source = line
        .trim()
        .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*');
      rules.push({ pattern: new RegExp(`^${source}$`), headers: [] });
    } else {
      const at = line.indexOf(':');
      if (at > 0) rules.at(-1)?.headers.push([line.slice(0, at).trim().toLowerCase(), line.slice(at + 1).trim()]);
    }
  }
  return rules;
}

/** A running static server. */
export interface StaticServer {
  /** Base URL, e.g. `http://127.0.0.1:4321`. */
  url: string;
  close(): Promise<void>;
}

async function resolveFile(root: string, pathname: string): Promise<string | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  const target = resolve(root, `.${decoded}`);
  if (target !== root && !target.startsWith(root + sep)) return undefined;
  for (const candidate of [target, join(target, 'index.html')]) {
    try {
      if ((await stat(candidate)).isFile()) return candidate;
    } catch {
      // try the next candidate
    }
  }
  return undefined;
}

/**
 * Serves a built site like a static host would: `/x/` and `/x` → `/x/index.html`, percent-encoding decoded (so
 * `%2F` in a registry name finds its folder), 404 → `/404.html`, paths confined to `root`, headers from the site's
 * `_headers` file. GET and HEAD only. For `npm start`, tests and the benchmark.
 */
export function serveStatic(rootDir: string, options: { port?: number; host?: string } = {}): Promise<StaticServer> {
  const root = resolve(rootDir);
  const headersPath = join(root, '_headers');
  const rules = existsSync(headersPath) ? parseHeadersFile(readFileSync(headersPath, 'utf8')) : [];
  const server: Server = createServer(async (request, response) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const { pathname } = new URL(request.url ?? '/', 'http://localhost');
    const file = await resolveFile(root, pathname);
    const notFound = file === undefined ? await resolveFile(root, '/404.html') : undefined;
    const served = file ?? notFound;
    if (served === undefined) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const headers: Record<string, string> = {
      'content-type': TYPES[extname(served)] ?? 'application/octet-stream',
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-cache',
    };
    for (const rule of rules) if (rule.pattern.test(pathname)) for (const [name, value] of rule.headers) headers[name] = value;
    response.writeHead(file === undefined ? 404 : 200, headers);
    if (request.method === 'HEAD') response.end();
    else createReadStream(served).pipe(response);
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      resolvePromise({
        url: `http://${options.host ?? '127.0.0.1'}:${port}`,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}
