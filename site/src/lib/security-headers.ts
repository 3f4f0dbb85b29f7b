/**
 * The Content-Security-Policy of every page: scripts from the site only (plus WebAssembly for Pagefind), so even a
 * rendering bug could not run injected script. `frame-ancestors` only works as an HTTP header (browsers ignore it in
 * a `<meta>` tag and log an error), so the meta tag leaves it out and `_headers` carries the full policy.
 */
export function contentSecurityPolicy(options: { meiliOrigin?: string; header: boolean }): string {
  const connect = options.meiliOrigin === undefined ? "'self'" : `'self' ${options.meiliOrigin}`;
  const policy = [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src ${connect}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ];
  if (options.header) policy.push("frame-ancestors 'none'");
  return policy.join('; ');
}

/**
 * The `_headers` file for static hosts that read it (Netlify, Cloudflare Pages; `npm start`'s server too): security
 * headers on every path, and the JSON media type plus open CORS for the registry API, whose files are `index.html`
 * so that every host serves them for a directory URL.
 */
export function headersFile(meiliOrigin?: string): string {
  return [
    '/*',
    `  Content-Security-Policy: ${contentSecurityPolicy({ meiliOrigin, header: true })}`,
    '  X-Content-Type-Options: nosniff',
    '  X-Frame-Options: DENY',
    '  Referrer-Policy: strict-origin-when-cross-origin',
    '  Permissions-Policy: camera=(), microphone=(), geolocation=(), payment=()',
    '  Cross-Origin-Opener-Policy: same-origin',
    '/v0.1/*',
    '  Content-Type: application/json; charset=utf-8',
    '  Access-Control-Allow-Origin: *',
    '/api/*',
    '  Access-Control-Allow-Origin: *',
    '',
  ].join('\n');
}
