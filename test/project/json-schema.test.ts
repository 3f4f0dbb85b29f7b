import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderJsonSchemas } from '../../data/schema/generate-json-schema.ts';

describe('published JSON Schema', () => {
  const rendered = renderJsonSchemas();

  it('publishes the core contract schemas', () => {
    expect([...rendered.keys()]).toEqual(
      expect.arrayContaining(['scan-result.schema.json', 'classification.schema.json', 'server-record.schema.json']),
    );
  });

  for (const [file, text] of rendered) {
    it(`data/schema/json/${file} is up to date (run \`npm run schema:json\`)`, () => {
      expect(readFileSync(new URL(`../../data/schema/json/${file}`, import.meta.url), 'utf8')).toBe(text);
    });
  }

  it('documents every property of a scan result', () => {
    const schema = JSON.parse(rendered.get('scan-result.schema.json') ?? '{}') as { properties: Record<string, { description?: string }> };
    const undocumented = Object.entries(schema.properties)
      .filter(([, property]) => !property.description)
      .map(([name]) => name);
    expect(undocumented).toEqual([]);
  });
});
