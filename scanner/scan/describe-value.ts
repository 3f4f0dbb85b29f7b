/** Names the JSON type of an untrusted value for a warning: "a number", "an array", "null", … */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value === undefined) return 'missing';
  const type = typeof value;
  return type === 'object' ? 'an object' : `a ${type}`;
}

/** Quotes an untrusted name for a warning: JSON-escaped and cut to 80 characters. */
export function quoteName(name: string): string {
  const quoted = JSON.stringify(name.length > 80 ? `${name.slice(0, 80)}…` : name);
  return quoted;
}

/** True for a plain JSON object (not null, not an array). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
