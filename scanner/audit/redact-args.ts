/**
 * Command-line arguments made safe to print and to write to the lock file: credentials in URLs removed
 * (`postgres://user:pass@host` -> `postgres://host`), and the value of any secret-looking flag replaced by `REDACTED`
 * (`--api-key=x`, `--token x`). Env and header values are never printed at all; arguments are printed redacted.
 */
import { redactUrl } from '../scan/redact.ts';

const SECRET_FLAG = /^--?[\w-]*(?:key|token|secret|password|passwd|pwd|auth|credential|bearer)[\w-]*$/i;
const URL_WITH_USER = /^[a-z][a-z0-9+.-]*:\/\/[^/\s?#]*@/i;
const HTTP_URL = /^https?:\/\//i;

function redactValue(value: string): string {
  if (URL_WITH_USER.test(value)) {
    // Non-HTTP schemes (postgres://, redis://) are parsed as opaque by WHATWG URL: strip the user part by hand.
    return HTTP_URL.test(value) ? redactUrl(value) : value.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/\s?#]*@/i, '$1');
  }
  return HTTP_URL.test(value) ? redactUrl(value) : value;
}

/** The arguments with secrets removed, same length and order. */
export function redactArgs(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i]!;
    const eq = arg.indexOf('=');
    if (arg.startsWith('-') && eq !== -1 && SECRET_FLAG.test(arg.slice(0, eq))) out.push(`${arg.slice(0, eq)}=REDACTED`);
    else if (i > 0 && SECRET_FLAG.test(args[i - 1]!) && !arg.startsWith('-')) out.push('REDACTED');
    else out.push(redactValue(arg));
  }
  return out;
}
