import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { Meilisearch } from 'meilisearch';
import { describe, expect, test } from 'vitest';
import { ServerRecordSchema, SlugSchema } from '../../data/schema/index.ts';
import { SearchDocumentSchema, searchDocuments, toolSlugs } from '../../data/schema/search-document.ts';
import { meiliDocuments, meiliSettings, pushToMeili } from '../../scanner/search-index/index.ts';
import { FIXTURE_DATA, REPO } from './fixture-site.ts';

const records = readdirSync(join(FIXTURE_DATA, 'servers'))
  .sort()
  .map((file) => ServerRecordSchema.parse(JSON.parse(readFileSync(join(FIXTURE_DATA, 'servers', file), 'utf8'))));

describe('tool slugs', () => {
  test('are safe, unique and stable for any names', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' }), { maxLength: 30 }), (names) => {
        const slugs = toolSlugs(names);
        expect(slugs).toHaveLength(names.length);
        for (const slug of slugs) expect(SlugSchema.safeParse(slug).success).toBe(true);
        expect(new Set(slugs).size).toBe(slugs.length);
        expect(toolSlugs(names)).toEqual(slugs);
      }),
    );
  });

  test('keep clean names and hash the rest', () => {
    expect(toolSlugs(['search', 'list-items'])).toEqual(['search', 'list-items']);
    const [traversal, script] = toolSlugs(['../../etc/passwd', '<script>']);
    expect(traversal).toMatch(/^etc-passwd-[a-z0-9]{7}$/);
    expect(script).toMatch(/^script-[a-z0-9]{7}$/);
    const [a, b] = toolSlugs(['create_issue', 'create-issue']);
    expect(a).not.toBe(b);
  });
});

describe('search documents and Meilisearch settings', () => {
  test('one document per tool and per server, each valid, ids unique', () => {
    const docs = meiliDocuments(records);
    const tools = records.reduce((n, r) => n + r.scan.tools.length, 0);
    expect(docs.filter((d) => d.kind === 'tool')).toHaveLength(tools);
    expect(docs.filter((d) => d.kind === 'server')).toHaveLength(records.length);
    for (const doc of docs) expect(SearchDocumentSchema.parse(doc)).toEqual(doc);
    expect(new Set(docs.map((d) => d.id)).size).toBe(docs.length);
    const refund = docs.find((d) => d.name === 'refund_charge')!;
    expect(refund).toMatchObject({
      class: 'destructive',
      risk: 'critical',
      riskRank: 4,
      tags: ['financial'],
      serverSlug: 'com-example-payments',
    });
    const payments = docs.find((d) => d.id === 'server_com-example-payments')!;
    expect(payments).toMatchObject({ risk: 'critical', toolCount: 4, url: '/servers/com-example-payments/' });
  });

  test('settings make every site filter filterable and risk sortable', () => {
    const settings = meiliSettings();
    for (const field of ['kind', 'class', 'risk', 'tags', 'server']) expect(settings.filterableAttributes).toContain(field);
    expect(settings.sortableAttributes).toContain('riskRank');
    expect(settings.searchableAttributes?.[0]).toBe('name');
  });

  test('search documents carry hostile text verbatim (escaping is the renderer’s job) and safe URLs', () => {
    for (const doc of searchDocuments(records)) expect(doc.url).toMatch(/^\/servers\/[a-z0-9-]+\/(tools\/[a-z0-9-]+\/)?$/);
    expect(searchDocuments(records).some((d) => d.name === '../../etc/passwd')).toBe(true);
  });
});

describe('mcp-atlas index', () => {
  test('reports an unreachable Meilisearch clearly, with its exit code', async () => {
    const result = await promisify(execFile)(
      process.execPath,
      ['scanner/bin/mcp-atlas.js', 'index', '--meili-host', 'http://127.0.0.1:9', '--data-dir', FIXTURE_DATA],
      { cwd: REPO },
    ).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(result.code).toBe(15);
    expect(result.stderr).toContain('"code":"MEILI_UNREACHABLE"');
    expect(result.stderr).toContain('http://127.0.0.1:9');
  });

  test('rejects a missing host as a usage error', async () => {
    const result = await promisify(execFile)(process.execPath, ['scanner/bin/mcp-atlas.js', 'index'], { cwd: REPO }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--meili-host');
  });

  test.skipIf(!process.env.MEILI_HOST)('pushes to a live Meilisearch and filters like the site', async () => {
    const host = process.env.MEILI_HOST!;
    const apiKey = process.env.MEILI_MASTER_KEY;
    const index = `mcp-atlas-test-${process.pid}`;
    const documents = meiliDocuments(records);
    try {
      const result = await pushToMeili({ host, apiKey, index, documents });
      expect(result.documents).toBe(documents.length);
      const client = new Meilisearch({ host, apiKey });
      const found = await client.index(index).search('charge', { filter: ['risk = "critical"', 'kind = "tool"'] });
      expect(found.hits.map((h) => h.name)).toEqual(['refund_charge']);
    } finally {
      await new Meilisearch({ host, apiKey }).deleteIndex(index).waitTask();
    }
  });
});
