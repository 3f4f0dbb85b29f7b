import { randomBytes } from 'node:crypto';
import { readdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

const TEMP_MARK = '.tmp-';

/**
 * Writes `text` to `path` atomically: a temp file in the same folder, then rename.
 * A reader (or a crawl killed mid-write) sees the old file or the new one, never half of one.
 */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}${TEMP_MARK}${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await writeFile(temp, text, { encoding: 'utf8', flush: true });
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** Removes temp files left in `dir` by a writer that was killed between write and rename. Returns how many. */
export async function removeStaleTempFiles(dir: string): Promise<number> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return 0;
  }
  const stale = names.filter((name) => name.startsWith('.') && name.includes(TEMP_MARK));
  await Promise.all(stale.map((name) => rm(join(dir, name), { force: true })));
  return stale.length;
}
