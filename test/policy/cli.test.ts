import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PolicyDecisionSchema } from '../../data/schema/policy.ts';
import type { ScanResult } from '../../data/schema/scan-result.ts';
import { exportPolicy, generatePolicy, parsePolicy } from '../../policies-gen/index.ts';
import { HAS_CLASSIFIER } from './helpers/classify.ts';
import { CLI, NODE, scanRealServer } from './helpers/real-servers.ts';
import { withHandVerdicts } from './helpers/verdicts.ts';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI (`mcp-atlas policy …`) under the pinned Node. */
function cli(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(NODE, [CLI, 'policy', ...args], { maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr });
    });
  });
}

const dir = mkdtempSync(join(tmpdir(), 'atlas-policy-cli-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
let classified: ScanResult;
let scanPath: string;

beforeAll(async () => {
  classified = withHandVerdicts(await scanRealServer('memory'));
  scanPath = file('memory.scan.json', JSON.stringify(classified));
});

describe('mcp-atlas policy SCAN (generate and export)', () => {
  it('prints the PolicyLayer policy of a saved scan, identical to the library output', async () => {
    const run = await cli(scanPath);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(exportPolicy(generatePolicy({ name: 'memory', tools: classified.tools }), 'policylayer', { serverKey: 'x' }));
    expect(parsePolicy(run.stdout).default).toBe('deny');
  });

  it('writes --format intercept to --out, and explains to stderr', async () => {
    const out = join(dir, 'memory.intercept.yaml');
    const run = await cli(scanPath, '--format', 'intercept', '--out', out, '--explain');
    expect([run.code, run.stdout]).toEqual([0, '']);
    expect(readFileSync(out, 'utf8')).toContain('rate_limit: "30/minute"');
    expect(run.stderr).toMatch(/^deny +delete_entities: Denied until approved/m);
  });

  it('uses --server-key (sanitised) for Claude Code, and the ServerRecord slug by default', async () => {
    const claude = await cli(scanPath, '--format', 'claude', '--server-key', 'my memory');
    expect(JSON.parse(claude.stdout).permissions.deny).toContain('mcp__my_memory__delete_entities');
    const record = {
      slug: 'server-memory',
      source: { name: 'io.github.modelcontextprotocol/server-memory' },
      sourceHash: 'sha256:x',
      scan: classified,
      changes: [],
      failedAttempts: [],
    };
    const codex = await cli(file('record.json', JSON.stringify(record)), '--format', 'codex');
    expect(codex.code).toBe(0);
    expect(codex.stdout).toContain('[mcp_servers.server-memory]');
  });

  it('classifies unclassified tools when it can, and never allows an unknown one otherwise', async () => {
    const raw = { ...classified, tools: classified.tools.map(({ classification: _c, findings: _f, ...rest }) => rest) };
    const run = await cli(file('raw.json', JSON.stringify(raw)));
    expect(run.code).toBe(0);
    const entries = Object.values(parsePolicy(run.stdout).tools ?? {});
    expect(entries).toHaveLength(raw.tools.length);
    const unclassified = entries.filter((entry) => entry.deny_if?.[0]?.on_deny.startsWith('Not classified'));
    if (HAS_CLASSIFIER) expect(unclassified).toHaveLength(0);
    else {
      expect(run.stderr).toContain('unclassified tools are denied');
      expect(unclassified).toHaveLength(entries.length);
    }
  });

  it('rejects a bad format (2), a bad slug (2), a missing file (3) and an invalid scan file (3)', async () => {
    expect((await cli(scanPath, '--format', 'yaml')).code).toBe(2);
    const slug = await cli('No Such Slug');
    expect(slug.code).toBe(2);
    expect(slug.stderr).toContain('not a catalogue slug');
    const path = await cli('../no-such-dir/x');
    expect(path.code).toBe(3);
    expect(path.stderr).toContain('cannot read ../no-such-dir/x: ENOENT');
    const missing = await cli('no-such-server');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no catalogue entry data/servers/no-such-server.json');
    const bad = await cli(file('bad-scan.json', JSON.stringify({ status: 'ok', tools: 'none' })));
    expect(bad.code).toBe(3);
    expect(bad.stderr).toMatch(/not a valid ScanResult\n {2}\S+: expected/);
  });
});

describe('mcp-atlas policy check', () => {
  const example =
    '{"version":"1","default":"deny","tools":{"p402_create_session":{"limits":[{"counter":"p402_create_session_rate","window":"minute","max":30,"scope":"grant"}]}}}';
  const calls = Array.from({ length: 31 }, (_, i) =>
    JSON.stringify({ tool: 'p402_create_session', args: {}, at: `2026-11-24T10:15:${String(i).padStart(2, '0')}Z`, grant: 'agent' }),
  ).join('\n');

  it('prints each decision with the rule that decided it: 30 allowed, the 31st denied', async () => {
    const run = await cli('check', file('p402.json', example), '--calls', file('calls.jsonl', calls));
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(31);
    expect(lines[0]).toMatch(/^call 1 2026-11-24T10:15:00Z grant=agent allow +p402_create_session — tools\.p402_create_session: /);
    expect(lines[30]).toMatch(/^call 31 .* deny +p402_create_session — tools\.p402_create_session\.limits\[0\]: Limit reached/);
    expect(run.stderr).toContain('31 calls: 30 allowed, 1 denied, 0 hidden, 0 need');
  });

  it('reports calls to tools that need a person as approval, and a changed definition as hidden', async () => {
    const policy = exportPolicy(generatePolicy({ name: 'memory', tools: classified.tools }), 'policylayer', { serverKey: 'memory' });
    const lines = [
      { tool: 'delete_entities', args: { entityNames: ['x'] }, at: '2026-11-24T10:15:00Z' },
      { tool: 'read_graph', args: {}, at: '2026-11-24T10:15:01Z', hash: `sha256:${'0'.repeat(64)}` },
    ];
    const run = await cli(
      'check',
      file('memory.policylayer.json', policy),
      '--calls',
      file('approval.jsonl', lines.map((l) => JSON.stringify(l)).join('\n')),
      '--fail-on-deny',
    );
    expect(run.code).toBe(5);
    const out = run.stdout.trim().split('\n');
    expect(out[0]).toMatch(
      / approval +delete_entities — tools\.delete_entities\.deny_if\[0\]: Destructive tool: it needs a human's approval/,
    );
    expect(out[1]).toMatch(/ hidden +read_graph — x-mcp-atlas\.hashes\.read_graph: The tool's definition changed/);
    expect(run.stderr).toContain("2 calls: 0 allowed, 0 denied, 1 hidden, 1 need a person's approval");
  });

  it('emits JSON Lines with --json and exits 5 with --fail-on-deny', async () => {
    const run = await cli('check', file('p402.json', example), '--calls', file('calls.jsonl', calls), '--json', '--fail-on-deny');
    expect(run.code).toBe(5);
    const decisions = run.stdout
      .trim()
      .split('\n')
      .map((line) => PolicyDecisionSchema.parse(JSON.parse(line)));
    expect(decisions.map((d) => d.decision).filter((d) => d === 'deny')).toHaveLength(1);
  });

  it('exits 3 with readable zod issues, never a stack trace, for a bad policy', async () => {
    const bad = file(
      'bad.json',
      '{"version":"1","default":"deny","tools":{"t":{"limits":[{"counter":"c","window":"week","max":-5,"scope":"grant"}],"require":[{"path":"args.x","op":"like","value":1}]}}}',
    );
    const run = await cli('check', bad, '--calls', file('calls.jsonl', calls));
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`${bad}: invalid policy`);
    expect(run.stderr).toContain('tools.t.limits.0.window: expected one of minute, hour, day');
    expect(run.stderr).toContain('tools.t.limits.0.max: expected a whole number >= 0');
    expect(run.stderr).toContain('tools.t.require.0.op: expected one of eq, neq');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 3 for a bad calls file, naming the line', async () => {
    const run = await cli(
      'check',
      file('p402.json', example),
      '--calls',
      file('bad-calls.jsonl', '{"tool":"x","at":"2026-11-24T10:00:00Z"}\n{"tool":"x","at":"yesterday"}\n'),
    );
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('line 2: at: expected');
  });

  it('exits 2 when --calls is missing', async () => {
    expect((await cli('check', file('p402.json', example))).code).toBe(2);
  });
});
