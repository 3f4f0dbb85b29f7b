/**
 * Tokenizer of the static "atlas" search index, shared by the index builder (site/scripts/atlas-index.ts) and the
 * browser (site/src/scripts/search.ts) so both split text the same way. Pure, no dependencies.
 */

/** Shortest and longest token kept. */
const MIN_TOKEN = 2;
const MAX_TOKEN = 40;

/** Lower-case word tokens: `createIssue`, `create_issue` and `Create issue` all give `create`, `issue`. */
export function tokens(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((token) => token.length >= MIN_TOKEN && token.length <= MAX_TOKEN);
}

/** Words too common to index in descriptions or to search for. */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  'a an and are as at be by can for from has have if in into is it its may of on or that the their then this to was will with you your'.split(
    ' ',
  ),
);

/** Tokens worth searching for: {@link tokens} without stop words. */
export function searchTokens(text: string): string[] {
  return tokens(text).filter((token) => !STOP_WORDS.has(token));
}

/**
 * The shard a term lives in: its first `length` characters (2, or 3 for the prefixes that are split because they
 * hold too many postings), spelled as a safe file name.
 */
export function shardKey(term: string, length = 2): string {
  const head = [...term].slice(0, length).join('');
  return /^[a-z0-9]+$/.test(head) ? head : `u${[...head].map((c) => c.codePointAt(0)!.toString(16)).join('-')}`;
}

/** Risk letters of the attribute table, by rank (0 = unknown). */
export const RISK_BY_RANK = ['', 'low', 'medium', 'high', 'critical'] as const;
/** Class letters of the attribute table. */
export const CLASS_CODES: Record<string, string> = { read: 'r', write: 'w', destructive: 'd' };
