import { readdirSync, readFileSync } from 'node:fs';

/**
 * The resident memory, in bytes, of process `root` and all its descendants (one pass over /proc). Processes that
 * escape with setsid() or a double fork are still descendants here: inside the sandbox's PID namespace, orphans are
 * re-parented to its init, a child of `root`.
 */
export function sandboxRss(root: number): number {
  const { rss, members } = walk(root);
  let total = 0;
  for (const pid of members) total += rss.get(pid) ?? 0;
  return total;
}

/** `root` and every descendant of it now. */
export function processTree(root: number): number[] {
  return walk(root).members;
}

function walk(root: number): { rss: Map<number, number>; members: number[] } {
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (entry.charCodeAt(0) < 48 || entry.charCodeAt(0) > 57) continue;
    let status: string;
    try {
      status = readFileSync(`/proc/${entry}/status`, 'latin1');
    } catch {
      continue;
    }
    const pid = Number(entry);
    const ppid = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1] ?? 0);
    const kib = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0);
    rss.set(pid, kib * 1024);
    const siblings = children.get(ppid);
    if (siblings) siblings.push(pid);
    else children.set(ppid, [pid]);
  }
  const stack = [root];
  const seen = new Set<number>();
  while (stack.length > 0) {
    const pid = stack.pop() as number;
    if (seen.has(pid)) continue;
    seen.add(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return { rss, members: [...seen].filter((pid) => rss.has(pid)) };
}
