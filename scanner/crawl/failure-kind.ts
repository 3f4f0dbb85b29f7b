/**
 * Reads a failed start's error text and stderr for what the server needed that it could not get here: the network,
 * a local service, a built native module, or nothing this machine could give (a package broken as published).
 * Pure: text in, a status and a readable reason out. The text is untrusted; only short fixed phrases are returned,
 * plus names and ports picked out by narrow patterns.
 */
import type { ScanStatus } from '../../data/schema/index.ts';

/** What a failure text says the server needed. */
export interface FailureKind {
  status: Extract<ScanStatus, 'needs_network' | 'needs_service' | 'broken'>;
  /** A short error code for the record (`NEEDS_NETWORK`, `NEEDS_SERVICE`, `MISSING_DEPENDENCY`, …). */
  code: string;
  /** One readable sentence: what it needed and what would make it work. */
  reason: string;
}

/** Well-known loopback ports and the service behind them. */
const SERVICES: Record<string, string> = {
  '5432': 'PostgreSQL',
  '6379': 'Redis',
  '27017': 'MongoDB',
  '3306': 'MySQL',
  '1433': 'SQL Server',
  '9200': 'Elasticsearch',
  '7687': 'Neo4j',
  '11434': 'Ollama',
  '8123': 'ClickHouse',
  '5672': 'RabbitMQ',
  '9222': 'a Chrome DevTools endpoint',
  '9090': 'Prometheus',
  '8080': 'a local HTTP service',
  '3000': 'a local HTTP service',
};

const NETWORK =
  /\b(ENOTFOUND|EAI_AGAIN|ENETUNREACH|EHOSTUNREACH)\b|getaddrinfo|fetch failed|network is unreachable|socket hang up|Temporary failure in name resolution/i;
const LOOPBACK_REFUSED = /ECONNREFUSED\s+(?:127\.0\.0\.1|::1|localhost|0\.0\.0\.0|\[::1\]):(\d{1,5})|connect ECONNREFUSED .*?:(\d{1,5})/;
const NATIVE =
  /Could not locate the bindings file|was compiled against a different Node\.js version|\.node: cannot open shared object|No native build was found|Cannot find module '[^']*\.node'|prebuild|node-gyp/i;
const MISSING_MODULE = /Cannot find (?:module|package) '([^']{1,120})'|ERR_MODULE_NOT_FOUND[^\n]*?'([^']{1,120})'/;
const BAD_EXPORT = /does not provide an export named '([^']{1,80})'|ERR_PACKAGE_PATH_NOT_EXPORTED|is not a function|SyntaxError: /;
const DESKTOP =
  /\b(?:Obsidian|Figma|Photoshop|Blender|Ableton|Unity|Godot|Roblox Studio|Xcode|Simulator|browser extension|Chrome extension|WebSocket server|desktop app)\b[^\n]{0,80}\b(?:not running|not connected|connect(?:ion)? (?:failed|refused)|unable to connect)/i;

/** Strips a module specifier to its package name (`lodash/fp` -> `lodash`, `@a/b/c` -> `@a/b`); paths stay undefined. */
function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('<')) return undefined;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  return name !== undefined && /^(@[\w.-]+\/)?[\w.-]+$/.test(name) ? name : undefined;
}

/**
 * The kind of a failure from its text, or undefined when the text says none of these (the scanner's own status
 * stands). `placeholders` says whether the attempt ran with placeholder credentials: then a network call is the
 * server checking them with its API, and the reason says so.
 */
export function failureKind(text: string, options: { placeholders?: boolean } = {}): FailureKind | undefined {
  const tail = text.slice(-20_000);
  if (NATIVE.test(tail)) {
    return {
      status: 'broken',
      code: 'NATIVE_MODULE_NOT_BUILT',
      reason: 'needs a native module built by its install scripts (node-gyp against Node’s headers), which this install did not run',
    };
  }
  const refused = LOOPBACK_REFUSED.exec(tail);
  if (refused !== null) {
    const port = refused[1] ?? refused[2] ?? '';
    const service = SERVICES[port] ?? `a service on local port ${port}`;
    return { status: 'needs_service', code: 'NEEDS_SERVICE', reason: `needs ${service} running on 127.0.0.1:${port} to start` };
  }
  if (DESKTOP.test(tail)) {
    return {
      status: 'needs_service',
      code: 'NEEDS_DESKTOP_APP',
      reason: 'needs a desktop application or browser extension running beside it',
    };
  }
  if (NETWORK.test(tail)) {
    return {
      status: 'needs_network',
      code: 'NEEDS_NETWORK',
      reason: options.placeholders
        ? 'calls its API at start (checking the placeholder credentials), and scans run offline'
        : 'calls the network before it lists its tools, and scans run offline',
    };
  }
  const missing = MISSING_MODULE.exec(tail);
  if (missing !== null) {
    const name = packageOf(missing[1] ?? missing[2] ?? '');
    return {
      status: 'broken',
      code: 'MISSING_DEPENDENCY',
      reason: name === undefined ? 'imports a file its package does not ship' : `imports ${name}, which its package.json does not declare`,
    };
  }
  if (BAD_EXPORT.test(tail)) {
    return {
      status: 'broken',
      code: 'BROKEN_PACKAGE',
      reason: 'fails while loading its own code (a bad import or a syntax error in the published files)',
    };
  }
  return undefined;
}

/** Whether the text says the server started an HTTP listener instead of speaking stdio. */
export function startedHttpListener(text: string): boolean {
  return /(listening|running|started|available|serving)\b[^\n]{0,60}(?:https?:\/\/|port\s*:?\s*\d{2,5}|:\d{2,5}\b)|Streamable HTTP|SSE server|HTTP server (?:listening|started|running)/i.test(
    text.slice(-20_000),
  );
}
