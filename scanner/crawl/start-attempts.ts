/**
 * Starts an installed npm server until it lists its tools or nothing more can be tried: first as its entry says,
 * then with placeholders for the credentials it names (variables, flags, files), then over stdio when it started an
 * HTTP listener instead. What it needed in the end becomes the status (`needs_network`, `needs_service`, `broken`,
 * `auth_required`) with the reason.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ScanResult } from '../../data/schema/index.ts';
import { SANDBOX_HOME } from '../sandbox/index.ts';
import type { ScanOptions } from '../scan/scan-options.ts';
import { scanServer } from '../scan/scan-server.ts';
import { failureKind, startedHttpListener } from './failure-kind.ts';
import {
  addsPlaceholders,
  buildPlaceholders,
  credentialFlags,
  emptyPlaceholders,
  missingHomeFiles,
  PLACEHOLDER_SECRET,
  type Placeholders,
  requiredOptions,
} from './placeholders.ts';
import { parseRequiredEnv } from './required-env.ts';

/** Most starts of one server in one crawl (the first, up to two placeholder rounds, one stdio retry). */
export const MAX_ATTEMPTS = 4;

/** What to start. */
export interface StartPlan {
  /** Absolute path of the bin file. */
  binPath: string;
  /** Arguments after the bin (the per-server folder already substituted). */
  args: string[];
  /** Declared non-secret environment. */
  env: Record<string, string>;
  /** Variables the entry declares as required (credentials are among them). */
  requiredEnv: string[];
  /** The server's working directory on the host (`/` in the sandbox, where its folder is its tmpfs HOME). */
  cwd: string;
}

/** Statuses after which a retry with more placeholders or flags may get further. */
const RETRYABLE = new Set(['spawn_failed', 'crashed', 'init_failed', 'timeout', 'protocol_error', 'auth_required']);

const failureText = (scan: ScanResult): string => `${scan.error?.message ?? ''}\n${scan.stderrTail ?? ''}`;

/** The stdio flag a server that opened an HTTP listener is retried with, unless its arguments already say stdio. */
function stdioRetry(args: readonly string[]): string[] | undefined {
  if (args.some((arg) => /stdio/i.test(arg))) return undefined;
  return [...args, '--stdio'];
}

/** Whether the scan runs in the sandbox (the default). */
const sandboxed = (options: ScanOptions): boolean => (options.sandbox?.kind ?? 'bwrap') !== 'none';

async function writeStubs(dir: string, files: Record<string, string>): Promise<void> {
  for (const [relative, contents] of Object.entries(files)) {
    const path = join(dir, relative);
    if (!path.startsWith(`${dir}/`)) continue;
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, contents, { mode: 0o600 });
  }
}

/**
 * Scans the server, retrying as described above. Never throws for the server's fault. The result says
 * `credentials: "placeholder"` (and which) when the tools were listed only with placeholders.
 */
export async function scanWithRetries(plan: StartPlan, scanOptions: ScanOptions, node: string = process.execPath): Promise<ScanResult> {
  // Required arguments the entry's hints marked as credentials already carry the placeholder secret.
  const argumentNames = plan.args.flatMap((arg, index) =>
    arg === PLACEHOLDER_SECRET ? [plan.args[index - 1]?.startsWith('-') ? (plan.args[index - 1] as string) : `argument ${index + 1}`] : [],
  );
  let placeholders: Placeholders = { ...emptyPlaceholders(), names: argumentNames };
  let args = plan.args;
  let triedStdio = false;
  let scan: ScanResult | undefined;
  // Stub files live in a host folder made only when one is needed, visible (and writable, as HOME may be) in the
  // sandbox at the same path, and removed when the server is done.
  let stubDir: string | undefined;
  // The arguments after the bin come from the sources entry (a registry's, untrusted): they never choose what of the
  // host the server sees. Only the bin's package is shown, and the stub folder when there is one.
  const sandbox = { ...(scanOptions.sandbox ?? { kind: 'bwrap' as const }), argumentPaths: 'script' as const };
  try {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const env: Record<string, string> = { ...plan.env, ...placeholders.env };
      let options: ScanOptions = sandboxed(scanOptions) ? { ...scanOptions, sandbox } : scanOptions;
      if (stubDir !== undefined) {
        await writeStubs(stubDir, placeholders.files);
        if (Object.keys(placeholders.files).some((path) => path.startsWith('home/'))) env.HOME = join(stubDir, 'home');
        if (sandboxed(scanOptions)) {
          options = { ...scanOptions, sandbox: { ...sandbox, allowWrite: [...(sandbox.allowWrite ?? []), stubDir] } };
        }
      }
      scan = await scanServer(
        { kind: 'stdio', command: node, args: [plan.binPath, ...args, ...placeholders.args], env, cwd: plan.cwd },
        { ...options, requiredEnv: plan.requiredEnv },
      );
      if (scan.status === 'ok' || !RETRYABLE.has(scan.status) || attempt === MAX_ATTEMPTS) break;
      const text = failureText(scan);
      const kind = failureKind(text, { placeholders: placeholders.names.length > 0 });
      if (kind !== undefined && kind.status !== 'needs_network') break; // a missing service or a broken package: no flag helps
      if (!triedStdio && startedHttpListener(text)) {
        const retry = stdioRetry(args);
        triedStdio = true;
        if (retry !== undefined) {
          args = retry;
          continue;
        }
      }
      if (kind !== undefined) break; // it reached for the network: more placeholders would not stop it
      const home = sandboxed(scanOptions) ? SANDBOX_HOME : /\/[^\s'"]*mcp-atlas-home-[A-Za-z0-9]+/.exec(text)?.[0];
      const asked = {
        variables: [...plan.requiredEnv, ...parseRequiredEnv(text)],
        flags: [...credentialFlags(text), ...requiredOptions(text)],
        homeFiles: home === undefined ? [] : missingHomeFiles(text, home),
      };
      let next = buildPlaceholders(asked, stubDir ?? '', placeholders);
      if (!addsPlaceholders(placeholders, next)) break;
      if (stubDir === undefined && Object.keys(next.files).length > 0) {
        stubDir = await mkdtemp(join(tmpdir(), 'mcp-atlas-stubs-'));
        next = buildPlaceholders(asked, stubDir, placeholders); // file variables now point into the real folder
      }
      placeholders = next;
    }
  } finally {
    if (stubDir !== undefined) await rm(stubDir, { recursive: true, force: true, maxRetries: 3 });
  }
  return finish(scan as ScanResult, placeholders);
}

/** Records the placeholders on a good scan, or turns a failure into the status its text shows. */
function finish(result: ScanResult, placeholders: Placeholders): ScanResult {
  const used = placeholders.names.length > 0;
  // Variables asked for by earlier attempts stay named, though the last attempt's text no longer mentions them.
  const asked = Object.keys(placeholders.env);
  const requiredEnv = [...new Set([...(result.requiredEnv ?? []), ...asked])];
  const scan = requiredEnv.length > 0 ? { ...result, requiredEnv } : result;
  if (scan.status === 'ok') return used ? { ...scan, credentials: 'placeholder', placeholders: [...placeholders.names] } : scan;
  const withNames = used ? { ...scan, placeholders: [...placeholders.names] } : scan;
  if (!RETRYABLE.has(scan.status)) return withNames;
  const kind = failureKind(failureText(scan), { placeholders: used });
  if (kind === undefined) return withNames;
  return { ...withNames, status: kind.status, error: { code: kind.code, message: `${kind.reason}. ${scan.error?.message ?? ''}`.trim() } };
}
