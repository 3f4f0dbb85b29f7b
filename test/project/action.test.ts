// The GitHub Action's own shell steps (action.yml), run here as the runner would run them: the scan step over real
// fixture servers with GitHub's output file, then the verdict step. The setup-node, apt and upload steps need GitHub.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BIN, fixtureCommand, NODE, ROOT } from '../helpers/run-cli.ts';

interface Step {
  id?: string;
  run?: string;
  uses?: string;
  env?: Record<string, string>;
}
const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, unknown>; runs: { steps: Step[] } };
const step = (id: string) => action.runs.steps.find((s) => s.id === id)!;

function runStep(id: string, env: Record<string, string>) {
  return spawnSync('bash', ['-e', '-c', step(id).run!], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 });
}

describe('action.yml', () => {
  it('declares the inputs and uploads with the official upload-sarif action after the scans', () => {
    expect(Object.keys(action.inputs)).toEqual(
      expect.arrayContaining(['servers', 'fail-on', 'sarif-dir', 'sarif-artifact', 'env', 'headers', 'upload']),
    );
    const uses = action.runs.steps.map((s) => s.uses ?? s.id);
    expect(uses.indexOf('github/codeql-action/upload-sarif@v3')).toBeGreaterThan(uses.indexOf('scan'));
    expect(uses.indexOf('verdict')).toBeGreaterThan(uses.indexOf('github/codeql-action/upload-sarif@v3'));
  });

  it('scans each server into its own SARIF file and category, then fails the job at the level', () => {
    const work = mkdtempSync(join(tmpdir(), 'atlas-action-'));
    const bin = join(work, 'bin');
    spawnSync('mkdir', ['-p', bin]);
    writeFileSync(join(bin, 'mcp-atlas'), `#!/bin/sh\nexec "${NODE}" "${BIN}" "$@"\n`);
    chmodSync(join(bin, 'mcp-atlas'), 0o755);
    const output = join(work, 'github-output');
    writeFileSync(output, '');
    const sarifDir = join(work, 'sarif');
    const servers = ['# a comment line', fixtureCommand('well-behaved').join(' '), '', fixtureCommand('destructive').join(' ')].join('\n');
    const scan = runStep('scan', {
      PATH: `${bin}:${process.env.PATH}`,
      SERVERS: servers,
      FAIL_ON: 'high',
      SARIF_DIR: sarifDir,
      SARIF_ARTIFACT: '',
      SERVER_ENV: 'GREETING=hello',
      SERVER_HEADERS: '',
      NETWORK: 'false',
      GITHUB_OUTPUT: output,
    });
    expect(scan.status, scan.stderr).toBe(0);
    expect(scan.stdout).toContain('server 1');
    expect(readdirSync(sarifDir).sort()).toEqual(['server-1.sarif', 'server-2.sarif']);
    const categories = readdirSync(sarifDir).map(
      (file) =>
        (JSON.parse(readFileSync(join(sarifDir, file), 'utf8')) as { runs: { automationDetails: { id: string } }[] }).runs[0]!
          .automationDetails.id,
    );
    expect(new Set(categories).size).toBe(2);
    const outputs = Object.fromEntries(
      readFileSync(output, 'utf8')
        .trim()
        .split('\n')
        .map((line) => line.split('=') as [string, string]),
    );
    expect(outputs).toEqual({ 'sarif-dir': sarifDir, 'worst-exit': '4', 'failed-scans': '0' });
    const verdict = runStep('verdict', { WORST: outputs['worst-exit']!, FAILED: outputs['failed-scans']!, FAIL_ON: 'high' });
    expect(verdict.status).toBe(1);
    expect(verdict.stderr).toContain('reached --fail-on high');
    const clean = runStep('verdict', { WORST: '0', FAILED: '0', FAIL_ON: 'high' });
    expect(clean.status).toBe(0);
    const broken = runStep('verdict', { WORST: '11', FAILED: '1', FAIL_ON: 'high' });
    expect(broken.status).toBe(1);
    expect(broken.stderr).toContain('1 scan(s) failed');
  }, 120_000);
});
