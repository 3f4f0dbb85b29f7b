import { clip } from './text.ts';

/** One argument of a tool, flattened from its JSON Schema for a readable table. All text is untrusted. */
export interface SchemaRow {
  /** Dotted path, `items[]` for array elements. */
  path: string;
  /** Declared type(s), or `any`. */
  type: string;
  required: boolean;
  description: string;
  /** enum, default, format, bounds, as short text. */
  constraints: string[];
  /** Nesting depth (0 = top level). */
  depth: number;
}

const MAX_ROWS = 200;
const MAX_DEPTH = 4;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function short(value: unknown, max = 120): string {
  let text: string;
  try {
    text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return clip(text, max);
}

function typeOf(schema: Record<string, unknown>): string {
  const type = schema.type;
  if (typeof type === 'string') return clip(type, 40);
  if (Array.isArray(type)) return clip(type.map((t) => short(t, 20)).join(' | '), 60);
  if (Array.isArray(schema.enum)) return 'enum';
  if (Array.isArray(schema.anyOf) || Array.isArray(schema.oneOf)) return 'one of several';
  if (isObject(schema.properties)) return 'object';
  return 'any';
}

function constraintsOf(schema: Record<string, unknown>): string[] {
  const out: string[] = [];
  if (Array.isArray(schema.enum))
    out.push(
      `one of ${clip(
        schema.enum
          .slice(0, 12)
          .map((v) => short(v, 40))
          .join(', '),
        300,
      )}`,
    );
  if ('const' in schema) out.push(`always ${short(schema.const, 60)}`);
  if ('default' in schema) out.push(`default ${short(schema.default, 60)}`);
  if (typeof schema.format === 'string') out.push(`format ${clip(schema.format, 40)}`);
  for (const key of ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minLength', 'maxLength', 'minItems', 'maxItems']) {
    if (typeof schema[key] === 'number') out.push(`${key} ${schema[key]}`);
  }
  if (typeof schema.pattern === 'string') out.push(`pattern ${clip(schema.pattern, 80)}`);
  return out;
}

/**
 * Flattens a tool's `inputSchema` into table rows: properties first-level first, nested objects and array items
 * indented below their parent. Bounded (rows, depth, text length) so a hostile schema cannot blow up a page.
 */
export function schemaRows(inputSchema: Record<string, unknown>): { rows: SchemaRow[]; truncated: boolean } {
  const rows: SchemaRow[] = [];
  let truncated = false;
  const walk = (schema: Record<string, unknown>, prefix: string, depth: number): void => {
    const properties = schema.properties;
    if (!isObject(properties)) return;
    const required = new Set(Array.isArray(schema.required) ? schema.required.filter((r) => typeof r === 'string') : []);
    for (const [name, raw] of Object.entries(properties)) {
      if (rows.length >= MAX_ROWS) {
        truncated = true;
        return;
      }
      const child = isObject(raw) ? raw : {};
      const path = prefix === '' ? clip(name, 80) : `${prefix}.${clip(name, 80)}`;
      rows.push({
        path,
        type: typeOf(child),
        required: required.has(name),
        description: clip(typeof child.description === 'string' ? child.description : '', 400),
        constraints: constraintsOf(child),
        depth,
      });
      if (depth + 1 >= MAX_DEPTH) continue;
      walk(child, path, depth + 1);
      if (isObject(child.items)) {
        rows.push({
          path: `${path}[]`,
          type: typeOf(child.items),
          required: false,
          description: '',
          constraints: constraintsOf(child.items),
          depth: depth + 1,
        });
        walk(child.items, `${path}[]`, depth + 2);
      }
    }
  };
  walk(inputSchema, '', 0);
  return { rows, truncated };
}
