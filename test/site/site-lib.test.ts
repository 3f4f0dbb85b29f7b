import { describe, expect, test } from 'vitest';
import { barLayout } from '../../site/src/lib/charts.ts';
import { schemaRows } from '../../site/src/lib/schema-table.ts';
import { clip, displayJson, safeHttpUrl, visible } from '../../site/src/lib/text.ts';

describe('text helpers', () => {
  test('only http(s) URLs are linkable', () => {
    expect(safeHttpUrl('https://example.com/a?b')).toBe('https://example.com/a?b');
    for (const bad of [
      'javascript:alert(1)',
      ' JavaScript:alert(1)',
      'data:text/html,x',
      '//evil.example',
      '/relative',
      'vbscript:x',
      undefined,
    ]) {
      expect(safeHttpUrl(bad)).toBeUndefined();
    }
  });

  test('invisible and bidi characters become visible markers; clipping is bounded', () => {
    expect(visible('a\u202eb\u200bc\u0007')).toBe('a⟨U+202E⟩b⟨U+200B⟩c⟨U+0007⟩');
    expect(visible('tag\u{e0041}')).toBe('tag⟨U+E0041⟩');
    expect(clip('x'.repeat(10_000), 100)).toHaveLength(101);
  });

  test('displayed JSON escapes invisible characters and parses to the same value', () => {
    const value = { tools: { '\u202egnp.exe': { limits: [] } }, tag: 'x\u{e0041}' };
    const text = displayJson(value);
    expect(text).not.toMatch(/[\u202e]/);
    expect(text).toContain('\\u202e');
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe('schema table', () => {
  test('flattens nested properties, array items, required flags and constraints', () => {
    const { rows } = schemaRows({
      type: 'object',
      required: ['path'],
      properties: {
        path: { type: 'string', description: 'Where' },
        mode: { type: 'string', enum: ['a', 'b'], default: 'a' },
        items: { type: 'array', items: { type: 'object', properties: { id: { type: 'integer', minimum: 1 } } } },
      },
    });
    expect(rows.map((r) => [r.path, r.type, r.required, r.depth])).toEqual([
      ['path', 'string', true, 0],
      ['mode', 'string', false, 0],
      ['items', 'array', false, 0],
      ['items[]', 'object', false, 1],
      ['items[].id', 'integer', false, 2],
    ]);
    expect(rows[1]!.constraints).toEqual(['one of a, b', 'default a']);
    expect(rows[4]!.constraints).toEqual(['minimum 1']);
  });

  test('stays bounded on hostile schemas', () => {
    const wide = { properties: Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`p${i}`, { type: { evil: true } }])) };
    const result = schemaRows(wide);
    expect(result.rows).toHaveLength(200);
    expect(result.truncated).toBe(true);
    let deep: Record<string, unknown> = { type: 'string' };
    for (let i = 0; i < 1_000; i++) deep = { type: 'object', properties: { n: deep } };
    expect(schemaRows(deep).rows.length).toBeLessThanOrEqual(4);
    expect(schemaRows({ properties: 'nope' }).rows).toEqual([]);
  });
});

describe('bar chart layout', () => {
  test('widths are proportional to the largest value, zero stays zero', () => {
    const { bars, height } = barLayout([
      { label: 'a', value: 50 },
      { label: 'b', value: 25 },
      { label: 'c', value: 0 },
    ]);
    expect(bars.map((b) => b.width)).toEqual([100, 50, 0]);
    expect(bars.map((b) => b.y)).toEqual([0, 24, 48]);
    expect(height).toBe(72);
  });
});
