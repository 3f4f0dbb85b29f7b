import type { QuotaClaim, Reservation } from '../../../policies-gen/index.ts';

/**
 * Where a guard keeps its counters. Every store applies the one rule of `planReservation` (policies-gen): claims
 * checked in order, and only when all have room does each distinct counter go up by one — atomically, so guards
 * sharing a store never let more calls through than a limit allows.
 */
export interface QuotaStore {
  /** What `--state` named, for messages (`memory`, `sqlite:/path`, `redis://host:port`; never a password). */
  readonly label: string;
  /** Reserves room for one call in every claim, or in none. Rejects (GuardError `STATE_UNAVAILABLE`) when the store cannot answer. */
  reserve(claims: readonly QuotaClaim[]): Promise<Reservation>;
  /** Gives back what reserve took, for a forwarded call that failed upstream; never below zero. */
  release(claims: readonly QuotaClaim[]): Promise<void>;
  /** Closes connections and files. */
  close(): Promise<void>;
}
