import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { planReservation, type QuotaClaim, type Reservation, WINDOW_MS } from '../../../policies-gen/index.ts';
import { GuardError } from '../guard-error.ts';
import type { QuotaStore } from './quota-store.ts';

/** How long a guard waits for another guard's transaction on the same file before refusing the call. */
const BUSY_TIMEOUT_MS = 5_000;

/**
 * Counters in a SQLite file (Node's built-in `node:sqlite`), shared by every guard on the host that names the same
 * file: they survive restarts. Each reservation is one `BEGIN IMMEDIATE` transaction (the write lock is taken before
 * reading), so concurrent guards never both take the last unit of a limit. WAL mode keeps readers off the lock.
 */
export class SqliteQuotaStore implements QuotaStore {
  readonly label: string;
  readonly #db: DatabaseSync;
  readonly #namespace: string;
  readonly #now: () => number;
  readonly #get: StatementSync;
  readonly #bump: StatementSync;
  readonly #drop: StatementSync;
  readonly #sweep: StatementSync;
  #nextSweep = 0;

  constructor(path: string, namespace: string, now: () => number) {
    this.label = `sqlite:${path}`;
    this.#namespace = namespace;
    this.#now = now;
    try {
      this.#db = new DatabaseSync(path, { timeout: BUSY_TIMEOUT_MS });
      this.#db.exec('PRAGMA journal_mode = WAL');
      this.#db.exec(
        'CREATE TABLE IF NOT EXISTS guard_counters (key TEXT PRIMARY KEY, count INTEGER NOT NULL, expires_at INTEGER NOT NULL) WITHOUT ROWID',
      );
    } catch (error) {
      throw new GuardError('STATE_UNAVAILABLE', `cannot open the counter file ${path}: ${(error as Error).message}`, { cause: error });
    }
    this.#get = this.#db.prepare('SELECT count FROM guard_counters WHERE key = ? AND expires_at > ?');
    this.#bump = this.#db.prepare(
      'INSERT INTO guard_counters (key, count, expires_at) VALUES (?, 1, ?) ' +
        'ON CONFLICT(key) DO UPDATE SET count = CASE WHEN expires_at > ? THEN count + 1 ELSE 1 END, expires_at = excluded.expires_at',
    );
    this.#drop = this.#db.prepare('UPDATE guard_counters SET count = count - 1 WHERE key = ? AND count > 0');
    this.#sweep = this.#db.prepare('DELETE FROM guard_counters WHERE expires_at <= ?');
  }

  async reserve(claims: readonly QuotaClaim[]): Promise<Reservation> {
    const now = this.#now();
    return this.#transaction(() => {
      if (now >= this.#nextSweep) {
        this.#sweep.run(now);
        this.#nextSweep = now + WINDOW_MS.minute;
      }
      const current = new Map<string, number>();
      for (const claim of claims) {
        const key = this.#key(claim);
        if (!current.has(key)) current.set(key, Number((this.#get.get(key, now) as { count?: number } | undefined)?.count ?? 0));
      }
      const plan = planReservation(claims, (key) => current.get(this.#namespaced(key)) ?? 0);
      if (!plan.ok) return { ok: false, index: plan.index };
      const expiry = new Map(claims.map((claim) => [claim.key, claim.expiresAt]));
      for (const key of plan.keys) this.#bump.run(this.#namespaced(key), expiry.get(key)!, now);
      return { ok: true, counts: plan.counts };
    });
  }

  async release(claims: readonly QuotaClaim[]): Promise<void> {
    this.#transaction(() => {
      for (const key of new Set(claims.map((claim) => this.#key(claim)))) this.#drop.run(key);
    });
  }

  async close(): Promise<void> {
    if (this.#db.isOpen) this.#db.close();
  }

  #transaction<T>(body: () => T): T {
    try {
      this.#db.exec('BEGIN IMMEDIATE');
    } catch (error) {
      throw new GuardError('STATE_UNAVAILABLE', `the counter file is locked or unreadable: ${(error as Error).message}`, { cause: error });
    }
    try {
      const result = body();
      this.#db.exec('COMMIT');
      return result;
    } catch (error) {
      if (this.#db.isTransaction) this.#db.exec('ROLLBACK');
      throw new GuardError('STATE_UNAVAILABLE', `the counter file could not be updated: ${(error as Error).message}`, { cause: error });
    }
  }

  #key(claim: QuotaClaim): string {
    return this.#namespaced(claim.key);
  }

  #namespaced(key: string): string {
    return `${this.#namespace} ${key}`;
  }
}
