// Pagination (normal, looping, cycling, endless) and caps (thousands of tools, megabyte descriptions,
// huge schemas), each against a real fixture server over stdio.
import { describe, expect, it } from 'vitest';
import { ScanResultSchema } from '../../data/schema/index.ts';
import { DEFAULT_LIMITS, type ScanOptions, scanServer } from '../../scanner/scan/scan-server.ts';
import { MARKER_VARIABLE, newMarker, survivorsAfter } from '../helpers/processes.ts';
import { fixtureCommand } from '../helpers/run-cli.ts';

async function scanFixture(name: string, args: string[], options: ScanOptions = {}) {
  const marker = newMarker();
  const [command, ...rest] = fixtureCommand(name, ...args);
  const result = await scanServer(
    { kind: 'stdio', command, args: rest, env: { [MARKER_VARIABLE]: marker } },
    { connectTimeoutMs: 20_000, requestTimeoutMs: 15_000, totalTimeoutMs: 50_000, ...options },
  );
  expect(ScanResultSchema.safeParse(result).error).toBeUndefined();
  expect(await survivorsAfter(marker, 1_000)).toEqual([]);
  return result;
}

const codes = (result: { warnings: { code: string }[] }) => result.warnings.map((warning) => warning.code);

describe('pagination', () => {
  it('follows nextCursor to the end for tools and prompts', async () => {
    const result = await scanFixture('paginated', []);
    expect(result.status).toBe('ok');
    expect(result.tools.map((tool) => tool.name)).toEqual([
      'alpha',
      'bravo',
      'charlie',
      'delta',
      'echo',
      'foxtrot',
      'golf',
      'hotel',
      'india',
    ]);
    expect(result.prompts.map((prompt) => prompt.name)).toEqual(['first', 'second']);
    expect(result.warnings).toEqual([]);
  });

  it('stops when the same cursor comes back forever, keeping what was listed', async () => {
    const result = await scanFixture('pagination-loop', ['same']);
    expect(result.status).toBe('ok');
    expect(result.tools.map((tool) => tool.name)).toEqual(['tool_1', 'tool_2']);
    expect(codes(result)).toEqual(['PAGINATION_LOOP']);
  });

  it('stops when cursors cycle', async () => {
    const result = await scanFixture('pagination-loop', ['cycle']);
    expect(result.status).toBe('ok');
    // Pages: (none) -> a -> b -> c -> a again: four pages were read.
    expect(result.tools.map((tool) => tool.name)).toEqual(['tool_1', 'tool_2', 'tool_3', 'tool_4']);
    expect(codes(result)).toEqual(['PAGINATION_LOOP']);
  });

  it('stops at the page cap when every cursor is new', async () => {
    const result = await scanFixture('pagination-loop', ['endless'], { limits: { maxPages: 25 } });
    expect(result.status).toBe('ok');
    expect(result.tools).toHaveLength(25);
    expect(result.warnings).toEqual([
      { code: 'PAGES_CAP_HIT', message: 'Stopped `tools/list` after 25 pages (the page cap); the items listed so far are kept.' },
    ]);
  });
});

describe('huge servers', () => {
  it('lists thousands of tools, cutting a megabyte description and a huge schema to the caps', async () => {
    const result = await scanFixture('huge', ['3000', String(1024 * 1024)]);
    expect(result.status).toBe('ok');
    expect(result.tools).toHaveLength(3000);
    expect(result.tools[0]?.description).toHaveLength(DEFAULT_LIMITS.maxDescriptionChars);
    expect(result.tools[1]?.inputSchema).toEqual({
      type: 'object',
      description: expect.stringMatching(/^\(mcp-atlas: a schema of \d+ bytes was left out; the cap is 262144\)$/),
    });
    expect(result.tools[2999]?.name).toBe('tool_02999');
    expect(codes(result)).toEqual(['DESCRIPTIONS_TRUNCATED', 'SCHEMAS_TRUNCATED']);
    expect(Buffer.byteLength(JSON.stringify(result))).toBeLessThan(2 * 1024 * 1024);
  });

  it('stops at the tool cap across pages', async () => {
    const result = await scanFixture('huge', ['1200', '100', '500'], { limits: { maxTools: 1000 } });
    expect(result.status).toBe('ok');
    expect(result.tools).toHaveLength(1000);
    expect(result.tools.at(-1)?.name).toBe('tool_00999');
    expect(result.warnings[0]).toEqual({ code: 'TOOLS_CAP_HIT', message: 'Kept the first 1000 tools (the cap); the server lists more.' });
    expect(codes(result)).toEqual(['TOOLS_CAP_HIT', 'SCHEMAS_TRUNCATED']);
  });

  it('skips a message longer than the message cap and ends with a clear status', async () => {
    const result = await scanFixture('huge', ['10', String(2 * 1024 * 1024)], {
      limits: { maxMessageBytes: 1024 * 1024 },
      requestTimeoutMs: 2_000,
    });
    expect(result.status).toBe('timeout');
    expect(result.error).toEqual({ code: 'TIMEOUT_REQUEST', message: 'The server did not answer `tools/list` within 2 s.' });
    expect(codes(result)).toContain('MESSAGE_TOO_LARGE');
  });
});
