/**
 * How the guard starts a stdio server: in the OS sandbox of `scanner/sandbox/` (bubblewrap) unless told otherwise.
 * The environment the client config gives the guard is the user's own setup (API keys, PATH), so the server gets all
 * of it, unlike `scan`, which passes only what `--env` names. What the sandbox still takes away: the user's files
 * (only the system, the server's code and `--allow-read`/`--allow-write` paths are visible; HOME, `/tmp` are private
 * and empty), other processes (`/proc` shows only the sandbox's), and memory past the ceiling. Unlike `scan`, the
 * guarded server shares the host's network by default, since it is the user's configured server and most talk to an
 * API (`--no-network` cuts it off).
 */
import { type MemoryCeiling, prepareLaunch, SANDBOX_HOME, type SandboxOptions } from '../sandbox/index.ts';

/** The command line after `--`, as the client config gives it. */
export interface LaunchRequest {
  command: string;
  args: string[];
  /** The server's complete environment. */
  env: Record<string, string>;
  /** Working directory (the guard's). */
  cwd: string;
}

/** What to spawn. */
export interface LaunchPlan {
  /** The program to spawn on the host: bubblewrap (through a shell that enters the memory cgroup) or the server itself. */
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
  /** The server's own command, for messages. */
  serverCommand: string;
  /** How the server is isolated: `bwrap` (the OS sandbox) or `none` (a plain child process in its own process group). */
  sandbox: 'bwrap' | 'none';
  /** The sandbox's memory ceiling, watched from spawn on. */
  ceiling?: MemoryCeiling;
  /** The ceiling in bytes, for the message when it is crossed. */
  memoryLimitBytes?: number;
  /** A warning for stderr when the plan is weaker than the default. */
  warning?: string;
}

/** The guard's default sandbox: bubblewrap with the host's network. */
export const GUARD_SANDBOX: Readonly<SandboxOptions> = Object.freeze({ kind: 'bwrap', network: true });

/**
 * Turns the command line into the process to spawn. Throws SandboxError (`SANDBOX_UNAVAILABLE`, `COMMAND_NOT_FOUND`)
 * when the sandbox cannot be made or the command does not exist.
 */
export async function planLaunch(request: LaunchRequest, sandbox: SandboxOptions): Promise<LaunchPlan> {
  if (sandbox.kind === 'none') {
    return {
      ...request,
      serverCommand: request.command,
      sandbox: 'none',
      warning:
        'guard: WARNING: --no-sandbox: the server runs as a plain child process with your rights and can read your files and the environment of your processes.',
    };
  }
  // Inside the sandbox the user's HOME does not exist: the server gets the sandbox's private one.
  const env = { ...request.env, HOME: SANDBOX_HOME };
  const launch = await prepareLaunch({ ...request, env }, sandbox);
  return {
    command: launch.command,
    args: launch.args,
    env: launch.env,
    cwd: launch.cwd,
    serverCommand: request.command,
    sandbox: 'bwrap',
    ...(launch.ceiling ? { ceiling: launch.ceiling } : {}),
    ...(launch.info.memoryLimitBytes === undefined ? {} : { memoryLimitBytes: launch.info.memoryLimitBytes }),
  };
}

/** The guard's own environment as a complete string map (undefined values dropped). */
export function inheritedEnvironment(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (value !== undefined) result[name] = value;
  return result;
}
