/**
 * Keeps only the last `capacity` bytes written to it, whatever the volume,
 * so a server flooding stderr costs bounded memory.
 */
export class TailBuffer {
  readonly #capacity: number;
  #chunks: Buffer[] = [];
  #size = 0;
  #dropped = 0;

  /** @param capacity the most bytes kept (the tail). */
  constructor(capacity: number) {
    this.#capacity = Math.max(0, capacity);
  }

  /** Appends bytes, discarding the oldest ones beyond the capacity. */
  write(chunk: Buffer): void {
    if (this.#capacity === 0) {
      this.#dropped += chunk.length;
      return;
    }
    const kept = chunk.length > this.#capacity ? chunk.subarray(chunk.length - this.#capacity) : chunk;
    this.#dropped += chunk.length - kept.length;
    this.#chunks.push(Buffer.from(kept));
    this.#size += kept.length;
    while (this.#size > this.#capacity) {
      const first = this.#chunks[0]!;
      const excess = this.#size - this.#capacity;
      if (first.length <= excess) {
        this.#chunks.shift();
        this.#size -= first.length;
        this.#dropped += first.length;
      } else {
        this.#chunks[0] = first.subarray(excess);
        this.#size -= excess;
        this.#dropped += excess;
      }
    }
  }

  /** Bytes written but no longer kept. */
  get droppedBytes(): number {
    return this.#dropped;
  }

  /** The kept tail as UTF-8 text (a character cut at the start becomes U+FFFD). */
  text(): string {
    return Buffer.concat(this.#chunks).toString('utf8');
  }
}
