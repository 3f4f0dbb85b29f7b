import type { SandboxInfo } from '../../data/schema/index.ts';
import { bwrapArguments } from './bwrap-args.ts';
import { createMemoryCeiling, type MemoryCeiling } from './memory-ceiling.ts';
import { sandboxSupport } from './probe.ts';
import { SandboxError } from './sandbox-error.ts';
import { DEFAULT_MEMORY_LIMIT_BYTES, DEFAULT_SCRATCH_BYTES, SANDBOX_HOME, type SandboxOptions } from './sandbox-options.ts';
import { planCode, systemMounts } from './visible-paths.ts';

/** What to run, as the scan asks for it. */
export interface LaunchRequest {
  command: string;
  args: string[];
  /** The server's complete environment. */
  env: Record<string, string>;
  /** The caller's working directory: relative paths in the command line are resolved against it. */
  cwd: string;
}

/** What to spawn to run a request inside the sandbox (or, for `none`, the request itself). */
export interface SandboxedLaunch {
  /** Program to spawn on the host. */
  command: string;
  args: string[];
  /** Environment of the spawned program (for bwrap: empty; the server's is passed with --setenv). */
  env: Record<string, string>;
  /** Working directory of the spawned program on the host. */
  cwd: string;
  /** What to record in the result. */
  info: SandboxInfo;
  /** The memory ceiling, when sandboxed; watch it once the process is spawned, release it after. */
  ceiling: MemoryCeiling | undefined;
}

/** The writes the wrapper shell does before exec'ing bwrap, so the very first byte bwrap allocates is under the ceiling. */
const ENTER_CGROUP = 'echo $$ > "$0" && exec "$@"';

/**
 * Turns a command line into the process to spawn: for `bwrap`, bubblewrap with the allow-list of visible paths, the
 * server's environment and no network, started by a shell that first enters a memory cgroup when one could be made.
 * Throws SandboxError when bubblewrap cannot run here or the command does not exist.
 */
export async function prepareLaunch(request: LaunchRequest, options: SandboxOptions): Promise<SandboxedLaunch> {
  if (options.kind === 'none') {
    return { ...request, info: { kind: 'none', network: 'host' }, ceiling: undefined };
  }
  const support = await sandboxSupport();
  if (!support.available) throw new SandboxError('SANDBOX_UNAVAILABLE', support.reason);
  const code = planCode({
    command: request.command,
    args: request.args,
    cwd: request.cwd,
    path: request.env.PATH ?? process.env.PATH ?? '/usr/bin:/bin',
    ...(options.allowRead ? { allowRead: options.allowRead } : {}),
    ...(options.allowWrite ? { allowWrite: options.allowWrite } : {}),
    ...(options.argumentPaths ? { argumentPaths: options.argumentPaths } : {}),
  });
  const { system, symlinks } = systemMounts();
  const bwrap = bwrapArguments({
    system,
    symlinks,
    code: code.mounts,
    network: options.network === true,
    env: { ...request.env, HOME: request.env.HOME ?? SANDBOX_HOME },
    scratchBytes: options.scratchBytes ?? DEFAULT_SCRATCH_BYTES,
    command: code.command,
    args: code.args,
  });
  const limitBytes = options.memoryLimitBytes ?? DEFAULT_MEMORY_LIMIT_BYTES;
  const ceiling = createMemoryCeiling(limitBytes, options.memoryEnforcement ?? 'auto');
  const info: SandboxInfo = {
    kind: 'bwrap',
    network: options.network === true ? 'host' : 'loopback',
    memoryLimitBytes: limitBytes,
    memoryEnforcement: ceiling.enforcement,
  };
  if (ceiling.procsFile === undefined) return { command: support.bwrap, args: bwrap, env: {}, cwd: '/', info, ceiling };
  return { command: '/bin/sh', args: ['-c', ENTER_CGROUP, ceiling.procsFile, support.bwrap, ...bwrap], env: {}, cwd: '/', info, ceiling };
}
