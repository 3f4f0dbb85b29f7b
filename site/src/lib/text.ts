/**
 * Text helpers for untrusted server strings. Astro escapes HTML; these make the rest harmless to read:
 * invisible and direction-changing characters become visible, and huge strings are clipped.
 */

// C0/C1 controls (except tab and newline), zero-width and bidi controls, BOM, Unicode tag characters.
const INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]|[\u{e0000}-\u{e007f}]/gu;

/** Replaces invisible and bidi-control characters with a visible `⟨U+202E⟩` marker. */
export function visible(text: string): string {
  return text.replace(INVISIBLE, (char) => `⟨U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}⟩`);
}

/** {@link visible}, clipped to `max` characters with an ellipsis. */
export function clip(text: string | undefined, max: number): string {
  if (text === undefined) return '';
  const shown = visible(text);
  if (shown.length <= max) return shown;
  // Never cut between the two halves of a surrogate pair (a lone half is not valid Unicode: JSON parsers refuse it).
  const cut = /[\ud800-\udbff]/.test(shown.charAt(max - 1)) ? max - 1 : max;
  return `${shown.slice(0, cut).trimEnd()}…`;
}

/** True when the text is longer than `max` once made visible. */
export function isClipped(text: string | undefined, max: number): boolean {
  return text !== undefined && visible(text).length > max;
}

/** An `http:`/`https:` URL, normalised, or undefined for anything else (`javascript:`, `data:`, relative, junk). */
export function safeHttpUrl(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** `2026-11-20T10:00:00.000Z` → `2026-11-20`. */
export function day(timestamp: string): string {
  return timestamp.slice(0, 10);
}

/** English plural: `plural(1, 'tool')` → `1 tool`, `plural(3, 'tool')` → `3 tools`. */
export function plural(count: number, noun: string): string {
  return `${count.toLocaleString('en-US')} ${noun}${count === 1 ? '' : 's'}`;
}

/**
 * Pretty JSON for display: invisible and bidi-control characters (which can only sit inside JSON strings) are written
 * as `\uXXXX` escapes, so the text reads honestly and still parses to exactly the same value when copied.
 */
export function displayJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(INVISIBLE, (char) => {
    const code = char.codePointAt(0)!;
    if (code <= 0xffff) return `\\u${code.toString(16).padStart(4, '0')}`;
    const high = Math.floor((code - 0x10000) / 0x400) + 0xd800;
    const low = ((code - 0x10000) % 0x400) + 0xdc00;
    return `\\u${high.toString(16)}\\u${low.toString(16)}`;
  });
}

/** A piece of text for display: plain, or a code span (rendered as `<code>`, still escaped). */
export interface Span {
  text: string;
  code?: boolean;
}

/**
 * Splits our own fixed-pattern sentences (classifier reasons, FAQ answers) at backticks into text and code spans, so
 * "name has the verb `delete`" shows `delete` as code instead of raw backticks. An unmatched backtick is dropped. The
 * spans are rendered as text nodes: whatever server words they carry stay text. Pure.
 */
export function codeSpans(text: string): Span[] {
  const parts = text.split('`');
  const spans: Span[] = [];
  parts.forEach((part, index) => {
    if (part === '') return;
    const code = index % 2 === 1 && index < parts.length - 1;
    spans.push(code ? { text: part, code } : { text: part });
  });
  return spans;
}

/** The spans as plain text (for meta tags and JSON-LD): code spans lose their backticks. Pure. */
export function plainText(spans: readonly Span[]): string {
  return spans.map((span) => span.text).join('');
}

/** Longest policy JSON shown on a page; the downloads and the JSON API always carry the whole policy. */
export const POLICY_DISPLAY_MAX = 20_000;

/** Policy JSON for display: whole, or clipped (then not valid JSON, so not offered for copying). Pure. */
export function policyForDisplay(json: string): { text: string; clipped: boolean } {
  return json.length <= POLICY_DISPLAY_MAX
    ? { text: json, clipped: false }
    : { text: `${json.slice(0, POLICY_DISPLAY_MAX)}\n…`, clipped: true };
}
