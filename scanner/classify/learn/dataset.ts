/** Turning labelled tools into feature vectors: a vocabulary from training tools only, indices per example. */
import type { ToolClass } from '../../../data/schema/index.ts';
import { buildEvidence, type ServerContext } from '../evidence.ts';
import { extraSignals } from '../extra-signals.ts';
import { extractFeatures, type Family, featureKeys } from '../features.ts';
import { type Floor, safetyFloor } from '../floors.ts';
import { inferClass } from '../infer-class.ts';
import { normaliseTool, type ToolInput } from '../tool-input.ts';

/** The classes, in the order of every weight vector. */
export const CLASSES: readonly ToolClass[] = ['read', 'write', 'destructive'];

/** One labelled tool, as in test/classify/corpus/corpus.json. */
export interface LabelledTool {
  id?: string;
  server: string;
  domain: string;
  tool: ToolInput;
  label: ToolClass;
  reason?: string;
  borderline?: boolean;
  declaredClass: ToolClass | null;
}

/** The server contexts of a labelled set: each server's name and its tools' names. */
export function contextsOf(tools: readonly LabelledTool[]): Map<string, ServerContext> {
  const contexts = new Map<string, { serverName: string; toolNames: string[] }>();
  for (const t of tools) {
    const ctx = contexts.get(t.server) ?? { serverName: t.server, toolNames: [] };
    ctx.toolNames.push(t.tool.name);
    contexts.set(t.server, ctx);
  }
  return contexts;
}

/** A tool's feature keys, for training. */
export interface KeyedFeatures {
  keys: string[];
}

/** The feature keys of one tool (annotations never enter the features), and the safety floor it hits. */
export function toolFeatures(
  tool: ToolInput,
  context: ServerContext | undefined,
  skip?: ReadonlySet<Family>,
): KeyedFeatures & { floor: Floor | undefined } {
  const t = normaliseTool(tool);
  const { ev, opening } = buildEvidence(t, context);
  const rule = inferClass(ev);
  const extra = extraSignals(t, ev, opening);
  return { keys: featureKeys(extractFeatures(ev, rule, extra, skip)), floor: safetyFloor(rule, ev, extra) };
}

/** Feature keys kept for training: those present in at least `minCount` tools (sorted, so indices are stable). */
export function vocabulary(featureSets: readonly KeyedFeatures[], minCount: number): string[] {
  const count = new Map<string, number>();
  for (const f of featureSets) for (const k of new Set(f.keys)) count.set(k, (count.get(k) ?? 0) + 1);
  return [...count]
    .filter(([, n]) => n >= minCount)
    .map(([k]) => k)
    .sort();
}

/** Indices of a tool's features in `index` (unknown keys dropped, duplicates once). */
export function indicesOf(f: KeyedFeatures, index: ReadonlyMap<string, number>): number[] {
  const out = new Set<number>();
  for (const k of f.keys) {
    const i = index.get(k);
    if (i !== undefined) out.add(i);
  }
  return [...out].sort((a, b) => a - b);
}
