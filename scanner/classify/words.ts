/** Splitting tool names and descriptions into lower-case words. */

/** Character classes of one UTF-16 code unit: 0 separator, 1 digit, 2 lower-case letter, 3 upper-case letter (ASCII only). */
function charKind(code: number): number {
  if (code >= 97 && code <= 122) return 2;
  if (code >= 65 && code <= 90) return 3;
  if (code >= 48 && code <= 57) return 1;
  return 0;
}

/**
 * Splits an identifier into lower-case words: snake, camel, kebab, dotted and prefixed forms
 * (`API-delete-page` -> api delete page, `getHTTPResponse` -> get http response).
 * Anything but ASCII letters and digits separates words; a word also ends before an upper-case letter that follows a
 * lower-case letter or digit (`getHttp`), and before the last capital of an acronym followed by a lower-case letter
 * (`HTTPResponse`). One pass over the characters, no regexes: it runs on every name and parameter name.
 */
export function splitName(name: string): string[] {
  const out: string[] = [];
  const n = name.length;
  let start = -1;
  let upper = false;
  for (let i = 0; i < n; i++) {
    const kind = charKind(name.charCodeAt(i));
    if (kind === 0) {
      if (start >= 0) out.push(word(name, start, i, upper));
      start = -1;
      continue;
    }
    if (start < 0) {
      start = i;
      upper = kind === 3;
      continue;
    }
    if (kind === 3) {
      const prev = charKind(name.charCodeAt(i - 1));
      if (prev !== 3 || (i + 1 < n && charKind(name.charCodeAt(i + 1)) === 2)) {
        out.push(word(name, start, i, upper));
        start = i;
      }
      upper = true;
    }
  }
  if (start >= 0) out.push(word(name, start, n, upper));
  return out;
}

function word(name: string, start: number, end: number, upper: boolean): string {
  const part = name.slice(start, end);
  return upper ? part.toLowerCase() : part;
}

/**
 * Lower-case words of free text, up to `limit` words (digits-only tokens skipped); `listMarks` keeps `,` and `/` as tokens.
 * A word is a letter a-z followed by letters, digits, `'` and `-` (after lower-casing); anything else separates words.
 */
export function textWords(text: string, limit: number, listMarks = false): string[] {
  return lowerTextWords(text.toLowerCase(), limit, listMarks);
}

/** `textWords` of a text already lower-cased. */
export function lowerTextWords(lower: string, limit: number, listMarks = false): string[] {
  const out: string[] = [];
  const n = lower.length;
  let i = 0;
  while (i < n && out.length < limit) {
    const c = lower.charCodeAt(i);
    if (c >= 97 && c <= 122) {
      const j = wordEnd(lower, i);
      out.push(lower.slice(i, j));
      i = j;
    } else {
      if (listMarks && (c === 44 /* , */ || c === 47) /* / */) out.push(c === 44 ? ',' : '/');
      i++;
    }
  }
  return out;
}

/**
 * Calls `visit(start, end)` for each of the first `limit` words of lower-cased `lower`, the words `textWords` returns,
 * without cutting them out (for look-ups that read the characters, see WordTable).
 */
export function forEachWord(lower: string, limit: number, visit: (start: number, end: number) => void): void {
  const n = lower.length;
  let words = 0;
  let i = 0;
  while (i < n && words < limit) {
    const c = lower.charCodeAt(i);
    if (c >= 97 && c <= 122) {
      const j = wordEnd(lower, i);
      visit(i, j);
      words++;
      i = j;
    } else i++;
  }
}

/** Where the word starting at `start` ends. */
function wordEnd(lower: string, start: number): number {
  let j = start + 1;
  while (j < lower.length && isWordTail(lower.charCodeAt(j))) j++;
  return j;
}

/** a-z, 0-9, `'` or `-`. */
function isWordTail(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 39 || c === 45;
}

/** Reduces a third-person or plural form to a base form good enough for lexicon look-ups (`retrieves` -> `retrieve`). */
export function baseForm(word: string): string {
  const n = word.length;
  if (n <= 3 || word.charCodeAt(n - 1) !== 115 /* s */) return word;
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.endsWith('es')) {
    const stem = word.slice(0, -2);
    if (stem.endsWith('ch') || stem.endsWith('sh') || stem.endsWith('ss') || stem.endsWith('x') || stem.endsWith('z')) return stem;
  }
  if (word.endsWith('ss') || word.endsWith('us') || word.endsWith('is')) return word;
  return word.slice(0, -1);
}

/**
 * Every word whose `baseForm` can be `base`: itself, `-s`, `-es`, and `-ies` for a `-y` base (the inverse of the rules
 * above, so tables keyed by base forms can be expanded once to all their forms; a candidate may map elsewhere, so callers
 * check each with the look-up they replace).
 */
export function baseFormCandidates(base: string): string[] {
  const forms = [base, `${base}s`, `${base}es`];
  if (base.endsWith('y')) forms.push(`${base.slice(0, -1)}ies`);
  return forms;
}

/**
 * Tabulates `find` over every word that reaches a key of `table` through `baseForm` (see `baseFormCandidates`), so a
 * look-up that tries a word and then its base form becomes one look-up, with no base form built per word.
 */
export function byEveryForm<K, V>(table: ReadonlyMap<string, K>, find: (word: string) => V | undefined): Map<string, V> {
  const out = new Map<string, V>();
  for (const base of table.keys())
    for (const form of baseFormCandidates(base)) {
      const found = find(form);
      if (found !== undefined) out.set(form, found);
    }
  return out;
}
