/** Every piece of server-controlled text on a tool, with where it was found. */

/** A string a server sent, and its location (`description`, `inputSchema.properties.notes.description`, …). */
export interface TextField {
  field: string;
  text: string;
}

/**
 * Most fields read from one tool. The scanner's caps (64 levels of nesting, 256 KiB a schema, 64 KiB of annotations)
 * bound what a tool can hold, so this is a guard for callers that pass unscanned input, not a hiding place: a scanned
 * tool at every cap has fewer text fields than this.
 */
const MAX_FIELDS = 20_000;
const TEXT_KEYS = new Set(['description', 'title', 'default', 'examples', 'enum', 'const', 'pattern', 'format', '$comment']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A value still to read and where it sits. */
interface Pending {
  node: unknown;
  path: string;
}

/**
 * Collects every string reachable from `root` into `out`, in document order, with an explicit stack (any depth).
 * `objectChildren` says which members of an object to read on; array items are always read.
 */
function collectText(
  root: unknown,
  path: string,
  out: TextField[],
  objectChildren: (node: Record<string, unknown>, at: string) => Pending[],
): void {
  const stack: Pending[] = [{ node: root, path }];
  while (stack.length > 0 && out.length < MAX_FIELDS) {
    const { node, path: at } = stack.pop()!;
    if (typeof node === 'string') {
      out.push({ field: at, text: node });
      continue;
    }
    const next: Pending[] = [];
    if (Array.isArray(node)) for (const [i, item] of node.entries()) next.push({ node: item, path: `${at}[${i}]` });
    else if (isRecord(node)) next.push(...objectChildren(node, at));
    for (let i = next.length - 1; i >= 0; i -= 1) stack.push(next[i]!);
  }
}

/**
 * The text of a JSON Schema: the strings under text keywords (description, title, enum, …) at any depth, every string
 * in any array or object below, and property names (server text too). Keywords such as `type` are not text.
 */
function schemaText(schema: unknown, path: string, out: TextField[]): void {
  collectText(schema, path, out, (node, at) => {
    const next: Pending[] = [];
    for (const key of Object.keys(node)) {
      const value = node[key];
      if (key === 'properties' && isRecord(value)) {
        for (const prop of Object.keys(value)) {
          const field = `${at}.${key}.${prop}`;
          next.push({ node: prop, path: field }, { node: value[prop], path: field });
        }
      } else if (typeof value === 'string' ? TEXT_KEYS.has(key) : typeof value === 'object') {
        next.push({ node: value, path: `${at}.${key}` });
      }
    }
    return next;
  });
}

/** Every string in a free-form value (annotations, `_meta`, a prompt), keys included, at any depth. */
export function allText(value: unknown, path: string, out: TextField[]): void {
  collectText(value, path, out, (node, at) =>
    Object.keys(node).flatMap((key) => [
      // A key long enough to say something is text a model may be shown.
      ...(key.length >= 20 ? [{ node: key, path: `${at}.${key}` }] : []),
      { node: node[key], path: `${at}.${key}` },
    ]),
  );
}

/**
 * Collects name, title, description, every annotation key and value (title and hints, and keys the spec does not
 * define), all text in the input and output schemas, and `_meta`.
 */
export function textFields(tool: unknown): TextField[] {
  const t = isRecord(tool) ? tool : {};
  const out: TextField[] = [];
  for (const key of ['name', 'title', 'description'] as const)
    if (typeof t[key] === 'string') out.push({ field: key, text: t[key] as string });
  if (isRecord(t.annotations)) allText(t.annotations, 'annotations', out);
  schemaText(t.inputSchema, 'inputSchema', out);
  if (t.outputSchema !== undefined) schemaText(t.outputSchema, 'outputSchema', out);
  if (t._meta !== undefined) allText(t._meta, '_meta', out);
  return out;
}
