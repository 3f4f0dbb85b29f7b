import { GuardError } from '../guard-error.ts';
import { MemoryQuotaStore } from './memory-store.ts';
import type { QuotaStore } from './quota-store.ts';

/** What `--state` accepts. */
export const STATE_SPEC_HELP = 'memory (default) | sqlite:PATH | redis://[user:pass@]host:port[/db] | rediss://…';

/**
 * Opens the counter store `--state` names. `namespace` separates the counters of different policies that share a
 * file or a Redis server. The SQLite and Redis stores are loaded only when named, so a guard in memory pays for neither.
 */
export async function openQuotaStore(spec: string | undefined, namespace: string, now: () => number): Promise<QuotaStore> {
  if (spec === undefined || spec === 'memory') return new MemoryQuotaStore(now);
  if (spec.startsWith('sqlite:')) {
    const path = spec.slice('sqlite:'.length);
    if (path === '') throw new GuardError('STATE_SPEC_INVALID', `--state sqlite:PATH needs a file path (expected ${STATE_SPEC_HELP})`);
    const { SqliteQuotaStore } = await import('./sqlite-store.ts');
    return new SqliteQuotaStore(path, namespace, now);
  }
  if (spec.startsWith('redis://') || spec.startsWith('rediss://')) {
    if (!URL.canParse(spec)) throw new GuardError('STATE_SPEC_INVALID', `--state: not a valid Redis URL (expected ${STATE_SPEC_HELP})`);
    const { RedisQuotaStore } = await import('./redis-store.ts');
    return RedisQuotaStore.connect(spec, namespace, now);
  }
  throw new GuardError('STATE_SPEC_INVALID', `--state: unknown store \`${spec.slice(0, 40)}\` (expected ${STATE_SPEC_HELP})`);
}
