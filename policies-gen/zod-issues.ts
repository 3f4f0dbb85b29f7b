import type { z } from 'zod';

/** A path as `tools.read_file.limits.0.max`; keys that are not plain identifiers are quoted (`tools["a.b"]`). */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `${text === '' ? '' : '.'}${key}`;
    else if (typeof key === 'string' && /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key)) text += `${text === '' ? '' : '.'}${key}`;
    else text += `[${JSON.stringify(String(key))}]`;
  }
  return text;
}

/** One zod issue as `path: expected …`, phrased for people (knip-style). */
export function formatIssue(issue: z.core.$ZodIssue, prefix: readonly PropertyKey[] = []): string {
  const path = formatIssuePath([...prefix, ...issue.path]);
  if (issue.code === 'unrecognized_keys') {
    return `${path}: expected no field ${issue.keys.map((key) => JSON.stringify(key)).join(', ')} (unknown field${issue.keys.length > 1 ? 's' : ''})`;
  }
  const at = issue.message.indexOf('expected');
  const message = at >= 0 ? issue.message.slice(at) : `expected ${issue.message.charAt(0).toLowerCase()}${issue.message.slice(1)}`;
  return `${path}: ${message}`;
}
