/**
 * Splits a byte stream into lines without ever holding more than `maxLineBytes` of an unfinished line:
 * a longer line is dropped (reported through `onOverlong`) and skipped up to its newline.
 */
export class LineSplitter {
  readonly #maxLineBytes: number;
  readonly #onLine: (line: string) => void;
  readonly #onOverlong: () => void;
  #pending: Buffer[] = [];
  #pendingSize = 0;
  #skipping = false;

  constructor(maxLineBytes: number, onLine: (line: string) => void, onOverlong: () => void) {
    this.#maxLineBytes = maxLineBytes;
    this.#onLine = onLine;
    this.#onOverlong = onOverlong;
  }

  /** Feeds one chunk; complete lines are delivered synchronously. */
  push(chunk: Buffer): void {
    let start = 0;
    while (start < chunk.length) {
      const newline = chunk.indexOf(0x0a, start);
      const end = newline === -1 ? chunk.length : newline;
      const piece = chunk.subarray(start, end);
      if (!this.#skipping) {
        if (this.#pendingSize + piece.length > this.#maxLineBytes) {
          this.#pending = [];
          this.#pendingSize = 0;
          this.#skipping = true;
          this.#onOverlong();
        } else {
          this.#pending.push(piece);
          this.#pendingSize += piece.length;
        }
      }
      if (newline === -1) {
        break;
      }
      if (!this.#skipping) {
        const line = Buffer.concat(this.#pending, this.#pendingSize).toString('utf8');
        this.#pending = [];
        this.#pendingSize = 0;
        this.#onLine(line.endsWith('\r') ? line.slice(0, -1) : line);
      }
      this.#skipping = false;
      start = newline + 1;
    }
  }
}
