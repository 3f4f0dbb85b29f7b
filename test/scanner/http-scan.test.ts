// Scans HTTP endpoints on 127.0.0.1 through the library: Streamable HTTP, the SSE fallback, and every
// way an endpoint can fail, each mapped to its status with a readable sentence.
import { afterEach, describe, expect, it } from 'vitest';
import { ScanResultSchema } from '../../data/schema/index.ts';
import { scanServer } from '../../scanner/scan/scan-server.ts';
import { type HttpFixture, type HttpFixtureMode, refusedUrl, startHttpFixture } from '../helpers/http-fixture.ts';

let fixture: HttpFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

async function scanMode(mode: HttpFixtureMode, headers?: Record<string, string>, url?: (base: string) => string) {
  fixture = await startHttpFixture(mode);
  const startedAt = Date.now();
  const result = await scanServer(
    { kind: 'http', url: url ? url(fixture.url) : fixture.url, ...(headers ? { headers } : {}) },
    { connectTimeoutMs: 10_000, totalTimeoutMs: 20_000 },
  );
  expect(ScanResultSchema.safeParse(result).error).toBeUndefined();
  expect(Date.now() - startedAt).toBeLessThan(15_000);
  return result;
}

describe('HTTP servers', () => {
  it('scans a Streamable HTTP server', async () => {
    const result = await scanMode('streamable');
    expect(result.status).toBe('ok');
    expect(result.transport).toEqual({ type: 'streamable-http', url: fixture?.url, headerNames: [] });
    expect(result.serverInfo?.name).toBe('fixture-well-behaved');
    expect(result.tools.map((tool) => tool.name)).toEqual(['read_note', 'add_note', 'count_notes']);
    expect(result.prompts).toHaveLength(1);
    expect(result.resources).toHaveLength(1);
    expect(result.resourceTemplates).toHaveLength(1);
    expect(result.warnings).toEqual([]);
  });

  it('falls back to the legacy SSE transport', async () => {
    const result = await scanMode('sse');
    expect(result.status).toBe('ok');
    expect(result.transport).toEqual({ type: 'sse', url: fixture?.url, headerNames: [] });
    expect(result.tools.map((tool) => tool.name)).toEqual(['read_note', 'add_note', 'count_notes']);
    expect(result.warnings.map((warning) => warning.code)).toEqual(['LEGACY_SSE']);
  });

  it('reports 401 as auth_required, and succeeds with the header, recording its name only', async () => {
    const denied = await scanMode('auth');
    expect(denied.status).toBe('auth_required');
    expect(denied.error).toEqual({
      code: 'AUTH_REQUIRED',
      message: 'The server answered HTTP 401 (Unauthorized): it needs credentials (pass them with --header).',
    });
    await fixture?.close();
    const allowed = await scanMode('auth', { Authorization: 'Bearer let-me-in' });
    expect(allowed.status).toBe('ok');
    expect(allowed.tools).toHaveLength(3);
    expect(allowed.transport).toMatchObject({ headerNames: ['Authorization'] });
    expect(JSON.stringify(allowed)).not.toContain('let-me-in');
  });

  it('strips credentials from the recorded URL but still uses them', async () => {
    const result = await scanMode(
      'auth',
      { Authorization: 'Bearer let-me-in' },
      (base) => `${base.replace('http://', 'http://alice:pa55@')}?api_key=s3cret&page=2`,
    );
    expect(result.status).toBe('ok');
    expect(result.transport).toMatchObject({ url: `${fixture?.url}?api_key=REDACTED&page=2` });
    expect(JSON.stringify(result)).not.toMatch(/pa55|s3cret|alice/);
  });

  it('reports 403 as auth_required', async () => {
    const result = await scanMode('403');
    expect(result.status).toBe('auth_required');
    expect(result.error?.message).toBe('The server answered HTTP 403 (Forbidden): it needs credentials (pass them with --header).');
  });

  it('reports 404 on both transports as http_error', async () => {
    const result = await scanMode('404');
    expect(result.status).toBe('http_error');
    expect(result.error).toEqual({
      code: 'HTTP_ERROR',
      message: 'The endpoint answered HTTP 404 (Not Found) to both Streamable HTTP and SSE.',
    });
  });

  it('reports 500 as http_error', async () => {
    const result = await scanMode('500');
    expect(result.status).toBe('http_error');
    expect(result.error?.message).toContain('HTTP 500');
  });

  it('reports an HTML page as not_mcp', async () => {
    const result = await scanMode('html');
    expect(result.status).toBe('not_mcp');
    expect(result.error).toEqual({
      code: 'NOT_MCP',
      message: 'The endpoint answered, but not as an MCP server (neither Streamable HTTP nor SSE).',
    });
  });

  it('reports a plain JSON API as not_mcp', async () => {
    const result = await scanMode('json');
    expect(result.status).toBe('not_mcp');
  });

  it('times out an endpoint that never answers', async () => {
    fixture = await startHttpFixture('hang');
    const startedAt = Date.now();
    const result = await scanServer({ kind: 'http', url: fixture.url }, { connectTimeoutMs: 1_000 });
    expect(ScanResultSchema.safeParse(result).success).toBe(true);
    expect(result.status).toBe('timeout');
    expect(result.error).toEqual({ code: 'TIMEOUT_INITIALIZE', message: 'The server did not answer `initialize` within 1 s.' });
    expect(Date.now() - startedAt).toBeLessThan(5_000);
  });

  it('reports a port where nothing listens as connection_refused', async () => {
    const url = await refusedUrl();
    const result = await scanServer({ kind: 'http', url }, { connectTimeoutMs: 5_000 });
    expect(ScanResultSchema.safeParse(result).success).toBe(true);
    expect(result.status).toBe('connection_refused');
    expect(result.error).toEqual({ code: 'ECONNREFUSED', message: `Nothing answered at ${url} (ECONNREFUSED).` });
  });

  it('reports a URL that is not http(s) as http_error without connecting', async () => {
    const result = await scanServer({ kind: 'http', url: 'ftp://127.0.0.1/mcp' });
    expect(ScanResultSchema.safeParse(result).success).toBe(true);
    expect(result.status).toBe('http_error');
    expect(result.error?.code).toBe('INVALID_URL');
  });
});
