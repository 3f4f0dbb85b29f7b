/**
 * A TOML basic string: `"` and `\` escaped, control characters and DEL as escapes, lone surrogates (not valid
 * Unicode, so not valid TOML) replaced by U+FFFD.
 */
export function tomlString(value: string): string {
  let out = '"';
  for (const char of value.toWellFormed()) {
    const code = char.codePointAt(0)!;
    if (char === '"') out += '\\"';
    else if (char === '\\') out += '\\\\';
    else if (char === '\n') out += '\\n';
    else if (char === '\t') out += '\\t';
    else if (char === '\r') out += '\\r';
    else if (char === '\b') out += '\\b';
    else if (char === '\f') out += '\\f';
    else if (code < 0x20 || code === 0x7f) out += `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
    else out += char;
  }
  return `${out}"`;
}

/** A TOML array of strings, one per line when non-empty. */
export function tomlStringArray(values: readonly string[]): string {
  if (values.length === 0) return '[]';
  return `[\n${values.map((value) => `  ${tomlString(value)},`).join('\n')}\n]`;
}
