/**
 * The opening of a tool description, prepared once for every pattern that reads it: what a tool is (read-only, runs
 * code, deletes) is said early, and the text signals, the extra signals and the mentions all read the same opening.
 */

/** How much of a description the text patterns read. */
export const OPENING_CHARS = 600;

/** The first `OPENING_CHARS` characters of a description, lower-cased, and whether they are all ASCII. */
export interface Opening {
  text: string;
  lower: string;
  /**
   * No character outside ASCII: then lower-casing maps character to character (so a prefix of `lower` is the lower
   * case of the same prefix of `text`), and patterns with non-ASCII words (Chinese, Japanese, accents) cannot match.
   */
  ascii: boolean;
}

const NON_ASCII = /[^\x00-\x7f]/;

/** Prepares the opening of `description`. */
export function openingOf(description: string): Opening {
  const text = description.length > OPENING_CHARS ? description.slice(0, OPENING_CHARS) : description;
  return { text, lower: text.toLowerCase(), ascii: !NON_ASCII.test(text) };
}

/** The lower case of the first `n` characters of the opening (`n` at most `OPENING_CHARS`). */
export function lowerPrefix(opening: Opening, n: number): string {
  if (opening.ascii) return opening.lower.length > n ? opening.lower.slice(0, n) : opening.lower;
  return opening.text.slice(0, n).toLowerCase();
}
