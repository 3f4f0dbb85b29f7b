import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CapabilityTagSchema, FindingCodeSchema, RiskLevelSchema, ToolClassSchema } from '../../data/schema/classification.ts';
import type { ScannedTool } from '../../data/schema/scan-result.ts';
import { evaluateCalls, exportPolicy, generatePolicy, POLICY_FORMATS, parsePolicy, serializePolicy } from '../../policies-gen/index.ts';
import { tool } from './helpers/tools.ts';

const nameArb = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
  fc.constantFrom('__proto__', 'constructor', 'toString', '*', 'hasOwnProperty', 'a.b', 'a-b', 'a_b', ''),
  fc.stringMatching(/^[a-z_]{1,12}$/),
);

const propertyArb = fc.record(
  {
    type: fc.constantFrom('string', 'number', 'integer', 'boolean', 'array'),
    enum: fc.array(fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.double(), fc.constant(null), fc.object()), { maxLength: 70 }),
    maximum: fc.oneof(fc.integer(), fc.double(), fc.string()),
    exclusiveMaximum: fc.double(),
  },
  { requiredKeys: ['type'] },
);

const schemaArb = fc
  .dictionary(fc.oneof(nameArb, fc.constantFrom('path', 'sql', 'query', 'file_path', 'count')), propertyArb, { maxKeys: 6 })
  .chain((properties) =>
    fc.record({
      type: fc.constant('object'),
      properties: fc.constant(properties),
      required: fc.subarray(Object.keys(properties)),
    }),
  );

const toolArb: fc.Arbitrary<ScannedTool> = fc
  .record({
    name: nameArb,
    verdict: fc.option(
      fc.record({
        class: fc.constantFrom(...ToolClassSchema.options),
        risk: fc.constantFrom(...RiskLevelSchema.options),
        tags: fc.uniqueArray(fc.constantFrom(...CapabilityTagSchema.options), { maxLength: 4 }),
      }),
      { nil: undefined },
    ),
    schema: schemaArb,
    findings: fc.option(
      fc.array(
        fc.record({
          code: fc.constantFrom(...FindingCodeSchema.options),
          severity: fc.constantFrom(...RiskLevelSchema.options),
          message: fc.string(),
          evidence: fc.string(),
        }),
        { maxLength: 2 },
      ),
      { nil: undefined },
    ),
  })
  .map(({ name, verdict, schema, findings }) => tool(name, verdict, schema, findings));

const toolsArb = fc.array(toolArb, { maxLength: 12 });

describe('generated policies (property tests)', () => {
  it('always validate, and re-serialise byte-identically', () => {
    fc.assert(
      fc.property(toolsArb, (tools) => {
        const text = serializePolicy(generatePolicy({ name: 's', tools }).policy);
        expect(serializePolicy(parsePolicy(text))).toBe(text);
      }),
      { numRuns: 200 },
    );
  });

  it('under default deny, never allow a tool the policy does not list', () => {
    fc.assert(
      fc.property(toolsArb, nameArb, fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 3 }), (tools, name, args) => {
        const { policy } = generatePolicy({ name: 's', tools });
        fc.pre(!Object.hasOwn(policy.tools ?? {}, name));
        const [decision] = evaluateCalls(policy, [{ tool: name, args, at: '2026-11-24T10:00:00Z' }]);
        expect(decision!.decision).not.toBe('allow');
      }),
      { numRuns: 200 },
    );
  });

  it('never allow a hidden, destructive or unclassified tool, whatever the arguments', () => {
    fc.assert(
      fc.property(toolsArb, fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 3 }), (tools, args) => {
        const { policy, rationale } = generatePolicy({ name: 's', tools });
        for (const t of tools) {
          const [decision] = evaluateCalls(policy, [{ tool: t.name, args, at: '2026-11-24T10:00:00Z' }]);
          const blocked =
            t.classification === undefined ||
            t.classification.class === 'destructive' ||
            (t.findings ?? []).some((f) => f.severity === 'high' || f.severity === 'critical');
          if (blocked) expect(decision!.decision).not.toBe('allow');
          if (t.name !== '*' && t.name !== '') expect(Object.hasOwn(rationale, t.name)).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('export to every format without throwing, identically whatever the tool order', () => {
    fc.assert(
      fc.property(toolsArb, fc.string({ minLength: 1, maxLength: 10 }), (tools, key) => {
        const serverKey = `k${key}`;
        const one = generatePolicy({ name: 's', tools });
        const two = generatePolicy({ name: 's', tools: [...tools].reverse() });
        for (const { format } of POLICY_FORMATS)
          expect(exportPolicy(two, format, { serverKey })).toBe(exportPolicy(one, format, { serverKey }));
      }),
      { numRuns: 150 },
    );
  });
});
