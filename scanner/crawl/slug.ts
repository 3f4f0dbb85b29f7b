import { createHash } from 'node:crypto';
import { SlugSchema } from '../../data/schema/index.ts';

const MAX_BASE = 100;

/** Short stable hash of a name (hex), used to disambiguate slugs and to shard. */
export function nameHash(name: string): string {
  return createHash('sha256').update(name, 'utf8').digest('hex');
}

/**
 * The base slug of a source name: lower-case ASCII letters, digits and single hyphens.
 * `@notionhq/notion-mcp-server` -> `notionhq-notion-mcp-server`; `io.github.user/weather` -> `io-github-user-weather`.
 * Names that leave nothing usable (all non-ASCII) become `server-<hash>`.
 */
export function baseSlug(name: string): string {
  let slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length > MAX_BASE) slug = `${slug.slice(0, MAX_BASE).replace(/-+$/, '')}-${nameHash(name).slice(0, 8)}`;
  if (slug === '') slug = `server-${nameHash(name).slice(0, 12)}`;
  return SlugSchema.parse(slug);
}

/** The disambiguated slug used when `baseSlug(name)` is taken by another name. */
export function hashedSlug(name: string): string {
  return SlugSchema.parse(`${baseSlug(name)}-${nameHash(name).slice(0, 8)}`);
}

/**
 * Assigns a slug to every name, deterministically.
 * Among names sharing a base slug, the one already owning that slug on disk (`existing`: slug -> name) keeps it;
 * otherwise the lexicographically smallest name does. Every other name gets `<base>-<8 hex of sha256(name)>`.
 * The result does not depend on input order, so every shard of a crawl computes the same slugs.
 */
export function assignSlugs(names: readonly string[], existing: ReadonlyMap<string, string> = new Map()): Map<string, string> {
  const byBase = new Map<string, string[]>();
  for (const name of new Set(names)) {
    const base = baseSlug(name);
    byBase.set(base, [...(byBase.get(base) ?? []), name]);
  }
  const result = new Map<string, string>();
  for (const [base, group] of byBase) {
    group.sort();
    const owner = existing.get(base);
    const keeper = owner !== undefined ? (group.includes(owner) ? owner : undefined) : group[0];
    for (const name of group) result.set(name, name === keeper ? base : hashedSlug(name));
  }
  return result;
}
