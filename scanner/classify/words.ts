/** Splitting tool names and descriptions into lower-case words. */

const CAMEL_LOWER_UPPER = /([a-z0-9])([A-Z])/g;
const CAMEL_ACRONYM = /([A-Z]+)([A-Z][a-z])/g;
const NON_ALNUM = /[^A-Za-z0-9]+/;
const HAS_UPPER = /[A-Z]/;

/**
 * Splits an identifier into lower-case words: snake, camel, kebab, dotted and prefixed forms
 * (`API-delete-page` -> api delete page, `getHTTPResponse` -> get http response).
 */
export function splitName(name: string): string[] {
  if (!HAS_UPPER.test(name)) {
    // Fast path for the common all-lower-case snake/kebab names.
    const out: string[] = [];
    for (const part of name.split(NON_ALNUM)) if (part !== '') out.push(part);
    return out;
  }
  const spaced = name.replace(CAMEL_ACRONYM, '$1 $2').replace(CAMEL_LOWER_UPPER, '$1 $2');
  const out: string[] = [];
  for (const part of spaced.split(NON_ALNUM)) if (part !== '') out.push(part.toLowerCase());
  return out;
}

const WORD = /[a-z][a-z0-9'-]*/g;
const WORD_OR_LIST_MARK = /[a-z][a-z0-9'-]*|[,/]/g;

/** Lower-case words of free text, up to `limit` words (digits-only tokens skipped); `listMarks` keeps `,` and `/` as tokens. */
export function textWords(text: string, limit: number, listMarks = false): string[] {
  const out: string[] = [];
  const lower = text.toLowerCase();
  const re = listMarks ? WORD_OR_LIST_MARK : WORD;
  re.lastIndex = 0;
  for (let m = re.exec(lower); m !== null && out.length < limit; m = re.exec(lower)) out.push(m[0]);
  return out;
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
