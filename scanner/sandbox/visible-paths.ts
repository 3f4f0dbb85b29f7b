import { accessSync, closeSync, constants, existsSync, lstatSync, openSync, readlinkSync, readSync, realpathSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, isAbsolute, join, resolve, sep } from 'node:path';
import type { Mount } from './bwrap-args.ts';
import { SandboxError } from './sandbox-error.ts';
import { SANDBOX_HOME } from './sandbox-options.ts';

/** Directories that hold the system's programs and libraries: visible read-only, never bound again as "code". */
export const SYSTEM_DIRS = ['/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32'] as const;

/**
 * The few `/etc` entries programs need: the dynamic loader's cache, TLS roots, name resolution, users and
 * groups (names only: the shadow files are not here), `alternatives` (Debian's `/usr/bin/python3` links), time zone.
 */
export const ETC_ENTRIES = [
  'ld.so.cache',
  'ld.so.conf',
  'ld.so.conf.d',
  'alternatives',
  'ssl',
  'ca-certificates',
  'pki',
  'crypto-policies',
  'resolv.conf',
  'hosts',
  'host.conf',
  'gai.conf',
  'nsswitch.conf',
  'passwd',
  'group',
  'localtime',
  'timezone',
  'protocols',
  'services',
  'mime.types',
  'os-release',
] as const;

/** Paths the sandbox provides itself: an argument naming one of them means the sandbox's own, not the host's. */
const SANDBOX_OWN = ['/', '/tmp', '/dev', '/proc', '/etc', SANDBOX_HOME];

/** Files that mark the root of a project (the folder bound when a file in it is run). */
const PROJECT_MARKERS = ['package.json', 'pyproject.toml', 'setup.py', 'go.mod', 'Cargo.toml', 'deno.json', '.git'];

const within = (path: string, dir: string): boolean => path === dir || path.startsWith(dir === '/' ? '/' : `${dir}${sep}`);

/** Whether `path` lies in a system directory (already visible read-only). */
export function isSystemPath(path: string): boolean {
  return SYSTEM_DIRS.some((dir) => within(path, dir));
}

/** The system part of the sandbox: /usr, the top-level library and bin folders (or their symlinks), and /etc's few files. */
export function systemMounts(): { system: Mount[]; symlinks: { target: string; dest: string }[] } {
  const system: Mount[] = [{ source: '/usr', dest: '/usr' }];
  const symlinks: { target: string; dest: string }[] = [];
  for (const dir of SYSTEM_DIRS.slice(1)) {
    try {
      const stat = lstatSync(dir);
      if (stat.isSymbolicLink()) symlinks.push({ target: readlinkSync(dir), dest: dir });
      else if (stat.isDirectory()) system.push({ source: dir, dest: dir });
    } catch {
      // Not on this system.
    }
  }
  for (const name of ETC_ENTRIES) {
    const path = `/etc/${name}`;
    if (existsSync(path)) system.push({ source: path, dest: path });
  }
  return { system, symlinks };
}

/** What the sandbox must show for one command line, and the command line to run inside it. */
export interface CodePlan {
  /** Absolute path of the program inside the sandbox. */
  command: string;
  /** Arguments, with those that name existing files or folders made absolute. */
  args: string[];
  /** Read-only (and, for `allowWrite`, writable) mounts at the paths the arguments use. */
  mounts: Mount[];
}

