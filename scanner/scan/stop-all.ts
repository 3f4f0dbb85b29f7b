import { releaseAllCeilings } from '../sandbox/index.ts';
import { killAllGroups } from './process-groups.ts';
import { removeAllScratchDirs } from './scratch-dirs.ts';

/**
 * Kills every server still running (each sandbox dies with its PID namespace), removes every memory cgroup and
 * scratch folder. Synchronous, for a second Ctrl-C or a crash; a first signal aborts scans cooperatively instead.
 */
export function stopAllServersNow(): void {
  killAllGroups();
  releaseAllCeilings();
  removeAllScratchDirs();
}

let exitHook = false;

/** Makes the scanner's exit (a crash, `process.exit`) run {@link stopAllServersNow}: kill first, then clean up. */
export function stopAllServersOnExit(): void {
  if (exitHook) return;
  exitHook = true;
  process.once('exit', stopAllServersNow);
}
