/** Every piece of server-controlled text on a tool, with where it was found. */

/** A string a server sent, and its location (`description`, `inputSchema.properties.notes.description`, …). */
export interface TextField {
  field: string;
  text: string;
}

const MAX_FIELDS = 400;
const MAX_DEPTH = 8;
const TEXT_KEYS = new Set(['description', 'title', 'default', 'examples', 'enum', 'const', 'pattern', 'format', '$comment']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function walk(node: unknown, path: string, depth: number, out: TextField[]): void {
  if (out.length >= MAX_FIELDS || depth > MAX_DEPTH) return;
  if (typeof node === 'string') {
    out.push({ field: path, text: node });
    return;
  }
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length && i < 100; i++) walk(node[i], `${path}[${i}]`, depth + 1, out);
    return;
  }
  if (!isRecord(node)) return;
  // Object.keys rather than Object.entries: same keys in the same order, without a pair array per key.
  for (const key of Object.keys(node)) {
    if (out.length >= MAX_FIELDS) return;
    const value = node[key];
    if (key === 'properties' && isRecord(value)) {
      const child = `${path}.${key}`;
      for (const prop of Object.keys(value)) {
        // The property name itself is server text too.
        const field = `${child}.${prop}`;
        out.push({ field, text: prop });
        walk(value[prop], field, depth + 1, out);
      }
    } else if (typeof value === 'string' ? TEXT_KEYS.has(key) : typeof value === 'object') {
      walk(value, `${path}.${key}`, depth + 1, out);
    }
  }
}

/** Collects name, title, description, annotation title and all text inside the input schema. */
export function textFields(tool: unknown): TextField[] {
  const t = isRecord(tool) ? tool : {};
  const out: TextField[] = [];
  for (const key of ['name', 'title', 'description'] as const)
    if (typeof t[key] === 'string') out.push({ field: key, text: t[key] as string });
  if (isRecord(t.annotations) && typeof t.annotations.title === 'string')
    out.push({ field: 'annotations.title', text: t.annotations.title });
  walk(t.inputSchema, 'inputSchema', 0, out);
  return out;
}
