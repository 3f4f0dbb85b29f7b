import { type EnqueuedTaskPromise, Meilisearch, MeilisearchApiError, MeilisearchRequestError, type Task } from 'meilisearch';
import type { SearchDocument } from '../../data/schema/search-document.ts';
import { SearchIndexError } from './errors.ts';
import { meiliSettings } from './meili-settings.ts';

/** Options of {@link pushToMeili}. */
export interface PushOptions {
  /** Meilisearch URL, e.g. `http://127.0.0.1:7700`. */
  host: string;
  /** Admin or master key (needs documents.* and settings.* rights); absent for an unsecured instance. */
  apiKey?: string;
  /** Index uid. */
  index: string;
  documents: readonly SearchDocument[];
  /** Documents per addDocuments task. Default 5,000. */
  batchSize?: number;
  /** Longest wait for one task, in ms. Default 120,000. */
  taskTimeoutMs?: number;
  log?: (line: string) => void;
}

function translate(error: unknown, host: string): SearchIndexError {
  if (error instanceof SearchIndexError) return error;
  if (error instanceof MeilisearchApiError) {
    const status = error.response.status;
    if (status === 401 || status === 403)
      return new SearchIndexError('MEILI_AUTH', `Meilisearch at ${host} refused the key: ${error.message}`, { cause: error });
    return new SearchIndexError('MEILI_FAILED', `Meilisearch at ${host} answered ${status}: ${error.message}`, { cause: error });
  }
  if (error instanceof MeilisearchRequestError)
    return new SearchIndexError('MEILI_UNREACHABLE', `cannot reach Meilisearch at ${host}: ${error.message}`, { cause: error });
  return new SearchIndexError('MEILI_FAILED', `Meilisearch at ${host}: ${error instanceof Error ? error.message : String(error)}`, {
    cause: error,
  });
}

async function settle(task: EnqueuedTaskPromise, what: string, timeout: number): Promise<Task> {
  const done = await task.waitTask({ timeout });
  if (done.status !== 'succeeded') {
    throw new SearchIndexError('MEILI_FAILED', `${what} ${done.status}: ${done.error?.message ?? 'no reason given'} (task ${done.uid})`);
  }
  return done;
}

/**
 * Replaces the contents of a Meilisearch index with the catalogue's documents: creates the index when missing, applies
 * {@link meiliSettings}, deletes the old documents, adds the new ones in batches, and waits for every task. Errors
 * are {@link SearchIndexError}s saying what failed and where.
 */
export async function pushToMeili(options: PushOptions): Promise<{ documents: number; tasks: number }> {
  const log = options.log ?? (() => undefined);
  const timeout = options.taskTimeoutMs ?? 120_000;
  const client = new Meilisearch({ host: options.host, apiKey: options.apiKey });
  let tasks = 0;
  try {
    await client.health();
    const existing = await client
      .getIndex(options.index)
      .then(() => true)
      .catch((error: unknown) => {
        if (error instanceof MeilisearchApiError && error.cause?.code === 'index_not_found') return false;
        throw error;
      });
    if (!existing) {
      await settle(client.createIndex(options.index, { primaryKey: 'id' }), `creating index ${options.index}`, timeout);
      tasks++;
    }
    const index = client.index<SearchDocument>(options.index);
    await settle(index.updateSettings(meiliSettings()), 'updating settings', timeout);
    await settle(index.deleteAllDocuments(), 'clearing old documents', timeout);
    tasks += 2;
    const size = options.batchSize ?? 5_000;
    for (let start = 0; start < options.documents.length; start += size) {
      const batch = options.documents.slice(start, start + size);
      await settle(
        index.addDocuments(batch as SearchDocument[], { primaryKey: 'id' }),
        `adding documents ${start + 1}-${start + batch.length}`,
        timeout,
      );
      tasks++;
      log(`index: ${start + batch.length}/${options.documents.length} documents`);
    }
    return { documents: options.documents.length, tasks };
  } catch (error) {
    throw translate(error, options.host);
  }
}
