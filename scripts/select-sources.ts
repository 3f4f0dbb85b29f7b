/**
 * Builds `data/sources.json`: the npm MCP servers the crawl visits.
 *
 * How the list is chosen (see docs/sources.md):
 * 1. Every row of a list of npm packages with monthly downloads (name, version, downloads_a_month, summary) goes
 *    through the filter in scripts/source-filter.ts: MCP in the name or summary, at least 480 downloads a month,
 *    minus SDKs, clients, proxies, inspectors, frameworks, platform binaries and plugins (the reason for each
 *    package left out goes to `data/sources-excluded.json`). The servers curated by hand before the filter
 *    (`CURATED` in scripts/sources-curated.ts, with per-server `OVERRIDES`) keep their domains.
 * 2. Each one is installed into the crawler's cache (`<cache>/npm/<id with / as +>@<version>/`, no install
 *    scripts: downloading runs nothing); packages that fail to install or have no JavaScript `bin` are dropped.
 *    What the entry needs from the install (bin key, description, the `process.env.X` names its code reads) is
 *    kept in `<cache>/select-sources-meta.json`, so `--prune-installs` can remove the install tree at once.
 *    `--view` instead asks `npm view` for the bin and description only (seconds, not minutes, a package); the
 *    crawl's install then shows whether the bin is JavaScript (`NO_BIN` otherwise).
 * 3. Optionally (`--probe`), each one is started once with no credentials outside any sandbox — superseded by the
 *    crawl, which starts servers only in the sandbox; required variables found by earlier probes are kept from
 *    the existing sources file.
 *
 * Usage:
 *   node scripts/select-sources.ts --packages npm.tsv [--view] [--install] [--prune-installs] [--probe | --reprobe] [--concurrency 4] [--timeout 15000] [--out data/sources.json]
 * Without --install/--probe, it reuses the cache, the stored metadata and probe results, and only rewrites the files.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import PQueue from 'p-queue';
import type { EnvironmentVariable, PackageArgument, SourceEntry } from '../data/schema/index.ts';
import { SourcesFileSchema } from '../data/schema/index.ts';
import { filterPackage, guessDomain, HAND_EXCLUDED, parsePackageList } from './source-filter.ts';
import { CURATED, OVERRIDES } from './sources-curated.ts';

/** One candidate: a curated name joined with its row in the package list. */
type Candidate = { name: string; domain: string; version: string; downloads: number; summary: string };

/** What one start without credentials showed. */
type ProbeResult = { ok: boolean; tools: number; error: string; stderr: string; ms: number };

const cacheRoot = process.env.MCP_ATLAS_CACHE ?? join(homedir(), '.cache', 'mcp-atlas');
const probeFile = join(cacheRoot, 'select-sources-probe.json');
const metaFile = join(cacheRoot, 'select-sources-meta.json');
const viewFile = join(cacheRoot, 'select-sources-view.json');

/** What the entry needs from an install, kept so the install tree can be removed. */
type InstallMeta = { installed: boolean; bin?: { key: string; file: string }; description: string; codeEnv: string[] };
const nodeBin = process.execPath;

/** `<cache>/npm/<identifier with / as +>@<version>` — the layout the crawler uses. */
function installDir(name: string, version: string): string {
  return join(cacheRoot, 'npm', `${name.replaceAll('/', '+')}@${version}`);
}

/** A package the filter left out, with the reason (written to `data/sources-excluded.json`). */
type Excluded = { name: string; downloads: number; reason: string };

