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

const looksLikeVariable = (name: string): boolean =>
  !NOT_VARIABLES.has(name) &&
  name.length >= 3 &&
  name.length <= 80 &&
  (/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(name) || /^[A-Z][A-Z0-9]*(?:KEY|TOKEN|SECRET|PASSWORD)$/.test(name));

/** A line that says something is missing or must be provided. */
const ASKING =
  /\b(?:required|requires?|missing|without|not set|not defined|not found|not provided|must be (?:set|provided)|please (?:set|provide)|provide|set (?:the |your |it |either )?|configure|no .{0,40}(?:key|token) found)\b/i;
const CANDIDATE = /(?<![A-Za-z0-9_])[A-Z][A-Z0-9_]{2,79}(?![A-Za-z0-9_])/g;
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

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
