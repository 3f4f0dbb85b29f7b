/**
 * Builds `data/sources.json`: the npm MCP servers the crawl visits.
 *
 * How the list was chosen (see docs/sources.md):
 * 1. `grep -iE 'mcp|model context protocol'` over a list of npm packages with monthly downloads
 *    (name, version, downloads_a_month, summary), sorted by downloads.
 * 2. By hand, the servers among them (not SDKs, clients, proxies, inspectors, frameworks, platform
 *    binaries), each given a domain: `CURATED` in scripts/sources-curated.ts (with per-server `OVERRIDES`).
 * 3. Each one is installed into the crawler's cache (`<cache>/npm/<id with / as +>@<version>/`, no install
 *    scripts); packages that fail to install or have no JavaScript `bin` are dropped.
 * 4. Each one is started once with no credentials (a short stdio `initialize` + `tools/list`, 15 s). The
 *    environment variables a failing server names in its error output become required variables; others
 *    found in its code (`process.env.X`) are listed as optional.
 *
 * Usage:
 *   node scripts/select-sources.ts --packages npm.tsv [--install] [--probe | --reprobe] [--concurrency 4] [--timeout 15000] [--out data/sources.json]
 * --probe starts only servers without a stored probe result; --reprobe starts them all.
 * Without --install/--probe, it reuses the cache and the probe results stored at `<cache>/select-sources-probe.json`.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import PQueue from 'p-queue';
import type { EnvironmentVariable, PackageArgument, SourceEntry } from '../data/schema/index.ts';
import { SourcesFileSchema } from '../data/schema/index.ts';
import { CURATED, OVERRIDES } from './sources-curated.ts';

/** One candidate: a curated name joined with its row in the package list. */
type Candidate = { name: string; domain: string; version: string; downloads: number; summary: string };

/** What one start without credentials showed. */
type ProbeResult = { ok: boolean; tools: number; error: string; stderr: string; ms: number };

const cacheRoot = process.env.MCP_ATLAS_CACHE ?? join(homedir(), '.cache', 'mcp-atlas');
const probeFile = join(cacheRoot, 'select-sources-probe.json');
const nodeBin = process.execPath;

/** `<cache>/npm/<identifier with / as +>@<version>` — the layout the crawler uses. */
function installDir(name: string, version: string): string {
  return join(cacheRoot, 'npm', `${name.replaceAll('/', '+')}@${version}`);
}

function readCandidates(packagesFile: string): Candidate[] {
  const rows = new Map<string, string[]>();
  for (const line of readFileSync(packagesFile, 'utf8').split('\n')) {
    const cols = line.split('\t');
    if (cols[0]) rows.set(cols[0], cols);
  }
  const out: Candidate[] = [];
  for (const { name, domain } of CURATED) {
    const row = rows.get(name);
    if (!row) {
      console.error(`not in package list: ${name}`);
      continue;
    }
    out.push({ name, domain, version: row[1] ?? '', downloads: Number(row[2] ?? 0), summary: row[3] ?? '' });
  }
  return out;
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
  const file = join(installDir(name, version), 'node_modules', name, 'package.json');
  if (!existsSync(file)) return '';
  const pkg = JSON.parse(readFileSync(file, 'utf8')) as { description?: unknown };
  return typeof pkg.description === 'string' ? pkg.description : '';
}

function entryFor(c: Candidate, probeResult: ProbeResult | undefined, codeEnv: string[]): SourceEntry {
  const override = OVERRIDES[c.name];
  const packageArguments: PackageArgument[] = override?.args ?? [];
  const environmentVariables = envFor(c, probeResult, codeEnv);
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
        bin: findBinEntry(c.name, c.version)?.key,
      },
    },
  };
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
  const candidates = readCandidates(values.packages);
  const queue = new PQueue({ concurrency: Number(values.concurrency) });
  if (values.install) {
    let done = 0;
    await Promise.all(
      candidates.map((c) =>
        queue.add(async () => {
          const ok = await install(c);
          console.error(`[${++done}/${candidates.length}] ${ok ? 'installed' : 'FAILED   '} ${c.name}@${c.version}`);
        }),
      ),
    );
  }
  const probes: Record<string, ProbeResult> = existsSync(probeFile) ? JSON.parse(readFileSync(probeFile, 'utf8')) : {};
  const runnable = candidates.filter((c) => findBin(c.name, c.version) !== undefined);
  if (values.probe || values.reprobe) {
    let done = 0;
    const toProbe = runnable.filter((c) => values.reprobe || !probes[`${c.name}@${c.version}`]);
    await Promise.all(
      toProbe.map((c) =>
        queue.add(async () => {
          const bin = findBin(c.name, c.version) as string;
          const r = await probe(bin, positional(OVERRIDES[c.name]?.args), Number(values.timeout));
          probes[`${c.name}@${c.version}`] = r;
          writeFileSync(probeFile, `${JSON.stringify(probes, null, 1)}\n`);
          const what = r.ok ? `${r.tools} tools` : r.error.split('\n')[0]?.slice(0, 80);
          console.error(`[${++done}/${toProbe.length}] ${r.ok ? 'ok  ' : 'fail'} ${c.name}  ${what}  ${r.ms} ms`);
        }),
      ),
    );
  }
  const servers = runnable
    .filter((c) => !OVERRIDES[c.name]?.drop)
    .map((c) => entryFor(c, probes[`${c.name}@${c.version}`], scanEnv(c.name, c.version)))
    .sort((a, b) => a.name.localeCompare(b.name));
  const file = SourcesFileSchema.parse({ servers });
  writeFileSync(values.out, `${JSON.stringify(file, null, 2)}\n`);
  const listed = runnable.filter((c) => probes[`${c.name}@${c.version}`]?.ok);
  const tools = listed.reduce((n, c) => n + (probes[`${c.name}@${c.version}`]?.tools ?? 0), 0);
  console.error(
    `${candidates.length} curated, ${runnable.length} installed with a bin, ${servers.length} written to ${relative(process.cwd(), values.out)}; ` +
      `${listed.length} listed tools without credentials (${tools} tools)`,
  );
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await main();
}
