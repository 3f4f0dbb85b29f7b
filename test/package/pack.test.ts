// The package as a user gets it: `npm pack`, `npm install <tarball>` in an empty folder outside the repository, then
// the installed `mcp-atlas` (compiled JavaScript, no TypeScript, no checkout) scans a real fixture server, classifies
// the result and writes a starter policy. Needs the npm registry for the package's dependencies.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PolicySchema, ScanResultSchema } from '../../data/schema/index.ts';
import { fixtureCommand, NODE, ROOT } from '../helpers/run-cli.ts';

const work = mkdtempSync(join(tmpdir(), 'atlas-pack-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the packed package, installed outside the repository', () => {
  it('installs from the tarball and runs scan, classify and policy with no checkout', () => {
    execFileSync('npm', ['pack', '--silent', '--pack-destination', work], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const tarball = readdirSync(work).find((name) => name.endsWith('.tgz'))!;
    expect(tarball).toMatch(/^mcp-atlas-\d+\.\d+\.\d+\.tgz$/);
    const project = join(work, 'project');
    execFileSync('mkdir', ['-p', project]);
    writeFileSync(join(project, 'package.json'), '{"name":"atlas-user","private":true}');
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', join(work, tarball)], {
      cwd: project,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const installed = join(project, 'node_modules', 'mcp-atlas');
    // What the package ships: compiled JavaScript and the bin, never the TypeScript sources or the tests.
    expect(readdirSync(installed).sort()).toEqual(['README.md', 'data', 'lib', 'package.json', 'scanner']);
    // The compact catalogue index for audit, not the 16 MB of full records.
    expect(readdirSync(join(installed, 'data'))).toEqual(['catalogue-index.json']);
    expect(readdirSync(join(installed, 'scanner'))).toEqual(['bin']);
    const bin = join(project, 'node_modules', '.bin', 'mcp-atlas');
    const run = (args: string[]) => spawnSync(NODE, [bin, ...args], { cwd: project, encoding: 'utf8', timeout: 60_000 });

    const scan = run(['scan', '--json', '--', ...fixtureCommand('destructive')]);
    expect(scan.status, scan.stderr).toBe(0);
    const result = ScanResultSchema.parse(JSON.parse(scan.stdout));
    expect(result.tools.map((tool) => tool.name)).toEqual(['delete_repository', 'run_command', 'drop_table']);
    expect(result.transport).toMatchObject({ sandbox: { kind: 'bwrap' } });
    writeFileSync(join(project, 'scan.json'), scan.stdout);

    const classify = run(['classify', 'scan.json']);
    expect(classify.status, classify.stderr).toBe(0);
    expect(classify.stdout).toMatch(/destructive\s+high\s+\S+\s+delete_repository/);

    const policy = run(['policy', 'scan.json']);
    expect(policy.status, policy.stderr).toBe(0);
    expect(PolicySchema.parse(JSON.parse(policy.stdout)).default).toBe('deny');

    // audit answers known packages from the shipped index, with nothing to read from a checkout.
    const memory = join(ROOT, 'node_modules', '@modelcontextprotocol', 'server-memory', 'dist', 'index.js');
    writeFileSync(join(project, 'mcp.json'), JSON.stringify({ mcpServers: { memory: { command: 'node', args: [memory] } } }));
    const audit = spawnSync(NODE, [bin, 'audit', '--no-lock', '--json', '--config', 'mcp.json'], {
      cwd: project,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, HOME: project },
    });
    expect(audit.status, audit.stderr).toBe(0);
    expect(audit.stderr).toContain(join('mcp-atlas', 'data', 'catalogue-index.json'));
    const report = JSON.parse(audit.stdout) as { servers: { name: string; source: string }[] };
    expect(report.servers.map((server) => [server.name, server.source])).toEqual([['memory', 'catalogue']]);
  }, 240_000);
});
