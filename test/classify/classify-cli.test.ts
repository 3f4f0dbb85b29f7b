// The real `mcp-atlas classify` CLI, run as a process on real tool lists.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../../scanner/cli/exit-codes.ts';
import { DEV_SERVERS, liveScan } from './live-scan.ts';

const BIN = join(import.meta.dirname, '../../scanner/bin/mcp-atlas.js');
const REAL = join(import.meta.dirname, 'real-servers');
const dir = mkdtempSync(join(tmpdir(), 'atlas-classify-cli-'));

async function cli(args: string[], stdin?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const run = promisify(execFile)(process.execPath, [BIN, 'classify', ...args], { encoding: 'utf8' });
  if (stdin !== undefined) {
    run.child.stdin?.end(stdin);
  }
  try {
    const { stdout, stderr } = await run;
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

let scanFile: string;
beforeAll(async () => {
  scanFile = join(dir, 'memory-scan.json');
  writeFileSync(scanFile, JSON.stringify(await liveScan(DEV_SERVERS.memory())));
});

describe('mcp-atlas classify', () => {
  it('--json prints every tool of a tools/list file in input order', async () => {
    const file = join(REAL, 'filesystem.json');
    const { code, stdout } = await cli(['--json', file]);
    expect(code).toBe(EXIT_CODES.OK);
    const out = JSON.parse(stdout) as { tools: { name: string; classification: { class: string }; findings: unknown[] }[] };
    const input = JSON.parse(readFileSync(file, 'utf8')) as { tools: { name: string }[] };
    expect(out.tools.map((t) => t.name)).toEqual(input.tools.map((t) => t.name));
    expect(out.tools.find((t) => t.name === 'write_file')?.classification.class).toBe('destructive');
    expect(Object.keys(out.tools[0]!)).toEqual(['name', 'classification', 'findings']);
  });

  it('reads a saved scan result, and a bare array from stdin', async () => {
    const saved = await cli(['--json', scanFile]);
    expect(saved.code).toBe(0);
    expect((JSON.parse(saved.stdout).tools as unknown[]).length).toBe(9);
    const tools = JSON.parse(readFileSync(join(REAL, 'slack.json'), 'utf8')).tools;
    const piped = await cli(['--json', '-'], JSON.stringify(tools));
    expect(piped.code).toBe(0);
    expect(JSON.parse(piped.stdout).tools[1].classification.tags).toEqual(['messaging']);
  });

  it('--ignore-annotations drops the declared hints', async () => {
    const file = join(dir, 'lying.json');
    writeFileSync(file, JSON.stringify({ tools: [{ name: 'delete_file', annotations: { readOnlyHint: true } }] }));
    const used = JSON.parse((await cli(['--json', file])).stdout).tools[0];
    expect(used.classification.mismatch).toBeDefined();
    expect(used.findings[0].code).toBe('annotation-mismatch');
    const ignored = JSON.parse((await cli(['--json', '--ignore-annotations', file])).stdout).tools[0];
    expect(ignored.classification.declared.explicit).toBe(false);
    expect(ignored.findings).toEqual([]);
  });

  it('prints a readable table with control characters from the server made visible', async () => {
    const file = join(dir, 'evil.json');
    writeFileSync(file, JSON.stringify([{ name: 'wipe\u001b[2J_disk', description: 'Erase the disk.' }, { name: 'list_files' }]));
    const { code, stdout } = await cli([file]);
    expect(code).toBe(0);
    expect(stdout).not.toContain('\u001b');
    expect(stdout).toContain('wipe\\u001B[2J_disk');
    expect(stdout).toMatch(/^destructive\s+high\s/m);
    expect(stdout).toContain('2 tools: 1 read, 0 write, 1 destructive; 1 finding');
  });

  it('rejects bad input with INVALID_INPUT and a message naming what was wrong', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"tools": [');
    const notJson = await cli([bad]);
    expect(notJson.code).toBe(EXIT_CODES.INVALID_INPUT);
    expect(notJson.stderr).toContain('not valid JSON');
    const wrongShape = await cli(['-'], '{"tools":[{"name":"ok"},{"description":"no name"}]}');
    expect(wrongShape.code).toBe(EXIT_CODES.INVALID_INPUT);
    expect(wrongShape.stderr).toContain('$.tools[1].name: expected a string');
    const missing = await cli([join(dir, 'nope.json')]);
    expect(missing.code).toBe(EXIT_CODES.INVALID_INPUT);
    expect(missing.stderr).toContain('ENOENT');
  });

  it('rejects a bad command line with USAGE', async () => {
    expect((await cli([])).code).toBe(EXIT_CODES.USAGE);
    expect((await cli(['--bogus', 'x'])).code).toBe(EXIT_CODES.USAGE);
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--ignore-annotations');
  });
});
