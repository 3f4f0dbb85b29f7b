import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { access, mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import { CrawlError } from './errors.ts';
import { withRetries } from './retry.ts';

const execFileAsync = promisify(execFile);

/** npm package names (scoped or not), as npm itself accepts them for new packages. */
const NPM_NAME = /^(?:@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/;
/** An exact version (no ranges, no tags, nothing that could escape a folder name). */
const EXACT_VERSION = /^\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.+-]+)?$/;

/** The cache root: `$MCP_ATLAS_CACHE`, else `~/.cache/mcp-atlas`. */
export function cacheRoot(): string {
  return process.env.MCP_ATLAS_CACHE ?? join(homedir(), '.cache', 'mcp-atlas');
}

/** Whether `identifier` is a valid npm package name (the crawler refuses anything else before touching disk or npm). */
export function isValidNpmName(identifier: string): boolean {
  return identifier.length <= 214 && NPM_NAME.test(identifier);
}

/** Whether `version` is an exact semver version. */
export function isExactVersion(version: string): boolean {
  return EXACT_VERSION.test(version);
}

/** `<root>/npm/<identifier with '/' replaced by '+'>@<version>`. */
export function packageDir(root: string, identifier: string, version: string): string {
  return join(root, 'npm', `${identifier.replaceAll('/', '+')}@${version}`);
}

const exists = (path: string): Promise<boolean> =>
  access(path).then(
    () => true,
    () => false,
  );

/** Whether the package is installed in `dir` (its own package.json is there). */
export function isInstalled(dir: string, identifier: string): Promise<boolean> {
  return exists(join(dir, 'node_modules', identifier, 'package.json'));
}

const NETWORK_TEXT = /ETIMEDOUT|ECONNRESET|EAI_AGAIN|ENOTFOUND|ECONNREFUSED|socket hang up|network/i;

/** An `npm` invocation that failed; `network` says whether retrying may help. */
class NpmCommandError extends Error {
  override name = 'NpmCommandError';
  readonly code = 'NPM_FAILED';
  readonly network: boolean;
  constructor(message: string, network: boolean, options?: { cause?: unknown }) {
    super(message, options);
    this.network = network;
  }
}

async function npm(args: string[], timeoutMs: number, signal?: AbortSignal): Promise<string> {
  try {
    const { stdout } = await execFileAsync('npm', args, {
      timeout: timeoutMs,
      maxBuffer: 16 * 1024 * 1024,
      killSignal: 'SIGKILL',
      ...(signal ? { signal } : {}),
    });
    return stdout;
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '');
    const lines = stderr.split('\n').filter((line) => /npm (error|ERR)/.test(line));
    const message = (lines.length > 0 ? lines.slice(0, 4).join(' ') : (error as Error).message).slice(0, 500);
    const timedOut = (error as { killed?: boolean }).killed === true;
    throw new NpmCommandError(
      timedOut ? `npm ${args[0]} timed out after ${timeoutMs} ms` : message,
      timedOut || NETWORK_TEXT.test(stderr),
      {
        cause: error,
      },
    );
  }
}

/** Options of {@link NpmCache}. */
export interface NpmCacheOptions {
  /** Cache root; default {@link cacheRoot}. */
  root?: string;
  /** Time limit of one `npm install`. Default 240 000 ms. */
  installTimeoutMs?: number;
  /** Attempts for installs failing on network errors. Default 3. */
  attempts?: number;
  /** Never call npm: only what is already installed counts (tests, offline machines). */
  offline?: boolean;
  /** Aborting it kills a running npm (a crawl stopped by a signal must not wait for an install). */
  signal?: AbortSignal;
}

/** An installed package ready to start. */
export interface InstalledPackage {
  /** Install folder (`--prefix`). */
  dir: string;
  /** Exact version installed. */
  version: string;
  /** Absolute path of the bin file to start with Node. */
  binPath: string;
  /** Whether this call installed it (false: found in the cache). */
  installedNow: boolean;
}

/**
 * The npm package cache: installs each package@version once into its own folder and finds its bin.
 * Concurrent requests for the same package share one install.
 */
