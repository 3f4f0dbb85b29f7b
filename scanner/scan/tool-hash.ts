import { createHash } from 'node:crypto';

/** The fields of a tool that its content hash covers. */
export interface HashableTool {
  name: string;
  title?: string | undefined;
  description?: string | undefined;
  inputSchema: Record<string, unknown>;
  outputSchema?: Record<string, unknown> | undefined;
  annotations?: Record<string, unknown> | undefined;
  icons?: readonly Record<string, unknown>[] | undefined;
  execution?: Record<string, unknown> | undefined;
  _meta?: Record<string, unknown> | undefined;
}

const compareKeys = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * JSON with object keys sorted at every level and `undefined` members left out, so two equal values always give the
 * same text whatever order a server sent the keys in. Walked with an explicit stack: any depth, no stack overflow.
 */
export function canonicalJson(value: unknown): string {
  const parts: string[] = [];
  // Each entry is either a value still to write or a literal piece of text (brackets, commas, keys).
  const todo: Array<{ text: string } | { value: unknown }> = [{ value }];
  while (todo.length > 0) {
    const next = todo.pop()!;
    if ('text' in next) {
      parts.push(next.text);
      continue;
    }
    const current = next.value;
    if (current === null || typeof current !== 'object') {
      parts.push(JSON.stringify(current) ?? 'null');
      continue;
    }
    const pending: Array<{ text: string } | { value: unknown }> = [];
    if (Array.isArray(current)) {
      pending.push({ text: '[' });
      current.forEach((item, i) => {
        if (i > 0) pending.push({ text: ',' });
        pending.push(item === undefined ? { text: 'null' } : { value: item });
      });
      pending.push({ text: ']' });
    } else {
      const record = current as Record<string, unknown>;
      const keys = Object.keys(record)
        .filter((key) => record[key] !== undefined)
        .sort(compareKeys);
      pending.push({ text: '{' });
      keys.forEach((key, i) => {
        pending.push({ text: `${i > 0 ? ',' : ''}${JSON.stringify(key)}:` });
        pending.push({ value: record[key] });
      });
      pending.push({ text: '}' });
    }
    for (let i = pending.length - 1; i >= 0; i -= 1) todo.push(pending[i]!);
  }
  return parts.join('');
}

/**
 * `execution` less what the spec says it means when absent: `taskSupport: "forbidden"` is the default, and the
 * TypeScript SDK declares it on every tool, so leaving it out keeps the hash of every such tool what it was before
 * `execution` existed. Nothing left means no `execution` at all.
 */
function meaningfulExecution(execution: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (execution === undefined) return undefined;
  const { taskSupport, ...rest } = execution;
  const meaningful = taskSupport === undefined || taskSupport === 'forbidden' ? rest : { taskSupport, ...rest };
  return Object.keys(meaningful).length === 0 ? undefined : meaningful;
}

/**
 * `sha256:<hex>` of the canonical JSON of a tool's name, title, description, inputSchema, outputSchema,
 * annotations, icons, execution and _meta: the same tool always hashes the same, and any change to what a client or
 * model sees changes it. Absent fields are left out, so a tool declaring none of the 2025-11-25 fields hashes as before.
 */
export function hashTool(tool: HashableTool): string {
  const { name, title, description, inputSchema, outputSchema, annotations, icons, _meta } = tool;
  const execution = meaningfulExecution(tool.execution);
  const text = canonicalJson({ name, title, description, inputSchema, outputSchema, annotations, icons, execution, _meta });
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}
