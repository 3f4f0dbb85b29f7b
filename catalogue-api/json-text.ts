/**
 * JSON for files and HTTP bodies that carry server text: `<`, `>`, `&` and the two JavaScript line separators are
 * written as `\u` escapes. The value is the same for any JSON parser, but the text can never be read as markup, even
 * by a host that serves it as HTML. Pure.
 */
export function safeJson(value: unknown, space?: number): string {
  return JSON.stringify(value, null, space).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
