/**
 * `mcp-atlas audit` without the command line: discover the configured servers, answer or scan each, analyse the stack,
 * compare with the lock file and (when asked) rewrite it. Returns the report and the resolved servers (for policies
 * and SARIF); writes nothing to stdout.
 */
import type { AuditReport } from '../../data/schema/audit.ts';
import { SCANNER_VERSION } from '../version.ts';
import type { MachineInfo } from './client-files.ts';
import { discoverServers } from './discover.ts';
import { loadCatalogueIndex } from './load-catalogue-index.ts';
import { changeFindings, diffLock, nextLock } from './lock-file.ts';
import { readLock, writeLock } from './lock-store.ts';
import { type ResolvedServer, type ResolveOptions, resolveServers } from './resolve-servers.ts';
import { analyseStack, sortFindings } from './stack-analysis.ts';

/** Everything an audit needs. */
export interface AuditOptions {
  machine: MachineInfo;
  /** Extra config files (`--config`). */
  configs: string[];
  /** Scan servers the catalogue does not answer for. */
  scan: boolean;
  /** The lock file to compare with; undefined for none (`--no-lock`). */
  lockPath: string | undefined;
  /** Rewrite the lock file with this audit's pins (false under --fail-on-change: CI checks, people accept). */
  writeLock: boolean;
  /** A catalogue index file instead of the shipped one. */
  catalogue?: string;
  concurrency: number;
  scanOptions: ResolveOptions['scanOptions'];
  progress: (line: string) => void;
  /** The clock (tests fix it). */
  now?: () => Date;
}

/** The report plus the resolved servers. */
export interface AuditOutcome {
  report: AuditReport;
  resolved: ResolvedServer[];
}

/** Runs the audit. Throws AuditError only for an unreadable lock file or catalogue index. */
export async function runAudit(options: AuditOptions): Promise<AuditOutcome> {
  const now = (options.now ?? (() => new Date()))().toISOString();
  const discovery = await discoverServers(options.machine, options.configs);
  const { index, from } = await loadCatalogueIndex(options.catalogue);
  options.progress(
    `${discovery.servers.length} configured server${discovery.servers.length === 1 ? '' : 's'} in ${discovery.files.filter((f) => f.status === 'read').length} files; catalogue: ${Object.keys(index.packages).length} package versions (${from})`,
  );
  const previous = options.lockPath === undefined ? undefined : await readLock(options.lockPath);
  const resolved = await resolveServers(discovery.servers, {
    index,
    scan: options.scan,
    expand: { env: options.machine.env, home: options.machine.home, project: options.machine.project },
    concurrency: options.concurrency,
    scanOptions: options.scanOptions,
    progress: options.progress,
  });
  const servers = resolved.map((entry) => entry.report);
  const changes = diffLock(previous, servers);
  const findings = sortFindings([
    ...analyseStack(
      resolved.map((entry) => entry.stack),
      options.machine.project,
    ),
    ...changeFindings(changes, servers),
  ]);
  let written = false;
  if (options.lockPath !== undefined && options.writeLock && (servers.length > 0 || previous !== undefined)) {
    await writeLock(options.lockPath, nextLock(previous, servers, now));
    written = true;
  }
  const report: AuditReport = {
    auditedAt: now,
    scannerVersion: SCANNER_VERSION,
    files: discovery.files,
    servers,
    findings,
    changes,
    ...(options.lockPath === undefined ? {} : { lock: { path: options.lockPath, existed: previous !== undefined, written } }),
  };
  return { report, resolved };
}
