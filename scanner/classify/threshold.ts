/** `--fail-on LEVEL`: does anything in a scan reach a risk level? */
import type { RiskLevel, ScanResult } from '../../data/schema/index.ts';
import { riskRank } from './risk.ts';

/** True when any tool's risk, or any finding's severity, is at or above `level`. Unclassified tools count as nothing. */
export function reachesLevel(result: ScanResult, level: RiskLevel): boolean {
  const min = riskRank(level);
  for (const tool of result.tools) {
    if (tool.classification !== undefined && riskRank(tool.classification.risk) >= min) return true;
    for (const f of tool.findings ?? []) if (riskRank(f.severity) >= min) return true;
  }
  return false;
}
