/** The risk mapping of docs/risk-model.md: class and capabilities in, level out. */
import type { CapabilityTag, RiskLevel, ToolClass } from '../../data/schema/index.ts';

/** Capabilities that push a tool to `critical` whatever its class (set by the classifier with a reason). */
export interface CriticalCapability {
  /** Runs arbitrary code, commands, SQL or API requests. */
  exec: boolean;
  /** Moves money out. */
  money: boolean;
  /** Changes credentials or permissions. */
  privilege: boolean;
}

/**
 * read -> low, or medium when it can read credentials or reaches arbitrary URLs;
 * write -> medium; destructive -> high; arbitrary execution, money movement, credential or permission change -> critical.
 */
export function riskFor(cls: ToolClass, tags: ReadonlySet<CapabilityTag>, critical: CriticalCapability): RiskLevel {
  if (cls !== 'read' && (critical.exec || critical.money || critical.privilege)) return 'critical';
  if (cls === 'destructive') return 'high';
  if (cls === 'write') return 'medium';
  return tags.has('credentials') || tags.has('network') ? 'medium' : 'low';
}

const ORDER: Record<RiskLevel, number> = { low: 0, medium: 1, high: 2, critical: 3 };

/** Numeric rank of a risk level (low 0 … critical 3). */
export function riskRank(level: RiskLevel): number {
  return ORDER[level];
}
