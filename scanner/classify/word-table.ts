/**
 * A fixed table of words looked up straight from the characters of a text, without cutting the word out. V8 hashes a
 * new string on its first map look-up, and that costs several times the look-up itself; scanning every word of a
 * description against a lexicon would pay it for each word, although almost none are in the lexicon.
 */

/** FNV-1a over `text[start, end)`. */
function hashRange(text: string, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Words (open addressing over their hashes, at most a quarter full) and a value per word. */
export class WordTable<V> {
  readonly #words: string[] = [];
  readonly #values: V[] = [];
  /** Index + 1 into `#words`, 0 for an empty slot. */
  readonly #slots: Int32Array;
  readonly #mask: number;

  constructor(entries: Iterable<readonly [string, V]>) {
    for (const [word, value] of entries) {
      this.#words.push(word);
      this.#values.push(value);
    }
    let size = 8;
    while (size < this.#words.length * 4) size *= 2;
    this.#slots = new Int32Array(size);
    this.#mask = size - 1;
    this.#words.forEach((word, i) => {
      let at = hashRange(word, 0, word.length) & this.#mask;
      while (this.#slots[at] !== 0) at = (at + 1) & this.#mask;
      this.#slots[at] = i + 1;
    });
  }

  /** The value of the word `text.slice(start, end)`, if the table has it. */
  get(text: string, start: number, end: number): V | undefined {
    const slots = this.#slots;
    const length = end - start;
    for (let at = hashRange(text, start, end) & this.#mask; slots[at] !== 0; at = (at + 1) & this.#mask) {
      const i = slots[at]! - 1;
      const word = this.#words[i]!;
      if (word.length !== length) continue;
      let k = 0;
      while (k < length && word.charCodeAt(k) === text.charCodeAt(start + k)) k++;
      if (k === length) return this.#values[i];
    }
    return undefined;
  }
}
