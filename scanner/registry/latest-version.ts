import type { RegistryEntry } from './registry-client.ts';

/**
 * Which of a name's listed versions the catalogue should hold. A registry asked for `version=latest` lists one, but a
 * subregistry may ignore the filter, and an incremental sync can list an old version (deleted by moderation) beside the
 * current one. The rules, in order:
 *
 * 1. A version that is not deleted beats a deleted one: deleting an old release removes that release, not the server.
 * 2. Among those, the one the registry marks `isLatest: true`.
 * 3. Else the highest semantic version (`1.10.0` above `1.9.0`, a release above its pre-releases); a version that is
 *    not semver ranks below any that is, and such versions are ordered by `publishedAt` (as the registry orders them).
 * 4. Ties keep the one listed last.
 *
 * The server is deleted only when the version chosen is deleted, i.e. every version listed is.
 */
export function pickLatestVersion(versions: readonly RegistryEntry[]): RegistryEntry | undefined {
  let best: RegistryEntry | undefined;
  for (const candidate of versions) if (best === undefined || rank(candidate, best) >= 0) best = candidate;
  return best;
}

/** Groups entries by server name (first-listed order) and keeps each name's latest version. */
export function latestPerName(entries: Iterable<RegistryEntry>): RegistryEntry[] {
  const byName = new Map<string, RegistryEntry[]>();
  for (const entry of entries) {
    const list = byName.get(entry.server.name);
    if (list === undefined) byName.set(entry.server.name, [entry]);
    else list.push(entry);
  }
  const out: RegistryEntry[] = [];
  for (const versions of byName.values()) {
    const latest = pickLatestVersion(versions);
    if (latest !== undefined) out.push(latest);
  }
  return out;
}

/** Positive when `a` should be held rather than `b`, negative for the reverse, 0 for a tie. */
function rank(a: RegistryEntry, b: RegistryEntry): number {
  const alive = Number(a.status !== 'deleted') - Number(b.status !== 'deleted');
  if (alive !== 0) return alive;
  const latest = Number(a.isLatest === true) - Number(b.isLatest === true);
  if (latest !== 0) return latest;
  const x = parseSemver(a.server.version);
  const y = parseSemver(b.server.version);
  if (x !== undefined && y !== undefined) return compareSemver(x, y);
  if (x !== undefined || y !== undefined) return x !== undefined ? 1 : -1;
  return (a.publishedAt ?? '').localeCompare(b.publishedAt ?? '');
}

interface Semver {
  core: [number, number, number];
  pre: string[] | undefined;
}

const SEMVER = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

/** `1.2.3`, `v1.2.3-rc.1+build` → parts; anything else (`2025-01`, `latest`, `1.2`) → undefined. */
export function parseSemver(version: string | undefined): Semver | undefined {
  const match = version === undefined ? null : SEMVER.exec(version.trim());
  if (match === null) return undefined;
  return { core: [Number(match[1]), Number(match[2]), Number(match[3])], pre: match[4]?.split('.') };
}

/** Semver precedence (semver.org §11): numeric core, then a release above its pre-releases, then identifier by identifier. */
export function compareSemver(a: Semver, b: Semver): number {
  for (let i = 0; i < 3; i++) if (a.core[i] !== b.core[i]) return (a.core[i] ?? 0) - (b.core[i] ?? 0);
  if (a.pre === undefined || b.pre === undefined) return a.pre === b.pre ? 0 : a.pre === undefined ? 1 : -1;
  for (let i = 0; i < Math.max(a.pre.length, b.pre.length); i++) {
    const x = a.pre[i];
    const y = b.pre[i];
    if (x === undefined || y === undefined) return x === undefined ? -1 : 1;
    if (x === y) continue;
    const numeric = /^\d+$/;
    if (numeric.test(x) && numeric.test(y)) return Number(x) - Number(y);
    if (numeric.test(x) || numeric.test(y)) return numeric.test(x) ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return 0;
}
