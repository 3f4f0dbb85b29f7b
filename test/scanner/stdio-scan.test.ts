// Scans fixture servers over stdio through the library: each personality ends with a clear status,
// within bounded time, with no process left behind.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type ScanResult, ScanResultSchema } from '../../data/schema/index.ts';
import { EXIT_CODES } from '../../scanner/cli/exit-codes.ts';
import { SANDBOX_HOME, type SandboxOptions } from '../../scanner/sandbox/index.ts';
import { type ScanOptions, scanServer } from '../../scanner/scan/scan-server.ts';
import { hashTool } from '../../scanner/scan/tool-hash.ts';
import { MARKER_VARIABLE, newMarker, stillAliveAfter, survivorsAfter } from '../helpers/processes.ts';
import { fixtureCommand, ROOT, runCli } from '../helpers/run-cli.ts';

const scratch = mkdtempSync(join(tmpdir(), 'atlas-scan-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Scans a fixture with a marker in its environment; checks the result validates and no process survives. */
async function scanFixture(name: string, args: string[] = [], options: ScanOptions = {}, env: Record<string, string> = {}) {
  const marker = newMarker();
  const [command, ...rest] = fixtureCommand(name, ...args);
  const startedAt = Date.now();
  const result = await scanServer(
    { kind: 'stdio', command, args: rest, env: { [MARKER_VARIABLE]: marker, ...env } },
    { connectTimeoutMs: 20_000, requestTimeoutMs: 10_000, totalTimeoutMs: 45_000, ...options },
  );
  const elapsedMs = Date.now() - startedAt;
  expect(ScanResultSchema.safeParse(result).error).toBeUndefined();
  expect(await survivorsAfter(marker, 1_000)).toEqual([]);
  return { result, elapsedMs };
}

describe('a well-behaved server', () => {
  it('records server info, every tool with annotations and hash, prompts, resources and templates', async () => {
    const { result } = await scanFixture('well-behaved');
    expect(result.status).toBe('ok');
    expect(result.error).toBeUndefined();
    expect(result.warnings).toEqual([]);
    expect(result.serverInfo).toEqual({
      name: 'fixture-well-behaved',
      version: '1.2.3',
      title: 'Well-behaved fixture',
      instructions: 'Notes live in memory.',
    });
    expect(result.protocolVersion).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(Object.keys(result.capabilities ?? {}).sort()).toEqual(['prompts', 'resources', 'tools']);
    expect(result.transport).toEqual({
      type: 'stdio',
      command: process.execPath,
      args: [expect.stringMatching(/well-behaved\.ts$/)],
      envNames: [MARKER_VARIABLE],
      sandbox: {
        kind: 'bwrap',
        network: 'loopback',
        memoryLimitBytes: 1024 ** 3,
        memoryEnforcement: expect.stringMatching(/^(cgroup-v1|cgroup-v2|rss)$/),
      },
    });
    expect(result.tools.map((tool) => tool.name)).toEqual(['read_note', 'add_note', 'count_notes']);
    const [read, add, count] = result.tools;
    expect(read?.title).toBe('Read a note');
    expect(read?.annotations).toEqual({ readOnlyHint: true, openWorldHint: false });
    expect(read?.inputSchema).toMatchObject({
      type: 'object',
      properties: { id: { type: 'string', description: 'Note id' } },
      required: ['id'],
    });
    expect(add?.annotations).toEqual({ readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false });
    expect(count?.outputSchema).toMatchObject({ type: 'object', properties: { count: { type: 'number' } } });
    for (const tool of result.tools) {
      const { hash, classification: _c, findings: _f, ...fields } = tool;
      expect(hash).toBe(hashTool(fields));
    }
    expect(result.prompts).toEqual([
      { name: 'summarise', title: 'Summarise notes', description: 'Summarise all notes.', arguments: [{ name: 'style', required: true }] },
    ]);
    expect(result.resources).toEqual([
      { uri: 'notes://readme', name: 'readme', title: 'Readme', description: 'About the notes.', mimeType: 'text/plain' },
    ]);
    expect(result.resourceTemplates).toEqual([
      { uriTemplate: 'notes://note/{id}', name: 'note', description: 'One note by id.', mimeType: 'text/plain' },
    ]);
    expect(result.durationMs).toBeGreaterThan(0);
    expect(Date.parse(result.scannedAt)).toBeLessThanOrEqual(Date.now());
  });

  it('records destructive tools as declared, including undeclared and misdeclared ones', async () => {
    const { result } = await scanFixture('destructive');
    expect(result.status).toBe('ok');
    expect(result.tools.map((tool) => [tool.name, tool.annotations])).toEqual([
      ['delete_repository', { destructiveHint: true, readOnlyHint: false }],
      ['run_command', undefined],
      ['drop_table', { readOnlyHint: true }],
    ]);
  });

  it('records requiredEnv when given', async () => {
    const { result } = await scanFixture('destructive', [], { requiredEnv: ['API_KEY'] });
    expect(result.requiredEnv).toEqual(['API_KEY']);
  });
});

describe('the environment of a stdio server', () => {
  it('holds only the variables given plus PATH, PWD and a scratch HOME, never the scanner’s own', async () => {
    process.env.MCP_ATLAS_TEST_SECRET = 'hunter2';
    try {
      const { result } = await scanFixture('env-dumper', [], {}, { GIVEN_VALUE: 'passed through' });
      expect(result.status).toBe('ok');
      const describe = (name: string) => result.tools.find((tool) => tool.name === name)?.description;
      // bwrap sets PWD to the working directory it enters (the scratch HOME).
      expect(describe('env_names')?.split(',')).toEqual(['GIVEN_VALUE', 'HOME', MARKER_VARIABLE, 'PATH', 'PWD']);
      expect(describe('given_value')).toBe('passed through');
      expect(JSON.stringify(result)).not.toContain('hunter2');
      expect(result.transport).toMatchObject({ envNames: ['GIVEN_VALUE', MARKER_VARIABLE] });
      expect(JSON.stringify(result.transport)).not.toContain('passed through');
      // In the sandbox HOME is a tmpfs of its own, which is also the working directory.
      expect(describe('home_dir')).toBe(SANDBOX_HOME);
      expect(describe('work_dir')).toBe(SANDBOX_HOME);
    } finally {
      delete process.env.MCP_ATLAS_TEST_SECRET;
    }
  });

  it('without the sandbox: a scratch HOME on the host, removed after the scan', async () => {
    const { result } = await scanFixture('env-dumper', [], { sandbox: { kind: 'none' } });
    expect(result.warnings.map((warning) => warning.code)).toContain('NO_SANDBOX');
    expect(result.transport).toMatchObject({ sandbox: { kind: 'none', network: 'host' } });
    const home = result.tools.find((tool) => tool.name === 'home_dir')?.description ?? '';
    expect(home).not.toBe(process.env.HOME);
    expect(home.startsWith(tmpdir())).toBe(true);
    expect(existsSync(home)).toBe(false);
  });

  it('resolves relative paths against the caller’s directory; without the sandbox it runs there', async () => {
    const [command, ...args] = fixtureCommand('env-dumper');
    const inScratch = await scanServer({ kind: 'stdio', command, args, cwd: scratch }, { sandbox: { kind: 'none' } });
    expect(inScratch.tools.find((tool) => tool.name === 'work_dir')?.description).toBe(scratch);
    const relative = await scanServer({ kind: 'stdio', command: process.execPath, args: ['test/fixtures/servers/env-dumper.ts'] });
    expect(relative.status).toBe('ok');
    expect(relative.tools.find((tool) => tool.name === 'work_dir')?.description).toBe(SANDBOX_HOME);
    expect(process.cwd()).toBe(ROOT);
  });
});

describe('hostile stdio servers', () => {
  it('times out a server that never answers initialize, and kills it although it ignores SIGTERM', async () => {
    const { result, elapsedMs } = await scanFixture('never-initialize', [], { connectTimeoutMs: 1_500 });
    expect(result.status).toBe('timeout');
    expect(result.error).toEqual({
      code: 'TIMEOUT_INITIALIZE',
      message: 'The server did not answer `initialize` within 1.5 s. Its stderr ends with: never-initialize: listening, will never answer',
    });
    expect(elapsedMs).toBeLessThan(8_000);
  });

  it('waits for a slow server within the connect timeout, and gives up on it beyond', async () => {
    const slow = await scanFixture('slow-start', ['2000'], { connectTimeoutMs: 15_000 });
    expect(slow.result.status).toBe('ok');
    expect(slow.result.tools.map((tool) => tool.name)).toEqual(['ping']);
    const tooSlow = await scanFixture('slow-start', ['60000'], { connectTimeoutMs: 1_000 });
    expect(tooSlow.result.status).toBe('timeout');
    expect(tooSlow.result.error?.code).toBe('TIMEOUT_INITIALIZE');
    expect(tooSlow.elapsedMs).toBeLessThan(6_000);
  });

  it('stops at the whole-scan timeout', async () => {
    const { result, elapsedMs } = await scanFixture('slow-start', ['60000'], { connectTimeoutMs: 30_000, totalTimeoutMs: 1_500 });
    expect(result.status).toBe('timeout');
    expect(result.error?.code).toBe('TIMEOUT_TOTAL');
    expect(elapsedMs).toBeLessThan(6_000);
  });

  // Exiting at once used to be `init_failed … write EPIPE` or `spawn_failed` depending on timing.
  it.each<[string, SandboxOptions]>([
    ['in the sandbox', { kind: 'bwrap' }],
    ['without the sandbox', { kind: 'none' }],
  ])('classifies an immediate exit as spawn_failed every time (%s)', async (_mode, sandbox) => {
    const [command, ...args] = fixtureCommand('exits-early');
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        scanServer({ kind: 'stdio', command: process.execPath, args: ['-e', 'process.exit(3)'] }, { sandbox }),
      ),
    );
    results.push(...(await Promise.all(Array.from({ length: 4 }, () => scanServer({ kind: 'stdio', command, args }, { sandbox })))));
    expect(results.map((result) => `${result.status} ${result.error?.code}`)).toEqual(
      Array(10).fill('spawn_failed EXITED_BEFORE_INITIALIZE'),
    );
    expect(results.at(-1)?.error?.message).toContain('GITHUB_TOKEN');
  });

  it('reports a server that exits before initialize as spawn_failed, quoting its stderr', async () => {
    const { result } = await scanFixture('exits-early');
    expect(result.status).toBe('spawn_failed');
    expect(result.error).toEqual({
      code: 'EXITED_BEFORE_INITIALIZE',
      message:
        'The server exited with code 1 before answering `initialize`. Its stderr ends with: Error: GITHUB_TOKEN environment variable is required',
    });
    expect(result.stderrTail).toContain('GITHUB_TOKEN');
  });

  // A CLI that wants a subcommand often prints its help to stdout and exits 0: without stderr, say what it printed.
  it('quotes the usage line a server printed to stdout when it quit with nothing on stderr', async () => {
    const script = [
      "console.log('\\u001b[1mFake MCP\\u001b[0m v1.0');",
      "console.log('Usage: fake-mcp <command> [options]');",
      "console.log('  serve   start the server');",
      'process.exit(0);',
    ].join('');
    const result = await scanServer({ kind: 'stdio', command: process.execPath, args: ['-e', script] }, { sandbox: { kind: 'bwrap' } });
    expect(result.status).toBe('spawn_failed');
    expect(result.error?.message).toBe(
      'The server exited with code 0 before answering `initialize`. It printed to stdout instead of JSON-RPC: Usage: fake-mcp <command> [options]',
    );
    expect(result.warnings?.map((w) => w.code)).toContain('STDOUT_NOISE');
  });

  it('reads an `initialize` error with code -32001 as the server refusing, not as our timeout', async () => {
    const { result, elapsedMs } = await scanFixture('initialize-error');
    expect(result.status).toBe('auth_required');
    expect(result.error?.code).toBe('INITIALIZE_AUTH_ERROR');
    expect(result.error?.message).toContain('Not authenticated: set API_KEY');
    expect(elapsedMs).toBeLessThan(15_000);
  });

  it('reports any other `initialize` error reply as init_failed', async () => {
    const { result } = await scanFixture('initialize-error', ['-32603', 'database schema is missing']);
    expect(result.status).toBe('init_failed');
    expect(result.error).toEqual({
      code: 'INITIALIZE_ERROR',
      message: 'The server answered `initialize` with an error: MCP error -32603: database schema is missing.',
    });
  });

  it('reports a command that does not exist as spawn_failed', async () => {
    const result = await scanServer({ kind: 'stdio', command: 'mcp-atlas-no-such-command', args: [] });
    expect(ScanResultSchema.safeParse(result).success).toBe(true);
    expect(result.status).toBe('spawn_failed');
    expect(result.error).toEqual({ code: 'SPAWN_FAILED', message: 'Could not start `mcp-atlas-no-such-command`: command not found.' });
  });

  it('reports a crash while listing tools as crashed', async () => {
    const { result } = await scanFixture('crash-mid-scan');
    expect(result.status).toBe('crashed');
    expect(result.serverInfo?.name).toBe('fixture-crash');
    expect(result.error).toEqual({
      code: 'SERVER_EXITED',
      message:
        'The server exited with code 3 while answering `tools/list`. Its stderr ends with: fatal: segmentation fault while loading tools',
    });
  });

  it('skips log text printed to stdout and counts it', async () => {
    const { result } = await scanFixture('stdout-noisy');
    expect(result.status).toBe('ok');
    expect(result.tools.map((tool) => tool.name)).toEqual(['noisy_tool']);
    expect(result.warnings).toEqual([
      { code: 'STDOUT_NOISE', message: '5 lines of stdout were not JSON-RPC and were skipped (servers should log to stderr).' },
    ]);
  });

  it('salvages valid tools from a reply that breaks the schema and names each dropped one', async () => {
    const { result } = await scanFixture('schema-breaking');
    expect(result.status).toBe('ok');
    expect(result.tools.map((tool) => tool.name)).toEqual(['good_one', 'good_two', 'bad_output']);
    expect(result.tools[1]?.annotations).toEqual({ destructiveHint: false });
    expect(result.tools[2]?.outputSchema).toBeUndefined();
    expect(result.warnings.filter((warning) => warning.code === 'TOOL_DROPPED').map((warning) => warning.message)).toEqual([
      'Tool #2 was dropped: it has no name.',
      'Tool #3 was dropped: it has a name that is a number, not a string.',
      'Tool "no_schema" was dropped: it has no inputSchema.',
      'Tool "string_schema" was dropped: it has an inputSchema that is a string, not an object.',
      'Tool "array_schema" was dropped: it has an inputSchema that is an array, not an object.',
      'Tool #7 was dropped: it is a string, not an object.',
    ]);
    expect(result.warnings.filter((warning) => warning.code === 'TOOL_FIELD_IGNORED')).toHaveLength(2);
  });

  it.each([
    [
      'list-error',
      'protocol_error',
      'LIST_ERROR',
      'The server answered `tools/list` with an error: MCP error -32603: Database unavailable.',
    ],
    ['no-array', 'protocol_error', 'INVALID_LIST_REPLY', 'The `tools/list` reply has no `tools` array.'],
    [
      'init-error',
      'init_failed',
      'INITIALIZE_ERROR',
      'The server answered `initialize` with an error: MCP error -32603: Server misconfigured: no database.',
    ],
    [
      'bad-version',
      'init_failed',
      'INVALID_INITIALIZE_RESULT',
      "The server's `initialize` reply was unusable: Server's protocol version is not supported: 1999-01-01.",
    ],
  ])('maps a server that breaks MCP (%s) to %s', async (mode, status, code, message) => {
    const { result } = await scanFixture('schema-breaking', [mode]);
    expect(result.status).toBe(status);
    expect(result.error).toEqual({ code, message });
  });

  it('keeps the tools listed before a page that never comes', async () => {
    const { result, elapsedMs } = await scanFixture('pagination-loop', ['stall'], { requestTimeoutMs: 1_000 });
    expect(result.status).toBe('timeout');
    expect(result.error).toEqual({ code: 'TIMEOUT_REQUEST', message: 'The server did not answer `tools/list` within 1 s.' });
    expect(result.tools.map((tool) => tool.name)).toEqual(['tool_1']);
    expect(elapsedMs).toBeLessThan(10_000);
  });

  it('keeps only a bounded tail of a stderr flood without deadlocking', async () => {
    const { result, elapsedMs } = await scanFixture('stderr-flood', ['16'], { limits: { maxStderrBytes: 4_096 } });
    expect(result.status).toBe('ok');
    expect(result.tools.map((tool) => tool.name)).toEqual(['flood']);
    expect(Buffer.byteLength(result.stderrTail ?? '')).toBeLessThanOrEqual(4_096);
    expect(result.stderrTail).toContain('flood flood');
    expect(elapsedMs).toBeLessThan(30_000);
  });

  // The pid file proves the grandchild started; scanFixture checks no process with the marker survives. Without the
  // sandbox the pid is the host's, so it is checked too (in the sandbox it is a pid of the sandbox's namespace).
  it.each<[string, SandboxOptions]>([
    ['in the sandbox', { kind: 'bwrap', allowWrite: [scratch] }],
    ['without the sandbox', { kind: 'none' }],
  ])('kills the whole process group, including a grandchild that ignores SIGTERM (%s)', async (mode, sandbox) => {
    const pidFile = join(scratch, `grandchild-${sandbox.kind}.pid`);
    const { result } = await scanFixture('spawns-grandchild', [pidFile], { sandbox: { ...sandbox } });
    expect(result.status).toBe('ok');
    const grandchild = Number(readFileSync(pidFile, 'utf8'));
    expect(grandchild).toBeGreaterThan(0);
    if (mode === 'without the sandbox') expect(await stillAliveAfter(grandchild, 1_000)).toBe(false);
  });

  it('leaves no process behind after a failed scan either', async () => {
    const pidFile = join(scratch, 'grandchild-timeout.pid');
    const { result } = await scanFixture('spawns-grandchild', [pidFile, 'hang'], {
      totalTimeoutMs: 6_000,
      connectTimeoutMs: 4_000,
      sandbox: { kind: 'bwrap', allowWrite: [scratch] },
    });
    expect(result.status).toBe('timeout');
    expect(existsSync(pidFile)).toBe(true);
  });
});

describe('what the scanner declares to a server, and what it gives', () => {
  it('declares roots, sampling and elicitation, yet answers with no roots, a refused sampling and a declined elicitation', async () => {
    const run = await runCli(['scan', '--json', '--', ...fixtureCommand('asks-client')]);
    expect(run.code).toBe(EXIT_CODES.OK);
    const result = JSON.parse(run.stdout) as ScanResult;
    const answer = (name: string) => JSON.parse(result.tools.find((tool) => tool.name === name)!.description!) as Record<string, unknown>;
    expect(answer('declared')).toMatchObject({ roots: {}, sampling: {}, elicitation: {} });
    expect(answer('roots')).toEqual({ roots: [] });
    expect(String(answer('sampling').error)).toContain('declines every sampling request');
    expect(answer('elicitation')).toEqual({ action: 'decline' });
    expect(result.clientCapabilities).toEqual(answer('declared'));
  }, 60_000);
});
