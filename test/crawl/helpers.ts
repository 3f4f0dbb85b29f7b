// Shared setup for the crawl tests: a temp npm cache whose packages are the already-installed real servers
// (node_modules) and the crawl fixture packages, linked into the exact cache layout the crawler uses.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Package, ServerRecord, SourceEntry } from '../../data/schema/index.ts';
import { packageDir } from '../../scanner/crawl/npm-cache.ts';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const NODE = process.execPath;
export const FIXTURE_PACKAGES = join(ROOT, 'test', 'fixtures', 'crawl', 'packages');

/** Real packages available in the test cache: identifier -> folder. */
export const PACKAGES: Record<string, string> = {
  '@modelcontextprotocol/server-memory': join(ROOT, 'node_modules', '@modelcontextprotocol', 'server-memory'),
  '@modelcontextprotocol/server-filesystem': join(ROOT, 'node_modules', '@modelcontextprotocol', 'server-filesystem'),
  '@modelcontextprotocol/server-everything': join(ROOT, 'node_modules', '@modelcontextprotocol', 'server-everything'),
  '@mcp-atlas-fixture/mutable-server': join(FIXTURE_PACKAGES, 'mutable-server'),
  '@mcp-atlas-fixture/needs-token': join(FIXTURE_PACKAGES, 'needs-token'),
  '@mcp-atlas-fixture/well-behaved': join(FIXTURE_PACKAGES, 'well-behaved'),
  ...Object.fromEntries(
    ['token-checker', 'flag-token', 'credentials-file', 'http-listener', 'needs-service', 'broken-import', 'argv-reporter'].map((name) => [
      `@mcp-atlas-fixture/${name}`,
      join(FIXTURE_PACKAGES, name),
    ]),
  ),
};

/** The version in a package folder's package.json. */
export async function versionOf(identifier: string): Promise<string> {
  const folder = PACKAGES[identifier];
  if (folder === undefined) throw new Error(`unknown test package ${identifier}`);
  return (JSON.parse(await readFile(join(folder, 'package.json'), 'utf8')) as { version: string }).version;
}

/** A temp cache root holding every test package as if installed there (symlinked, so nothing is downloaded). */
export async function makeTestCache(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'atlas-cache-'));
  for (const [identifier, folder] of Object.entries(PACKAGES)) {
    const target = join(packageDir(root, identifier, await versionOf(identifier)), 'node_modules', identifier);
    await mkdir(dirname(target), { recursive: true });
    await symlink(folder, target, 'dir');
  }
  return root;
}

/** A server.json entry for one npm package, at its installed version. */
export async function npmSource(name: string, identifier: string, extra: Partial<Package> = {}): Promise<SourceEntry> {
  return {
    name,
    description: `Test entry for ${identifier}`,
    version: '1.0.0',
    packages: [{ registryType: 'npm', identifier, version: await versionOf(identifier), transport: { type: 'stdio' }, ...extra }],
  };
}

/** Reads every record of a data dir, by slug. */
export async function readRecords(dataDir: string): Promise<Map<string, ServerRecord>> {
  const records = new Map<string, ServerRecord>();
  const dir = join(dataDir, 'servers');
  for (const name of (await readdir(dir)).sort()) {
    if (!name.endsWith('.json')) continue;
    const record = JSON.parse(await readFile(join(dir, name), 'utf8')) as ServerRecord;
    records.set(record.slug, record);
  }
  return records;
}

/** Runs the real CLI (`scanner/bin/mcp-atlas.js`) and collects its output. */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(NODE, [join(ROOT, 'scanner', 'bin', 'mcp-atlas.js'), ...args], { cwd: ROOT, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}
