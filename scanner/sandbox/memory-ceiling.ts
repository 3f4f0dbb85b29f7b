import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ownCgroups } from './cgroup-paths.ts';
import { processTree, sandboxRss } from './process-tree.ts';

/** How a memory ceiling is enforced: the kernel's memory controller, or sampling the RSS of the sandbox's processes. */
export type MemoryEnforcement = 'cgroup-v1' | 'cgroup-v2' | 'rss';

/** How often the ceiling is checked (cgroup OOM counters, or RSS). */
const POLL_MS = 100;
const PREFIX = 'mcp-atlas-';

/** A memory ceiling for one sandbox: made before the sandbox starts, watched while it runs, released after. */
export interface MemoryCeiling {
  /** How it is enforced. */
  readonly enforcement: MemoryEnforcement;
  /** The ceiling, in bytes, for all the sandbox's processes together. */
  readonly limitBytes: number;
  /** For cgroups: the `cgroup.procs` file the launcher writes its own pid into before it execs bwrap. */
  readonly procsFile: string | undefined;
  /** Starts watching the sandbox whose outermost process is `pid`; `onExceeded` runs once when the ceiling is crossed. */
  watch(pid: number, onExceeded: () => void): void;
  /** Whether the ceiling was crossed (checked now, not only at the last poll). */
  exceeded(): boolean;
  /**
   * SIGKILLs every process of the sandbox whose outermost process is `pid`, including any that left its process
   * group (bwrap's init, when bwrap itself is killed while still setting up, would otherwise be orphaned).
   */
  terminate(pid: number): void;
  /** Stops watching and removes the cgroup (killing and waiting for what is left in it). Synchronous, so signal handlers can call it. */
  release(): void;
}

const live = new Set<MemoryCeiling>();

/**
 * Releases every ceiling still held, so no cgroup is left behind. Call it after killing the sandboxes (a cgroup
 * with live processes cannot be removed): the scanner's exit hook and signal path do both, in that order.
 */
export function releaseAllCeilings(): void {
  for (const ceiling of [...live]) ceiling.release();
}

function track(ceiling: MemoryCeiling): void {
  live.add(ceiling);
}

const pidAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

const swept = new Set<string>();

/** Removes cgroups earlier scanner processes left when they were SIGKILLed (their pid is in the name). */
function sweepStale(parent: string): void {
  if (swept.has(parent)) return;
  swept.add(parent);
  let names: string[] = [];
  try {
    names = readdirSync(parent).filter((name) => name.startsWith(PREFIX));
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(name.slice(PREFIX.length).split('-')[0]);
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && !pidAlive(pid)) {
      // A sandbox whose scanner was SIGKILLed while bwrap was still setting up can outlive it: kill what is left.
      removeCgroup(join(parent, name), 200);
    }
  }
}

const readNumber = (file: string, key?: string): number | undefined => {
  try {
    const text = readFileSync(file, 'utf8');
    if (key === undefined) return Number(text.trim());
    const match = new RegExp(`^${key} (\\d+)$`, 'm').exec(text);
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
};

const tryWrite = (file: string, value: string): boolean => {
  try {
    writeFileSync(file, value);
    return true;
  } catch {
    return false;
  }
};

/** SIGKILLs every process in a cgroup (v2's `cgroup.kill` where the kernel has it). */
function killCgroupMembers(dir: string): void {
  if (tryWrite(join(dir, 'cgroup.kill'), '1')) return;
  let procs: string;
  try {
    procs = readFileSync(join(dir, 'cgroup.procs'), 'utf8');
  } catch {
    return;
  }
  for (const line of procs.split('\n')) {
    const pid = Number(line);
    if (Number.isInteger(pid) && pid > 0) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  }
}

/** Removes a cgroup folder, killing what is left in it, waiting up to `ms` for its last processes to be reaped. */
function removeCgroup(dir: string, ms: number): void {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      rmdirSync(dir);
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || Date.now() >= deadline) return;
      killCgroupMembers(dir);
      // EBUSY: a process is still exiting. A short synchronous wait keeps release() usable from a signal handler.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
    }
  }
}

class CgroupCeiling implements MemoryCeiling {
  readonly enforcement: MemoryEnforcement;
  readonly limitBytes: number;
  readonly procsFile: string;
  readonly #dir: string;
  #timer: NodeJS.Timeout | undefined;
  #over = false;
  #released = false;

