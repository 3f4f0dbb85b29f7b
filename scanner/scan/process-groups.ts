/**
 * Process groups of servers still running, so they can be killed if the scanner itself exits
 * (servers run in their own group and would not get the terminal's signals).
 */
const liveGroups = new Set<number>();
let exitHookInstalled = false;

/** Sends `signal` to the whole process group led by `pid`; a group that is already gone is fine. */
export function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: every member has exited already.
  }
}

/** True while at least one process of the group led by `pid` is alive. */
export function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Remembers a group to kill on exit. */
export function trackGroup(pid: number): void {
  liveGroups.add(pid);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', killAllGroups);
  }
}

/** Forgets a group that has been killed. */
export function untrackGroup(pid: number): void {
  liveGroups.delete(pid);
}

/** SIGKILLs every server group still running (used on scanner exit and on SIGINT/SIGTERM). */
export function killAllGroups(): void {
  for (const pid of liveGroups) {
    signalGroup(pid, 'SIGKILL');
  }
  liveGroups.clear();
}
