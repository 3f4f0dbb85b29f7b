// Every field MCP 2025-11-25 defines on what a scan lists is kept, hashed and checked for poisoning (test/fixtures/
// servers/spec-fields.ts, a raw server no SDK can tidy); malformed ones are left out with a warning, never costing the
// tool or resource; a tool that declares none of them hashes exactly as before; a change to them is a recorded change.
import { beforeAll, describe, expect, it } from 'vitest';
import { type ScannedTool, type ScanResult, ScanResultSchema } from '../../data/schema/index.ts';
import { classifyScanResult } from '../../scanner/classify/index.ts';
import { diffTools } from '../../scanner/crawl/history.ts';
import { scanServer } from '../../scanner/scan/scan-server.ts';
import { canonicalJson, hashTool } from '../../scanner/scan/tool-hash.ts';
import { fixtureCommand } from '../helpers/run-cli.ts';

let result: ScanResult;
const tool = (name: string): ScannedTool => {
  const found = result.tools.find((candidate) => candidate.name === name);
  if (found === undefined) throw new Error(`no tool ${name}`);
  return found;
};

beforeAll(async () => {
  const [command, ...args] = fixtureCommand('spec-fields');
  result = classifyScanResult(await scanServer({ kind: 'stdio', command, args }, { sandbox: { kind: 'none' } }));
}, 60_000);

describe('2025-11-25 fields', () => {
  it('keeps serverInfo description and icons, and the result still passes its schema', () => {
    expect(result.status).toBe('ok');
    expect(ScanResultSchema.safeParse(result).success).toBe(true);
    expect(result.serverInfo).toMatchObject({
      description: 'Every field the 2025-11-25 spec defines.',
      icons: [{ src: 'https://example.com/tool.png', mimeType: 'image/png', sizes: ['48x48', 'any'], theme: 'dark' }],
    });
  });

  it('keeps tool icons, execution and _meta, and hashes them', () => {
    const report = tool('run_report');
    expect(report.icons?.map((icon) => icon.src)).toEqual(['https://example.com/tool.png', 'data:image/svg+xml;base64,PHN2Zy8+']);
    expect(report.execution).toEqual({ taskSupport: 'optional' });
    expect(report._meta).toMatchObject({ 'example.com/owner': 'reports team' });
    const { hash, classification: _c, findings: _f, ...fields } = report;
    expect(hash).toBe(hashTool(fields));
    const { icons: _i, execution: _e, _meta: _m, ...older } = fields;
    expect(hashTool(older)).not.toBe(hash);
  });

  it('hashes a tool that declares none of the new fields as the scanner always did', () => {
    const plain = tool('plain');
    expect(Object.keys(plain)).not.toContain('icons');
    expect(plain.hash).toBe(hashTool({ name: 'plain', description: 'Reads a record.', inputSchema: { type: 'object' } }));
    expect(canonicalJson({ a: 1, icons: undefined })).toBe('{"a":1}');
  });

  it("hashes the SDK's default execution (taskSupport forbidden) as no execution, and any other as a change", () => {
    const base = { name: 'plain', description: 'Reads a record.', inputSchema: { type: 'object' } };
    expect(hashTool({ ...base, execution: { taskSupport: 'forbidden' } })).toBe(hashTool(base));
    expect(hashTool({ ...base, execution: {} })).toBe(hashTool(base));
    expect(hashTool({ ...base, execution: { taskSupport: 'required' } })).not.toBe(hashTool(base));
  });

  it('leaves out malformed fields with a warning naming each, keeping the tool and the rest of its fields', () => {
    const broken = tool('broken_fields');
    expect(broken.icons).toEqual([{ src: 'https://example.com/ok.png' }]);
    expect(broken.execution).toEqual({});
    expect(broken._meta).toBeUndefined();
    const messages = result.warnings.filter((warning) => warning.code === 'TOOL_FIELD_IGNORED').map((warning) => warning.message);
    expect(messages.some((message) => message.includes('"broken_fields"') && message.includes('icons'))).toBe(true);
    expect(messages.some((message) => message.includes('execution.taskSupport'))).toBe(true);
    expect(messages.some((message) => message.includes('`_meta` is not an object'))).toBe(true);
  });

  it('keeps prompt icons and _meta, resource size, annotations and icons, template annotations', () => {
    expect(result.prompts?.[0]).toMatchObject({ name: 'summarise', icons: [{ theme: 'dark' }], _meta: { version: 2 } });
    expect(result.resources?.[0]).toMatchObject({
      size: 2048,
      annotations: { audience: ['user', 'assistant'], priority: 0.8, lastModified: '2026-11-30T12:00:00Z' },
      _meta: { source: 'warehouse' },
    });
    expect(result.resourceTemplates?.[0]).toMatchObject({ annotations: { priority: 0.5 } });
    // The malformed resource stays, without its bad size and annotation values.
    const bad = result.resources?.find((resource) => resource.name === 'bad');
    expect(bad).toEqual({ uri: 'file:///reports/bad.csv', name: 'bad', annotations: {} });
    expect(result.warnings.filter((warning) => warning.code === 'ITEM_FIELD_IGNORED')).toHaveLength(2);
  });

  it('checks _meta for poisoning like any other text', () => {
    const findings = tool('run_report').findings ?? [];
    expect(findings.map((finding) => finding.code)).toContain('hidden-instructions');
    expect(findings.find((finding) => finding.code === 'hidden-instructions')?.field).toBe('_meta.nested.note');
    expect(tool('plain').findings ?? []).toEqual([]);
  });

  it('records a change to icons, execution or _meta as metadata_changed', () => {
    const before = tool('run_report');
    const after = { ...before, execution: { taskSupport: 'required' as const } };
    after.hash = hashTool({ ...after, classification: undefined, findings: undefined } as never);
    const changes = diffTools([before], [after], { at: '2026-12-01T00:00:00.000Z', fromVersion: '1.0.0', toVersion: '1.0.0' });
    expect(changes.map((change) => change.kind)).toEqual(['metadata_changed']);
    expect(changes[0]?.after).toContain('required');
  });
});
