/** How a stdio server is isolated from the machine it runs on. */
export interface SandboxOptions {
  /**
   * `bwrap`: bubblewrap namespaces, a read-only allow-list of system paths and a memory ceiling (the default).
   * `none`: the server runs as a plain child process with the user's rights (`--no-sandbox`).
   */
  kind: 'bwrap' | 'none';
  /** Share the host's network (`--network`); by default the sandbox has its own loopback and nothing else. */
  network?: boolean;
  /** Memory ceiling for every process in the sandbox together, in bytes; default {@link DEFAULT_MEMORY_LIMIT_BYTES}. */
  memoryLimitBytes?: number;
  /** How the ceiling is enforced: `auto` (a cgroup where one can be made, else RSS sampling), or one forced. */
  memoryEnforcement?: 'auto' | 'cgroup' | 'rss';
  /** Host paths made visible read-only at the same path (`--allow-read`). */
  allowRead?: string[];
  /** Host paths made visible read-write at the same path (`--allow-write`). */
  allowWrite?: string[];
  /**
   * Which arguments may name host paths that are then shown read-only: `all` (the default, for a command line the user
   * typed) or `script`, only the first (a crawl: its other arguments come from untrusted sources entries).
   */
  argumentPaths?: 'all' | 'script';
  /** Size of each private tmpfs (HOME, `/tmp`, `/dev/shm`), in bytes; default {@link DEFAULT_SCRATCH_BYTES}. */
  scratchBytes?: number;
}

/** The sandbox used when a scan does not choose: bubblewrap, no network, the default ceiling. */
export const DEFAULT_SANDBOX: Readonly<SandboxOptions> = Object.freeze({ kind: 'bwrap' });

/** 1 GiB: several times what real Node servers use (40–150 MB), small enough for a crawl at 4 scans on a laptop. */
export const DEFAULT_MEMORY_LIMIT_BYTES = 1024 * 1024 * 1024;

/** 256 MiB per tmpfs: room for caches a server writes, bounded so a writer cannot fill the host's memory. */
export const DEFAULT_SCRATCH_BYTES = 256 * 1024 * 1024;

/** HOME and working directory inside the sandbox: a fresh tmpfs, gone when the sandbox ends. */
export const SANDBOX_HOME = '/home/scan';

const UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, kb: 1024, kib: 1024, m: 1024 ** 2, mb: 1024 ** 2, mib: 1024 ** 2 };
UNITS.g = 1024 ** 3;
UNITS.gb = 1024 ** 3;
UNITS.gib = 1024 ** 3;

/** Smallest ceiling accepted: below this even `node -e ''` cannot start. */
export const MIN_MEMORY_LIMIT_BYTES = 32 * 1024 * 1024;

/** Parses `512M`, `1.5G`, `800MiB` or plain bytes (units are binary); undefined when the text is not a size. */
export function parseByteSize(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  if (match === null) return undefined;
  const unit = UNITS[(match[2] ?? '').toLowerCase()];
  if (unit === undefined) return undefined;
  const bytes = Math.round(Number(match[1]) * unit);
  return Number.isFinite(bytes) && bytes > 0 ? bytes : undefined;
}

/** `1 GiB`, `512 MiB`: a ceiling as people read it. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3 && bytes % 1024 ** 3 === 0) return `${bytes / 1024 ** 3} GiB`;
  if (bytes >= 1024 ** 2) return `${Math.round(bytes / 1024 ** 2)} MiB`;
  return `${Math.round(bytes / 1024)} KiB`;
}
