// Tool-like identifiers a description names: `send_email`, `read-file`, `getUserData`. Used to find tools that refer to
// another server's tools; only names that match a real tool of another server in the stack count, so loose matches here
// cost nothing but a few bytes in the catalogue index.
const IDENTIFIER = /[A-Za-z][A-Za-z0-9]*(?:[_-][A-Za-z0-9]+)+|[a-z][a-z0-9]*(?:[A-Z][a-z0-9]+)+/g;

/** Most mentions kept per tool. */
export const MAX_MENTIONS = 20;

/**
 * The distinct tool-like identifiers in `description` (at most MAX_MENTIONS, in order of first appearance), leaving out
 * the names in `own` (the tool's own server's tools). Scans at most the first 64 KiB.
 */
export function mentionsOf(description: string | undefined, own: ReadonlySet<string>): string[] {
  if (description === undefined || description === '') return [];
  const found = new Set<string>();
  for (const match of description.slice(0, 64 * 1024).matchAll(IDENTIFIER)) {
    const name = match[0];
    if (name.length > 128 || own.has(name)) continue;
    found.add(name);
    if (found.size >= MAX_MENTIONS) break;
  }
  return [...found];
}
