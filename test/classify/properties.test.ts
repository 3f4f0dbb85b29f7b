// Property tests: any input yields a schema-valid, deterministic verdict; findings never throw and always escape.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClassificationSchema, FindingSchema } from '../../data/schema/index.ts';
import { classifyTool, findToolFindings } from '../../scanner/classify/index.ts';

const anyTool = fc.record(
  {
    name: fc.string({ unit: 'binary', maxLength: 60 }),
    description: fc.string({ unit: 'binary', maxLength: 400 }),
    inputSchema: fc.oneof(fc.anything(), fc.record({ type: fc.constant('object'), properties: fc.dictionary(fc.string(), fc.anything()) })),
    annotations: fc.anything(),
  },
  { requiredKeys: ['name'] },
);

describe('classifier properties', () => {
  it('returns a valid, deterministic verdict for any tool', () => {
    fc.assert(
      fc.property(anyTool, (tool) => {
        const a = classifyTool(tool);
        expect(ClassificationSchema.safeParse(a).success).toBe(true);
        expect(classifyTool(tool)).toEqual(a);
      }),
      { numRuns: 400 },
    );
  });

  it('findings are schema-valid and their evidence carries no raw control or bidi characters', () => {
    fc.assert(
      fc.property(anyTool, (tool) => {
        for (const f of findToolFindings(tool, undefined, classifyTool(tool))) {
          expect(FindingSchema.safeParse(f).success).toBe(true);
          expect(f.evidence).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/);
          expect([...f.evidence].length).toBeLessThanOrEqual(201);
        }
      }),
      { numRuns: 400 },
    );
  });
});

describe('purity', () => {
  it('the classifier modules import nothing but each other and the schema (no I/O)', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const root = join(import.meta.dirname, '../../scanner/classify');
    // `learn/` trains and measures the model (hashing folds, generating policies): it is not on the verdict path.
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && !f.startsWith('learn'));
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const imports = [...readFileSync(join(root, file), 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1]!);
      for (const spec of imports) expect(spec.startsWith('.') || spec === 'zod', `${file} imports ${spec}`).toBe(true);
      expect(
        imports.filter((s) => s.includes('/cli/') || s.includes('/scan/') || s.includes('/site/')),
        file,
      ).toEqual([]);
    }
  });
});
