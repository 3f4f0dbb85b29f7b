import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type ServerRecord, ServerRecordSchema, SlugSchema } from '../../data/schema/index.ts';
import { removeStaleTempFiles, writeFileAtomic } from './atomic-write.ts';
import { stableStringify } from './stable-json.ts';

/** A record file that could not be read or failed the schema (left untouched, reported). */
export interface UnreadableRecord {
  file: string;
  reason: string;
}

/** The `servers/` folder of a data directory: one `<slug>.json` per server, written atomically. */
export class RecordStore {
  /** The data directory (holds `servers/` and `catalogue.json`). */
  readonly dataDir: string;
  /** `<dataDir>/servers`. */
  readonly serversDir: string;

  constructor(dataDir: string) {
    this.dataDir = dataDir;
    this.serversDir = join(dataDir, 'servers');
  }

  /** Creates the folder and removes temp files a killed crawl left behind. */
  async prepare(): Promise<void> {
    await mkdir(this.serversDir, { recursive: true });
    await removeStaleTempFiles(this.serversDir);
  }

  /** Reads every record, by slug. Unreadable files are returned separately, never thrown. */
  async readAll(): Promise<{ records: Map<string, ServerRecord>; unreadable: UnreadableRecord[] }> {
    const records = new Map<string, ServerRecord>();
    const unreadable: UnreadableRecord[] = [];
    let names: string[] = [];
    try {
      names = (await readdir(this.serversDir)).filter((name) => name.endsWith('.json') && !name.startsWith('.')).sort();
    } catch {
      return { records, unreadable };
    }
    for (const name of names) {
      const file = join(this.serversDir, name);
      try {
        const parsed = ServerRecordSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
        if (!parsed.success) {
          unreadable.push({
            file,
            reason: parsed.error.issues
              .slice(0, 3)
              .map((i) => `${i.path.join('.')}: ${i.message}`)
              .join('; '),
          });
        } else if (`${parsed.data.slug}.json` !== name) {
          unreadable.push({ file, reason: `slug \`${parsed.data.slug}\` does not match the file name` });
        } else {
          records.set(parsed.data.slug, parsed.data);
        }
      } catch (error) {
        unreadable.push({ file, reason: (error as Error).message });
      }
    }
    return { records, unreadable };
  }

  /** The path of a slug's record (the slug is validated: no path ever comes from a server). */
  pathOf(slug: string): string {
    return join(this.serversDir, `${SlugSchema.parse(slug)}.json`);
  }

  /** Writes one record atomically, keys sorted, 2-space indent, trailing newline. Validates it first. */
  async write(record: ServerRecord): Promise<void> {
    const valid = ServerRecordSchema.parse(record);
    await writeFileAtomic(this.pathOf(valid.slug), stableStringify(valid));
  }

  /** Removes a record (registry `deleted`). */
  async remove(slug: string): Promise<void> {
    await rm(this.pathOf(slug), { force: true });
  }
}
