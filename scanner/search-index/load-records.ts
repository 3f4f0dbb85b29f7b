import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type ServerRecord, ServerRecordSchema } from '../../data/schema/index.ts';
import { SearchIndexError } from './errors.ts';

/** Reads and validates every `servers/*.json` of a data folder; the error names the file and the field. */
export async function loadRecords(dataDir: string): Promise<ServerRecord[]> {
  const dir = join(dataDir, 'servers');
  let files: string[];
  try {
    files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  } catch (cause) {
    throw new SearchIndexError('DATA_INVALID', `cannot read ${dir}`, { cause });
  }
  const records: ServerRecord[] = [];
  for (const file of files) {
    const path = join(dir, file);
    let json: unknown;
    try {
      json = JSON.parse(await readFile(path, 'utf8'));
    } catch (cause) {
      throw new SearchIndexError('DATA_INVALID', `${path}: not readable JSON`, { cause });
    }
    const parsed = ServerRecordSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new SearchIndexError('DATA_INVALID', `${path}: ${issue.path.join('.') || '(root)'}: ${issue.message}`, { cause: parsed.error });
    }
    records.push(parsed.data);
  }
  return records;
}
