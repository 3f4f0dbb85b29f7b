import { existsSync } from 'node:fs';
import { statfs } from 'node:fs/promises';
import { dirname } from 'node:path';

/** How much more of a filesystem a crawl used at its worst than when it started. */
export interface DiskUse {
  /** Bytes in use on the filesystem when the watch began. */
  startBytes: number;
  /** The most bytes in use above `startBytes` seen while watching (0 if usage only fell). */
  peakAboveStartBytes: number;
}

const usedBytes = async (path: string): Promise<number> => {
  const stats = await statfs(path);
  return (stats.blocks - stats.bfree) * stats.bsize;
};

/**
 * Samples the used space of the filesystem holding `path` every `intervalMs` (and whenever `sample()` is called), so a
 * crawl can say its disk peak: installs, npm's cache and records together, as the machine saw them. The sampling
 * timer never keeps the process alive. Other writers on the same filesystem count too: the figure is an upper bound.
 */
export class DiskWatch {
  readonly #path: string;
  readonly #timer: NodeJS.Timeout;
  #start: number | undefined;
  #peak = 0;
  #pending: Promise<void> = Promise.resolve();

  constructor(path: string, intervalMs = 2_000) {
    // The cache folder may not exist yet: watch the filesystem of its nearest existing ancestor.
    let existing = path;
    while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
    this.#path = existing;
    this.#timer = setInterval(() => void this.sample(), intervalMs);
    this.#timer.unref();
    void this.sample();
  }

  /** Takes one sample now (errors, such as a path not made yet, are ignored). */
  sample(): Promise<void> {
    this.#pending = this.#pending.then(async () => {
      try {
        const used = await usedBytes(this.#path);
        if (this.#start === undefined) this.#start = used;
        this.#peak = Math.max(this.#peak, used - this.#start);
      } catch {
        // The filesystem could not be read this time; the next sample will try again.
      }
    });
    return this.#pending;
  }

  /** Stops sampling and returns what was seen. */
  async stop(): Promise<DiskUse> {
    clearInterval(this.#timer);
    await this.sample();
    return { startBytes: this.#start ?? 0, peakAboveStartBytes: this.#peak };
  }
}
