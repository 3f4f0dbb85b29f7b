/**
 * Tells which npm package a stdio command line runs: `npx -y pkg@1.2.3`, `npm exec -- pkg`, `pnpm dlx`, `bunx`,
 * `yarn dlx`. Pure. A package without an exact version is recognised but unpinned: what runs is whatever the registry
 * serves that day, so the catalogue cannot answer for it.
 */
import type { PackageRef } from '../../data/schema/audit.ts';

const NPM_NAME = /^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;
const EXACT_VERSION = /^\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.+-]+)?$/;

/** Splits `name@range` (scoped names start with `@`); the version only when exact. Undefined when it is not an npm name. */
export function parsePackageSpec(spec: string): { name: string; version?: string } | undefined {
  if (spec.startsWith('npm:')) return parsePackageSpec(spec.slice(4));
  const at = spec.indexOf('@', spec.startsWith('@') ? 1 : 0);
  const name = at === -1 ? spec : spec.slice(0, at);
  const range = at === -1 ? undefined : spec.slice(at + 1);
  if (!NPM_NAME.test(name) || name.length > 214) return undefined;
  return range !== undefined && EXACT_VERSION.test(range) ? { name, version: range } : { name };
}

function baseName(command: string): string {
  const last = command.split(/[\\/]/).pop() ?? command;
  return last.replace(/\.(cmd|exe|ps1)$/i, '').toLowerCase();
}

// Options of npx / npm exec that take a value, so the value is not mistaken for the package.
const VALUE_OPTIONS = new Set(['-p', '--package', '-c', '--call', '--registry', '--cache', '--userconfig', '-w', '--workspace']);

/** The first package of an `npx`-like argument list: `--package=x`/`-p x` wins, else the first bare argument. */
function firstPackage(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i]!;
    if (arg === '--') return args[i + 1];
    if (arg.startsWith('--package=')) return arg.slice('--package='.length);
    if (arg === '-p' || arg === '--package') return args[i + 1];
    if (VALUE_OPTIONS.has(arg)) {
      i += 1;
      continue;
    }
    if (arg.startsWith('-')) continue;
    return arg;
  }
  return undefined;
}

/** The npm package a command line runs through a package runner, or undefined (node scripts: see installed-package.ts). */
export function packageOfCommand(command: string, args: readonly string[]): PackageRef | undefined {
  const exe = baseName(command);
  let via: PackageRef['via'];
  let rest: readonly string[];
  // Windows configs often wrap the runner: `cmd /c npx -y pkg`.
  if (exe === 'cmd' && (args[0]?.toLowerCase() === '/c' || args[0]?.toLowerCase() === '/k') && args[1] !== undefined) {
    return packageOfCommand(args[1], args.slice(2));
  }
  if (exe === 'npx') [via, rest] = ['npx', args];
  else if (exe === 'bunx') [via, rest] = ['bunx', args];
  else if (exe === 'npm' && (args[0] === 'exec' || args[0] === 'x')) [via, rest] = ['npm-exec', args.slice(1)];
  else if (exe === 'pnpm' && args[0] === 'dlx') [via, rest] = ['pnpm-dlx', args.slice(1)];
  else if (exe === 'pnpx') [via, rest] = ['pnpm-dlx', args];
  else if (exe === 'yarn' && args[0] === 'dlx') [via, rest] = ['yarn-dlx', args.slice(1)];
  else if (exe === 'bun' && args[0] === 'x') [via, rest] = ['bunx', args.slice(1)];
  else return undefined;
  const spec = firstPackage(rest);
  const parsed = spec === undefined ? undefined : parsePackageSpec(spec);
  if (parsed === undefined) return undefined;
  return { ...parsed, via };
}
