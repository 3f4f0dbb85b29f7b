// The real `mcp-atlas scan` CLI in a child process: output formats, exit codes, usage errors,
// environment isolation, sanitised terminal output, and cleanup on Ctrl-C.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type ScanResult, ScanResultSchema } from '../../data/schema/index.ts';
import { EXIT_CODES } from '../../scanner/cli/exit-codes.ts';
import { SANDBOX_HOME } from '../../scanner/sandbox/index.ts';
import { refusedUrl, startHttpFixture } from '../helpers/http-fixture.ts';
import { MARKER_VARIABLE, newMarker, processesWithMarker, survivorsAfter } from '../helpers/processes.ts';
import { BIN, fixtureCommand, NODE, ROOT, runCli } from '../helpers/run-cli.ts';

const scratch = mkdtempSync(join(tmpdir(), 'atlas-cli-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function parseResult(stdout: string): ScanResult {
  const parsed = ScanResultSchema.safeParse(JSON.parse(stdout));
  expect(parsed.error).toBeUndefined();
  return parsed.data as ScanResult;
}

describe('mcp-atlas scan (stdio)', () => {
  it('prints a readable table on stdout and progress on stderr', async () => {
    const run = await runCli(['scan', '--', ...fixtureCommand('well-behaved')]);
    expect(run.code).toBe(EXIT_CODES.OK);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(
      /^fixture-well-behaved 1\.2\.3 \(stdio, protocol \d{4}-\d\d-\d\d\): 3 tools, 1 prompt, 1 resource, 1 resource template — ok in /,
    );
    const verdict = '(read|write|destructive)/(low|medium|high|critical)';
    expect(lines).toContainEqual(expect.stringMatching(/^TOOL +TITLE +ANNOTATIONS +CLASS\/RISK +DESCRIPTION$/));
    expect(lines).toContainEqual(
      expect.stringMatching(
        new RegExp(`^read_note    Read a note  read-only, closed-world  ${verdict} +Returns the note with the given id\\.$`),
      ),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(new RegExp(`^add_note     Add a note   additive, closed-world   ${verdict} +Stores a new note\\.$`)),
    );
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^count_notes +read-only +${verdict} +Counts notes\\.$`)));
    expect(run.stderr).toContain('mcp-atlas: Listed 3 tools.');
  });

  it('prints the result exactly as the schema defines it with --json, and writes it with --out', async () => {
    const out = join(scratch, 'result.json');
    const run = await runCli(['scan', '--json', '--out', out, '--', ...fixtureCommand('destructive')]);
    expect(run.code).toBe(EXIT_CODES.OK);
    const result = parseResult(run.stdout);
    expect(result.tools.map((tool) => tool.name)).toEqual(['delete_repository', 'run_command', 'drop_table']);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(result);
  });

  it('classifies tools, exits 4 when --fail-on is reached, and renders SARIF', async () => {
    const failing = await runCli(['scan', '--fail-on', 'low', '--json', '--', ...fixtureCommand('destructive')]);
    expect(failing.code).toBe(EXIT_CODES.FAIL_ON_THRESHOLD);
    const result = parseResult(failing.stdout);
    expect(result.tools.every((tool) => tool.classification !== undefined && Array.isArray(tool.findings))).toBe(true);
    const sarif = await runCli(['scan', '--format', 'sarif', '--', ...fixtureCommand('destructive')]);
    expect(sarif.code).toBe(EXIT_CODES.OK);
    expect(JSON.parse(sarif.stdout)).toMatchObject({ version: '2.1.0', runs: [{ tool: { driver: { name: 'mcp-atlas' } } }] });
  });

  it('prints a valid result for a failed scan and exits with the status code', async () => {
    const run = await runCli(['scan', '--json', '--', ...fixtureCommand('exits-early')]);
    expect(run.code).toBe(EXIT_CODES.SPAWN_FAILED);
    const result = parseResult(run.stdout);
    expect(result.status).toBe('spawn_failed');
    expect(result.error?.message).toContain('GITHUB_TOKEN environment variable is required');
  });

  it('exits 10 on a timeout, within the time given by --connect-timeout', async () => {
    const marker = newMarker();
    const run = await runCli(
      ['scan', '--connect-timeout', '1', '--env', `${MARKER_VARIABLE}=${marker}`, '--', ...fixtureCommand('never-initialize')],
      {
        timeoutMs: 20_000,
      },
    );
    expect(run.code).toBe(EXIT_CODES.TIMEOUT);
    expect(run.stdout).toContain('error: The server did not answer `initialize` within 1 s.');
    expect(await survivorsAfter(marker, 1_000)).toEqual([]);
  });

  it('exits 18 when the server crashes mid-scan', async () => {
    const run = await runCli(['scan', '--', ...fixtureCommand('crash-mid-scan')]);
    expect(run.code).toBe(EXIT_CODES.CRASHED);
  });

  it('passes --env values but none of its own environment, and resolves the script against the caller’s directory', async () => {
    const env = { ...process.env, MCP_ATLAS_TEST_SECRET: 'hunter2' };
    const cwd = join(ROOT, 'test', 'fixtures', 'servers');
    const run = await runCli(['scan', '--json', '--env', 'GIVEN_VALUE=a=b', '--', NODE, './env-dumper.ts'], { env, cwd });
    expect(run.code).toBe(EXIT_CODES.OK);
    const result = parseResult(run.stdout);
    const describe = (name: string) => result.tools.find((tool) => tool.name === name)?.description;
    expect(describe('env_names')).toBe('GIVEN_VALUE,HOME,PATH,PWD');
    expect(describe('given_value')).toBe('a=b');
    expect(describe('work_dir')).toBe(SANDBOX_HOME);
    expect(run.stdout).not.toContain('hunter2');
  });

  it('strips escape sequences and invisible characters from server text in the table', async () => {
    const run = await runCli(['scan', '--', ...fixtureCommand('hostile-text')]);
    expect(run.code).toBe(EXIT_CODES.OK);
    expect(run.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b\u202a-\u202e]/);
    expect(run.stdout).toContain('fixture-hostile 1.0.0');
    expect(run.stdout).toContain('Looks green. Second line evil zero');
    expect(run.stdout.split('\n').filter((line) => line.startsWith('paint'))).toHaveLength(1);
  });

  it('kills the server’s process group when interrupted', async () => {
    const marker = newMarker();
    const child = spawn(NODE, [BIN, 'scan', '--env', `${MARKER_VARIABLE}=${marker}`, '--', ...fixtureCommand('never-initialize')], {
      cwd: ROOT,
      stdio: 'ignore',
    });
    const deadline = Date.now() + 15_000;
    while (processesWithMarker(marker).length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(processesWithMarker(marker).length).toBeGreaterThan(0);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(EXIT_CODES.INTERRUPTED_SIGINT);
    expect(await survivorsAfter(marker, 2_000)).toEqual([]);
  });
});

describe('mcp-atlas scan (HTTP)', () => {
  it('scans a URL and maps each failure to its exit code', async () => {
    const cases = [
      ['streamable', 'ok', EXIT_CODES.OK],
      ['sse', 'ok', EXIT_CODES.OK],
      ['auth', 'auth_required', EXIT_CODES.AUTH_REQUIRED],
      ['404', 'http_error', EXIT_CODES.HTTP_ERROR],
      ['html', 'not_mcp', EXIT_CODES.NOT_MCP],
    ] as const;
    for (const [mode, status, code] of cases) {
      const fixture = await startHttpFixture(mode);
      try {
        const run = await runCli(['scan', '--json', fixture.url]);
        expect({ mode, code: run.code, status: parseResult(run.stdout).status }).toEqual({ mode, code, status });
      } finally {
        await fixture.close();
      }
    }
    const refused = await runCli(['scan', await refusedUrl()]);
    expect(refused.code).toBe(EXIT_CODES.CONNECTION_REFUSED);
  });

  it('sends --header values and records only their names', async () => {
    const fixture = await startHttpFixture('auth');
    try {
      const run = await runCli(['scan', '--json', '--header', 'Authorization: Bearer let-me-in', '--header', 'X-Trace:1', fixture.url]);
      expect(run.code).toBe(EXIT_CODES.OK);
      const result = parseResult(run.stdout);
      expect(result.transport).toMatchObject({ headerNames: ['Authorization', 'X-Trace'] });
      expect(run.stdout).not.toContain('let-me-in');
      expect(fixture.seenHeaders.has('x-trace')).toBe(true);
    } finally {
      await fixture.close();
    }
  });
});

describe('mcp-atlas scan usage', () => {
  it('prints help', async () => {
    const run = await runCli(['scan', '--help']);
    expect(run.code).toBe(EXIT_CODES.OK);
    expect(run.stdout).toContain('mcp-atlas scan [options] -- <command> [args...]');
  });

  // Each option's own parsing is unit-tested in units.test.ts; these check the CLI wiring of a usage error.
  it.each([[[]], [['not-a-url']], [['--no-such-option', 'http://127.0.0.1/']], [['--env', 'A=1', 'http://127.0.0.1/']]])(
    'rejects %j with exit code 2',
    async (args) => {
      const run = await runCli(['scan', ...args]);
      expect(run.code).toBe(EXIT_CODES.USAGE);
      expect(run.stderr).toMatch(/^mcp-atlas scan: [\s\S]+\nRun `mcp-atlas scan --help` for usage\.\n$/);
      expect(run.stdout).toBe('');
    },
  );
});
