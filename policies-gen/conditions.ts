import { RE2JS } from 're2js';
import type { PolicyCondition } from '../data/schema/policy.ts';

/** The value at `args.a.b` in a call's arguments, walking own properties only (never the prototype chain). */
export function resolveArgPath(args: Record<string, unknown>, path: string): { found: boolean; value?: unknown } {
  const segments = path.split('.').slice(1);
  let current: unknown = args;
  for (const segment of segments) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, segment)) return { found: false };
    current = Object.getOwnPropertyDescriptor(current, segment)?.value;
  }
  return current === undefined ? { found: false } : { found: true, value: current };
}

/** JSON equality: numbers numerically, objects by own keys regardless of order, arrays in order. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => jsonEqual(item, b[i]));
  const aKeys = Object.keys(a);
  const bKeys = Object.keys(b);
  return (
    aKeys.length === bKeys.length &&
    aKeys.every((key) => Object.hasOwn(b, key) && jsonEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]))
  );
}

const regexCache = new Map<string, RE2JS>();
const MAX_CACHED_PATTERNS = 1_000;

/**
 * A pattern compiled by RE2 (re2js): the syntax and semantics of Go's `regexp`, which Intercept uses, and matching in
 * time linear in the input, so no pattern and argument can stall the evaluator. Throws RE2JSSyntaxException.
 */
export function compileRegex(pattern: string): RE2JS {
  let regex = regexCache.get(pattern);
  if (regex === undefined) {
    regex = RE2JS.compile(pattern);
    if (regexCache.size >= MAX_CACHED_PATTERNS) regexCache.clear();
    regexCache.set(pattern, regex);
  }
  return regex;
}

/**
 * Whether a condition holds for a call's arguments. An absent (or undefined) argument makes every condition false
 * except `exists` with value false; `exists` treats null as absent. Numeric operators need two numbers, `regex` a
 * string argument; anything else is false rather than an error.
 */
export function conditionHolds(condition: PolicyCondition, args: Record<string, unknown>): boolean {
  const { found, value: actual } = resolveArgPath(args, condition.path);
  const expected = condition.value;
  if (condition.op === 'exists') return (found && actual !== null) === expected;
  if (!found) return false;
  switch (condition.op) {
    case 'eq':
      return jsonEqual(actual, expected);
    case 'neq':
      return !jsonEqual(actual, expected);
    case 'in':
      return Array.isArray(expected) && expected.some((item) => jsonEqual(actual, item));
    case 'not_in':
      return Array.isArray(expected) && !expected.some((item) => jsonEqual(actual, item));
    case 'lt':
    case 'lte':
    case 'gt':
    case 'gte':
      return typeof actual === 'number' && typeof expected === 'number' && compareNumbers(condition.op, actual, expected);
    case 'regex':
      return typeof actual === 'string' && typeof expected === 'string' && compileRegex(expected).matcher(actual).find();
    case 'contains':
      if (typeof actual === 'string') return typeof expected === 'string' && actual.includes(expected);
      return Array.isArray(actual) && actual.some((item) => jsonEqual(item, expected));
  }
}

function compareNumbers(op: 'lt' | 'lte' | 'gt' | 'gte', a: number, b: number): boolean {
  if (op === 'lt') return a < b;
  if (op === 'lte') return a <= b;
  if (op === 'gt') return a > b;
  return a >= b;
}

const MAX_VALUE_TEXT = 60;

/** A condition in words, e.g. `args.count lte 10`, for decision messages; long values are cut with an ellipsis. */
export function describeCondition(condition: PolicyCondition): string {
  if (condition.value === undefined) return `${condition.path} ${condition.op}`;
  const value = JSON.stringify(condition.value);
  return `${condition.path} ${condition.op} ${value.length > MAX_VALUE_TEXT ? `${value.slice(0, MAX_VALUE_TEXT - 1)}…` : value}`;
}
