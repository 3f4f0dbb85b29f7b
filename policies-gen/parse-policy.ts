import { z } from 'zod';
import {
  EXTENSION_KEY,
  type Policy,
  type PolicyCondition,
  PolicySchema,
  type ToolPolicy,
  ToolPolicySchema,
} from '../data/schema/policy.ts';
import { compileRegex } from './conditions.ts';
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
  // Before zod, whose walk is recursive: a policy nested thousands of levels deep is refused, not a stack overflow.
  if (nestedDeeperThan(raw, MAX_POLICY_DEPTH))
    throw new PolicyValidationError('POLICY_INVALID', source, [`(root): expected at most ${MAX_POLICY_DEPTH} levels of nesting`]);
  const result = PolicySchema.safeParse(raw);
  const issues = result.success ? [] : result.error.issues.map((issue) => formatIssue(issue));
  if (result.success) issues.push(...regexIssues(result.data));
  const protoEntry = ownProtoEntry(raw, 'tools');
  const protoHash = ownProtoEntry(extensionOf(raw), 'hashes');
  let hashOfProto: string | undefined;
  if (protoHash.present) {
    const parsed = HashSchema.safeParse(protoHash.value);
    if (parsed.success) hashOfProto = parsed.data;
    else issues.push(...parsed.error.issues.map((issue) => formatIssue(issue, [EXTENSION_KEY, 'hashes', '__proto__'])));
  }
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
  const hashes = policy[EXTENSION_KEY]?.hashes;
  if (hashes !== undefined || hashOfProto !== undefined) {
    const copy: Record<string, string> = Object.create(null);
    for (const [name, hash] of Object.entries(hashes ?? {})) copy[name] = hash;
    if (hashOfProto !== undefined)
      Object.defineProperty(copy, '__proto__', { value: hashOfProto, enumerable: true, writable: true, configurable: true });
    policy[EXTENSION_KEY] = { ...policy[EXTENSION_KEY], hashes: copy };
  }
  return policy;
}

/** Deepest nesting a policy may have: generated ones use 6; a condition value may hold some structure. */
export const MAX_POLICY_DEPTH = 64;

/** True when `value` nests objects or arrays more than `max` levels deep; walked with an explicit stack. */
function nestedDeeperThan(value: unknown, max: number): boolean {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 1 }];
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth > max) return true;
    for (const member of Array.isArray(current) ? current : Object.values(current)) stack.push({ value: member, depth: depth + 1 });
  }
  return false;
}

/** Every `regex` condition whose pattern RE2 rejects (lookaround, backreferences, …), as `path: expected …`. */
function regexIssues(policy: Policy): string[] {
  const issues: string[] = [];
  const check = (conditions: PolicyCondition[] | undefined, path: string): void => {
    for (const [i, condition] of (conditions ?? []).entries()) {
      if (condition.op !== 'regex' || typeof condition.value !== 'string') continue;
      try {
        compileRegex(condition.value);
      } catch (error) {
        issues.push(`${path}.${i}.value: expected an RE2 pattern (${error instanceof Error ? error.message : String(error)})`);
      }
    }
  };
  for (const [name, tool] of Object.entries(policy.tools ?? {})) {
    check(tool.require, `tools.${name}.require`);
    for (const [i, rule] of (tool.deny_if ?? []).entries()) check(rule.conditions, `tools.${name}.deny_if.${i}.conditions`);
  }
  return issues;
}

const HashSchema = z.string().regex(/^sha256:[0-9a-f]{64}$/, { error: 'expected sha256:<64 hex digits>' });

function extensionOf(raw: unknown): unknown {
  return raw !== null && typeof raw === 'object' && Object.hasOwn(raw, EXTENSION_KEY)
    ? (raw as Record<string, unknown>)[EXTENSION_KEY]
    : undefined;
}

/** An own `__proto__` member of `raw[field]`, which zod's records drop silently. */
function ownProtoEntry(raw: unknown, field: string): { present: boolean; value?: unknown } {
  if (raw === null || typeof raw !== 'object' || !Object.hasOwn(raw, field)) return { present: false };
  const map = (raw as Record<string, unknown>)[field];
  if (map === null || typeof map !== 'object' || Array.isArray(map) || !Object.hasOwn(map, '__proto__')) return { present: false };
  return { present: true, value: Object.getOwnPropertyDescriptor(map, '__proto__')?.value };
}
