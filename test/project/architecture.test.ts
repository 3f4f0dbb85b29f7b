import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// The module arrows from STYLE.md: data/schema -> zod only; scanner and policies-gen -> data/schema;
// catalogue-api (the pure registry/API builders shared by the site and the live commands) -> data/schema and
// policies-gen; site -> data, policies-gen and catalogue-api; nothing -> site. A change that points an arrow the
// wrong way fails here.
const root = resolve(import.meta.dirname, '../..');

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name === '.astro') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(ts|mts|js|mjs|astro)$/.test(name)) out.push(path);
  }
  return out;
}

/** Relative import specifiers of a file, resolved to project-relative paths. */
function relativeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g)].map(
    (match) => match[1] ?? match[2] ?? '',
  );
  return specifiers.map((specifier) => relative(root, resolve(file, '..', specifier)));
}

const forbidden: Record<string, string[]> = {
  'data/schema': ['scanner', 'policies-gen', 'site', 'catalogue-api'],
  'policies-gen': ['scanner', 'site', 'catalogue-api'],
  'catalogue-api': ['scanner', 'site'],
  scanner: ['site'],
  // The sandbox sits below scan and crawl (and the coming audit and guard), which all call it.
  'scanner/sandbox': ['scanner/scan', 'scanner/crawl', 'scanner/cli', 'scanner/classify', 'policies-gen', 'site'],
  site: ['scanner'],
};

describe('module arrows', () => {
  for (const [folder, banned] of Object.entries(forbidden)) {
    it(`${folder} imports none of ${banned.join(', ')}`, () => {
      const dir = join(root, folder);
      const offending: string[] = [];
      for (const file of sourceFiles(dir)) {
        for (const target of relativeImports(file)) {
          if (banned.some((prefix) => target === prefix || target.startsWith(`${prefix}/`))) {
            offending.push(`${relative(root, file)} -> ${target}`);
          }
        }
      }
      expect(offending).toEqual([]);
    });
  }

  it('data/schema imports nothing but zod and itself', () => {
    const packages = new Set<string>();
    for (const file of sourceFiles(join(root, 'data/schema'))) {
      if (file.endsWith('generate-json-schema.ts')) continue; // the generator script writes files
      for (const match of readFileSync(file, 'utf8').matchAll(/from\s+['"]([^.'"][^'"]*)['"]/g)) packages.add(match[1] ?? '');
    }
    expect([...packages].sort()).toEqual(['zod']);
  });
});
