import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { z } from 'zod';
import { isJsonObject } from './describe-value.ts';
import { ScanError } from './scan-error.ts';
import type { WarningLog } from './warning-log.ts';

/** Any object: the reply is checked item by item by the caller, never rejected as a whole. */
const LoosePageSchema = z.looseObject({});

/** A list method and the key its reply carries the items under. */
export interface ListSpec {
  method: 'tools/list' | 'prompts/list' | 'resources/list' | 'resources/templates/list';
  key: 'tools' | 'prompts' | 'resources' | 'resourceTemplates';
}

/** Settings for one paginated listing. */
export interface ListPagesOptions {
  /** Timeout of each page request, in ms. */
  requestTimeoutMs: number;
  /** Most pages requested. */
  maxPages: number;
  /** Aborts the listing (the whole-scan deadline). */
  signal: AbortSignal;
  /** Warnings go here. */
  warnings: WarningLog;
  /**
   * Receives the raw items of each page in order; returns false to stop listing (a cap was hit).
   */
  onItems: (items: unknown[]) => boolean;
}

/**
 * Lists every page of `spec.method`, following `nextCursor`. Stops with `PAGINATION_LOOP` when a cursor
 * comes back (same cursor forever, or a cycle) and with `PAGES_CAP_HIT` at the page cap; what was
 * listed so far is kept either way. Throws a `protocol_error` ScanError when a page has no item array.
 */
export async function listPages(client: Client, spec: ListSpec, options: ListPagesOptions): Promise<void> {
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (let page = 0; ; page += 1) {
    if (page >= options.maxPages) {
      options.warnings.add(
        'PAGES_CAP_HIT',
        `Stopped \`${spec.method}\` after ${options.maxPages} pages (the page cap); the items listed so far are kept.`,
      );
      return;
    }
    const reply = await requestPage(client, spec.method, cursor, options);
    const items = (reply as Record<string, unknown>)[spec.key];
    if (!Array.isArray(items)) {
      throw new ScanError('protocol_error', 'INVALID_LIST_REPLY', `The \`${spec.method}\` reply has no \`${spec.key}\` array.`);
    }
    if (!options.onItems(items)) {
      return;
    }
    const next = isJsonObject(reply) ? reply.nextCursor : undefined;
    if (next === undefined || next === null || next === '') {
      return;
    }
    if (typeof next !== 'string') {
      options.warnings.add(
        'INVALID_CURSOR',
        `Stopped \`${spec.method}\`: its \`nextCursor\` is not a string; the items listed so far are kept.`,
      );
      return;
    }
    if (seen.has(next) || next === cursor) {
      options.warnings.add(
        'PAGINATION_LOOP',
        `Stopped \`${spec.method}\` after ${page + 1} pages: the server sent a cursor it had already sent (pagination loop); the items listed so far are kept.`,
      );
      return;
    }
    seen.add(next);
    cursor = next;
  }
}

/**
 * One page request under its own AbortSignal, linked to the scan's for the length of the request only. The SDK adds an
 * abort listener to the signal of every request and never removes it, and that listener holds the request's reply:
 * with the scan's own signal, every page ever listed (a gigabyte of descriptions, from a hostile server) would stay
 * in memory until the scan ends.
 */
async function requestPage(client: Client, method: ListSpec['method'], cursor: string | undefined, options: ListPagesOptions) {
  const page = new AbortController();
  const forward = () => page.abort(options.signal.reason);
  if (options.signal.aborted) forward();
  else options.signal.addEventListener('abort', forward, { once: true });
  try {
    return await client.request({ method, params: cursor === undefined ? {} : { cursor } }, LoosePageSchema, {
      timeout: options.requestTimeoutMs,
      signal: page.signal,
    });
  } finally {
    options.signal.removeEventListener('abort', forward);
  }
}
