import { SCAN_RECEIPT_KEY } from '../data/schema/scan-receipt.ts';
import type { RegistryEntry, RegistryList } from './registry-entry.ts';

/** Query parameters of `GET /v0.1/servers`, as the official registry API defines them. */
export interface RegistryQuery {
  /** Opaque cursor from `metadata.nextCursor` (here: the last name of the previous page). */
  cursor?: string;
  /** Page size, 1–100; default 30. */
  limit?: number;
  /** Case-insensitive substring of the registry name (or of the catalogue name it was mapped from). */
  search?: string;
  /** RFC 3339 time: only entries updated (scanned) after it. */
  updated_since?: string;
  /** `latest`, or an exact version. */
  version?: string;
}

/** A query the API refuses (HTTP 400), with the parameter it names. */
export class RegistryQueryError extends Error {
  override name = 'RegistryQueryError';
  /** Always `INVALID_QUERY`. */
  readonly code = 'INVALID_QUERY';
}

/** Default and largest page size. */
export const DEFAULT_LIMIT = 30;
export const MAX_LIMIT = 100;

/** Parses the query string of `/v0.1/servers`; throws a {@link RegistryQueryError} on a bad value. Pure. */
export function parseRegistryQuery(params: URLSearchParams): RegistryQuery {
  const query: RegistryQuery = {};
  const limit = params.get('limit');
  if (limit !== null) {
    const n = Number(limit);
    if (!/^\d+$/.test(limit) || n < 1)
      throw new RegistryQueryError(`limit must be a positive integer, got ${JSON.stringify(limit.slice(0, 40))}`);
    query.limit = Math.min(n, MAX_LIMIT);
  }
  const since = params.get('updated_since');
  if (since !== null) {
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(since) || Number.isNaN(Date.parse(since)))
      throw new RegistryQueryError(`updated_since must be an RFC 3339 time, got ${JSON.stringify(since.slice(0, 40))}`);
    query.updated_since = since;
  }
  for (const key of ['cursor', 'search', 'version'] as const) {
    const value = params.get(key);
    if (value !== null && value !== '') query[key] = value.slice(0, 500);
  }
  return query;
}

/**
 * One page of `GET /v0.1/servers` over entries sorted by name: filters, then the entries after the cursor, at most
 * `limit`, with `metadata.nextCursor` while more remain. Pure.
 */
export function queryEntries(sorted: readonly RegistryEntry[], query: RegistryQuery): RegistryList {
  const search = query.search?.toLowerCase();
  const since = query.updated_since === undefined ? undefined : Date.parse(query.updated_since);
  const matches = sorted.filter((entry) => {
    const receipt = entry._meta[SCAN_RECEIPT_KEY];
    if (query.cursor !== undefined && entry.server.name <= query.cursor) return false;
    if (search !== undefined && !entry.server.name.toLowerCase().includes(search) && !receipt.sourceName.toLowerCase().includes(search))
      return false;
    if (since !== undefined && Date.parse(receipt.updatedAt) <= since) return false;
    if (query.version !== undefined && query.version !== 'latest' && entry.server.version !== query.version) return false;
    return true;
  });
  const limit = query.limit ?? DEFAULT_LIMIT;
  const servers = matches.slice(0, limit);
  const metadata: RegistryList['metadata'] = { count: servers.length };
  if (matches.length > limit) metadata.nextCursor = servers.at(-1)!.server.name;
  return { servers, metadata };
}
