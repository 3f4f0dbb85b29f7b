import { request } from 'undici';
import { type SourceEntry, SourceEntrySchema } from '../../data/schema/index.ts';
import { CrawlError } from '../crawl/errors.ts';
import { withRetries } from '../crawl/retry.ts';
import { normaliseServerJson } from './normalize.ts';

/** The `_meta` key under which the official registry puts its own data. */
export const OFFICIAL_META_KEY = 'io.modelcontextprotocol.registry/official';

/** One server as listed by the registry. */
export interface RegistryEntry {
  /** The server.json, normalised to camelCase and validated. */
  server: SourceEntry;
  /** Registry status: `deleted` entries must be dropped from the catalogue. */
  status: 'active' | 'deprecated' | 'deleted';
  /** `updatedAt` from the registry metadata, if given. */
  updatedAt?: string;
  /** `publishedAt` from the registry metadata: orders versions that are not semver. */
  publishedAt?: string;
  /** The registry's own word on whether this is the name's latest version, when it gives one. */
  isLatest?: boolean;
}

/** Options of {@link listRegistryServers}. */
export interface ListRegistryOptions {
  /** RFC 3339 time: only entries updated (or deleted) since then (deleted ones included, as the API documents). */
  updatedSince?: string;
  /**
   * `version=` filter. Default `latest`: one entry per name, the one the registry calls latest. `all` sends none and
   * lists every version (the crawler then picks the latest itself, see `latest-version.ts`).
   */
  version?: 'latest' | 'all';
  /**
   * `include_deleted=true`, so a full listing still says which servers were deleted and their records can be removed.
   * Default: on for a full listing, off with `updatedSince` (which includes deletions already).
   */
  includeDeleted?: boolean;
  /** Page size (the registry caps it). Default 100. */
  limit?: number;
  /** Per-request time limit in milliseconds. Default 30 000. */
  timeoutMs?: number;
  /** Attempts per page for network errors and 5xx/429. Default 4. */
  attempts?: number;
  /** Called for entries that fail the schema (skipped). */
  onInvalid?: (raw: unknown, reason: string) => void;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);

/** A retryable HTTP failure (5xx or 429). */
class RetryableHttpError extends Error {
  override name = 'RetryableHttpError';
  readonly code = 'HTTP_RETRYABLE';
}

async function getPage(url: URL, timeoutMs: number, attempts: number): Promise<Json> {
  return withRetries(
    async () => {
      const response = await request(url, {
        method: 'GET',
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (response.statusCode === 429 || response.statusCode >= 500) {
        await response.body.dump();
        throw new RetryableHttpError(`registry answered ${response.statusCode} for ${url.href}`);
      }
      if (response.statusCode !== 200) {
        await response.body.dump();
        throw new CrawlError('REGISTRY_FAILED', `registry answered ${response.statusCode} for ${url.href}`);
      }
      const body: unknown = await response.body.json();
      if (!isObject(body) || !Array.isArray(body.servers)) {
        throw new CrawlError('REGISTRY_FAILED', `registry page at ${url.href} has no \`servers\` array`);
      }
      return body;
    },
    { attempts, isRetryable: (error) => error instanceof RetryableHttpError || isNetworkError(error) },
  ).catch((error: unknown) => {
    if (error instanceof CrawlError) throw error;
    throw new CrawlError('REGISTRY_FAILED', `could not read ${url.href}: ${String((error as Error)?.message ?? error)}`, { cause: error });
  });
}

/** Whether an error is a transient network failure worth retrying (never a 4xx or a bad answer). */
export function isNetworkError(error: unknown): boolean {
  const codes = [
    'ECONNRESET',
    'ECONNREFUSED',
    'ETIMEDOUT',
    'EAI_AGAIN',
    'ENOTFOUND',
    'EPIPE',
    'UND_ERR_SOCKET',
    'UND_ERR_CONNECT_TIMEOUT',
    'UND_ERR_HEADERS_TIMEOUT',
    'UND_ERR_BODY_TIMEOUT',
  ];
  for (let current: unknown = error, depth = 0; current !== undefined && current !== null && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && codes.includes(code)) return true;
    if ((current as { name?: unknown }).name === 'TimeoutError') return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

function parseEntry(raw: unknown, onInvalid: ListRegistryOptions['onInvalid']): RegistryEntry | undefined {
  const wrapper = isObject(raw) && isObject(raw.server) ? raw : { server: raw };
  const serverRaw = wrapper.server;
  const meta = isObject(wrapper._meta) ? wrapper._meta : isObject(serverRaw) && isObject(serverRaw._meta) ? serverRaw._meta : {};
  const official = isObject(meta[OFFICIAL_META_KEY]) ? (meta[OFFICIAL_META_KEY] as Json) : {};
  const rawStatus = official.status ?? (isObject(serverRaw) ? serverRaw.status : undefined);
  const status = rawStatus === 'deleted' || rawStatus === 'deprecated' ? rawStatus : 'active';
  const parsed = SourceEntrySchema.safeParse(normaliseServerJson(serverRaw));
  if (!parsed.success) {
    onInvalid?.(raw, parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '));
    return undefined;
  }
  const updatedAt = official.updatedAt ?? official.updated_at;
  const publishedAt = official.publishedAt ?? official.published_at;
  const isLatest = official.isLatest ?? official.is_latest;
  return {
    server: parsed.data,
    status,
    ...(typeof updatedAt === 'string' ? { updatedAt } : {}),
    ...(typeof publishedAt === 'string' ? { publishedAt } : {}),
    ...(typeof isLatest === 'boolean' ? { isLatest } : {}),
  };
}

/**
 * Lists every server of an MCP Registry (`GET /v0.1/servers?version=latest`), following `metadata.nextCursor`
 * (or the older `next_cursor`) until it is absent or empty. Network errors, 429 and 5xx are retried with backoff.
 * Throws CrawlError REGISTRY_FAILED when a page cannot be read.
 */
export async function* listRegistryServers(baseUrl: string, options: ListRegistryOptions = {}): AsyncGenerator<RegistryEntry> {
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (let page = 0; page < 100_000; page++) {
    const url = new URL('v0.1/servers', baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
    url.searchParams.set('limit', String(options.limit ?? 100));
    if (cursor !== undefined) url.searchParams.set('cursor', cursor);
    if (options.updatedSince !== undefined) url.searchParams.set('updated_since', options.updatedSince);
    if ((options.version ?? 'latest') === 'latest') url.searchParams.set('version', 'latest');
    if (options.includeDeleted ?? options.updatedSince === undefined) url.searchParams.set('include_deleted', 'true');
    const body = await getPage(url, options.timeoutMs ?? 30_000, options.attempts ?? 4);
    for (const raw of body.servers as unknown[]) {
      const entry = parseEntry(raw, options.onInvalid);
      if (entry !== undefined) yield entry;
    }
    const metadata = isObject(body.metadata) ? body.metadata : {};
    const next = metadata.nextCursor ?? metadata.next_cursor;
    if (typeof next !== 'string' || next === '' || seen.has(next)) return;
    seen.add(next);
    cursor = next;
  }
}
