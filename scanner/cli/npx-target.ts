import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { CrawlError } from '../crawl/errors.ts';
import { isValidNpmName, NpmCache, resolveBin } from '../crawl/npm-cache.ts';

/** What `npx <pkg> args…` becomes: the bin to start with Node, found before anything runs. */
export type NpxResolution =
  | { kind: 'resolved'; command: string; args: string[]; note: string }
  | { kind: 'failed'; code: string; message: string }
  | { kind: 'passthrough' };

/** `name`, `@scope/name`, `name@1.2.3`, `@scope/name@^1` → identifier and wanted version. */
function splitSpec(spec: string): { identifier: string; version: string | undefined } | undefined {
  const at = spec.indexOf('@', spec.startsWith('@') ? 1 : 0);
  const identifier = at === -1 ? spec : spec.slice(0, at);
  const version = at === -1 ? undefined : spec.slice(at + 1);
  if (!isValidNpmName(identifier) || version === '') return undefined;
  return { identifier, version };
}

/** The npx options understood here; anything else is left to npx itself. */
function parseNpx(args: string[]): { packageSpec: string; binName: string | undefined; rest: string[] } | undefined {
  let packageSpec: string | undefined;
  let index = 0;
  for (; index < args.length; index++) {
    const arg = args[index] as string;
    if (arg === '-y' || arg === '--yes' || arg === '-q' || arg === '--quiet') continue;
    if (arg === '-p' || arg === '--package') {
      if (packageSpec !== undefined) return undefined;
      packageSpec = args[++index];
      continue;
    }
    if (arg.startsWith('--package=')) {
      if (packageSpec !== undefined) return undefined;
      packageSpec = arg.slice('--package='.length);
      continue;
    }
    if (arg === '--') {
      index++;
      break;
    }
    if (arg.startsWith('-')) return undefined;
    break;
  }
  const first = args[index];
  if (first === undefined) return undefined;
  return packageSpec === undefined
    ? { packageSpec: first, binName: undefined, rest: args.slice(index + 1) }
    : { packageSpec, binName: first, rest: args.slice(index + 1) };
}

/** A bin of the project around `cwd` (npx runs those first): `<dir>/node_modules/.bin/<name>` in cwd or above. */
function localBin(name: string, cwd: string): string | undefined {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', '.bin', name);
    if (existsSync(candidate)) return candidate;
    if (dir === dirname(dir)) return undefined;
  }
}

/**
 * Resolves `npx …` before the server starts, so it can run in a sandbox without network and a missing package is
 * reported at once: a bin of the local project, else the package downloaded into the npm cache with install
 * scripts disabled (downloading is not running). Forms npx alone understands are passed through.
 */
export async function resolveNpx(command: string, args: string[], cwd: string, cache: NpmCache = new NpmCache()): Promise<NpxResolution> {
  if (basename(command) !== 'npx') return { kind: 'passthrough' };
  const parsed = parseNpx(args);
  if (parsed === undefined) return { kind: 'passthrough' };
  const spec = splitSpec(parsed.packageSpec);
  if (spec === undefined) return { kind: 'passthrough' };
  if (spec.version === undefined && parsed.binName === undefined) {
    const local = localBin(spec.identifier, cwd);
    if (local !== undefined)
      return { kind: 'resolved', command: local, args: parsed.rest, note: `npx ${spec.identifier}: the local project's bin ${local}` };
  }
  try {
    const version = await cache.resolveVersion(spec.identifier, spec.version);
    const installed = await cache.ensure(spec.identifier, version, { allowScripts: false });
    const binPath = parsed.binName === undefined ? installed.binPath : await resolveBin(installed.dir, spec.identifier, parsed.binName);
    return {
      kind: 'resolved',
      command: process.execPath,
      args: [binPath, ...parsed.rest],
      note: `npx ${spec.identifier}: ${spec.identifier}@${version} from the npm cache (install scripts not run)`,
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { kind: 'failed', code: error instanceof CrawlError ? error.code : 'INSTALL_FAILED', message };
  }
}
