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

/** One thing that reached a `--fail-on` level: a tool's own risk, or one of its findings. */
export interface LevelHit {
  /** Tool name as the server declared it (untrusted: sanitise before printing). */
  tool: string;
  /** `risk`: the tool's risk level reached it; `finding`: a finding's severity did. */
  kind: 'risk' | 'finding';
  /** The level that was reached. */
  level: RiskLevel;
  /** The tool's class (`risk`) or the finding code (`finding`). */
  what: string;
}

/** Everything in a scan at or above `level`, in listing order: what `--fail-on` names on stderr. */
export function levelHits(result: ScanResult, level: RiskLevel): LevelHit[] {
  const min = riskRank(level);
  const hits: LevelHit[] = [];
  for (const tool of result.tools) {
    const c = tool.classification;
    if (c !== undefined && riskRank(c.risk) >= min) hits.push({ tool: tool.name, kind: 'risk', level: c.risk, what: c.class });
    for (const f of tool.findings ?? [])
      if (riskRank(f.severity) >= min) hits.push({ tool: tool.name, kind: 'finding', level: f.severity, what: f.code });
  }
  return hits;
}
