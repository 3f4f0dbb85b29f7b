// The registry these machines reach serves only the linux-x64 builds of packages that ship per-platform
// binaries (astro's compiler, biome, pagefind). `npm install` then leaves the other platforms' optional
// packages out of package-lock.json, and `npm ci` refuses the lock as "out of sync". This script adds a
// lock entry for each missing optional platform package, marked with its os/cpu so npm skips it here and
// installs it on the platform it is for. Run it after any change to package-lock.json:
//   node scripts/pin-foreign-platform-packages.ts
import { readFileSync, writeFileSync } from 'node:fs';

interface LockEntry {
  version?: string;
  optional?: boolean;
  os?: string[];
  cpu?: string[];
  libc?: string[];
  optionalDependencies?: Record<string, string>;
}

const lockUrl = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(lockUrl, 'utf8')) as { packages: Record<string, LockEntry> };

const OS_WORDS: Record<string, string> = {
  android: 'android',
  darwin: 'darwin',
  linux: 'linux',
  win32: 'win32',
  windows: 'win32',
  freebsd: 'freebsd',
};
const CPU_WORDS = new Set(['arm64', 'x64', 'ia32', 'arm', 'wasm32']);

/** The os/cpu/libc a platform package is for, read from its name (`@biomejs/cli-linux-arm64-musl`). */
function platformOf(name: string): Pick<LockEntry, 'os' | 'cpu' | 'libc'> | undefined {
  const words = (name.split('/').pop() ?? '').split('-');
  const os = words.map((word) => OS_WORDS[word]).find((value) => value !== undefined);
  const cpu = words.find((word) => CPU_WORDS.has(word));
  if (cpu === undefined) return undefined;
  const libc = words.includes('musl') ? ['musl'] : words.includes('gnu') ? ['glibc'] : undefined;
  return { ...(os ? { os: [os] } : {}), cpu: [cpu], ...(libc ? { libc } : {}) };
}

let added = 0;
for (const [path, entry] of Object.entries(lock.packages)) {
  for (const [dependency, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const nested = `${path}/node_modules/${dependency}`;
    const hoisted = `node_modules/${dependency}`;
    if (lock.packages[nested] || lock.packages[hoisted]) continue;
    const platform = platformOf(dependency);
    if (platform === undefined) continue;
    lock.packages[hoisted] = { version, optional: true, ...platform };
    added += 1;
  }
}
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1)));
writeFileSync(lockUrl, `${JSON.stringify(lock, null, 2)}\n`);
process.stderr.write(`pinned ${added} foreign-platform optional packages in package-lock.json\n`);
