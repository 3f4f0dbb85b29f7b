const SECRET_PARAM = /key|token|secret|password|passwd|auth|signature|session|credential|sig$/i;

/**
 * The URL without credentials: user and password removed, and the value of any query parameter whose
 * name suggests a secret replaced by `REDACTED`. An unparsable URL is returned as `(invalid URL)`.
 */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return '(invalid URL)';
  }
  parsed.username = '';
  parsed.password = '';
  for (const name of [...parsed.searchParams.keys()]) {
    if (SECRET_PARAM.test(name)) parsed.searchParams.set(name, 'REDACTED');
  }
  return parsed.toString();
}
