import type { PolicyLimit, PolicyWindow } from '../data/schema/policy.ts';

/** Length of each calendar-aligned UTC window. */
export const WINDOW_MS: Record<PolicyWindow, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/** One limit a call must have room in, resolved to the counter of this grant and window. */
export interface QuotaClaim {
  /** The counter's identity: grant, counter name, window and window number (JSON text; any grant or name is safe). */
  key: string;
  /** Calls allowed in the window. */
  max: number;
  /** When the window ends (ms since the epoch): the counter can be forgotten then. */
  expiresAt: number;
  /** The rule locator, e.g. `tools.read_file.limits[0]`. */
  rule: string;
  /** The limit as the policy states it. */
  limit: PolicyLimit;
}

/** The outcome of reserving a call's claims: every counter went up by one, or none did. */
export type Reservation =
  | {
      ok: true;
      /** For each claim, its counter's value after the call was counted. */
      counts: number[];
    }
  | {
      ok: false;
      /** The first claim with no room left. */
      index: number;
    };

/** A claim on `limit` for a call by `grant` at `at` (ms). Windows are calendar-aligned UTC, whatever offset the call was written with. */
export function quotaClaim(grant: string, limit: PolicyLimit, rule: string, at: number): QuotaClaim {
  const length = WINDOW_MS[limit.window];
  const window = Math.floor(at / length);
  return {
    key: JSON.stringify([grant, limit.counter, limit.window, window]),
    max: limit.max,
    expiresAt: (window + 1) * length,
    rule,
    limit,
  };
}

/**
 * The rule every counter store follows, written once: claims are checked in order against the current counts
 * (limits naming the same counter and window share one count), and only when all have room does each distinct
 * counter go up by one. `counts` gives the current value of a key (0 when unknown).
 */
export function planReservation(claims: readonly QuotaClaim[], counts: (key: string) => number): Reservation & { keys: string[] } {
  for (const [index, claim] of claims.entries()) {
    if (counts(claim.key) >= claim.max) return { ok: false, index, keys: [] };
  }
  const keys = [...new Set(claims.map((claim) => claim.key))];
  return { ok: true, counts: claims.map((claim) => counts(claim.key) + 1), keys };
}

/**
 * Counters in memory: the store of `policy check`, and of a guard run without `--state`. Nothing is forgotten on its
 * own (a replay may go back in time); the guard calls `forgetEnded(now)` so its memory stays bounded by the live windows.
 */
export class MemoryQuotas {
  readonly #counts = new Map<string, { count: number; expiresAt: number }>();

  /** Reserves room for a call in every claim, or in none (see planReservation). */
  reserve(claims: readonly QuotaClaim[]): Reservation {
    const plan = planReservation(claims, (key) => this.#counts.get(key)?.count ?? 0);
    if (!plan.ok) return { ok: false, index: plan.index };
    // Each distinct counter goes up once: a claim whose counter already reached its planned value shares it.
    for (const [i, claim] of claims.entries()) {
      const entry = this.#counts.get(claim.key);
      if (entry === undefined) this.#counts.set(claim.key, { count: 1, expiresAt: claim.expiresAt });
      else if (entry.count < plan.counts[i]!) entry.count += 1;
    }
    return { ok: true, counts: plan.counts };
  }

  /** Gives back what reserve took (a forwarded call that failed upstream); never below zero. */
  release(claims: readonly QuotaClaim[]): void {
    for (const key of new Set(claims.map((claim) => claim.key))) {
      const entry = this.#counts.get(key);
      if (entry === undefined) continue;
      if (entry.count <= 1) this.#counts.delete(key);
      else entry.count -= 1;
    }
  }

  /** Drops the counters of windows that ended at or before `now` (ms). */
  forgetEnded(now: number): void {
    for (const [key, entry] of this.#counts) if (entry.expiresAt <= now) this.#counts.delete(key);
  }

  /** Counters held, for tests of the memory bound. */
  get size(): number {
    return this.#counts.size;
  }
}
