import { type PolicyCall, PolicyCallSchema } from '../data/schema/policy.ts';
import { PolicyValidationError } from './errors.ts';
import { formatIssue } from './zod-issues.ts';

/**
 * Parses a calls file: JSON Lines, one `{"tool","args","at","grant"}` object per line (blank lines skipped). Every
 * bad line is reported as `line N: path: expected …` in one PolicyValidationError (code `CALLS_INVALID`).
 * `args` is kept exactly as parsed, so an argument named `__proto__` stays an ordinary own key. A call without `at`
 * happens at `now` when one is given (`policy check` passes the time of the check); without `now`, `at` is required.
 */
export function parseCalls(text: string, source = 'calls', now?: Date): PolicyCall[] {
  const calls: PolicyCall[] = [];
  const issues: string[] = [];
  for (const [i, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch (error) {
      issues.push(`line ${i + 1}: expected one JSON object (${error instanceof Error ? error.message : String(error)})`);
      continue;
    }
    if (now !== undefined && raw !== null && typeof raw === 'object' && !Array.isArray(raw) && !Object.hasOwn(raw, 'at'))
      raw = { ...raw, at: now.toISOString() };
    const result = PolicyCallSchema.safeParse(raw);
    if (!result.success) {
      issues.push(...result.error.issues.map((issue) => `line ${i + 1}: ${formatIssue(issue)}`));
      continue;
    }
    const args = (raw as { args?: Record<string, unknown> }).args;
    calls.push(args === undefined ? result.data : { ...result.data, args });
  }
  if (issues.length > 0) throw new PolicyValidationError('CALLS_INVALID', source, issues);
  return calls;
}
