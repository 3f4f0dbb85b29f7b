// The real CLI killed mid-scan (SIGKILL, SIGTERM) leaves no server running, no scratch folder and no cgroup;
// without bubblewrap it refuses to run a server unless --no-sandbox says the user accepts the risk.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ScanResult } from '../../data/schema/index.ts';
import { EXIT_CODES } from '../../scanner/cli/exit-codes.ts';
import { MARKER_VARIABLE, newMarker, processesWithMarker, survivorsAfter } from '../helpers/processes.ts';
import { BIN, fixtureCommand, NODE, ROOT, runCli } from '../helpers/run-cli.ts';
import { cgroupsOf, haveSandbox } from '../helpers/sandbox.ts';

const work = mkdtempSync(join(tmpdir(), 'atlas-lifecycle-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/**
 * Starts `scan` of a server that never answers, with its own TMPDIR, and waits until `atLeast` processes carry its
 * marker: the server and its three escapees in the sandbox, where the test is that none of them survives.
 */
async function startHangingScan(extra: string[] = [], atLeast = 4): Promise<{ child: ChildProcess; marker: string; tmp: string }> {
  const marker = newMarker();
  const tmp = mkdtempSync(join(work, 'tmp-'));
  const child = spawn(NODE, [BIN, 'scan', ...extra, '--env', `${MARKER_VARIABLE}=${marker}`, '--', ...fixtureCommand('escapes', 'hang')], {
    cwd: ROOT,
    env: { ...process.env, TMPDIR: tmp },
    stdio: 'ignore',
  });
  // Generous: on a loaded 2-core CI machine four Node start-ups can take many seconds.
  const deadline = Date.now() + 45_000;
  while (processesWithMarker(marker).length < atLeast && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  expect(processesWithMarker(marker).length).toBeGreaterThanOrEqual(atLeast);
  return { child, marker, tmp };
}

const exitOf = (child: ChildProcess) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );

describe.skipIf(!haveSandbox)('scan killed mid-scan', () => {
  it('SIGKILL: the sandbox dies with it (no server, no scratch), and the next scan removes its stale cgroup', async () => {
    const { child, marker, tmp } = await startHangingScan();
    const pid = child.pid as number;
    const exited = exitOf(child);
    child.kill('SIGKILL');
    expect((await exited).signal).toBe('SIGKILL');
    expect(await survivorsAfter(marker, 3_000)).toEqual([]);
    expect(readdirSync(tmp)).toEqual([]);
    // Nothing can run after SIGKILL; the empty cgroup it made is swept by the next scanner that makes one.
    const next = await runCli(['scan', '--json', '--', ...fixtureCommand('well-behaved')]);
    expect(next.code).toBe(EXIT_CODES.OK);
    expect(cgroupsOf(pid)).toEqual([]);
  });

  it.each([
    ['SIGTERM', EXIT_CODES.INTERRUPTED_SIGTERM],
    ['SIGHUP', EXIT_CODES.INTERRUPTED_SIGHUP],
  ] as const)('%s: stops the server, removes everything and exits 128 + the signal', async (signal, code) => {
    const { child, marker, tmp } = await startHangingScan();
    const exited = exitOf(child);
    child.kill(signal);
    expect((await exited).code).toBe(code);
    expect(await survivorsAfter(marker, 2_000)).toEqual([]);
    expect(readdirSync(tmp)).toEqual([]);
    expect(cgroupsOf(child.pid as number)).toEqual([]);
  });
});

describe('scan killed mid-scan without the sandbox', () => {
  it('SIGTERM: removes the scratch HOME it made on the host', async () => {
    // What is tested here is the scratch HOME, so the server running is enough: without the sandbox its escapees are
    // not the scanner's to stop, and waiting for all of them made this test depend on the machine's speed.
    const { child, tmp } = await startHangingScan(['--no-sandbox'], 1);
    expect(readdirSync(tmp).filter((name) => name.startsWith('mcp-atlas-home-'))).toHaveLength(1);
    const exited = exitOf(child);
    child.kill('SIGTERM');
    expect((await exited).code).toBe(EXIT_CODES.INTERRUPTED_SIGTERM);
    expect(readdirSync(tmp)).toEqual([]);
    // Without the PID namespace the setsid escapees do survive: that is what --no-sandbox gives up. Clean them up,
    // once any still starting have had time to appear.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    for (const survivor of processesWithMarker(child.spawnargs.find((arg) => arg.startsWith(MARKER_VARIABLE))?.split('=')[1] ?? '-')) {
      process.kill(survivor, 'SIGKILL');
    }
  });
});

describe('a machine without bubblewrap', () => {
  // No bwrap on PATH (the CLI and the fixture are started by absolute path, so nothing else needs PATH).
  const env = { ...process.env, PATH: join(work, 'empty-path') };

  it.each([
    ['scan', ['scan', '--', ...fixtureCommand('well-behaved')]],
    ['crawl', ['crawl', '--sources', join(ROOT, 'test', 'fixtures', 'no-such-sources.json'), '--out', join(work, 'data')]],
  ])('%s refuses with exit 6, naming how to install bubblewrap', async (_command, args) => {
    const run = await runCli(args, { env });
    expect(run.code).toBe(EXIT_CODES.SANDBOX_UNAVAILABLE);
    expect(run.stderr).toContain('refusing to run a server without a sandbox');
    expect(run.stderr).toContain('apt-get install bubblewrap');
    expect(run.stderr).toContain('--no-sandbox');
    expect(run.stdout).toBe('');
  });

  it('scans with --no-sandbox, warning on stderr and in the result', async () => {
    const run = await runCli(['scan', '--json', '--no-sandbox', '--', ...fixtureCommand('well-behaved')], { env });
    expect(run.code).toBe(EXIT_CODES.OK);
    expect(run.stderr).toContain('WARNING: --no-sandbox');
    const result = JSON.parse(run.stdout) as ScanResult;
    expect(result.warnings.map((warning) => warning.code)).toContain('NO_SANDBOX');
    expect(result.transport).toMatchObject({ sandbox: { kind: 'none', network: 'host' } });
  });

  it('rejects sandbox flags with --no-sandbox', async () => {
    const run = await runCli(['scan', '--no-sandbox', '--network', '--', ...fixtureCommand('well-behaved')]);
    expect(run.code).toBe(EXIT_CODES.USAGE);
    expect(run.stderr).toContain('--network applies to the sandbox');
  });
});
