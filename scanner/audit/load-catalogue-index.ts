/**
 * Finds the catalogue index: a file given with --catalogue, else built in memory from `data/servers/*.json` in a
 * checkout, else the generated `data/catalogue-index.json` shipped with the package (`npm run catalogue:index`). Also reads a
 * full catalogue record when one is there, so a policy for a known server keeps its argument rules.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type CatalogueIndex, CatalogueIndexSchema } from '../../data/schema/audit.ts';
import { type ServerRecord, ServerRecordSchema, SlugSchema } from '../../data/schema/index.ts';
import { RecordStore } from '../crawl/record-store.ts';
import { PACKAGE_ROOT } from '../package/package-root.ts';
import { buildCatalogueIndex } from './catalogue-index.ts';
import { AuditError } from './errors.ts';

/** The repository's (or installed package's) data folder. */
export const DATA_DIR = join(PACKAGE_ROOT, 'data');
/** Where `npm run catalogue:index` writes the index (at `npm pack`, so the installed package has it). */
export const INDEX_FILE = join(PACKAGE_ROOT, 'data', 'catalogue-index.json');

/** The index and where it came from. */
export interface LoadedIndex {
  index: CatalogueIndex;
  /** The file read, or `data/servers` when built from the records. */
  from: string;
}

async function readIndexFile(path: string): Promise<CatalogueIndex | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new AuditError('CATALOGUE_INVALID', `cannot read ${path}`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new AuditError('CATALOGUE_INVALID', `${path}: not JSON`, { cause: error });
  }
  const parsed = CatalogueIndexSchema.safeParse(json);
  if (!parsed.success) throw new AuditError('CATALOGUE_INVALID', `${path}: not a catalogue index`, { cause: parsed.error });
  return parsed.data;
}

/** Loads the index: `explicit` must exist; otherwise the shipped file, otherwise built from the records. */
export async function loadCatalogueIndex(explicit?: string): Promise<LoadedIndex> {
  if (explicit !== undefined) {
    const index = await readIndexFile(explicit);
    if (index === undefined) throw new AuditError('CATALOGUE_INVALID', `${explicit}: no such file`);
    return { index, from: explicit };
  }
  // A checkout has the full records: build from them, so a crawl is seen at once (the shipped file may be stale).
  if (existsSync(join(DATA_DIR, 'servers'))) {
    const { records } = await new RecordStore(DATA_DIR).readAll();
    return { index: buildCatalogueIndex([...records.values()]), from: 'data/servers' };
  }
  const shipped = await readIndexFile(INDEX_FILE);
  if (shipped !== undefined) return { index: shipped, from: INDEX_FILE };
  throw new AuditError('CATALOGUE_INVALID', `no catalogue: neither ${INDEX_FILE} nor ${join(DATA_DIR, 'servers')} exists`);
}

/** The full catalogue record of `slug`, when the data folder has it (a checkout, or a package that ships data/servers). */
export async function readCatalogueRecord(slug: string): Promise<ServerRecord | undefined> {
  if (!SlugSchema.safeParse(slug).success) return undefined;
  try {
    const json: unknown = JSON.parse(await readFile(join(DATA_DIR, 'servers', `${slug}.json`), 'utf8'));
    const parsed = ServerRecordSchema.safeParse(json);
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
