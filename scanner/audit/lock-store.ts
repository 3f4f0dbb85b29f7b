/** Reads and writes `mcp-atlas.lock.json`: validated on read (AuditError LOCK_INVALID), written atomically with sorted keys. */
import { readFile } from 'node:fs/promises';
import { type AuditLock, AuditLockSchema } from '../../data/schema/audit.ts';
import { writeFileAtomic } from '../crawl/atomic-write.ts';
import { AuditError } from './errors.ts';

/** The default lock file name, in the working directory. */
export const DEFAULT_LOCK_FILE = 'mcp-atlas.lock.json';

/** The lock at `path`, or undefined when there is none yet. */
export async function readLock(path: string): Promise<AuditLock | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new AuditError('LOCK_INVALID', `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, {
      cause: error,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new AuditError('LOCK_INVALID', `${path}: not JSON (${error instanceof Error ? error.message : String(error)})`, { cause: error });
  }
  const parsed = AuditLockSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AuditError('LOCK_INVALID', `${path}: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`, {
      cause: parsed.error,
    });
  }
  return parsed.data;
}

/** Writes the lock (2-space JSON, keys in the order nextLock gives, which is sorted). */
export async function writeLock(path: string, lock: AuditLock): Promise<void> {
  try {
    await writeFileAtomic(path, `${JSON.stringify(lock, null, 2)}\n`);
  } catch (error) {
    throw new AuditError('LOCK_WRITE_FAILED', `cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, {
      cause: error,
    });
  }
}
