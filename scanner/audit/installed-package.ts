/**
 * The npm package a `node <script>` command (or a `node_modules/.bin` shim) runs, read from the installed package.json:
 * only for scripts inside a `node_modules` folder, where the name and version say exactly what is on disk. A script in a
 * checkout of its own may be edited, so it is never answered from the catalogue.
 */
import { readFileSync, realpathSync } from 'node:fs';
import { basename, isAbsolute, join, resolve, sep } from 'node:path';
import type { PackageRef } from '../../data/schema/audit.ts';

/** The package folder that holds `file`: the part up to `node_modules/<name>` or `node_modules/@scope/<name>`. */
export function packageFolderOf(file: string): string | undefined {
  const parts = file.split(/[\\/]/);
  const at = parts.lastIndexOf('node_modules');
  if (at === -1 || at + 1 >= parts.length) return undefined;
  const scoped = parts[at + 1]!.startsWith('@');
  const end = at + (scoped ? 3 : 2);
  if (end > parts.length) return undefined;
  return parts.slice(0, end).join(sep);
}

function readPackage(folder: string): { name: string; version: string } | undefined {
  try {
    const json: unknown = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'));
    if (json === null || typeof json !== 'object') return undefined;
    const { name, version } = json as { name?: unknown; version?: unknown };
    return typeof name === 'string' && typeof version === 'string' ? { name, version } : undefined;
  } catch {
    return undefined;
  }
}

function real(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** The installed package a stdio command runs, when the command or its first script argument lives in node_modules. */
export function installedPackageOf(command: string, args: readonly string[], cwd: string): PackageRef | undefined {
  const exe = basename(command)
    .replace(/\.exe$/i, '')
    .toLowerCase();
  const candidates: string[] = [];
  if (exe === 'node' || exe === 'nodejs' || exe === 'bun' || exe === 'deno') {
    const script = args.find((arg) => !arg.startsWith('-'));
    if (script !== undefined) candidates.push(script);
  } else candidates.push(command);
  for (const candidate of candidates) {
    if (!candidate.includes('node_modules')) continue;
    const path = real(isAbsolute(candidate) ? candidate : resolve(cwd, candidate));
    const folder = packageFolderOf(path);
    if (folder === undefined) continue;
    const pkg = readPackage(folder);
    if (pkg !== undefined) return { name: pkg.name, version: pkg.version, via: 'installed' };
  }
  return undefined;
}
