import { existsSync } from 'node:fs';
import type { ScanResult } from '../../../data/schema/scan-result.ts';
import { withHandVerdicts } from './verdicts.ts';

const classifierPath = new URL('../../../scanner/classify/index.ts', import.meta.url);

/** True once the scanner's classifier module exists (helper B's work). */
export const HAS_CLASSIFIER = existsSync(classifierPath);

/** Classifies with the scanner's classifier when present, else with the hand-checked verdicts. */
export async function classifyForTest(scan: ScanResult): Promise<{ scan: ScanResult; by: 'classifier' | 'hand' }> {
  if (!HAS_CLASSIFIER) return { scan: withHandVerdicts(scan), by: 'hand' };
  const { classifyScanResult } = (await import(classifierPath.href)) as { classifyScanResult: (scan: ScanResult) => ScanResult };
  return { scan: classifyScanResult(scan), by: 'classifier' };
}
