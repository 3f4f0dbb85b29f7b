import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where this process's own memory cgroup is, per cgroup version (either may be missing). */
export interface OwnCgroups {
  /** cgroup v1: the folder of this process's `memory` cgroup. */
  v1Memory?: string;
  /** cgroup v2: the folder of this process's unified cgroup. */
  v2?: string;
}

interface CgroupMount {
  root: string;
  mountPoint: string;
  fsType: string;
  superOptions: string[];
}

/** Unescapes the octal escapes mountinfo uses for spaces and the like. */
const unescapeOctal = (text: string): string =>
  text.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8)));

function cgroupMounts(mountinfo: string): CgroupMount[] {
  const mounts: CgroupMount[] = [];
  for (const line of mountinfo.split('\n')) {
    const [left, right] = line.split(' - ');
    if (left === undefined || right === undefined) continue;
    const fields = left.split(' ');
    const [fsType, , superOptions = ''] = right.split(' ');
    if (fsType !== 'cgroup' && fsType !== 'cgroup2') continue;
    mounts.push({
      root: unescapeOctal(fields[3] ?? '/'),
      mountPoint: unescapeOctal(fields[4] ?? ''),
      fsType,
      superOptions: superOptions.split(','),
    });
  }
  return mounts;
}

/** Joins a cgroup path onto the mount that shows it (the mount may show a subtree: its `root`). */
function underMount(mount: CgroupMount, path: string): string | undefined {
  if (mount.root !== '/' && !(path === mount.root || path.startsWith(`${mount.root}/`))) return undefined;
  const rest = mount.root === '/' ? path : path.slice(mount.root.length);
  return join(mount.mountPoint, rest);
}

/** Finds this process's memory cgroup folders from `/proc/self/cgroup` and `/proc/self/mountinfo`. */
export function ownCgroups(procSelf = '/proc/self'): OwnCgroups {
  let cgroups: string;
  let mountinfo: string;
  try {
    cgroups = readFileSync(join(procSelf, 'cgroup'), 'utf8');
    mountinfo = readFileSync(join(procSelf, 'mountinfo'), 'utf8');
  } catch {
    return {};
  }
  const mounts = cgroupMounts(mountinfo);
  const found: OwnCgroups = {};
  for (const line of cgroups.split('\n')) {
    const [id, controllers = '', path] = line.split(':');
    if (path === undefined) continue;
    if (id === '0' && controllers === '') {
      const mount = mounts.find((m) => m.fsType === 'cgroup2');
      const dir = mount && underMount(mount, path);
      if (dir !== undefined) found.v2 = dir;
    } else if (controllers.split(',').includes('memory')) {
      const mount = mounts.find((m) => m.fsType === 'cgroup' && m.superOptions.includes('memory'));
      const dir = mount && underMount(mount, path);
      if (dir !== undefined) found.v1Memory = dir;
    }
  }
  return found;
}
