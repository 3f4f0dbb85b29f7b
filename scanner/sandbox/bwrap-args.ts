import { SANDBOX_HOME } from './sandbox-options.ts';

/** One host path made visible inside the sandbox. */
export interface Mount {
  /** Host path (already resolved: bwrap follows symlinks in it). */
  source: string;
  /** Where it appears inside the sandbox. */
  dest: string;
  /** Read-write (`--allow-write`); everything else is read-only. */
  writable?: boolean;
}

/** Everything bwrap needs to start one server. Pure data: {@link bwrapArguments} turns it into argv. */
export interface BwrapPlan {
  /** System directories and files, read-only, in order (parents before children). */
  system: Mount[];
  /** Top-level symlinks such as `/bin -> usr/bin` on merged-/usr systems, recreated as they are on the host. */
  symlinks: { target: string; dest: string }[];
  /** The code to run and what the user allowed: bound after the private tmpfs mounts, so they may lie under `/tmp`. */
  code: Mount[];
  /** Share the host network namespace. */
  network: boolean;
  /** The server's whole environment (bwrap starts with none of its own). */
  env: Record<string, string>;
  /** Size of each private tmpfs, in bytes. */
  scratchBytes: number;
  /** Absolute path of the program to run inside, and its arguments. */
  command: string;
  args: string[];
}

/**
 * The bwrap command line for a plan. Namespaces: user, PID, IPC, UTS, cgroup (when possible) and, unless
 * `network`, network (a loopback of its own). No capabilities, a new session (no TIOCSTI into the caller's
 * terminal), SIGKILL when the scanner dies, a fresh /proc of the new PID namespace, a minimal /dev, and
 * size-capped tmpfs mounts for HOME (also the working directory), /tmp and /dev/shm: nothing is written to the host.
 */
export function bwrapArguments(plan: BwrapPlan): string[] {
  const args = [
    '--unshare-user',
    '--unshare-pid',
    '--unshare-ipc',
    '--unshare-uts',
    '--unshare-cgroup-try',
    ...(plan.network ? [] : ['--unshare-net']),
    '--hostname',
    'mcp-sandbox',
    '--die-with-parent',
    '--new-session',
    '--cap-drop',
    'ALL',
  ];
  for (const mount of plan.system) args.push('--ro-bind', mount.source, mount.dest);
  for (const link of plan.symlinks) args.push('--symlink', link.target, link.dest);
  args.push('--proc', '/proc', '--dev', '/dev');
  const size = String(plan.scratchBytes);
  for (const dir of ['/dev/shm', '/tmp', SANDBOX_HOME]) args.push('--size', size, '--tmpfs', dir);
  for (const mount of plan.code) args.push(mount.writable ? '--bind' : '--ro-bind', mount.source, mount.dest);
  args.push('--chdir', SANDBOX_HOME, '--clearenv');
  for (const [name, value] of Object.entries(plan.env)) args.push('--setenv', name, value);
  args.push('--', plan.command, ...plan.args);
  return args;
}
