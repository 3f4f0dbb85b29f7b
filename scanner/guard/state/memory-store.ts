import { MemoryQuotas, type QuotaClaim, type Reservation, WINDOW_MS } from '../../../policies-gen/index.ts';
import type { QuotaStore } from './quota-store.ts';

/** Counters in this process (the default): the same MemoryQuotas as `policy check`, with ended windows forgotten. */
export class MemoryQuotaStore implements QuotaStore {
  readonly label = 'memory';
  readonly #quotas = new MemoryQuotas();
  readonly #now: () => number;
  #nextSweep = 0;

  constructor(now: () => number) {
    this.#now = now;
  }

  async reserve(claims: readonly QuotaClaim[]): Promise<Reservation> {
    const now = this.#now();
    if (now >= this.#nextSweep) {
      this.#quotas.forgetEnded(now);
      this.#nextSweep = now + WINDOW_MS.minute;
    }
    return this.#quotas.reserve(claims);
  }

  async release(claims: readonly QuotaClaim[]): Promise<void> {
    this.#quotas.release(claims);
  }

  async close(): Promise<void> {}
}
