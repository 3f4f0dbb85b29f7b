/**
 * A JSON value whose objects are either Maps (written in insertion order) or plain objects (written with keys
 * sorted by code unit). Lets serialisers fix the order of known fields while staying byte-stable for the rest.
 */
export type OrderedJson =
  | null
  | boolean
  | number
  | string
  | readonly OrderedJson[]
  | ReadonlyMap<string, OrderedJson>
  | { readonly [key: string]: unknown };

/** Compares strings by UTF-16 code unit: the same order on every machine and locale. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Writes `value` like `JSON.stringify(value, null, 2)` plus a trailing newline, with deterministic key order. */
export function renderJson(value: OrderedJson): string {
  return `${write(value, '')}\n`;
}

function write(value: unknown, indent: string): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'number') return Number.isFinite(value) ? JSON.stringify(value) : 'null';
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((item) => `${inner}${write(item, inner)}`).join(',\n')}\n${indent}]`;
  }
  const entries: [string, unknown][] =
    value instanceof Map
      ? [...(value as Map<string, unknown>).entries()]
      : Object.keys(value as object)
          .sort(compareCodeUnits)
          .map((key) => [key, (value as Record<string, unknown>)[key]]);
  const present = entries.filter(([, member]) => member !== undefined);
  if (present.length === 0) return '{}';
  return `{\n${present.map(([key, member]) => `${inner}${JSON.stringify(key)}: ${write(member, inner)}`).join(',\n')}\n${indent}}`;
}