/** Curated servers (with their domains) plus every package the filter keeps; the rest with their reasons. */
function readCandidates(packagesFile: string): { candidates: Candidate[]; excluded: Excluded[] } {
  const rows = parsePackageList(readFileSync(packagesFile, 'utf8'));
  const byName = new Map(rows.map((row) => [row.name, row]));
  const domains = new Map(CURATED.map(({ name, domain }) => [name, domain]));
  const candidates: Candidate[] = [];
  const excluded: Excluded[] = [];
  for (const name of domains.keys())
    if (!byName.has(name) && HAND_EXCLUDED[name] === undefined) console.error(`not in package list: ${name}`);
  for (const row of rows) {
    const verdict = filterPackage(row, new Set(domains.keys()));
    if (!verdict.keep) {
      if (!/^(fewer than|neither name)/.test(verdict.reason))
        excluded.push({ name: row.name, downloads: row.downloads, reason: verdict.reason });
      continue;
    }
    const domain = domains.get(row.name) ?? guessDomain(row);
    candidates.push({ name: row.name, domain, version: row.version, downloads: row.downloads, summary: row.summary });
  }
  return { candidates, excluded: excluded.sort((a, b) => a.name.localeCompare(b.name)) };
}

function run(cmd: string, args: string[], timeoutMs: number): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: 'ignore', timeout: timeoutMs });
    child.on('close', (code) => resolve(code ?? 1));
    child.on('error', () => resolve(1));
  });
}

