import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(new URL('../../', import.meta.url).pathname);

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));
}

describe('module arrows', () => {
  it('policies-gen imports only itself, data/schema, zod, yaml and re2js (never scanner/ or site/, no I/O)', () => {
    const files = sources('policies-gen');
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const text = readFileSync(join(root, file), 'utf8');
      for (const [, specifier] of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s+'([^']+)'/g)) {
        const target = specifier!.startsWith('.') ? relative(root, resolve(root, file, '..', specifier!)) : specifier!;
        const allowed =
          target.startsWith('policies-gen/') ||
          target.startsWith('data/schema/') ||
          target === 'zod' ||
          target === 'yaml' ||
          target === 're2js';
        expect(allowed, `${file} imports ${specifier}`).toBe(true);
      }
      expect(text, file).not.toMatch(/\bimport\(/);
    }
  });
});