/** Input of {@link planCode}. */
export interface CodeRequest {
  command: string;
  args: string[];
  /** The caller's working directory, against which relative paths are resolved (outside the sandbox). */
  cwd: string;
  /** `PATH` used to find the command. */
  path: string;
  allowRead?: string[];
  allowWrite?: string[];
  /**
   * Which arguments may name host paths to show: `all` (the default: the user typed the command line) or `script`,
   * only the first (the program a crawl runs; the rest come from a sources entry or registry, which are untrusted and
   * must not choose what of the host a server sees).
   */
  argumentPaths?: 'all' | 'script';
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Finds `command` as a shell would: a path when it has a slash, else the first executable on `path`. */
export function resolveCommand(command: string, cwd: string, path: string): string | undefined {
  if (command.includes('/')) {
    const absolute = resolve(cwd, command);
    return isExecutable(absolute) ? absolute : undefined;
  }
  for (const dir of path.split(delimiter)) {
    if (dir === '' || !isAbsolute(dir)) continue;
    const candidate = join(dir, command);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/** `#!/usr/bin/env node` → `node`; undefined for binaries and other interpreter lines. */
function envInterpreter(file: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const head = Buffer.alloc(256);
    const read = readSync(fd, head, 0, head.length, 0);
    const line = head.subarray(0, read).toString('latin1').split('\n')[0] ?? '';
    const match = /^#!\s*\/(?:usr\/)?bin\/env\s+([A-Za-z0-9._+-]+)\s*$/.exec(line);
    return match?.[1];
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Folders never bound whole: the root, the user's home and everything above it, and what the sandbox provides itself. */
function tooBroad(dir: string, home: string): boolean {
  return SANDBOX_OWN.includes(dir) || within(home, dir) || SYSTEM_DIRS.some((system) => within(system, dir));
}

/** The folder to bind for a file: its project root (nearest marker), else its own folder, else only the file. */
function projectRoot(file: string, home: string): string {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    if (tooBroad(dir, home)) break;
    if (PROJECT_MARKERS.some((marker) => existsSync(join(dir, marker)))) return dir;
    if (dir === dirname(dir)) break;
  }
  const own = dirname(file);
  return tooBroad(own, home) ? file : own;
}

/** Collects mounts, skipping those another mount already shows at the same place. */
class MountList {
  readonly #mounts: Mount[] = [];

  add(mount: Mount): void {
    if (this.#mounts.some((m) => m.source === mount.source && m.dest === mount.dest && m.writable === mount.writable)) return;
    this.#mounts.push(mount);
  }

  covers(path: string): boolean {
    return this.#mounts.some((mount) => within(path, mount.dest));
  }

  /** Parents before children, so a child mount is never hidden by its parent's. */
  list(): Mount[] {
    return [...this.#mounts].sort((a, b) => a.dest.split(sep).length - b.dest.split(sep).length || a.dest.localeCompare(b.dest));
  }
}

/** Shows a file (a program, a script) and what Node would load next to it: its project root and every `node_modules` above. */
function exposeFile(real: string, mounts: MountList, home: string): void {
  if (isSystemPath(real)) return;
  const root = projectRoot(real, home);
  mounts.add({ source: root, dest: root });
  for (let dir = dirname(real); dir !== dirname(dir); dir = dirname(dir)) {
    const modules = join(dir, 'node_modules');
    if (!existsSync(modules) || isSystemPath(modules)) continue;
    const target = realpathSync(modules);
    if (!isSystemPath(target)) mounts.add({ source: target, dest: target });
    // A symlinked node_modules (a workspace, a worktree) must also be found where Node looks for it.
    if (target !== modules && !mounts.covers(dir)) mounts.add({ source: target, dest: modules });
  }
}

/**
 * Whether an argument names a host path the server should see (and so should be made visible). A bare word (no `/`)
 * counts only when it is a file (`server.js`): a bare word that happens to be a folder is far more often a
 * subcommand (`run`, `start`, `serve` beside a folder of that name, or `/run` when the working directory is `/`) than
 * a folder the user meant, so folders are named with a slash (`./data`) or as `.` or `..`.
 */
function namedPath(arg: string, cwd: string): string | undefined {
  if (arg === '' || arg.startsWith('-') || arg.length > 4096 || arg.includes('\0')) return undefined;
  const absolute = resolve(cwd, arg);
  if (SANDBOX_OWN.includes(absolute) || within(absolute, SANDBOX_HOME) || isSystemPath(absolute)) return undefined;
  if (!existsSync(absolute)) return undefined;
  const bareWord = !arg.includes('/') && arg !== '.' && arg !== '..';
  if (bareWord && statSync(absolute).isDirectory()) return undefined;
  return absolute;
}

/**
 * Decides what of the host the server sees besides the system: the program (resolved on PATH, to its real path),
 * the script a `#!/usr/bin/env X` program names, each argument that names an existing file (its project root) or
 * folder (itself), and the paths the user allowed — all read-only except `allowWrite`. The user's home and `/`
 * are never bound whole by inference; a folder argument inside the home is bound alone.
 */
export function planCode(request: CodeRequest, home: string = homedir()): CodePlan {
  const resolved = resolveCommand(request.command, request.cwd, request.path);
  if (resolved === undefined) {
    throw new SandboxError('COMMAND_NOT_FOUND', `Could not start \`${request.command}\`: command not found.`);
  }
  const mounts = new MountList();
  let command = realpathSync(resolved);
  let args = [...request.args];
  const interpreter = envInterpreter(command);
  if (interpreter !== undefined) {
    const program = resolveCommand(interpreter, request.cwd, request.path);
    if (program !== undefined) {
      // Run the interpreter on the script directly: inside, PATH may find another `node` than outside.
      exposeFile(command, mounts, home);
      args = [command, ...args];
      command = realpathSync(program);
    }
  }
  exposeFile(command, mounts, home);
  // With `script`, only the program: the first argument (the script itself when an interpreter was put in front).
  const shown = request.argumentPaths === 'script' ? 1 : Number.POSITIVE_INFINITY;
  args = args.map((arg, index) => {
    if (index >= shown) return arg;
    const absolute = namedPath(arg, request.cwd);
    if (absolute === undefined) return arg;
    const real = realpathSync(absolute);
    if (statSync(real).isDirectory()) {
      if (!tooBroad(real, home)) mounts.add({ source: real, dest: real });
      return tooBroad(real, home) ? arg : real;
    }
    exposeFile(real, mounts, home);
    return real;
  });
  for (const [list, writable] of [
    [request.allowRead ?? [], false],
    [request.allowWrite ?? [], true],
  ] as const) {
    for (const path of list) {
      const absolute = resolve(request.cwd, path);
      if (!existsSync(absolute))
        throw new SandboxError('INVALID_PATH', `--allow-${writable ? 'write' : 'read'} ${path}: no such file or folder.`);
      mounts.add({ source: realpathSync(absolute), dest: absolute, writable });
    }
  }
  return { command, args, mounts: mounts.list() };
}