async function install(c: Candidate): Promise<boolean> {
  const dir = installDir(c.name, c.version);
  const marker = join(dir, 'node_modules', c.name, 'package.json');
  if (existsSync(marker)) return true;
  const flags = ['--no-save', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'];
  await run('npm', ['install', '--prefix', dir, ...flags, `${c.name}@${c.version}`], 300_000);
  return existsSync(marker);
}

/** The `bin` key the server starts from: the one named like the package (unscoped, then scoped), else the first — the crawler's rule. */
export function findBinKey(name: string, bins: Record<string, string>): string | undefined {
  const base = name.split('/').pop() ?? name;
  const keys = Object.keys(bins);
  return keys.find((k) => k === base) ?? keys.find((k) => k === name) ?? keys[0];
}

/** The installed package's JavaScript entry point (`bin` key and file), or undefined when it has none runnable with `node`. */
export function findBinEntry(name: string, version: string): { key: string; file: string } | undefined {
  const pkgDir = join(installDir(name, version), 'node_modules', name);
  const pkgFile = join(pkgDir, 'package.json');
  if (!existsSync(pkgFile)) return undefined;
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { bin?: string | Record<string, string> };
  const bins = typeof pkg.bin === 'string' ? { [name.split('/').pop() ?? name]: pkg.bin } : (pkg.bin ?? {});
  const key = findBinKey(name, bins);
  const rel = key === undefined ? undefined : bins[key];
  if (key === undefined || !rel) return undefined;
  const file = join(pkgDir, rel);
  if (!existsSync(file)) return undefined;
  const head = readFileSync(file, 'utf8').slice(0, 200);
  const isJs = /\.(c|m)?js$/.test(file) || head.startsWith('#!/usr/bin/env node') || head.startsWith('#!/usr/bin/node');
  return isJs ? { key, file } : undefined;
}

/** The installed package's JavaScript entry point, or undefined when it has none runnable with `node`. */
export function findBin(name: string, version: string): string | undefined {
  return findBinEntry(name, version)?.file;
}

const GENERIC_ENV = new Set(
  'NODE_ENV DEBUG HOME PATH PWD USER SHELL TERM CI TMPDIR TEMP TMP LANG NODE_OPTIONS NODE_DEBUG NO_COLOR FORCE_COLOR APPDATA LOCALAPPDATA USERPROFILE PORT HOST HOSTNAME LOG_LEVEL VERBOSE NODE_TLS_REJECT_UNAUTHORIZED NODE_EXTRA_CA_CERTS NODE_PATH SYSTEMROOT WINDIR COMSPEC VSCODE_PID TERM_PROGRAM COLORTERM LC_ALL NPM_CONFIG_REGISTRY MCP_TRANSPORT TRANSPORT LOGNAME PROGRAMFILES'.split(
    ' ',
  ),
);
const MEANINGFUL_ENV =
  /(TOKEN|KEY|SECRET|PASSWORD|PASS|PAT|URL|URI|ENDPOINT|_ID|ACCOUNT|USERNAME|USER|DATABASE|DB|DOMAIN|PROJECT|REGION|WORKSPACE|ORG|EMAIL|CREDENTIALS|INSTANCE|SITE|TENANT|VAULT|BASE_URL|HOST)$/;
const SECRET_ENV = /(TOKEN|KEY|SECRET|PASSWORD|PASS|PAT|CREDENTIALS|AUTH|COOKIE)/;

function isNoise(name: string): boolean {
  return GENERIC_ENV.has(name) || /^(npm_|XDG_|GITHUB_ACTIONS|RUNNER_|OTEL_|ELECTRON_|VITEST|JEST|.*_PROXY$)/.test(name);
}

/** Environment variable names the package's own code reads (`process.env.X`, `process.env['X']`). */
export function scanEnv(name: string, version: string): string[] {
  const pkgDir = join(installDir(name, version), 'node_modules', name);
  const found = new Map<string, number>();
  const re = /process\.env(?:\.([A-Z][A-Z0-9_]{2,})|\[\s*['"]([A-Z][A-Z0-9_]{2,})['"]\s*\])/g;
  let budget = 30_000_000;
  const walk = (dir: string, depth: number): void => {
    if (depth > 6) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full, depth + 1);
      else if (/\.(c|m)?js$/.test(entry.name) && !/\.(test|spec)\./.test(entry.name)) {
        const size = statSync(full).size;
        if (size > 8_000_000 || budget < size) continue;
        budget -= size;
        for (const m of readFileSync(full, 'utf8').matchAll(re)) {
          const v = m[1] ?? m[2] ?? '';
          if (!isNoise(v)) found.set(v, (found.get(v) ?? 0) + 1);
        }
      }
    }
  };
  if (existsSync(pkgDir)) walk(pkgDir, 0);
  return [...found.keys()].sort();
}

/** Starts the server with no credentials and asks for its tools. */
async function probe(bin: string, args: string[], timeoutMs: number): Promise<ProbeResult> {
  const started = Date.now();
  const home = join(cacheRoot, 'probe-home');
  mkdirSync(home, { recursive: true });
  const transport = new StdioClientTransport({
    command: nodeBin,
    args: [bin, ...args],
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home },
    cwd: dirname(bin),
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    if (stderr.length < 20_000) stderr += chunk.toString('utf8');
  });
  const client = new Client({ name: 'mcp-atlas-select', version: '0.1.0' });
  const timer = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`timeout after ${timeoutMs} ms`)), timeoutMs).unref());
  try {
    await Promise.race([client.connect(transport, { timeout: timeoutMs }), timer]);
    const list = await Promise.race([client.listTools(undefined, { timeout: timeoutMs }), timer]);
    return { ok: true, tools: list.tools.length, error: '', stderr: stderr.slice(0, 4000), ms: Date.now() - started };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, tools: 0, error: message.slice(0, 2000), stderr: stderr.slice(0, 4000), ms: Date.now() - started };
  } finally {
    await Promise.race([client.close().catch(() => {}), new Promise((r) => setTimeout(r, 3000).unref())]);
  }
}

