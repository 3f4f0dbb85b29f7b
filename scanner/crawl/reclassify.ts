import type { CatalogueSummary } from '../../data/schema/catalogue.ts';
import { classifyScanResult } from '../classify/index.ts';
import { writeCatalogue } from './catalogue.ts';
import { applyRugPullFindings } from './record.ts';
import { RecordStore } from './record-store.ts';
import { stableStringify } from './stable-json.ts';

/** What {@link reclassifyDataDir} did. */
export interface ReclassifySummary {
  records: number;
  /** Records whose classification or findings changed (rewritten). */
  changed: number;
  /** Record files that could not be read (left untouched). */
  unreadable: number;
  catalogue: CatalogueSummary;
}

/**
 * Re-runs the classifier over every record in `<dataDir>/servers/` offline (no rescans), rewriting only the
 * records whose verdicts changed, then regenerates `catalogue.json`.
 */
export async function reclassifyDataDir(dataDir: string): Promise<ReclassifySummary> {
  const store = new RecordStore(dataDir);
  const { records, unreadable } = await store.readAll();
  let changed = 0;
  for (const record of records.values()) {
    const updated = applyRugPullFindings({ ...record, scan: classifyScanResult(record.scan) });
    if (stableStringify(updated) !== stableStringify(record)) {
      await store.write(updated);
      changed++;
    }
  }
  return { records: records.size, changed, unreadable: unreadable.length, catalogue: await writeCatalogue(dataDir) };
}
