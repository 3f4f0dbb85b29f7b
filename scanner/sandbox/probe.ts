import { execFile } from 'node:child_process';
import { bwrapArguments } from './bwrap-args.ts';
import { DEFAULT_SCRATCH_BYTES } from './sandbox-options.ts';
import { resolveCommand, systemMounts } from './visible-paths.ts';

/** Whether bubblewrap can sandbox on this machine, and if not, why and how to fix it. */
export type SandboxSupport = { available: true; bwrap: string; version: string } | { available: false; reason: string };

/** How to install bubblewrap, for the refusal message. */
export const INSTALL_HINT =
  'Install bubblewrap (Debian/Ubuntu: `sudo apt-get install bubblewrap`; Fedora: `sudo dnf install bubblewrap`; ' +
  'Arch: `sudo pacman -S bubblewrap`), or pass --no-sandbox to run the server with your own rights (not recommended for untrusted servers).';

const USERNS_HINT =
  'bubblewrap is installed but cannot create user namespaces here: enable them (`sysctl kernel.unprivileged_userns_clone=1`; ' +
  'on Ubuntu 24.04+ allow bwrap in AppArmor, e.g. `sudo apt-get install apparmor-profiles` or a profile with `userns,`), ' +
  'or pass --no-sandbox to run the server with your own rights (not recommended for untrusted servers).';

function run(file: string, args: string[]): Promise<{ ok: boolean; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { env: {}, cwd: '/', timeout: 10_000, killSignal: 'SIGKILL' }, (error, stdout, stderr) =>
      resolve({ ok: error === null, stdout: String(stdout), stderr: String(stderr) }),
    );
  });
}

/** Finds bwrap on PATH and starts `true` in the same sandbox scans use, once. */
async function probe(path: string): Promise<SandboxSupport> {
  const bwrap = resolveCommand('bwrap', '/', path);
  if (bwrap === undefined) return { available: false, reason: `bubblewrap (bwrap) is not installed or not on PATH. ${INSTALL_HINT}` };
  const trueCommand = resolveCommand('true', '/', '/usr/bin:/bin');
  if (trueCommand === undefined) return { available: false, reason: 'cannot find `true` in /usr/bin to test the sandbox with.' };
  const { system, symlinks } = systemMounts();
  const args = bwrapArguments({
    system,
    symlinks,
    code: [],
    network: false,
    env: {},
    scratchBytes: DEFAULT_SCRATCH_BYTES,
    command: trueCommand,
    args: [],
  });
  const tried = await run(bwrap, args);
  if (!tried.ok) {
    const said = tried.stderr.trim().split('\n').at(-1)?.slice(0, 200) ?? '';
    return { available: false, reason: `bubblewrap could not start a sandbox${said ? ` (${said})` : ''}. ${USERNS_HINT}` };
  }
  const version = (await run(bwrap, ['--version'])).stdout.trim().replace(/^bubblewrap\s*/, '') || 'unknown';
  return { available: true, bwrap, version };
}

const probes = new Map<string, Promise<SandboxSupport>>();

/** Whether this machine can sandbox servers (cached per PATH: the probe starts one sandbox, ~10 ms). */
export function sandboxSupport(path: string = process.env.PATH ?? '/usr/bin:/bin'): Promise<SandboxSupport> {
  let pending = probes.get(path);
  if (pending === undefined) {
    pending = probe(path);
    probes.set(path, pending);
  }
  return pending;
}
