// What a newcomer hits first, the same from every command: help, a missing input file, singular counts.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../../scanner/cli/exit-codes.ts';
import { fixtureCommand, runCli } from '../helpers/run-cli.ts';

describe('the CLI, across commands', () => {
  it('bare `mcp-atlas` is a usage error: help on stderr, exit 2; `--help` is help on stdout, exit 0', async () => {
    const bare = await runCli([]);
    expect([bare.code, bare.stdout]).toEqual([EXIT_CODES.USAGE, '']);
    expect(bare.stderr).toContain('Usage: mcp-atlas <command>');
    const help = await runCli(['--help']);
    expect([help.code, help.stderr]).toEqual([EXIT_CODES.OK, '']);
    expect(help.stdout).toContain('Usage: mcp-atlas <command>');
  });

  it.each([
    [['classify', '/no/such/tools.json']],
    [['policy', '/no/such/scan.json']],
    [['policy', 'check', '/no/such/policy.json', '--calls', '/no/such/calls.jsonl']],
  ])('a missing input file exits 3 and names it: %j', async (args) => {
    const run = await runCli(args);
    expect(run.code).toBe(EXIT_CODES.INVALID_INPUT);
    expect(run.stderr).toContain('/no/such/');
  });

  it('classify counts in the singular for one tool', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'atlas-cli-'));
    writeFileSync(join(dir, 'one.json'), JSON.stringify([{ name: 'delete_file', description: 'Deletes a file.', inputSchema: {} }]));
    const run = await runCli(['classify', join(dir, 'one.json')]);
    expect(run.code).toBe(EXIT_CODES.OK);
    expect(run.stdout).toContain('1 tool: 0 read, 0 write, 1 destructive');
  });
});

describe('client exports', () => {
  it('warn when --server-key is not given, and not when it is', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'atlas-export-'));
    const scan = await runCli(['scan', '--json', '--no-sandbox', '--', ...fixtureCommand('destructive')]);
    writeFileSync(join(dir, 'scan.json'), scan.stdout);
    const bare = await runCli(['policy', join(dir, 'scan.json'), '--format', 'claude']);
    expect(bare.code).toBe(EXIT_CODES.OK);
    expect(bare.stderr).toContain('warning: no --server-key given');
    const named = await runCli(['policy', join(dir, 'scan.json'), '--format', 'codex', '--server-key', 'repo']);
    expect(named.stderr).not.toContain('warning');
    expect(named.stdout).toContain('repo');
  }, 60_000);
});

describe('placeholder roots', () => {
  it('a filesystem policy warns that /ALLOWED_ROOT must be replaced', async () => {
    const run = await runCli(['policy', 'modelcontextprotocol-server-filesystem']);
    expect(run.code).toBe(EXIT_CODES.OK);
    expect(run.stdout).toContain('/ALLOWED_ROOT');
    expect(run.stderr).toContain('warning: path rules allow only paths under /ALLOWED_ROOT, a placeholder');
  });
});
