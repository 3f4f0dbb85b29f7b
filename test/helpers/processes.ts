// Checks that a scan left no process behind: by pid, or by a marker variable in the environment
// (inherited by every descendant, so grandchildren are found too).
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';

/** The variable name tests put in a server's environment to find its processes later. */
export const MARKER_VARIABLE = 'MCP_ATLAS_TEST_MARKER';

/** A fresh marker value. */
export function newMarker(): string {
  return randomUUID();
}

/** True while the process exists and is not a zombie. */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

/** Pids of live processes whose environment holds `MCP_ATLAS_TEST_MARKER=<marker>`. */
export function processesWithMarker(marker: string): number[] {
  const needle = `${MARKER_VARIABLE}=${marker}`;
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    try {
      const environ = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
      if (environ.includes(needle) && isAlive(pid)) found.push(pid);
    } catch {
      // The process ended while we looked, or is not ours.
    }
  }
  return found;
}

/** Waits up to `ms` for every process with the marker to be gone; returns the ones still alive. */
export async function survivorsAfter(marker: string, ms = 2_000): Promise<number[]> {
  const deadline = Date.now() + ms;
  let alive = processesWithMarker(marker);
  while (alive.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    alive = processesWithMarker(marker);
  }
  return alive;
}

/** Waits up to `ms` for `pid` to be gone; returns whether it still lives. */
export async function stillAliveAfter(pid: number, ms = 2_000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (isAlive(pid) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return isAlive(pid);
}
