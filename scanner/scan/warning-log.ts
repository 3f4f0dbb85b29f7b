import type { CodedMessage } from '../../data/schema/index.ts';

/**
 * Collects scan warnings. Per-item warnings (one per dropped tool, …) are capped so a server with
 * a million broken tools cannot produce a million warnings; the rest are counted in one summary.
 */
export class WarningLog {
  readonly #warnings: CodedMessage[] = [];
  readonly #maxItemWarnings: number;
  #itemWarnings = 0;
  readonly #suppressed = new Map<string, number>();

  constructor(maxItemWarnings: number) {
    this.#maxItemWarnings = maxItemWarnings;
  }

  /** Records a warning about the scan as a whole. */
  add(code: string, message: string): void {
    this.#warnings.push({ code, message });
  }

  /** Records a warning about one item; beyond the cap only a count is kept. */
  addItem(code: string, message: string): void {
    if (this.#itemWarnings < this.#maxItemWarnings) {
      this.#itemWarnings += 1;
      this.#warnings.push({ code, message });
    } else {
      this.#suppressed.set(code, (this.#suppressed.get(code) ?? 0) + 1);
    }
  }

  /** Every warning, with one `WARNINGS_CAPPED` summary per code whose item warnings were left out. */
  list(): CodedMessage[] {
    const summaries = [...this.#suppressed].map(([code, count]) => ({
      code: 'WARNINGS_CAPPED',
      message: `${count} more \`${code}\` warning${count === 1 ? ' was' : 's were'} left out (only ${this.#maxItemWarnings} item warnings are kept).`,
    }));
    return [...this.#warnings, ...summaries];
  }
}