function shorten(text: string, max: number): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,.;:—-]+$/, '')}…`;
}

function describeEnv(name: string, required: boolean): EnvironmentVariable {
  return {
    name,
    description: required
      ? 'Named by the server when it failed to start without credentials (where several are named, one may be enough).'
      : 'Read by the server code.',
    isRequired: required,
    isSecret: SECRET_ENV.test(name),
  };
}

/** Names in failure output that are settings rather than what the server needs to start. */
const NOT_REQUIRED = /^(YOUR_|EXAMPLE_)|DEBUG|LOG_|TIMEOUT|RETRIES|RATE_LIMIT|_MODEL$|_EFFORT$|_PROVIDER$/;

/** Required variables: named in the failure output; optional: meaningful names from the code. */
function envFor(c: Candidate, probeResult: ProbeResult | undefined, codeEnv: string[]): EnvironmentVariable[] {
  const override = OVERRIDES[c.name];
  const vars = new Map<string, EnvironmentVariable>();
  for (const v of override?.env ?? []) vars.set(v.name, v);
  const ownArgs = new Set(positional(override?.args));
  const failText = probeResult && !probeResult.ok ? `${probeResult.error}\n${probeResult.stderr}` : '';
  const named = new Set(failText.match(/\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g) ?? []);
  for (const v of named) {
    if (vars.has(v) || isNoise(v) || ownArgs.has(v) || NOT_REQUIRED.test(v)) continue;
    if (!(codeEnv.includes(v) || MEANINGFUL_ENV.test(v) || SECRET_ENV.test(v))) continue;
    const required = override?.requiredEnv === undefined || override.requiredEnv.includes(v);
    vars.set(v, describeEnv(v, required));
  }
  const optional = codeEnv.filter((v) => !vars.has(v) && MEANINGFUL_ENV.test(v));
  optional.sort((a, b) => Number(SECRET_ENV.test(b)) - Number(SECRET_ENV.test(a)) || a.localeCompare(b));
  for (const v of optional.slice(0, Math.max(0, 8 - vars.size))) vars.set(v, describeEnv(v, false));
  return [...vars.values()];
}

/** The installed package's own description, for packages listed without a summary. */
function installedDescription(name: string, version: string): string {
  const meta = metas[`${name}@${version}`] ?? views[`${name}@${version}`];
  if (meta !== undefined) return meta.description;
  const file = join(installDir(name, version), 'node_modules', name, 'package.json');
  if (!existsSync(file)) return '';
  const pkg = JSON.parse(readFileSync(file, 'utf8')) as { description?: unknown };
  return typeof pkg.description === 'string' ? pkg.description : '';
}

function entryFor(c: Candidate, probeResult: ProbeResult | undefined, codeEnv: string[], previous: SourceEntry | undefined): SourceEntry {
  const override = OVERRIDES[c.name];
  const packageArguments: PackageArgument[] = override?.args ?? [];
  const environmentVariables = mergeEnv(envFor(c, probeResult, codeEnv), probeResult === undefined ? previous : undefined);
  return {
    name: c.name,
    description: shorten(override?.description ?? (c.summary || installedDescription(c.name, c.version) || `MCP server ${c.name}`), 100),
    version: c.version,
    packages: [
      {
        registryType: 'npm',
        identifier: c.name,
        version: c.version,
        transport: { type: 'stdio' },
        ...(packageArguments.length > 0 ? { packageArguments } : {}),
        ...(environmentVariables.length > 0 ? { environmentVariables } : {}),
      },
    ],
    _meta: {
      'io.github.mcp-atlas/selection': {
        domain: c.domain,
        monthlyDownloads: c.downloads,
        bin: binEntry(c)?.key,
      },
    },
  };
}

/** Variables required by an earlier probe whose result is no longer stored: kept from the previous sources file. */
function mergeEnv(detected: EnvironmentVariable[], previous: SourceEntry | undefined): EnvironmentVariable[] {
  const kept = (previous?.packages?.[0]?.environmentVariables ?? []).filter((v) => v.isRequired === true);
  const names = new Set(detected.map((v) => v.name));
  const merged = [...detected.map((v) => (kept.some((k) => k.name === v.name) ? { ...v, isRequired: true } : v))];
  for (const v of kept) if (!names.has(v.name)) merged.unshift(v);
  return merged;
}

/** Stored install metadata, read once. */
let metas: Record<string, InstallMeta> = {};
/** What `npm view` said of packages not installed yet (`--view`): bin keys and description, no code scan. */
let views: Record<string, { bin?: { key: string; file: string }; description: string }> = {};

/** The bin entry from the stored install metadata, else from the install tree, else from `npm view`. */
function binEntry(c: Candidate): { key: string; file: string } | undefined {
  const key = `${c.name}@${c.version}`;
  const meta = metas[key];
  if (meta !== undefined) return meta.bin;
  return findBinEntry(c.name, c.version) ?? views[key]?.bin;
}

/** Asks npm for the bin and description of one exact version (no install): enough to write its entry. */
async function view(c: Candidate): Promise<void> {
  const out = await new Promise<string>((resolve) => {
    const child = spawn('npm', ['view', `${c.name}@${c.version}`, 'bin', 'description', '--json'], { stdio: ['ignore', 'pipe', 'ignore'] });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
    });
    child.on('close', () => resolve(text));
    child.on('error', () => resolve(''));
  });
  let parsed: { bin?: string | Record<string, string>; description?: string } = {};
  try {
    parsed = JSON.parse(out) as typeof parsed;
  } catch {
    return; // npm could not answer: no entry until it does
  }
  const bins = typeof parsed.bin === 'string' ? { [c.name.split('/').pop() ?? c.name]: parsed.bin } : (parsed.bin ?? {});
  const binKey = findBinKey(c.name, bins);
  const file = binKey === undefined ? undefined : bins[binKey];
  views[`${c.name}@${c.version}`] = {
    ...(binKey !== undefined && file ? { bin: { key: binKey, file } } : {}),
    description: typeof parsed.description === 'string' ? parsed.description : '',
  };
}

/** Records what the entry needs from the install tree; then, with `prune`, removes the tree (the npm cache stays). */
function keepMeta(c: Candidate, installed: boolean, prune: boolean): void {
  const key = `${c.name}@${c.version}`;
  const bin = installed ? findBinEntry(c.name, c.version) : undefined;
  metas[key] = {
    installed,
    ...(bin !== undefined ? { bin } : {}),
    description: installed ? installedDescriptionFromTree(c.name, c.version) : '',
    codeEnv: installed ? scanEnv(c.name, c.version) : [],
  };
  if (prune) rmSync(installDir(c.name, c.version), { recursive: true, force: true });
}

function installedDescriptionFromTree(name: string, version: string): string {
  const file = join(installDir(name, version), 'node_modules', name, 'package.json');
  if (!existsSync(file)) return '';
  const pkg = JSON.parse(readFileSync(file, 'utf8')) as { description?: unknown };
  return typeof pkg.description === 'string' ? pkg.description : '';
}

function positional(args: PackageArgument[] | undefined): string[] {
  return (args ?? []).flatMap((a) =>
    a.type === 'named' ? [a.name ?? '', a.value ?? a.default ?? ''].filter(Boolean) : [a.value ?? a.default ?? ''],
  );
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      packages: { type: 'string' },
      install: { type: 'boolean', default: false },
      probe: { type: 'boolean', default: false },
      reprobe: { type: 'boolean', default: false },
      'prune-installs': { type: 'boolean', default: false },
      view: { type: 'boolean', default: false },
      excluded: { type: 'string', default: 'data/sources-excluded.json' },
      concurrency: { type: 'string', default: '4' },
      timeout: { type: 'string', default: '15000' },
      out: { type: 'string', default: 'data/sources.json' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help || !values.packages) {
    console.error(
      'Usage: node scripts/select-sources.ts --packages npm.tsv [--install] [--probe|--reprobe] [--concurrency 4] [--timeout 15000] [--out data/sources.json]',
    );
    return values.help ? 0 : 2;
  }
  const { candidates, excluded } = readCandidates(values.packages);
  mkdirSync(cacheRoot, { recursive: true });
  metas = existsSync(metaFile) ? JSON.parse(readFileSync(metaFile, 'utf8')) : {};
  views = existsSync(viewFile) ? JSON.parse(readFileSync(viewFile, 'utf8')) : {};
  const queue = new PQueue({ concurrency: Number(values.concurrency) });
  if (values.view) {
    const todo = candidates.filter((c) => metas[`${c.name}@${c.version}`] === undefined && views[`${c.name}@${c.version}`] === undefined);
    let done = 0;
    await Promise.all(
      todo.map((c) =>
        queue.add(async () => {
          await view(c);
          if (++done % 50 === 0 || done === todo.length) {
            writeFileSync(viewFile, `${JSON.stringify(views, null, 1)}\n`);
            console.error(`[${done}/${todo.length}] viewed`);
          }
        }),
      ),
    );
  }
  if (values.install) {
    let done = 0;
    const todo = candidates.filter((c) => metas[`${c.name}@${c.version}`]?.installed !== true || !values['prune-installs']);
    await Promise.all(
      todo.map((c) =>
        queue.add(async () => {
          const ok = await install(c);
          keepMeta(c, ok, values['prune-installs'] === true);
          writeFileSync(metaFile, `${JSON.stringify(metas, null, 1)}\n`);
          console.error(`[${++done}/${todo.length}] ${ok ? 'installed' : 'FAILED   '} ${c.name}@${c.version}`);
        }),
      ),
    );
  }
  const probes: Record<string, ProbeResult> = existsSync(probeFile) ? JSON.parse(readFileSync(probeFile, 'utf8')) : {};
  const runnable = candidates.filter((c) => binEntry(c) !== undefined);
  if (values.probe || values.reprobe) {
    let done = 0;
    const toProbe = runnable.filter((c) => values.reprobe || !probes[`${c.name}@${c.version}`]);
    await Promise.all(
      toProbe.map((c) =>
        queue.add(async () => {
          const bin = findBin(c.name, c.version);
          if (bin === undefined) return; // pruned: probing needs the install tree
          const r = await probe(bin, positional(OVERRIDES[c.name]?.args), Number(values.timeout));
          probes[`${c.name}@${c.version}`] = r;
          writeFileSync(probeFile, `${JSON.stringify(probes, null, 1)}\n`);
          const what = r.ok ? `${r.tools} tools` : r.error.split('\n')[0]?.slice(0, 80);
          console.error(`[${++done}/${toProbe.length}] ${r.ok ? 'ok  ' : 'fail'} ${c.name}  ${what}  ${r.ms} ms`);
        }),
      ),
    );
  }
  const previousEntries = new Map<string, SourceEntry>(
    existsSync(values.out) ? SourcesFileSchema.parse(JSON.parse(readFileSync(values.out, 'utf8'))).servers.map((e) => [e.name, e]) : [],
  );
  const servers = runnable
    .filter((c) => !OVERRIDES[c.name]?.drop)
    .map((c) =>
      entryFor(
        c,
        probes[`${c.name}@${c.version}`],
        metas[`${c.name}@${c.version}`]?.codeEnv ?? scanEnv(c.name, c.version),
        previousEntries.get(c.name),
      ),
    )
    .sort((a, b) => a.name.localeCompare(b.name));
  const file = SourcesFileSchema.parse({ servers });
  writeFileSync(values.out, `${JSON.stringify(file, null, 2)}\n`);
  const dropped = [
    ...excluded,
    ...candidates
      .filter((c) => !runnable.includes(c) || OVERRIDES[c.name]?.drop !== undefined)
      .map((c) => ({
        name: c.name,
        downloads: c.downloads,
        reason:
          OVERRIDES[c.name]?.drop ??
          (metas[`${c.name}@${c.version}`]?.installed === false ? 'npm install failed here' : 'no JavaScript bin to start with node'),
      })),
  ].sort((a, b) => a.name.localeCompare(b.name));
  writeFileSync(values.excluded, `${JSON.stringify({ excluded: dropped }, null, 2)}\n`);
  const listed = runnable.filter((c) => probes[`${c.name}@${c.version}`]?.ok);
  const tools = listed.reduce((n, c) => n + (probes[`${c.name}@${c.version}`]?.tools ?? 0), 0);
  console.error(
    `${candidates.length} candidates (${excluded.length} left out by the filter), ${runnable.length} installed with a bin, ${servers.length} written to ${relative(process.cwd(), values.out)}; ` +
      `${listed.length} listed tools without credentials (${tools} tools)`,
  );
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await main();
}
