import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { type ServerRecord, ServerRecordSchema } from '../../../data/schema/index.ts';
import { SiteError } from './errors.ts';

/** One zod issue as `file: field.path: message`, the way the build reports invalid data. */
function describeIssues(file: string, error: z.ZodError): string {
  return error.issues
    .slice(0, 10)
    .map((issue) => `${file}: ${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('\n');
}

/**
 * Reads and validates every `servers/*.json` under `dataDir`, sorted by slug.
 * Throws a {@link SiteError} naming the file and the field when anything is invalid: a broken catalogue never
 * publishes half a site.
 */
export function loadServerRecords(dataDir: string): ServerRecord[] {
  const serversDir = join(dataDir, 'servers');
  try {
    if (!statSync(serversDir).isDirectory()) throw new Error('not a directory');
  } catch (cause) {
    throw new SiteError('DATA_DIR_MISSING', `No servers directory at ${serversDir}`, { cause });
  }
  const files = readdirSync(serversDir)
    .filter((name) => name.endsWith('.json'))
    .sort();
  const records: ServerRecord[] = [];
  const seen = new Set<string>();
  for (const name of files) {
    const file = join(serversDir, name);
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(file, 'utf8'));
    } catch (cause) {
      throw new SiteError('DATA_FILE_UNREADABLE', `${file}: not readable JSON (${(cause as Error).message})`, { cause });
    }
    const parsed = ServerRecordSchema.safeParse(json);
    if (!parsed.success) {
      throw new SiteError('DATA_FILE_INVALID', `Invalid server record:\n${describeIssues(file, parsed.error)}`, { cause: parsed.error });
    }
    const record = parsed.data;
    if (`${record.slug}.json` !== name) {
      throw new SiteError('DATA_SLUG_CONFLICT', `${file}: slug: \`${record.slug}\` does not match the file name`);
    }
    if (seen.has(record.slug)) throw new SiteError('DATA_SLUG_CONFLICT', `${file}: slug: \`${record.slug}\` is used twice`);
    seen.add(record.slug);
    records.push(record);
  }
  return records;
}
