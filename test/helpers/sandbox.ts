// Whether the bubblewrap sandbox works here. In CI (CI=true) a missing sandbox fails the run; on a developer's
// machine without bubblewrap the tests that need it are skipped with a message.
import { readdirSync } from 'node:fs';
import { ownCgroups } from '../../scanner/sandbox/cgroup-paths.ts';
import { sandboxSupport } from '../../scanner/sandbox/index.ts';

const support = await sandboxSupport();
if (!support.available && process.env.CI) throw new Error(`The sandbox cannot run here, so its tests cannot: ${support.reason}`);
if (!support.available) process.stderr.write(`sandbox tests: skipped, ${support.reason}\n`);

/** True when bubblewrap can sandbox servers on this machine. */
export const haveSandbox = support.available;

/** The memory cgroups a scanner process with `pid` has made and not removed (under this process's own cgroup). */
export function cgroupsOf(pid: number): string[] {
  const own = ownCgroups();
  const found: string[] = [];
  for (const parent of [own.v2, own.v1Memory]) {
    if (parent === undefined) continue;
    try {
      found.push(...readdirSync(parent).filter((name) => name.startsWith(`mcp-atlas-${pid}-`)));
    } catch {
      // No such hierarchy here.
    }
  }
  return found;
}
