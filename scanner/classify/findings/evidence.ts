/** Making untrusted matched text safe and short enough to show as evidence. */

const EVIDENCE_CAP = 200;
// C0/C1 controls, zero-width and bidi controls, BOM, variation selectors, tag characters: all shown as \u escapes.
const INVISIBLE =
  // biome-ignore lint/suspicious/noMisleadingCharacterClass: each invisible code point is matched on its own on purpose.
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]|\udb40[\udc00-\udc7f]|\udb40[\udd00-\uddef]/g;

function toEscape(ch: string): string {
  const cp = ch.codePointAt(0)!;
  return cp > 0xffff ? `\\u{${cp.toString(16).toUpperCase()}}` : `\\u${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Caps text at 200 characters (by code point) and shows every control or invisible character as a \u escape. */
export function visible(text: string): string {
  const capped = [...text.slice(0, EVIDENCE_CAP * 2)].slice(0, EVIDENCE_CAP).join('');
  const shown = capped.replace(INVISIBLE, toEscape).replace(/\n/g, '\\n').replace(/\t/g, '\\t');
  return capped.length < text.length ? `${shown}…` : shown;
}

/** The text around a match, whitespace collapsed, for evidence. */
export function around(text: string, index: number, length: number, pad = 40): string {
  const start = Math.max(0, index - pad);
  const end = Math.min(text.length, index + length + pad);
  return `${start > 0 ? '…' : ''}${text.slice(start, end).replace(/\s+/g, ' ').trim()}${end < text.length ? '…' : ''}`;
}