export class NpmCache {
  readonly root: string;
  readonly #options: NpmCacheOptions;
  readonly #installs = new Map<string, Promise<InstalledPackage>>();
  readonly #versions = new Map<string, Promise<string>>();
  /** Scans using each installed package right now (see {@link NpmCache.release}). */
  readonly #users = new Map<string, number>();

  constructor(options: NpmCacheOptions = {}) {
    this.root = options.root ?? cacheRoot();
    this.#options = options;
  }

  /**
   * The exact version to use for `identifier` given the source's `version` (exact, a range, a tag, or absent = latest).
   * Asks npm (`npm view`) unless exact; when npm cannot answer, falls back to the highest version already in the cache.
   */
  resolveVersion(identifier: string, wanted: string | undefined): Promise<string> {
    if (wanted !== undefined && isExactVersion(wanted)) return Promise.resolve(wanted);
    const spec = `${identifier}@${wanted ?? 'latest'}`;
    let pending = this.#versions.get(spec);
    if (pending === undefined) {
      pending = this.#resolveVersion(identifier, spec);
      this.#versions.set(spec, pending);
    }
    return pending;
  }

  async #resolveVersion(identifier: string, spec: string): Promise<string> {
    let npmSaid = 'npm view failed';
    if (!this.#options.offline) {
      try {
        const out = JSON.parse(await npm(['view', spec, 'version', '--json'], 60_000, this.#options.signal)) as unknown;
        const version = Array.isArray(out) ? out.at(-1) : out;
        if (typeof version === 'string' && isExactVersion(version)) return version;
        npmSaid = `npm view found no version matching ${spec}`;
      } catch (error) {
        // fall back to the cache below
        if (error instanceof NpmCommandError)
          npmSaid = /E404|404 Not Found/.test(error.message) ? `npm has no package ${identifier}` : error.message;
      }
    }
    const prefix = `${identifier.replaceAll('/', '+')}@`;
    const cached = (await readdir(join(this.root, 'npm')).catch(() => [] as string[]))
      .filter((name) => name.startsWith(prefix) && isExactVersion(name.slice(prefix.length)))
      .map((name) => name.slice(prefix.length))
      .sort(compareVersions);
    const newest = cached.at(-1);
    if (newest === undefined)
      throw new CrawlError('INSTALL_FAILED', `cannot resolve a version for ${spec} (${npmSaid}, and nothing is cached)`);
    return newest;
  }

  /** Installs `identifier@version` (exact) unless already in the cache, and returns how to start it. Throws CrawlError. */
  ensure(identifier: string, version: string, options: { allowScripts?: boolean } = {}): Promise<InstalledPackage> {
    const key = `${identifier}@${version}`;
    this.#users.set(key, (this.#users.get(key) ?? 0) + 1);
    let pending = this.#installs.get(key);
    if (pending === undefined) {
      pending = this.#ensure(identifier, version, options.allowScripts === true);
      this.#installs.set(key, pending);
      pending.catch(() => this.#installs.delete(key));
    }
    return pending;
  }

  /**
   * Says one user of `ensure(identifier, version)` is done with it. With `discard`, the install tree is removed once no
   * scan uses it any more (npm's own cache keeps the tarballs, so installing it again later needs no download): a crawl
   * of hundreds of packages then holds only the installs in flight on disk, not all of them.
   */
  async release(identifier: string, version: string, options: { discard?: boolean } = {}): Promise<void> {
    const key = `${identifier}@${version}`;
    const users = (this.#users.get(key) ?? 1) - 1;
    if (users > 0) {
      this.#users.set(key, users);
      return;
    }
    this.#users.delete(key);
    if (options.discard !== true || !isValidNpmName(identifier) || !isExactVersion(version)) return;
    this.#installs.delete(key);
    await rm(packageDir(this.root, identifier, version), { recursive: true, force: true, maxRetries: 3 });
  }

  async #ensure(identifier: string, version: string, allowScripts: boolean): Promise<InstalledPackage> {
    if (!isValidNpmName(identifier))
      throw new CrawlError('INSTALL_FAILED', `not a valid npm package name: ${JSON.stringify(identifier.slice(0, 100))}`);
    if (!isExactVersion(version)) throw new CrawlError('INSTALL_FAILED', `not an exact version: ${JSON.stringify(version.slice(0, 50))}`);
    const dir = packageDir(this.root, identifier, version);
    let installedNow = false;
    if (!(await isInstalled(dir, identifier))) {
      if (this.#options.offline) throw new CrawlError('INSTALL_FAILED', `${identifier}@${version} is not in the cache (offline mode)`);
      await this.#install(identifier, version, dir, allowScripts);
      installedNow = true;
    }
    return { dir, version, binPath: await resolveBin(dir, identifier), installedNow };
  }

  async #install(identifier: string, version: string, dir: string, allowScripts: boolean): Promise<void> {
    // Install beside the final folder, then rename: a crawl killed mid-install never leaves a half-installed package
    // that a later run would take for a complete one.
    const partial = `${dir}.partial-${process.pid}-${randomBytes(4).toString('hex')}`;
    await mkdir(partial, { recursive: true });
    try {
      const args = ['install', '--prefix', partial, '--no-save', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error'];
      if (!allowScripts) args.push('--ignore-scripts');
      args.push(`${identifier}@${version}`);
      await withRetries(() => npm(args, this.#options.installTimeoutMs ?? 240_000, this.#options.signal), {
        attempts: this.#options.attempts ?? 3,
        baseDelayMs: 2000,
        isRetryable: (error) => error instanceof NpmCommandError && error.network,
      });
      if (!(await isInstalled(partial, identifier))) throw new Error('npm finished but the package folder is missing');
      await rename(partial, dir).catch(async (error: unknown) => {
        // Another crawl process finished the same install first: use theirs.
        if (!(await isInstalled(dir, identifier))) throw error;
      });
    } catch (error) {
      throw new CrawlError('INSTALL_FAILED', `npm install ${identifier}@${version} failed: ${(error as Error).message}`, { cause: error });
    } finally {
      await rm(partial, { recursive: true, force: true });
    }
  }
}

/** Numeric-aware comparison of exact versions (pre-releases sort before their release). */
export function compareVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const [core = '', pre] = v.split(/-(.*)/s);
    return { parts: core.split('+')[0]?.split('.').map(Number) ?? [], pre };
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < 3; i++) {
    const diff = (x.parts[i] ?? 0) - (y.parts[i] ?? 0);
    if (diff !== 0) return diff;
  }
  if (x.pre === undefined || y.pre === undefined) return x.pre === y.pre ? 0 : x.pre === undefined ? 1 : -1;
  return x.pre.localeCompare(y.pre, 'en', { numeric: true });
}

/**
 * The bin file of an installed package: `bin` as a string, else the entry named `binName` (when given), else the entry
 * named like the package (unscoped), else the first. Falls back to `main` when there is no `bin`. The path must stay
 * inside the package folder.
 */
export async function resolveBin(dir: string, identifier: string, binName?: string): Promise<string> {
  const packageRoot = resolve(dir, 'node_modules', identifier);
  let manifest: { bin?: unknown; main?: unknown; name?: unknown };
  try {
    manifest = JSON.parse(await readFile(join(packageRoot, 'package.json'), 'utf8')) as typeof manifest;
  } catch (error) {
    throw new CrawlError('NO_BIN', `cannot read package.json of ${identifier}`, { cause: error });
  }
  let relative: unknown;
  if (typeof manifest.bin === 'string') relative = manifest.bin;
  else if (manifest.bin !== null && typeof manifest.bin === 'object') {
    const bins = manifest.bin as Record<string, unknown>;
    const unscoped = identifier.split('/').at(-1) ?? identifier;
    if (binName !== undefined && bins[binName] === undefined) throw new CrawlError('NO_BIN', `${identifier} has no bin named ${binName}`);
    relative = (binName !== undefined ? bins[binName] : undefined) ?? bins[unscoped] ?? bins[identifier] ?? Object.values(bins)[0];
  } else if (typeof manifest.main === 'string') relative = manifest.main;
  if (typeof relative !== 'string' || relative === '') throw new CrawlError('NO_BIN', `${identifier} declares no bin`);
  const binPath = resolve(packageRoot, relative);
  if (!binPath.startsWith(packageRoot + sep)) throw new CrawlError('NO_BIN', `${identifier} bin points outside the package`);
  if (!(await exists(binPath))) throw new CrawlError('NO_BIN', `${identifier} bin file ${relative} is missing`);
  return binPath;
}
