// SARIF a CI can trust, through the real CLI: every output validates against the official SARIF 2.1.0 schema; a failed
// scan says so in its invocation (so an upload does not read as "no problems any more"); each server gets its own
// upload category; results point at the artifact the user names, at the line that mentions the server.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../../scanner/cli/exit-codes.ts';
import { fixtureCommand, runCli } from '../helpers/run-cli.ts';

const require = createRequire(import.meta.url);
const Ajv = require('ajv-draft-04') as new (
  options: object,
) => { compile(schema: object): ((data: unknown) => boolean) & { errors?: unknown } };
// The published schema has a pattern that is not valid with the `u` flag; SARIF validators compile it without.
const validate = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false, logger: false, validateFormats: false }).compile(
  require('../fixtures/sarif/sarif-schema-2.1.0.json'),
);

interface Sarif {
  runs: {
    automationDetails: { id: string };
    invocations: { executionSuccessful: boolean; exitCode?: number; properties: { scanStatus: string } }[];
    results: {
      ruleId: string;
      locations: { physicalLocation?: { artifactLocation: { uri: string }; region?: { startLine: number } } }[];
    }[];
  }[];
}

async function sarifOf(args: string[], cwd?: string): Promise<{ code: number | null; sarif: Sarif; stderr: string }> {
  const run = await runCli(['scan', '--format', 'sarif', '--no-sandbox', ...args], cwd === undefined ? {} : { cwd });
  const sarif = JSON.parse(run.stdout) as Sarif;
  expect(validate(sarif), JSON.stringify(validate.errors)).toBe(true);
  return { code: run.code, sarif, stderr: run.stderr };
}

describe('SARIF from mcp-atlas scan', () => {
  it('a scan that worked: results, a successful invocation and a category per server', async () => {
    const { code, sarif } = await sarifOf(['--', ...fixtureCommand('destructive')]);
    expect(code).toBe(EXIT_CODES.OK);
    const run = sarif.runs[0]!;
    expect(run.results.length).toBeGreaterThan(0);
    expect(run.invocations[0]).toMatchObject({ executionSuccessful: true, exitCode: 0, properties: { scanStatus: 'ok' } });
    expect(run.automationDetails.id).toBe('mcp-atlas/node-destructive-ts/');
    const other = await sarifOf(['--', ...fixtureCommand('well-behaved')]);
    expect(other.sarif.runs[0]!.automationDetails.id).not.toBe(run.automationDetails.id);
    // Without --sarif-artifact, results carry only a logical location (no made-up file at line 1).
    expect(run.results.every((result) => result.locations[0]!.physicalLocation === undefined)).toBe(true);
  }, 60_000);

  it('a failed scan: no results, an unsuccessful invocation with the exit code, the same category as when it works', async () => {
    const { code, sarif } = await sarifOf(['--', ...fixtureCommand('exits-early')]);
    expect(code).toBe(EXIT_CODES.SPAWN_FAILED);
    const run = sarif.runs[0]!;
    expect(run.results).toEqual([]);
    expect(run.invocations[0]).toMatchObject({ executionSuccessful: false, exitCode: 11, properties: { scanStatus: 'spawn_failed' } });
    expect(run.automationDetails.id).toBe('mcp-atlas/node-exits-early-ts/');
  }, 60_000);

  it('--sarif-artifact and --sarif-category: results at the line of the artifact that names the server', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'atlas-sarif-'));
    const command = fixtureCommand('destructive');
    writeFileSync(
      join(dir, '.mcp.json'),
      `{\n  "mcpServers": {\n    "repo": {\n      "command": "node",\n      "args": ["${command[1]}"]\n    }\n  }\n}\n`,
    );
    const { sarif } = await sarifOf(['--sarif-artifact', '.mcp.json', '--sarif-category', 'mcp/repo', '--', ...command], dir);
    const run = sarif.runs[0]!;
    expect(run.automationDetails.id).toBe('mcp/repo');
    expect(run.results[0]!.locations[0]!.physicalLocation).toEqual({ artifactLocation: { uri: '.mcp.json' }, region: { startLine: 5 } });
  }, 60_000);

  it('--fail-on names every tool and finding that reached the level', async () => {
    const run = await runCli(['scan', '--fail-on', 'high', '--no-sandbox', '--', ...fixtureCommand('destructive')]);
    expect(run.code).toBe(EXIT_CODES.FAIL_ON_THRESHOLD);
    expect(run.stderr).toContain('--fail-on high reached by 3 tools:');
    expect(run.stderr).toContain('run_command: destructive tool, critical risk');
    expect(run.stderr).toContain('drop_table: finding annotation-mismatch (high)');
  }, 60_000);
});
