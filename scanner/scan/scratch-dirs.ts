import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Scratch HOME folders of servers run without the sandbox (with it, HOME is a tmpfs inside the sandbox and nothing
 * is made on the host). Remembered so an exit or a signal removes them too.
 */
const live = new Set<string>();
let exitHook = false;

/** Makes a fresh scratch folder and remembers it. */
export function makeScratchDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mcp-atlas-home-'));
  live.add(dir);
  if (!exitHook) {
    exitHook = true;
    process.once('exit', removeAllScratchDirs);
  }
  return dir;
}

/** Removes one scratch folder. */
export function removeScratchDir(dir: string): void {
  live.delete(dir);
  rmSync(dir, { recursive: true, force: true, maxRetries: 2 });
}

/** Removes every scratch folder still there (synchronous: used on exit and from signal handlers). */
export function removeAllScratchDirs(): void {
  for (const dir of [...live]) {
    try {
      removeScratchDir(dir);
    } catch {
      // Best effort: the process is going away.
    }
  }
}
