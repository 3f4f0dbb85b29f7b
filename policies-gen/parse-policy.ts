import { type Policy, PolicySchema, type ToolPolicy, ToolPolicySchema } from '../data/schema/policy.ts';
import { PolicyValidationError } from './errors.ts';
import { formatIssue } from './zod-issues.ts';

/**
 * Parses and validates a policy from JSON text. Throws PolicyValidationError (code `POLICY_INVALID`) listing every
 * problem as `path: expected …`. The returned `tools` map has no prototype, so a tool named `__proto__` is an
 * ordinary entry (zod drops such keys silently, so they are validated here separately).
 */
export function parsePolicy(text: string, source = 'policy'): Policy {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new PolicyValidationError('POLICY_INVALID', source, [`(root): expected JSON (${reason})`], { cause: error });
  }
  return validatePolicy(raw, source);
}

/** Validates an already-parsed value as a policy; same errors and guarantees as parsePolicy. */
export function validatePolicy(raw: unknown, source = 'policy'): Policy {
  const result = PolicySchema.safeParse(raw);
  const issues = result.success ? [] : result.error.issues.map((issue) => formatIssue(issue));
  const protoEntry = ownProtoToolEntry(raw);
  let protoTool: ToolPolicy | undefined;
  if (protoEntry.present) {
    const parsed = ToolPolicySchema.safeParse(protoEntry.value);
    if (parsed.success) protoTool = parsed.data;
    else issues.push(...parsed.error.issues.map((issue) => formatIssue(issue, ['tools', '__proto__'])));
  }
  if (!result.success || issues.length > 0) throw new PolicyValidationError('POLICY_INVALID', source, issues);
  const policy = result.data;
  if (policy.tools !== undefined || protoTool !== undefined) {
    const tools: Record<string, ToolPolicy> = Object.create(null);
    for (const [name, entry] of Object.entries(policy.tools ?? {})) tools[name] = entry;
    // An own data property, not the prototype: `tools` has none, and defineProperty never calls a setter.
    if (protoTool !== undefined)
      Object.defineProperty(tools, '__proto__', { value: protoTool, enumerable: true, writable: true, configurable: true });
    policy.tools = tools;
  }
  return policy;
}

function ownProtoToolEntry(raw: unknown): { present: boolean; value?: unknown } {
  if (raw === null || typeof raw !== 'object') return { present: false };
  const tools = (raw as Record<string, unknown>).tools;
  if (tools === null || typeof tools !== 'object' || Array.isArray(tools) || !Object.hasOwn(tools, '__proto__')) return { present: false };
  return { present: true, value: Object.getOwnPropertyDescriptor(tools, '__proto__')?.value };
}
