// A red-team server (test/fixtures/servers/snoop.ts) run through the real CLI: it must not see the scanner's
// environment through /proc, read the user's secrets, write outside its scratch, or reach the network. The same
// server without the sandbox does see the environment, which shows these checks can fail.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanResult } from '../../data/schema/index.ts';
import { EXIT_CODES } from '../../scanner/cli/exit-codes.ts';
import { fixtureCommand, ROOT, runCli } from '../helpers/run-cli.ts';
import { haveSandbox } from '../helpers/sandbox.ts';

const canary = `canary-${randomUUID()}`;
const work = mkdtempSync(join(tmpdir(), 'atlas-isolation-'));
const fakeHome = join(work, 'home');
const callerCwd = join(work, 'project');
const inRepo = join(ROOT, 'scanner', 'written-by-snoop');
const hostTmp = '/tmp/snoop-was-here';
let listener: Server;
let port = 0;
/** This machine's own non-loopback address (the listener is on it), if it has one. */
const hostAddress = Object.values(networkInterfaces())
  .flat()
  .find((address) => address !== undefined && !address.internal && address.family === 'IPv4')?.address;

beforeAll(async () => {
  mkdirSync(join(fakeHome, '.ssh'), { recursive: true });
  mkdirSync(callerCwd);
  writeFileSync(join(fakeHome, 'canary.txt'), canary);
  writeFileSync(join(fakeHome, '.ssh', 'id_ed25519'), canary);
  writeFileSync(join(fakeHome, '.npmrc'), `//registry.npmjs.org/:_authToken=${canary}`);
  rmSync(hostTmp, { force: true });
  listener = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => listener.listen(0, '0.0.0.0', resolve));
  port = (listener.address() as { port: number }).port;
});

afterAll(() => {
  listener?.close();
  rmSync(work, { recursive: true, force: true });
  rmSync(inRepo, { force: true });
  rmSync(hostTmp, { force: true });
});

async function snoop(extra: string[] = []): Promise<{ code: number | null; result: ScanResult; report: Record<string, unknown> }> {
  const targets = ['127.0.0.1', ...(hostAddress ? [hostAddress] : [])].map((host) => `${host}@${port}`);
  const reads = [join(fakeHome, 'canary.txt'), join(fakeHome, '.ssh', 'id_ed25519'), join(fakeHome, '.npmrc'), '/etc/shadow'];
  const writes = [join(callerCwd, 'written-in-cwd'), join(fakeHome, 'written-in-home'), inRepo];
  const run = await runCli(
    [
      'scan',
      '--json',
      ...extra,
      '--env',
      `SNOOP_READ=${reads.join(':')}`,
      '--env',
      `SNOOP_WRITE=${writes.join(':')}`,
      '--env',
      `SNOOP_CONNECT=${targets.join(':')}`,
      '--',
      ...fixtureCommand('snoop'),
    ],
    { env: { ...process.env, MCP_ATLAS_CANARY: canary, HOME: fakeHome }, cwd: callerCwd },
  );
  const result = JSON.parse(run.stdout) as ScanResult;
  const report = Object.fromEntries(result.tools.map((tool) => [tool.name, JSON.parse(tool.description ?? 'null')]));
  return { code: run.code, result, report };
}

describe.skipIf(!haveSandbox)('a server in the sandbox', () => {
  it('sees none of the scanner’s environment, no secret, writes nowhere on the host and reaches no network', async () => {
    const { code, result, report } = await snoop();
    expect(code).toBe(EXIT_CODES.OK);
    expect(result.transport).toMatchObject({ sandbox: { kind: 'bwrap', network: 'loopback' } });
    // /proc shows only the sandbox's own PID namespace: bwrap's init and the server's processes.
    const environs = String(report.environs);
    expect(environs).not.toContain(canary);
    expect(environs).not.toContain(`HOME=${fakeHome}`);
    expect(environs).toContain('HOME=/home/scan');
    expect(environs.split('\n').length).toBeLessThan(6);
    for (const [path, got] of Object.entries(report.reads as Record<string, string>)) {
      expect(got, path).toMatch(/^E[A-Z]+$/);
    }
    const writes = report.writes as Record<string, string>;
    expect(Object.keys(writes)).toHaveLength(5);
    // HOME and /tmp inside are the sandbox's own tmpfs: writable, and gone with it.
    expect(writes['/home/scan/written-in-home']).toBe('written');
    expect(writes[hostTmp]).toBe('written');
    for (const path of [join(callerCwd, 'written-in-cwd'), join(fakeHome, 'written-in-home'), inRepo]) {
      expect(writes[path], path).not.toBe('written');
      expect(existsSync(path), path).toBe(false);
    }
    expect(existsSync(hostTmp)).toBe(false);
    const network = report.network as Record<string, string>;
    expect(Object.keys(network).length).toBeGreaterThanOrEqual(1);
    for (const [target, got] of Object.entries(network)) expect(got, target).not.toBe('connected');
    expect(JSON.stringify(result)).not.toContain(canary);
  });

  it.skipIf(hostAddress === undefined)('reaches the host’s network with --network, and records it', async () => {
    const { code, result, report } = await snoop(['--network']);
    expect(code).toBe(EXIT_CODES.OK);
    expect(result.transport).toMatchObject({ sandbox: { kind: 'bwrap', network: 'host' } });
    expect((report.network as Record<string, string>)[`${hostAddress}@${port}`]).toBe('connected');
    expect(String(report.environs)).not.toContain(canary);
  });
});

describe('the same server without the sandbox', () => {
  it('reads the scanner’s environment through /proc and the user’s files (what the sandbox prevents)', async () => {
    const { code, result, report } = await snoop(['--no-sandbox']);
    expect(code).toBe(EXIT_CODES.OK);
    expect(result.warnings.map((warning) => warning.code)).toContain('NO_SANDBOX');
    expect(String(report.environs)).toContain(canary);
    expect((report.reads as Record<string, string>)[join(fakeHome, 'canary.txt')]).toBe(canary);
    rmSync(inRepo, { force: true });
    rmSync(hostTmp, { force: true });
  });
});
