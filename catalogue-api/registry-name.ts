import { shortHash } from '../data/schema/search-document.ts';

/** The official registry's server-name pattern: a reverse-DNS namespace, one slash, a name (ServerDetail.name). */
export const REGISTRY_NAME = /^[a-zA-Z0-9.-]+\/[a-zA-Z0-9._-]+$/;
const MAX_NAME = 200;

function clean(text: string, allowed: RegExp): string {
  return text.replace(allowed, '-').replace(/^[-.]+|[-.]+$/g, '');
}

/**
 * The registry name of a catalogue server. A name that already fits the registry's pattern (one that came from the
 * registry) is kept. Anything else is an npm-style name and goes under the reverse-DNS of the npm registry, where the
 * package lives: `@scope/pkg` → `com.npmjs.scope/pkg`, `pkg` → `com.npmjs/pkg`. When cleaning changed a name, a short
 * hash of the original is appended, so two different catalogue names never share a registry name. Pure.
 */
export function registryName(sourceName: string): string {
  if (REGISTRY_NAME.test(sourceName) && sourceName.length <= MAX_NAME) return sourceName;
  const scoped = /^@([^/]+)\/(.+)$/.exec(sourceName);
  const scope = scoped === null ? '' : clean(scoped[1]!, /[^a-zA-Z0-9.-]+/g).toLowerCase();
  const rest = scoped === null ? sourceName : scoped[2]!;
  const base = clean(rest, /[^a-zA-Z0-9._-]+/g).slice(0, 120) || 'server';
  const namespace = scope === '' ? 'com.npmjs' : `com.npmjs.${scope.slice(0, 60)}`;
  const plain = scoped === null ? rest : `@${scoped[1]}/${rest}`;
  const exact = base === rest && (scoped === null || scope === scoped[1]) && plain === sourceName;
  return exact ? `${namespace}/${base}` : `${namespace}/${base}-${shortHash(sourceName)}`;
}
