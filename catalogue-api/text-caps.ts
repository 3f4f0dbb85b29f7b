/** At most `max` characters (code points) of `text`, with `…` when cut; never splits a surrogate pair. Pure. */
export function capped(text: string, max: number): string {
  if (text.length <= max) return text;
  const points = Array.from(text.slice(0, max * 2 + 2));
  return points.length <= max ? points.join('') : `${points.slice(0, max - 1).join('')}…`;
}

/** An `http:`/`https:` URL without whitespace, at most `max` characters, or undefined. Pure. */
export function httpUrl(text: string | undefined, max = 2_000): string | undefined {
  if (text === undefined || text.length > max || /\s/.test(text)) return undefined;
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? text : undefined;
  } catch {
    return undefined;
  }
}
