// What a hostile server sends to exhaust the scanner (test/fixtures/servers/flood.ts over stdio, endless bodies over
// HTTP), through the real CLI with its heap held to 1 GiB: each scan must end with a recorded result, keep the valid
// tools, say which cap bit, and print nothing a terminal would obey. Before the bounds, the first two floods ran the
// scanner out of memory and the deep schema lost every tool to a stack overflow.
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { type ScanResult, ScanResultSchema } from '../../data/schema/index.ts';
import { scanServer } from '../../scanner/scan/scan-server.ts';
import { type HttpFixture, startHttpFixture } from '../helpers/http-fixture.ts';
import { BIN, fixtureCommand, NODE } from '../helpers/run-cli.ts';

/**
 * Runs `mcp-atlas scan [--json] -- flood <mode>` with a 512 MiB heap, less than each flood sends (640 and 768 MiB):
 * a scanner that keeps what it is sent dies (exit 134).
 */
function scanFlood(mode: string, json = true): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      NODE,
      ['--max-old-space-size=512', BIN, 'scan', ...(json ? ['--json'] : []), '--no-sandbox', '--', ...fixtureCommand('flood', mode)],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }),
    );
  });
}

async function floodResult(mode: string): Promise<ScanResult> {
  const run = await scanFlood(mode);
  expect(run.code, run.stderr.slice(-600)).toBe(0);
  const result = ScanResultSchema.parse(JSON.parse(run.stdout));
  expect(result.status).toBe('ok');
  expect(result.tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(['keep_a', 'keep_b']));
  return result;
}

const codes = (result: ScanResult) => result.warnings.map((warning) => warning.code);
// ESC and the other C0/C1 controls, bidi overrides and isolates, zero-width characters.
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/;

describe('a stdio server that floods the scanner', () => {
  it('640 descriptions of 1 MiB: each cut to 64 Ki characters, the scan under 512 MiB of heap', async () => {
    const result = await floodResult('descriptions');
    expect(result.tools).toHaveLength(642);
    expect(codes(result)).toContain('DESCRIPTIONS_TRUNCATED');
    expect(Math.max(...result.tools.map((tool) => tool.description?.length ?? 0))).toBe(64 * 1024);
  }, 120_000);

  it('384 tools with 512 KiB titles, annotation values and _meta (768 MiB), under 512 MiB of heap: titles and annotation values cut', async () => {
    const result = await floodResult('titles');
    expect(codes(result)).toEqual(expect.arrayContaining(['TITLES_TRUNCATED', 'FIELDS_TRUNCATED']));
    const titled = result.tools.find((tool) => tool.name.startsWith('titled_'))!;
    expect(titled.title?.length).toBe(1024);
    expect(titled.annotations?.title?.length).toBe(1024);
    expect(String(titled.annotations?.vendorNote).length).toBe(8 * 1024);
    expect(titled.annotations?.readOnlyHint).toBe(true);
  }, 120_000);

  it('200,000 tools, 100,000 prompts and resources: the item caps, nothing lost before them', async () => {
    const result = await floodResult('items');
    expect(result.tools).toHaveLength(5000);
    expect(codes(result)).toEqual(expect.arrayContaining(['TOOLS_CAP_HIT', 'PROMPTS_CAP_HIT', 'RESOURCES_CAP_HIT']));
  }, 60_000);

  it('a 2,000-level input schema and a 100,000-level output schema: stubs, every valid tool kept', async () => {
    const result = await floodResult('deep');
    expect(result.tools.map((tool) => tool.name)).toEqual(['keep_a', 'deep_input', 'deep_output', 'keep_b']);
    expect(codes(result)).toContain('SCHEMAS_TOO_DEEP');
    const deep = result.tools.find((tool) => tool.name === 'deep_input')!;
    expect(deep.inputSchema.description).toContain('nested more than 64 levels');
    expect(deep.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
  }, 60_000);

  it('a 100 MiB line before the answer: skipped, the answer read', async () => {
    const result = await floodResult('line');
    expect(codes(result)).toContain('MESSAGE_TOO_LARGE');
  }, 60_000);

  it('escapes, bidi and zero-width characters in serverInfo and every name: none reach the terminal', async () => {
    const progress = await scanFlood('escapes');
    expect(progress.code).toBe(0);
    expect(progress.stderr).toContain('Connected to evil');
    expect(progress.stderr).not.toMatch(UNSAFE);
    const table = await scanFlood('escapes', false);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('paint');
    expect(table.stdout).not.toMatch(UNSAFE);
    expect(table.stderr).not.toMatch(UNSAFE);
  }, 60_000);

  it('poisoning in instructions, prompts, resource annotations and an output schema: found, with the field named', async () => {
    const result = await floodResult('everything');
    expect(result.serverFindings?.map((finding) => `${finding.code}@${finding.field}`)).toEqual([
      'hidden-instructions@instructions',
      'hidden-instructions@prompts[0].description',
      'hidden-instructions@prompts[0].arguments[0].description',
      // Resource annotations are kept since the 2025-11-25 fields are (before, this hiding place was dropped unread).
      'hidden-instructions@resources[0].annotations.vendorNote',
    ]);
    const tool = result.tools.find((item) => item.name === 'fetch_report')!;
    expect(tool.findings?.map((finding) => finding.field)).toContain('outputSchema.properties.r.description');
    const table = await scanFlood('everything', false);
    expect(table.stdout).toContain('finding critical hidden-instructions on the server (instructions)');
  }, 60_000);
});

describe('an HTTP server that never stops sending', () => {
  let fixture: HttpFixture | undefined;
  afterEach(async () => {
    await fixture?.close();
    fixture = undefined;
  });
  const scan = async (mode: 'endless-200' | 'endless-500' | 'endless-sse') => {
    fixture = await startHttpFixture(mode);
    const result = await scanServer({ kind: 'http', url: fixture.url }, { connectTimeoutMs: 20_000, totalTimeoutMs: 30_000 });
    expect(ScanResultSchema.safeParse(result).error).toBeUndefined();
    return result;
  };

  it('an endless 200 body is cut at 32 MiB and fails the scan as protocol_error', async () => {
    const result = await scan('endless-200');
    expect([result.status, result.error?.code]).toEqual(['protocol_error', 'HTTP_BODY_TOO_LARGE']);
  }, 60_000);

  it('an endless error body is cut short: the status still decides, with a warning', async () => {
    const result = await scan('endless-500');
    expect(result.status).toBe('http_error');
    expect(codes(result)).toContain('HTTP_BODY_TRUNCATED');
  }, 60_000);

  it('an SSE line that never ends is cut at 32 MiB', async () => {
    const result = await scan('endless-sse');
    expect([result.status, result.error?.code]).toEqual(['protocol_error', 'HTTP_BODY_TOO_LARGE']);
    expect(result.error?.message).toContain('SSE line');
  }, 60_000);
});
