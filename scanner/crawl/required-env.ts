/**
 * Finds the environment variables a server asked for in its error text or stderr, e.g. "GITHUB_TOKEN is required",
 * "Missing required environment variable: API_KEY", "Please set NOTION_TOKEN", "DATADOG_API_KEY and DATADOG_APP_KEY
 * must be set". Only lines that talk about something missing or required are read, and only names shaped like
 * environment variables are kept.
 */

/** Words that look like variable names but are not. */
const NOT_VARIABLES = new Set([
  'MCP',
  'API',
  'URL',
  'HTTP',
  'HTTPS',
  'JSON',
  'ERROR',
  'WARN',
  'INFO',
  'DEBUG',
  'FATAL',
  'NODE_ENV',
  'NODE_OPTIONS',
  'PATH',
  'HOME',
  'TODO',
  'ENV',
  'ENOENT',
  'EACCES',
]);

/** Error codes (`ERR_MODULE_NOT_FOUND`, `ECONNREFUSED`, `MODULE_NOT_FOUND`), which name no variable. */
const ERROR_CODE =
  /^(ERR_|E[A-Z]{3,}$|MODULE_NOT_FOUND$|UND_ERR_|EXIT_|SIG[A-Z]+$|HTTP_\d|JSON_RPC|RPC_|MCP_ERROR|INTERNAL_ERROR|INVALID_|NOT_FOUND$|UNAUTHORIZED$|FORBIDDEN$)/;
/** Settings that tune a server rather than unlock it: never a credential, never required to list tools. */
const SETTING =
  /(^|_)(DEBUG|LOG|LOGGING|LOG_LEVEL|VERBOSE|TIMEOUT|RETRIES|RETRY|RATE_LIMIT|PORT|TRANSPORT|MODE|MODEL|EFFORT|PROVIDER|TEMPERATURE|MAX_TOKENS|CACHE|TTL|CONCURRENCY|LANG|LOCALE|TZ|COLOR|THEME|ENABLED|DISABLED|READ_ONLY|READONLY)$|^(YOUR_|EXAMPLE_|MY_)/;

/** Whether a name is an error code rather than a variable. */
export const isErrorCode = (name: string): boolean => ERROR_CODE.test(name);
/** Whether a variable is a setting (log level, timeout, port, model) rather than something a server needs to start. */
export const isSetting = (name: string): boolean => SETTING.test(name);

const looksLikeVariable = (name: string): boolean =>
  !NOT_VARIABLES.has(name) &&
  !isErrorCode(name) &&
  !isSetting(name) &&
  name.length >= 3 &&
  name.length <= 80 &&
  (/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(name) || /^[A-Z][A-Z0-9]*(?:KEY|TOKEN|SECRET|PASSWORD)$/.test(name));

/** A line that says something is missing or must be provided. */
const ASKING =
  /\b(?:required|requires?|missing|without|not set|not defined|not found|not provided|must be (?:set|provided)|please (?:set|provide)|provide|set (?:the |your |it |either )?|configure|no .{0,40}(?:key|token) found)\b/i;
const CANDIDATE = /(?<![A-Za-z0-9_])[A-Z][A-Z0-9_]{2,79}(?![A-Za-z0-9_])/g;
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

/**
 * Groups of variables a text offers as alternatives ("set GITHUB_TOKEN or GH_TOKEN", "either A or B"): any one of a
 * group is enough, so none of them alone is required.
 */
export function alternativeGroups(text: string | undefined): string[][] {
  if (text === undefined || text === '') return [];
  const groups: string[][] = [];
  for (const line of text
    .slice(-20_000)
    .replace(ANSI, '')
    .split(/\r?\n|(?<=\.)\s+/)) {
    if (!ASKING.test(line) || !/\b(or|either|one of)\b/i.test(line)) continue;
    const alternatives = /(?:\beither\b|\bone of\b)?\s*([A-Z][A-Z0-9_]{2,79}(?:\s*(?:,|\bor\b|\/)\s*[A-Z][A-Z0-9_]{2,79})+)/.exec(line);
    if (alternatives === null || alternatives[1] === undefined) continue;
    const names = [...alternatives[1].matchAll(CANDIDATE)].map(([name]) => name).filter(looksLikeVariable);
    if (names.length > 1 && /\bor\b|\//.test(alternatives[1])) groups.push([...new Set(names)]);
  }
  return groups;
}

/** Variable names a server asked for in `text`, in order of first mention, without duplicates. */
export function parseRequiredEnv(text: string | undefined): string[] {
  if (text === undefined || text === '') return [];
  const found = new Set<string>();
  for (const line of text
    .slice(-20_000)
    .replace(ANSI, '')
    .split(/\r?\n|(?<=\.)\s+/)) {
    if (!ASKING.test(line)) continue;
    for (const [name] of line.matchAll(CANDIDATE)) if (looksLikeVariable(name)) found.add(name);
  }
  return [...found];
}
