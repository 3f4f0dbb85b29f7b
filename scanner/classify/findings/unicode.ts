/** Invisible Unicode (zero-width, bidi controls, tag characters) and terminal escape sequences in server text. */
import type { Finding } from '../../../data/schema/index.ts';
import { around, visible } from './evidence.ts';
import type { TextField } from './text-fields.ts';

const TAGS = /(?:\udb40[\udc00-\udc7f])+/g;
const BIDI = /[\u202a-\u202e\u2066-\u2069]/;
const MARKS = /[\u200e\u200f\u061c]/;
const RTL_LETTERS = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/;
const ZERO_WIDTH = /[\u200b-\u200d\u2060-\u2064\u180e\u115f\u1160\u3164\uffa0]|(?!^)\ufeff/g;
const SELECTORS_SUPPLEMENT = /\udb40[\udd00-\uddef]/;
const SELECTOR_RUN = /[\ufe00-\ufe0f]{3,}/;
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]{0,200}(?:\u0007|\u001b\\)?|\u001b[@-Z\\-_]|\u009b[0-?]*[ -/]*[@-~]/;
const OTHER_CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001a\u001c-\u001f\u007f]/;
/**
 * The union of the characters the patterns above start from (tags and supplementary selectors by their lead surrogate):
 * text without any of them, which is nearly all text including accents, dashes and curly quotes, skips every pattern.
 */
const MAY_HIDE =
  // biome-ignore lint/suspicious/noMisleadingCharacterClass: single code units on purpose (\udb40 is the lead surrogate of tags and selectors).
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u009b\u061c\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u3164\ufe00-\ufe0f\ufeff\uffa0\udb40]/;

/** Whether `text` has any character the invisible-Unicode and ANSI checks look for; when false both find nothing. */
export function mayHideText(text: string): boolean {
  return MAY_HIDE.test(text);
}
// Emoji and non-Latin scripts legitimately join with ZWJ/ZWNJ; hiding between ASCII letters does not.
const JOINABLE = /[^\p{ASCII}]/u;

/** Decodes tag characters (U+E0020–E007E mirror ASCII) into the hidden text they spell. */
function decodeTags(run: string): string {
  let out = '';
  for (const ch of run) {
    const cp = ch.codePointAt(0)! - 0xe0000;
    out += cp >= 0x20 && cp < 0x7f ? String.fromCharCode(cp) : '';
  }
  return out;
}

function suspiciousZeroWidth(text: string): { index: number; count: number } | undefined {
  let first = -1;
  let count = 0;
  ZERO_WIDTH.lastIndex = 0;
  for (let m = ZERO_WIDTH.exec(text); m !== null; m = ZERO_WIDTH.exec(text)) {
    const ch = m[0];
    if (ch === '\u200d' || ch === '\u200c') {
      const before = m.index > 0 ? String.fromCodePoint(text.codePointAt(prevStart(text, m.index)) ?? 32) : ' ';
      const after = String.fromCodePoint(text.codePointAt(m.index + 1) ?? 32);
      if (JOINABLE.test(before) && JOINABLE.test(after)) continue;
    }
    if (first < 0) first = m.index;
    count++;
  }
  return first < 0 ? undefined : { index: first, count };
}

function prevStart(text: string, index: number): number {
  const code = text.charCodeAt(index - 1);
  return code >= 0xdc00 && code <= 0xdfff && index >= 2 ? index - 2 : index - 1;
}

/** Invisible-Unicode findings for one text field (at most one per field, the worst kind). */
export function invisibleUnicode(f: TextField): Finding | undefined {
  TAGS.lastIndex = 0;
  const tags = TAGS.exec(f.text);
  if (tags !== null) {
    const hidden = decodeTags(tags[0]);
    return {
      code: 'invisible-unicode',
      severity: 'critical',
      message: `Invisible Unicode tag characters in \`${f.field}\` spell hidden text${hidden === '' ? '' : `: "${visible(hidden).slice(0, 120)}"`}.`,
      evidence: visible(around(f.text, tags.index, tags[0].length, 20)),
      field: f.field,
    };
  }
  const bidi = BIDI.exec(f.text) ?? (RTL_LETTERS.test(f.text) ? null : MARKS.exec(f.text));
  if (bidi !== null) {
    return {
      code: 'invisible-unicode',
      severity: 'high',
      message: `Bidirectional control character in \`${f.field}\` can make text display differently from what the model reads.`,
      evidence: visible(around(f.text, bidi.index, 1, 30)),
      field: f.field,
    };
  }
  const selectors = SELECTORS_SUPPLEMENT.exec(f.text) ?? SELECTOR_RUN.exec(f.text);
  if (selectors !== null) {
    return {
      code: 'invisible-unicode',
      severity: 'high',
      message: `Runs of variation selectors in \`${f.field}\` can encode hidden data.`,
      evidence: visible(around(f.text, selectors.index, selectors[0].length, 20)),
      field: f.field,
    };
  }
  const zw = suspiciousZeroWidth(f.text);
  if (zw !== undefined) {
    return {
      code: 'invisible-unicode',
      severity: zw.count >= 8 ? 'high' : 'medium',
      message: `${zw.count} zero-width or invisible character${zw.count === 1 ? '' : 's'} in \`${f.field}\` (not part of an emoji or script joining).`,
      evidence: visible(around(f.text, zw.index, 1, 30)),
      field: f.field,
    };
  }
  return undefined;
}

/** ANSI escape sequences or other terminal control characters in one text field. */
export function ansiEscape(f: TextField): Finding | undefined {
  const ansi = ANSI.exec(f.text);
  if (ansi !== null) {
    return {
      code: 'ansi-escape',
      severity: 'high',
      message: `ANSI escape sequence in \`${f.field}\`: a terminal would hide or rewrite text the model still reads.`,
      evidence: visible(around(f.text, ansi.index, ansi[0].length, 30)),
      field: f.field,
    };
  }
  const control = OTHER_CONTROLS.exec(f.text);
  if (control !== null) {
    return {
      code: 'ansi-escape',
      severity: 'medium',
      message: `Terminal control character in \`${f.field}\` (backspace, bell or similar) can hide text on screen.`,
      evidence: visible(around(f.text, control.index, 1, 30)),
      field: f.field,
    };
  }
  return undefined;
}
