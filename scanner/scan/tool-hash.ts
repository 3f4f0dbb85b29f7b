import { createHash } from 'node:crypto';

/** The fields of a tool that its content hash covers. */
export interface HashableTool {
  name: string;
  title?: string | undefined;
  description?: string | undefined;
  inputSchema: Record<string, unknown>;
  outputSchema?: Record<string, unknown> | undefined;
  annotations?: Record<string, unknown> | undefined;
}

/**
 * JSON with object keys sorted at every level and `undefined` members left out,
 * so two equal values always give the same text whatever order a server sent the keys in.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) {
    return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, member]) => member !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, member]) => `${JSON.stringify(key)}:${canonicalJson(member)}`).join(',')}}`;
}

/**
 * `sha256:<hex>` of the canonical JSON of a tool's name, title, description, inputSchema, outputSchema
 * and annotations: the same tool always hashes the same, and any change to what a model sees changes it.
 */
export function hashTool(tool: HashableTool): string {
  const { name, title, description, inputSchema, outputSchema, annotations } = tool;
  const text = canonicalJson({ name, title, description, inputSchema, outputSchema, annotations });
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}
