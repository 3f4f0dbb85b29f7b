import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type PQueue from 'p-queue';
import type { ScanResult, SourceEntry } from '../../data/schema/index.ts';
import { SANDBOX_HOME } from '../sandbox/index.ts';
import type { ScanOptions } from '../scan/scan-options.ts';
import { scanServer } from '../scan/scan-server.ts';
import { CrawlError } from './errors.ts';
import type { NpmCache } from './npm-cache.ts';
import { isErrorCode, isSetting, parseRequiredEnv } from './required-env.ts';
import { CWD_TOKEN, planScan } from './resolve-target.ts';
import { scanWithRetries } from './start-attempts.ts';
import { syntheticResult } from './synthetic-result.ts';

/** The `_meta` key under which a source entry carries crawler options (`allowInstallScripts`). */
export const CRAWL_META_KEY = 'dev.mcp-atlas/crawl';

/** What scanning one source needs. */
export interface SourceScanContext {
  cache: NpmCache;
  /** Installs run through this queue, separately from scans (npm is heavy on disk and network). */
  installQueue: PQueue;
  /** Timeouts and limits passed to the scanner. */
  scanOptions: ScanOptions;
  /** Attempts for remote scans that fail to connect (network errors only). */
  remoteAttempts: number;
  /** Remove each package's install tree once its scan is done (`--discard-installs`). */
  discardInstalls?: boolean;
}

/** The outcome for one source: skipped because unchanged, or a scan (good or not). */
export type SourceOutcome = { kind: 'skipped'; packageVersion?: string } | { kind: 'scanned'; scan: ScanResult; packageVersion?: string };

const allowsScripts = (source: SourceEntry): boolean => {
  const meta = source._meta?.[CRAWL_META_KEY];
  return meta !== null && typeof meta === 'object' && (meta as { allowInstallScripts?: unknown }).allowInstallScripts === true;
};

/** Statuses where the server may have refused to start for want of credentials. */
const CREDENTIAL_SUSPECTS = new Set(['spawn_failed', 'crashed', 'init_failed', 'timeout', 'protocol_error']);

/** Required-variable names that are noise: error codes and settings (kept out of `requiredEnv`). */
const noise = (name: string): boolean => isErrorCode(name) || isSetting(name);

/**
 * Adds the variables the server asked for (from the source entry, or from its error text and stderr) to `requiredEnv`,
 * and marks a start failure that names missing variables as `auth_required`.
 */
export function withRequiredEnv(scan: ScanResult, declared: readonly string[]): ScanResult {
  const asked = scan.status === 'ok' ? [] : parseRequiredEnv(`${scan.error?.message ?? ''}\n${scan.stderrTail ?? ''}`);
  const names = [...new Set([...(scan.requiredEnv ?? []), ...declared, ...asked])].filter((name) => !noise(name));
  if (names.length === 0) return scan;
  const status = asked.length > 0 && CREDENTIAL_SUSPECTS.has(scan.status) ? 'auth_required' : scan.status;
  return { ...scan, status, requiredEnv: names };
}

/**
 * Scans one source entry: installs its npm package into the cache (or reuses it) and starts it with this Node
 * in a fresh temp folder, or connects to its remote; entries needing another runtime get `unsupported_runtime`.
 * `isUnchanged(version)` lets the caller skip a server whose last good scan still stands. Never throws for a server's fault.
 */
