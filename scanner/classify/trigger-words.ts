/**
 * Finding which families of trigger words occur in a text, in one pass. The classifier and the finders guard their slow
 * patterns with cheap necessary conditions ("this pattern cannot match unless one of these words occurs"); scanning
 * for all those words at once is much faster than one regex per family.
 */

/** One trigger word and the families it belongs to. */
interface Entry {
  word: string;
  bits: number;
  /** The word's char codes (compared by hand: cheaper than a `startsWith` call per candidate). */
  codes: number[];
}

/**
 * A set of word families; `scan(text)` returns a bit mask with bit i set when a word of family i occurs in `text`
 * (plain substring search: case and word boundaries are the caller's business, usually by lower-casing first).
 *
 * Words are indexed by their first two characters, so each position of the text costs one table look-up and, only
 * where a word can start, a comparison per candidate of a family not yet seen. This beats a regex alternation here
 * because trigger words are common (a regex would stop and allocate a match at each one). Words must be ASCII.
 */
export class TriggerWords {
  /** Words of two or more characters, by (first char * 128 + second char). */
  readonly #pairs: (Entry[] | undefined)[] = new Array(128 * 128);
  /** One-character words: bits by char code. */
  readonly #single = new Int32Array(128);
  readonly #all: number;

  constructor(families: readonly (readonly string[])[]) {
    if (families.length > 30) throw new RangeError('at most 30 trigger families');
    let all = 0;
    families.forEach((words, i) => {
      for (const word of words) {
        if (word === '') continue;
        for (let k = 0; k < word.length; k++) if (word.charCodeAt(k) >= 128) throw new RangeError(`trigger word not ASCII: ${word}`);
        all |= 1 << i;
        if (word.length === 1) {
          this.#single[word.charCodeAt(0)]! |= 1 << i;
          continue;
        }
        const key = word.charCodeAt(0) * 128 + word.charCodeAt(1);
        this.#pairs[key] ??= [];
        const list = this.#pairs[key];
        const same = list.find((e) => e.word === word);
        if (same === undefined) list.push({ word, bits: 1 << i, codes: [...word].map((ch) => ch.charCodeAt(0)) });
        else same.bits |= 1 << i;
      }
    });
    this.#all = all;
  }

  /** Bit mask of the families with a word in `text`. */
  scan(text: string): number {
    const pairs = this.#pairs;
    const single = this.#single;
    const all = this.#all;
    const n = text.length;
    let seen = 0;
    let next = n > 0 ? text.charCodeAt(0) : 0;
    for (let i = 0; i < n && seen !== all; i++) {
      const c = next;
      next = i + 1 < n ? text.charCodeAt(i + 1) : 128;
      if (c >= 128) continue;
      seen |= single[c]!;
      if (next >= 128) continue;
      const list = pairs[c * 128 + next];
      if (list === undefined) continue;
      for (let j = 0; j < list.length; j++) {
        const e = list[j]!;
        if ((e.bits & ~seen) === 0) continue;
        const codes = e.codes;
        const len = codes.length;
        if (i + len > n) continue;
        let k = 2;
        while (k < len && text.charCodeAt(i + k) === codes[k]) k++;
        if (k === len) seen |= e.bits;
      }
    }
    return seen;
  }
}
