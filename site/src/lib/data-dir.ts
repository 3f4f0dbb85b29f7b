import { isAbsolute, resolve } from 'node:path';
import { buildCatalogue, type Catalogue } from './catalogue.ts';
import { loadServerRecords } from './load-records.ts';

/** The data directory the site is built from: `ATLAS_DATA_DIR`, else `data/` at the repository root. */
export function dataDir(): string {
  const fromEnv = process.env.ATLAS_DATA_DIR;
  if (fromEnv !== undefined && fromEnv !== '') return isAbsolute(fromEnv) ? fromEnv : resolve(process.cwd(), fromEnv);
  return new URL('../../../data/', import.meta.url).pathname;
}

let cached: { dir: string; catalogue: Catalogue } | undefined;

/** The catalogue of {@link dataDir}, loaded and validated once per build process. */
export function getCatalogue(): Catalogue {
  const dir = dataDir();
  if (cached?.dir !== dir) cached = { dir, catalogue: buildCatalogue(loadServerRecords(dir)) };
  return cached.catalogue;
}
