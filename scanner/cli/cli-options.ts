/** A command-line mistake: the command prints the message and its help hint, and exits with USAGE. */
export class UsageError extends Error {
  override name = 'UsageError';
  /** Always `USAGE`. */
  readonly code = 'USAGE';
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Parses repeated `--env NAME=value` into a map; the value may contain `=`. */
export function parseEnvPairs(pairs: string[] = []): Record<string, string> {
  const env: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    const name = at === -1 ? pair : pair.slice(0, at);
    if (at === -1 || !ENV_NAME.test(name)) {
      throw new UsageError(`--env expects NAME=value with a valid variable name, got \`${pair}\`.`);
    }
    env[name] = pair.slice(at + 1);
  }
  return env;
}

/** Parses repeated `--header "Name: value"` into a map; the value may contain `:`. */
export function parseHeaderPairs(pairs: string[] = []): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf(':');
    const name = at === -1 ? pair.trim() : pair.slice(0, at).trim();
    if (at === -1 || !HEADER_NAME.test(name)) {
      throw new UsageError(`--header expects "Name: value" with a valid header name, got \`${pair.slice(0, 40)}\`.`);
    }
    headers[name] = pair.slice(at + 1).trim();
  }
  return headers;
}

/** Parses a positive number of seconds (decimals allowed) into milliseconds; undefined stays undefined. */
export function parseSeconds(option: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new UsageError(`--${option} expects a positive number of seconds, got \`${value}\`.`);
  }
  return Math.round(seconds * 1000);
}

/** Checks that `value` is one of `allowed` (for enum-like options). */
export function parseChoice<T extends string>(option: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`--${option} expects one of ${allowed.join(', ')}, got \`${value}\`.`);
  }
  return value as T;
}

/** Splits argv at the first `--`: what comes before is options, what comes after is a command line. */
export function splitAtDoubleDash(argv: string[]): { options: string[]; command: string[] | undefined } {
  const at = argv.indexOf('--');
  return at === -1 ? { options: argv, command: undefined } : { options: argv.slice(0, at), command: argv.slice(at + 1) };
}
