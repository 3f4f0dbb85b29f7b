// Bounds for untrusted JSON a server sends: every walk here uses an explicit stack (any depth, no stack overflow), and
// every string kept after a cut is a fresh copy, so a 64 KiB piece of a 1 MB description does not keep the 1 MB alive
// (V8 keeps the whole parent of a `slice`).

/** A fresh, flat copy of a string: nothing of the text it was cut from stays reachable through it. */
export function copyText(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}

/** `text` cut to `max` characters (a fresh copy when cut), or undefined when it is not a string. */
export function cutText(text: unknown, max: number): { text: string; cut: boolean } | undefined {
  if (typeof text !== 'string') return undefined;
  if (text.length <= max) return { text, cut: false };
  return { text: copyText(text.slice(0, max)), cut: true };
}

/** True when `value` nests objects or arrays more than `maxDepth` levels deep (the top level is depth 1). */
export function deeperThan(value: unknown, maxDepth: number): boolean {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 1 }];
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth > maxDepth) return true;
    for (const member of Array.isArray(current) ? current : Object.values(current)) {
      if (member !== null && typeof member === 'object') stack.push({ value: member, depth: depth + 1 });
    }
  }
  return false;
}

/** Limits of {@link boundedCopy}. */
export interface JsonBounds {
  /** Deepest nesting kept; a deeper object or array becomes the string `(mcp-atlas: nested too deep)`. */
  maxDepth: number;
  /** Longest string kept (keys too); longer ones are cut. */
  maxStringChars: number;
  /** Most characters of JSON kept in all (approximate); past it the copy is given up. */
  maxChars: number;
}

/** What {@link boundedCopy} made, and which bound bit. */
export interface BoundedCopy {
  /** The copy, or undefined when it would pass `maxChars`. */
  value: unknown;
  /** Some part was nested deeper than `maxDepth` and replaced. */
  tooDeep: boolean;
  /** Some string was cut. */
  cutStrings: boolean;
}

const TOO_DEEP = '(mcp-atlas: nested too deep)';

/**
 * A copy of untrusted JSON within the bounds: strings cut (and copied), subtrees past `maxDepth` replaced by a marker
 * string, and the whole given up (value undefined) when it passes `maxChars`. Non-JSON values become null.
 */
export function boundedCopy(value: unknown, bounds: JsonBounds): BoundedCopy {
  let chars = 0;
  let tooDeep = false;
  let cutStrings = false;
  const scalar = (item: unknown): unknown => {
    if (typeof item === 'string') {
      const cut = cutText(item, bounds.maxStringChars)!;
      cutStrings ||= cut.cut;
      chars += cut.text.length + 2;
      return cut.text;
    }
    chars += 8;
    if (typeof item === 'number') return Number.isFinite(item) ? item : null;
    if (typeof item === 'boolean' || item === null) return item;
    return null;
  };
  const root: { value?: unknown } = {};
  // Each entry: a source value and the slot of its copy (a parent container and key).
  const stack: { source: unknown; parent: Record<string, unknown> | unknown[]; key: string | number; depth: number }[] = [
    { source: value, parent: root as Record<string, unknown>, key: 'value', depth: 1 },
  ];
  while (stack.length > 0) {
    if (chars > bounds.maxChars) return { value: undefined, tooDeep, cutStrings: true };
    const { source, parent, key, depth } = stack.pop()!;
    let copy: unknown;
    if (source === null || typeof source !== 'object') {
      copy = scalar(source);
    } else if (depth > bounds.maxDepth) {
      tooDeep = true;
      copy = TOO_DEEP;
      chars += TOO_DEEP.length;
    } else if (Array.isArray(source)) {
      const items: unknown[] = new Array(source.length);
      chars += 2 + source.length;
      for (let i = source.length - 1; i >= 0; i -= 1) stack.push({ source: source[i], parent: items, key: i, depth: depth + 1 });
      copy = items;
    } else {
      const members: Record<string, unknown> = {};
      const entries = Object.entries(source);
      chars += 2;
      for (let i = entries.length - 1; i >= 0; i -= 1) {
        const [name, member] = entries[i]!;
        if (member === undefined) continue;
        const cutName = cutText(name, bounds.maxStringChars)!;
        cutStrings ||= cutName.cut;
        chars += cutName.text.length + 3;
        stack.push({ source: member, parent: members, key: cutName.text, depth: depth + 1 });
      }
      copy = members;
    }
    // defineProperty, not assignment: a key `__proto__` stays a plain member and never sets a prototype.
    Object.defineProperty(parent, key, { value: copy, enumerable: true, writable: true, configurable: true });
  }
  if (chars > bounds.maxChars) return { value: undefined, tooDeep, cutStrings: true };
  return { value: root.value, tooDeep, cutStrings };
}
