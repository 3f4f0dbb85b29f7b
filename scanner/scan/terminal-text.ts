// ANSI/VT escape sequences: CSI (ESC [ … final), OSC (ESC ] … BEL or ESC \), and two-character escapes.
const ESCAPES = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[@-_]|\u009b[0-?]*[ -/]*[@-~]/g;
// C0/C1 controls, bidi overrides and isolates, zero-width and other invisible format characters.
const INVISIBLE =
  /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]|\udb40[\udc00-\udc7f]/g;

/**
 * Makes an untrusted server string safe to print to a terminal on one line: escape sequences and
 * invisible or direction-changing characters removed, whitespace runs collapsed, cut to `max` characters.
 */
export function terminalText(text: string | undefined, max = Number.POSITIVE_INFINITY): string {
  if (text === undefined) return '';
  const clean = text
    .replace(ESCAPES, '')
    .replace(/[\t\n\r\v\f]+/g, ' ')
    .replace(INVISIBLE, '')
    .replace(/ {2,}/g, ' ')
    .trim();
  if (clean.length <= max) return clean;
  return max <= 1 ? clean.slice(0, max) : `${clean.slice(0, max - 1)}…`;
}
