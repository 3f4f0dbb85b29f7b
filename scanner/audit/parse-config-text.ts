/**
 * Parses a client config file's text: JSON with comments and trailing commas (Microsoft's jsonc-parser, the one VS Code
 * uses) or TOML (smol-toml). A file that does not parse gives its first error with a 1-based line and column, never a throw.
 */
import { type ParseError, parse, printParseErrorCode } from 'jsonc-parser';
import { parse as parseToml, TomlError } from 'smol-toml';

/** The parsed document, or the first error with its position. */
export type ParsedConfig = { ok: true; value: unknown } | { ok: false; message: string; line?: number; column?: number };

/** Largest config file read, in bytes: a real one is a few KiB; ~/.claude.json with long histories can reach megabytes. */
export const MAX_CONFIG_BYTES = 16 * 1024 * 1024;

function position(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let at = text.indexOf('\n'); at !== -1 && at < offset; at = text.indexOf('\n', at + 1)) {
    line += 1;
    lineStart = at + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/** Parses JSON with comments and trailing commas. */
export function parseJsonc(text: string): ParsedConfig {
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
  const first = errors[0];
  if (first !== undefined) {
    return { ok: false, message: `JSON: ${printParseErrorCode(first.error)}`, ...position(text, first.offset) };
  }
  return { ok: true, value: value ?? {} };
}

/** Parses TOML (Codex `config.toml`). */
export function parseTomlConfig(text: string): ParsedConfig {
  try {
    return { ok: true, value: parseToml(text) };
  } catch (error) {
    if (error instanceof TomlError) {
      const firstLine = error.message.split('\n')[0] ?? 'invalid TOML';
      return { ok: false, message: `TOML: ${firstLine}`, line: error.line, column: error.column };
    }
    return { ok: false, message: `TOML: ${error instanceof Error ? error.message : String(error)}` };
  }
}
