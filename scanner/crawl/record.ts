import { createHash } from 'node:crypto';
import type { Finding, ScanResult, ServerRecord, SourceEntry } from '../../data/schema/index.ts';
import { diffTools } from './history.ts';
import { canonicalJson } from './stable-json.ts';

/** Failed attempts kept beside a good scan. */
export const MAX_FAILED_ATTEMPTS = 10;

/** sha256 of the canonical source entry: any change to how a server is started forces a rescan. */
export function sourceHash(source: SourceEntry): string {
  return `sha256:${createHash('sha256').update(canonicalJson(source)).digest('hex')}`;
}

/** Whether a record holds a successful scan. */
export function hasGoodScan(record: ServerRecord | undefined): record is ServerRecord {
  return record !== undefined && record.scan.status === 'ok' && record.lastGoodAt !== undefined;
}

/** Whether the last good scan still stands: same source entry, same package version. */
export function isUnchanged(record: ServerRecord | undefined, hash: string, packageVersion: string | undefined): boolean {
  return hasGoodScan(record) && record.sourceHash === hash && record.packageVersion === packageVersion;
}

/** Registry status kept on a record (deleted entries have no record). */
export type RegistryStatus = NonNullable<ServerRecord['registryStatus']>;

/** What one crawl of one server produced. */
export interface Attempt {
  slug: string;
  source: SourceEntry;
  sourceHash: string;
  registryStatus?: RegistryStatus;
  packageVersion?: string;
  scan: ScanResult;
}

const versionOf = (packageVersion: string | undefined, scan: ScanResult): string | undefined => packageVersion ?? scan.serverInfo?.version;

/**
 * Folds a new attempt into the previous record:
 * a good scan replaces the previous one and appends the tool changes since the previous good scan;
 * a failed attempt never replaces a good scan — it is appended to `failedAttempts` (capped) instead.
 */
export function mergeAttempt(previous: ServerRecord | undefined, attempt: Attempt): ServerRecord {
  const registryStatus = attempt.registryStatus === 'deprecated' ? { registryStatus: attempt.registryStatus } : {};
  if (attempt.scan.status !== 'ok' && hasGoodScan(previous)) {
    const failed = {
      at: attempt.scan.scannedAt,
      status: attempt.scan.status,
      ...(attempt.scan.error !== undefined ? { error: attempt.scan.error } : {}),
      ...(attempt.packageVersion !== undefined ? { version: attempt.packageVersion } : {}),
    };
    const { registryStatus: _old, ...rest } = previous;
    return { ...rest, ...registryStatus, failedAttempts: [...previous.failedAttempts, failed].slice(-MAX_FAILED_ATTEMPTS) };
  }
  const base = {
    slug: attempt.slug,
    source: attempt.source,
    sourceHash: attempt.sourceHash,
    ...registryStatus,
    ...(attempt.packageVersion !== undefined ? { packageVersion: attempt.packageVersion } : {}),
    scan: attempt.scan,
    changes: previous?.changes ?? [],
    failedAttempts: previous?.failedAttempts ?? [],
  };
  if (attempt.scan.status !== 'ok') {
    return { ...base, ...(previous?.firstSeen !== undefined ? { firstSeen: previous.firstSeen } : {}) };
  }
  const at = attempt.scan.scannedAt;
  const firstSeen = { ...(previous?.firstSeen ?? {}) };
  for (const tool of attempt.scan.tools) firstSeen[tool.name] ??= at;
  const changes = hasGoodScan(previous)
    ? [
        ...previous.changes,
        ...diffTools(previous.scan.tools, attempt.scan.tools, {
          at,
          fromVersion: versionOf(previous.packageVersion, previous.scan),
          toVersion: versionOf(attempt.packageVersion, attempt.scan),
        }),
      ]
    : base.changes;
  return { ...base, lastGoodAt: at, firstSeen, changes };
}

const EVIDENCE_CAP = 300;
const visible = (text: string): string =>
  text
    .slice(0, EVIDENCE_CAP)
    .replace(
      /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );

/**
 * Adds a `rug-pull` finding to every current tool whose description changed without a version change
 * (the newest such change per tool), replacing any earlier rug-pull finding. Runs after classification.
 */
export function applyRugPullFindings(record: ServerRecord): ServerRecord {
  const latest = new Map<string, ServerRecord['changes'][number]>();
  for (const change of record.changes)
    if (change.kind === 'description_changed' && change.rugPull === true) latest.set(change.tool, change);
  const tools = record.scan.tools.map((tool) => {
    const others = (tool.findings ?? []).filter((finding) => finding.code !== 'rug-pull');
    const change = latest.get(tool.name);
    if (change === undefined) return tool.findings === undefined ? tool : { ...tool, findings: others };
    const finding: Finding = {
      code: 'rug-pull',
      severity: 'high',
      message: `The description of this tool changed on ${change.at.slice(0, 10)} without a new version: what a rug pull looks like.`,
      evidence: visible(change.before ?? ''),
      field: 'description',
    };
    return { ...tool, findings: [...others, finding] };
  });
  return { ...record, scan: { ...record.scan, tools } };
}