  constructor(enforcement: 'cgroup-v1' | 'cgroup-v2', dir: string, limitBytes: number) {
    this.enforcement = enforcement;
    this.#dir = dir;
    this.limitBytes = limitBytes;
    this.procsFile = join(dir, 'cgroup.procs');
  }

  watch(_pid: number, onExceeded: () => void): void {
    this.#timer = setInterval(() => {
      if (this.exceeded()) {
        clearInterval(this.#timer);
        onExceeded();
      }
    }, POLL_MS);
    this.#timer.unref();
  }

  exceeded(): boolean {
    if (this.#over || this.#released) return this.#over;
    const kills =
      this.enforcement === 'cgroup-v2'
        ? readNumber(join(this.#dir, 'memory.events'), 'oom_kill')
        : readNumber(join(this.#dir, 'memory.oom_control'), 'oom_kill');
    if (kills !== undefined) this.#over = kills > 0;
    else {
      // Kernels before 4.13 count no OOM kills in v1: hitting the limit at all is the sign.
      const failures = readNumber(join(this.#dir, 'memory.failcnt')) ?? 0;
      const peak = readNumber(join(this.#dir, 'memory.max_usage_in_bytes')) ?? 0;
      this.#over = failures > 0 && peak >= this.limitBytes * 0.98;
    }
    return this.#over;
  }

  terminate(_pid: number): void {
    if (!this.#released) killCgroupMembers(this.#dir);
  }

  release(): void {
    if (this.#released) return;
    this.exceeded();
    this.#released = true;
    clearInterval(this.#timer);
    live.delete(this);
    removeCgroup(this.#dir, 1_000);
  }
}

/** The RSS fallback: the sum of VmRSS over every process in the sandbox, sampled every {@link POLL_MS} ms. */
class RssCeiling implements MemoryCeiling {
  readonly enforcement = 'rss' as const;
  readonly limitBytes: number;
  readonly procsFile = undefined;
  #timer: NodeJS.Timeout | undefined;
  #over = false;

  constructor(limitBytes: number) {
    this.limitBytes = limitBytes;
  }

  watch(pid: number, onExceeded: () => void): void {
    this.#timer = setInterval(() => {
      if (sandboxRss(pid) > this.limitBytes) {
        this.#over = true;
        clearInterval(this.#timer);
        onExceeded();
      }
    }, POLL_MS);
    this.#timer.unref();
  }

  exceeded(): boolean {
    return this.#over;
  }

  terminate(pid: number): void {
    for (const member of processTree(pid)) {
      try {
        process.kill(member, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  }

  release(): void {
    clearInterval(this.#timer);
    live.delete(this);
  }
}

function makeCgroup(version: 'v1' | 'v2', parent: string, limitBytes: number): MemoryCeiling | undefined {
  sweepStale(parent);
  const dir = join(parent, `${PREFIX}${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    mkdirSync(dir);
  } catch {
    return undefined;
  }
  const limited =
    version === 'v2'
      ? existsSync(join(dir, 'memory.max')) && tryWrite(join(dir, 'memory.max'), String(limitBytes))
      : tryWrite(join(dir, 'memory.limit_in_bytes'), String(limitBytes));
  if (!limited) {
    removeCgroup(dir, 0);
    return undefined;
  }
  if (version === 'v2') {
    tryWrite(join(dir, 'memory.swap.max'), '0');
    tryWrite(join(dir, 'memory.oom.group'), '1');
  } else {
    // Without this the limit covers RAM only and a server could push the rest into swap.
    tryWrite(join(dir, 'memory.memsw.limit_in_bytes'), String(limitBytes));
  }
  return new CgroupCeiling(version === 'v2' ? 'cgroup-v2' : 'cgroup-v1', dir, limitBytes);
}

/**
 * A ceiling for one sandbox: a child of this process's own memory cgroup (v2 first, then v1) where the kernel lets
 * one be made and limited, else RSS sampling. `force` picks one way (tests, `--memory-enforcement`).
 */
export function createMemoryCeiling(limitBytes: number, force: 'auto' | 'cgroup' | 'rss' = 'auto'): MemoryCeiling {
  let ceiling: MemoryCeiling | undefined;
  if (force !== 'rss') {
    const own = ownCgroups();
    if (own.v2 !== undefined) ceiling = makeCgroup('v2', own.v2, limitBytes);
    if (ceiling === undefined && own.v1Memory !== undefined) ceiling = makeCgroup('v1', own.v1Memory, limitBytes);
  }
  ceiling ??= new RssCeiling(limitBytes);
  track(ceiling);
  return ceiling;
}
