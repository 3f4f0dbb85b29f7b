import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  parseRegistryQuery,
  queryEntries,
  REGISTRY_NAME,
  RegistryQueryError,
  registryEntries,
  registryEntry,
  registryEntryFiles,
  registryName,
  safeJson,
} from '../../catalogue-api/index.ts';
import { ServerRecordSchema } from '../../data/schema/index.ts';
import { SCAN_RECEIPT_KEY, ScanReceiptSchema } from '../../data/schema/scan-receipt.ts';
import { FIXTURE_DATA } from '../site/fixture-site.ts';
import { registryValidators } from './registry-schema.ts';

const records = readdirSync(join(FIXTURE_DATA, 'servers'))
  .sort()
  .map((file) => ServerRecordSchema.parse(JSON.parse(readFileSync(join(FIXTURE_DATA, 'servers', file), 'utf8'))));
const realDir = new URL('../../data/servers/', import.meta.url).pathname;
const real = readdirSync(realDir)
  .filter((f) => f.endsWith('.json'))
  .map((file) => ServerRecordSchema.parse(JSON.parse(readFileSync(join(realDir, file), 'utf8'))));
const { serverList, serverResponse } = registryValidators();

describe('registry names', () => {
  test('keep registry names, map npm names under com.npmjs, always fit the pattern', () => {
    expect(registryName('io.github.acme/files')).toBe('io.github.acme/files');
    expect(registryName('@modelcontextprotocol/server-memory')).toBe('com.npmjs.modelcontextprotocol/server-memory');
    expect(registryName('mcp-echarts')).toBe('com.npmjs/mcp-echarts');
    expect(registryName('<script>x</script>')).toMatch(/^com\.npmjs\/script-x-script-[a-z0-9]{7}$/);
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 1, maxLength: 300 }), (name) => {
        const mapped = registryName(name);
        expect(mapped).toMatch(REGISTRY_NAME);
        expect(mapped.length).toBeLessThanOrEqual(200);
      }),
      { numRuns: 300 },
    );
  });

  test('distinct catalogue names never share a registry name (the whole real catalogue)', () => {
    const names = registryEntries(real).map((e) => e.server.name);
    expect(new Set(names).size).toBe(real.length);
  });
});

describe('registry entries', () => {
  test('every fixture and real entry validates against the official ServerResponse schema', () => {
    // The validator does reject what upstream rejects (an npm-style name, a long description, no version).
    expect(serverResponse({ server: { name: '@scope/pkg', description: 'x'.repeat(101) } }).length).toBeGreaterThanOrEqual(3);
    for (const record of [...records, ...real]) {
      const entry = registryEntry(record, { siteUrl: 'https://atlas.example' });
      expect(serverResponse(entry), record.slug).toEqual([]);
      expect(ScanReceiptSchema.parse(entry._meta[SCAN_RECEIPT_KEY])).toEqual(entry._meta[SCAN_RECEIPT_KEY]);
    }
    expect(serverList({ servers: registryEntries(real), metadata: { count: real.length } })).toEqual([]);
  });

  test('the receipt says what was scanned, with tool hashes, counts, findings and policy URLs', () => {
    const payments = records.find((r) => r.slug === 'com-example-payments')!;
    const receipt = registryEntry(payments, { siteUrl: 'https://atlas.example/' })._meta[SCAN_RECEIPT_KEY];
    expect(receipt.scannedAt).toBe(payments.scan.scannedAt);
    expect(receipt.scannerVersion).toBe(payments.scan.scannerVersion);
    expect(receipt.tools.map((t) => t.hash)).toEqual(payments.scan.tools.map((t) => t.hash));
    expect(receipt.counts.tools).toBe(4);
    expect(receipt.counts.byRisk.critical).toBeGreaterThan(0);
    expect(receipt.page).toBe('https://atlas.example/servers/com-example-payments/');
    expect(receipt.policies.policylayer).toBe('https://atlas.example/api/policies/com-example-payments.policylayer.json');
    expect(Object.keys(receipt.policies).sort()).toEqual(['claude', 'codex', 'intercept', 'policylayer']);
  });

  test('hostile text is capped, dropped where it cannot be valid, and never readable as markup', () => {
    const hostile = records.find((r) => r.slug === 'hostile-server')!;
    const entry = registryEntry(hostile);
    expect(entry.server.websiteUrl).toBeUndefined();
    expect(entry.server.repository).toBeUndefined();
    expect(entry.server.remotes).toBeUndefined();
    expect(entry.server.description.length).toBeLessThanOrEqual(100);
    const text = safeJson(entry);
    expect(text).not.toMatch(/[<>]/);
    expect(JSON.parse(text)).toEqual(entry);
    const huge = { ...hostile, scan: { ...hostile.scan, serverInfo: { name: 'n'.repeat(3_000_000), version: 'v'.repeat(3_000_000) } } };
    expect(JSON.stringify(registryEntry(huge)).length).toBeLessThan(20_000);
  });

  test('static files: decoded and literal %2F paths, a version file only for safe versions', () => {
    const entry = registryEntry(records.find((r) => r.slug === 'io-github-acme-files')!);
    const files = registryEntryFiles(entry);
    expect(files).toContain(`v0.1/servers/${entry.server.name}/versions/latest/index.html`);
    expect(files).toContain(`v0.1/servers/${entry.server.name.replace('/', '%2F')}/versions/latest/index.html`);
    expect(files).toContain(`v0.1/servers/${entry.server.name}/versions/${entry.server.version}/index.html`);
    const odd = registryEntry({ ...records[0]!, packageVersion: '../../etc' });
    expect(registryEntryFiles(odd).every((f) => f.endsWith('/versions/latest/index.html'))).toBe(true);
  });
});

describe('registry queries', () => {
  const entries = registryEntries(records);

  test('the cursor pages through every entry exactly once', () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 10; page++) {
      const list = queryEntries(entries, { limit: 1, cursor });
      expect(serverList(list)).toEqual([]);
      seen.push(...list.servers.map((e) => e.server.name));
      cursor = list.metadata.nextCursor;
      if (cursor === undefined) break;
    }
    expect(seen).toEqual(entries.map((e) => e.server.name));
  });

  test('search, updated_since and version filter; bad values are refused', () => {
    expect(queryEntries(entries, { search: 'ACME' }).servers.map((e) => e.server.name)).toEqual(['io.github.acme/files']);
    const newest = entries
      .map((e) => e._meta[SCAN_RECEIPT_KEY].updatedAt)
      .sort()
      .at(-1)!;
    expect(queryEntries(entries, { updated_since: newest }).servers).toEqual([]);
    expect(queryEntries(entries, { updated_since: '2000-01-01T00:00:00Z' }).servers).toHaveLength(entries.length);
    const acme = entries.find((e) => e.server.name === 'io.github.acme/files')!;
    expect(queryEntries(entries, { version: acme.server.version }).servers).toContain(acme);
    expect(queryEntries(entries, { version: 'no-such-version' }).servers).toEqual([]);
    expect(() => parseRegistryQuery(new URLSearchParams('limit=-1'))).toThrow(RegistryQueryError);
    expect(() => parseRegistryQuery(new URLSearchParams('updated_since=yesterday'))).toThrow(RegistryQueryError);
    expect(parseRegistryQuery(new URLSearchParams('limit=5000')).limit).toBe(100);
  });
});