export async function scanSource(
  source: SourceEntry,
  context: SourceScanContext,
  isUnchanged: (packageVersion: string | undefined) => boolean,
): Promise<SourceOutcome> {
  const startedAt = new Date();
  const plan = planScan(source);
  if (plan.kind === 'unsupported') {
    if (isUnchanged(undefined)) return { kind: 'skipped' };
    const scan = syntheticResult({
      status: 'unsupported_runtime',
      code: 'UNSUPPORTED_RUNTIME',
      message: plan.reason,
      command: plan.command,
      args: plan.args,
      requiredEnv: plan.requiredEnv,
      startedAt,
    });
    return { kind: 'scanned', scan };
  }
  if (plan.kind === 'remote') {
    if (isUnchanged(undefined)) return { kind: 'skipped' };
    let scan: ScanResult | undefined;
    for (let attempt = 1; attempt <= context.remoteAttempts; attempt++) {
      scan = await scanServer(
        { kind: 'http', url: plan.url, headers: plan.headers },
        { ...context.scanOptions, requiredEnv: plan.requiredEnv },
      );
      if (scan.status !== 'connection_refused') break;
      if (attempt < context.remoteAttempts) await new Promise((resolve) => setTimeout(resolve, 1000 * 2 ** (attempt - 1)));
    }
    return { kind: 'scanned', scan: withRequiredEnv(scan as ScanResult, plan.requiredEnv) };
  }
  const identifier = plan.pkg.identifier;
  const failInstall = (error: unknown, version?: string): SourceOutcome => ({
    kind: 'scanned',
    ...(version !== undefined ? { packageVersion: version } : {}),
    scan: syntheticResult({
      status: 'install_failed',
      code: error instanceof CrawlError ? error.code : 'INSTALL_FAILED',
      message: (error as Error).message,
      command: 'node',
      args: [identifier],
      envNames: Object.keys(plan.env),
      requiredEnv: plan.requiredEnv,
      startedAt,
    }),
  });
  let version: string;
  try {
    version = await context.cache.resolveVersion(identifier, plan.pkg.version);
  } catch (error) {
    return failInstall(error);
  }
  if (isUnchanged(version)) return { kind: 'skipped', packageVersion: version };
  let binPath: string;
  const release = () => context.cache.release(identifier, version, { discard: context.discardInstalls === true });
  try {
    binPath = (await context.installQueue.add(() => context.cache.ensure(identifier, version, { allowScripts: allowsScripts(source) })))
      .binPath;
  } catch (error) {
    await release();
    return failInstall(error, version);
  }
  try {
    return await scanInstalled(context, plan, binPath, version);
  } finally {
    await release();
  }
}

/** Starts an installed stdio package (with placeholder and `--stdio` retries) and records what it listed. */
async function scanInstalled(
  context: SourceScanContext,
  plan: Extract<ReturnType<typeof planScan>, { kind: 'npm' }>,
  binPath: string,
  version: string,
): Promise<SourceOutcome> {
  // In the sandbox the server's folder is its tmpfs HOME: nothing to make or remove on the host.
  const sandboxed = (context.scanOptions.sandbox?.kind ?? 'bwrap') !== 'none';
  const cwd = sandboxed ? SANDBOX_HOME : await mkdtemp(join(tmpdir(), 'mcp-atlas-crawl-'));
  try {
    const args = plan.args.map((arg) => (arg === CWD_TOKEN ? cwd : arg));
    const scan = await scanWithRetries(
      { binPath, args, env: plan.env, requiredEnv: plan.requiredEnv, cwd: sandboxed ? '/' : cwd },
      context.scanOptions,
    );
    return {
      kind: 'scanned',
      packageVersion: version,
      scan: withRequiredEnv(redactPaths(scan, binPath, cwd, context.cache.root), plan.requiredEnv),
    };
  } finally {
    if (!sandboxed) await rm(cwd, { recursive: true, force: true, maxRetries: 3 });
  }
}

/**
 * Replaces machine-specific paths in the recorded transport (the Node binary, the cache folder, the temp folder)
 * (and the scanner's scratch HOME) with stable placeholders, so records do not change from one machine or run to the next.
 */
function redactPaths(scan: ScanResult, binPath: string, cwd: string, cacheRoot: string): ScanResult {
  if (scan.transport.type !== 'stdio') return scan;
  const home = new RegExp(`${escapeRegExp(join(tmpdir(), 'mcp-atlas-home-'))}[A-Za-z0-9]+`, 'g');
  const clean = (text: string): string => text.replaceAll(cwd, '<workdir>').replaceAll(cacheRoot, '<cache>').replace(home, '<home>');
  const args = scan.transport.args.map((arg) => (arg === binPath ? clean(binPath) : clean(arg)));
  const stderrTail = scan.stderrTail === undefined ? {} : { stderrTail: clean(scan.stderrTail) };
  const error = scan.error === undefined ? {} : { error: { ...scan.error, message: clean(scan.error.message) } };
  const warnings = scan.warnings.map((warning) => ({ ...warning, message: clean(warning.message) }));
  return { ...scan, ...stderrTail, ...error, warnings, transport: { ...scan.transport, command: 'node', args } };
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
