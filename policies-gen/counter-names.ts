import type { PolicyWindow } from '../data/schema/policy.ts';

const MAX_STEM = 64;

/** 32-bit FNV-1a of a string's UTF-16 code units, as 8 hex digits: a pure, stable disambiguator. */
export function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/**
 * A counter-name stem for a tool: the name itself when it is already `[A-Za-z0-9_]` and short, otherwise a
 * sanitised form plus an FNV-1a suffix of the raw name, so `a-b` and `a_b` never share a counter.
 */
export function counterStem(toolName: string): string {
  if (/^[A-Za-z0-9_]{1,64}$/.test(toolName)) return toolName;
  const cleaned = toolName
    .replace(/[^A-Za-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, MAX_STEM);
  return `${cleaned === '' ? 'tool' : cleaned}_${fnv1a(toolName)}`;
}

/**
 * Assigns every tool a unique counter name `<stem>_per_<window>`. Tools are processed in sorted order, so a
 * (vanishingly rare) collision is broken the same way every time, by a numeric suffix.
 */
export function assignCounterNames(sortedToolNames: readonly string[], window: PolicyWindow): Map<string, string> {
  const taken = new Set<string>();
  const names = new Map<string, string>();
  for (const tool of sortedToolNames) {
    const base = `${counterStem(tool)}_per_${window}`;
    let name = base;
    for (let n = 2; taken.has(name); n += 1) name = `${base}_${n}`;
    taken.add(name);
    names.set(tool, name);
  }
  return names;
}
