import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { indexRecords } from '../../site/scripts/pagefind-index.ts';
import { nameWords, wellFormed } from '../../site/scripts/pagefind-records.ts';
import { parseHeadersFile } from '../../site/scripts/serve.ts';
import { lastmodOf, writeSitemap } from '../../site/scripts/write-sitemap.ts';
import { barLayout } from '../../site/src/lib/charts.ts';
import { schemaRows } from '../../site/src/lib/schema-table.ts';
import { clip, codeSpans, displayJson, plainText, safeHttpUrl, visible } from '../../site/src/lib/text.ts';

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

describe('code spans', () => {
  test('backticks become code spans; an unmatched one is dropped; plain text loses them', () => {
    expect(codeSpans('name has the verb `delete` and `x')).toEqual([
      { text: 'name has the verb ' },
      { text: 'delete', code: true },
      { text: ' and ' },
      { text: 'x' },
    ]);
    expect(plainText(codeSpans('a `b` c'))).toBe('a b c');
  });
});

describe('search records', () => {
  test('lone surrogates (from a server, or a clip) never reach Pagefind, which refuses them', async () => {
    expect(clip('ab\u{1F600}cd', 3)).toBe('ab…');
    const dir = mkdtempSync(join(tmpdir(), 'atlas-pagefind-'));
    try {
      const record = wellFormed({
        url: '/servers/x/tools/y/',
        content: 'lone \ud83d surrogate',
        language: 'en',
        meta: { title: 't\udc00' },
        filters: { kind: ['tool'], server: ['s\ud800'] },
      });
      expect(record.content).toBe('lone \ufffd surrogate');
      expect((await indexRecords([record], dir)).records).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('tool names are split into words at case changes and punctuation', () => {
    expect(nameWords('deleteFile')).toBe('delete File');
    expect(nameWords('create_issue')).toBe('create issue');
    expect(nameWords('../../etc/passwd')).toBe('etc passwd');
  });
});

describe('sitemap', () => {
  test('past the per-file limit it writes a sitemap index; lastmod comes from the server scan', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'atlas-sitemap-'));
    try {
      for (const path of ['', 'a', 'b', 'servers/x', 'servers/x/tools/t']) {
        mkdirSync(join(dir, path), { recursive: true });
        writeFileSync(join(dir, path, 'index.html'), '<h1>x</h1>');
      }
      const lastmod = { updatedAt: '2026-01-02T00:00:00Z', servers: { x: '2026-01-01T00:00:00Z' } };
      expect(await writeSitemap(dir, 'https://s.example/', { lastmod, urlsPerFile: 2 })).toBe(5);
      const index = readFileSync(join(dir, 'sitemap.xml'), 'utf8');
      expect(index).toContain('<sitemapindex');
      expect(index.match(/<sitemap>/g)).toHaveLength(3);
      const all = [1, 2, 3].map((n) => readFileSync(join(dir, `sitemap-${n}.xml`), 'utf8')).join('');
      expect(all).toContain('<loc>https://s.example/servers/x/tools/t/</loc><lastmod>2026-01-01T00:00:00Z</lastmod>');
      expect(all).toContain('<loc>https://s.example/a/</loc><lastmod>2026-01-02T00:00:00Z</lastmod>');
      expect(lastmodOf('/servers/__proto__/', lastmod)).toBe(lastmod.updatedAt);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('_headers', () => {
  test('parses path patterns and their headers', () => {
    const rules = parseHeadersFile('/*\n  X-A: 1\n/v0.1/*\n  Content-Type: application/json\n# note\n');
    expect(rules).toHaveLength(2);
    expect(rules[1]!.pattern.test('/v0.1/servers')).toBe(true);
    expect(rules[1]!.pattern.test('/v0x1/servers')).toBe(false);
    expect(rules[0]!.headers).toEqual([['x-a', '1']]);
  });
});
