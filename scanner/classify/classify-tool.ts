/**
 * classifyTool: one tool in, one explainable verdict out. Pure, deterministic, no I/O. The rules and signals become
 * features, the learned model weighs them, hard safety floors overrule it where the rubric is absolute, and the
 * author's annotations are applied last.
 */
import type { CapabilityTag, Classification, DeclaredAnnotations, ToolClass } from '../../data/schema/index.ts';
import { classRank, declaredOutright, readDeclared } from './annotations.ts';
import { buildEvidence, type ServerContext } from './evidence.ts';
import { extraSignals } from './extra-signals.ts';
import { describeFeature } from './feature-reasons.ts';
import { extractFeatures, type Features } from './features.ts';
import { type Floor, safetyFloor } from './floors.ts';
import { type Inference, inferClass } from './infer-class.ts';
import { type Model, SHIPPED_MODEL, score } from './model.ts';
import { riskFor } from './risk.ts';
import { computeTags } from './tags.ts';
import { normaliseTool, type ToolInput } from './tool-input.ts';

export type { ServerContext } from './evidence.ts';

/** Options of the classifier. */
export interface ClassifyOptions {
  /** Classify as if the tool carried no annotations (to measure inference alone). */
  ignoreAnnotations?: boolean;
  /** The weights to score with (cross-validation passes a fold's model); the shipped model otherwise. */
  model?: Model;
}

const DECLARED_NAMES: Record<ToolClass, string> = {
  read: 'readOnlyHint: true',
  write: 'destructiveHint: false',
  destructive: 'destructiveHint: true',
};

/** Applies the author's annotations: evidence when ours is weak, a mismatch when they claim safer than we found. */
function applyDeclared(
  inference: Inference,
  declared: DeclaredAnnotations,
  outright: boolean,
): { cls: ToolClass; confidence: number; reasons: string[]; mismatch: string | undefined } {
  const { cls, confidence } = inference;
  const reasons = [...inference.reasons];
  if (!declared.explicit) return { cls, confidence, reasons, mismatch: undefined };
  const said = DECLARED_NAMES[declared.class];
  if (inference.weak || confidence < 0.6) {
    // Our own evidence is thin: the author's explicit hint is the best evidence there is.
    const adopted: ToolClass = declared.class === 'destructive' && !outright ? 'write' : declared.class;
    if (adopted !== cls) {
      reasons.unshift(`author declared ${said}; little else to go on`);
      return { cls: adopted, confidence: 0.6, reasons, mismatch: undefined };
    }
  }
  if (declared.class === cls) {
    reasons.push(`author declared ${said}, which agrees`);
    return { cls, confidence: Math.min(0.98, confidence + 0.03), reasons, mismatch: undefined };
  }
  if (classRank(declared.class) < classRank(cls)) {
    reasons.push(`author declared ${said}, which is safer than the evidence`);
    const mismatch = `Declared ${said} (${declared.class}), but it ${cls === 'destructive' ? 'is destructive' : 'changes state'}: ${inference.reasons[0]}.`;
    return { cls, confidence: Math.max(0.5, confidence - 0.05), reasons, mismatch };
  }
  if (outright) {
    reasons.push(`author declared ${said}, more cautious than the evidence`);
    return { cls, confidence: Math.max(0.5, confidence - 0.1), reasons, mismatch: undefined };
  }
  return { cls, confidence, reasons, mismatch: undefined };
}

/** The model's verdict with its reasons in words, and the safety floor that overrode it, if any. */
function modelInference(rule: Inference, features: Features, floor: Floor | undefined, model: Model): Inference {
  const scored = score(model, features);
  const reasons: string[] = [];
  // Single words weigh in the model but say little to a reader: they are reasons only when nothing else is.
  const words: string[] = [];
  for (const i of scored.drivers) {
    const head = features.heads[i]!;
    const why = describeFeature(head, features.values[i]!, features.details[i]!);
    const list = head.startsWith('word.') ? words : reasons;
    if (!list.includes(why) && !floor?.reason.includes(why)) list.push(why);
  }
  if (reasons.length === 0) reasons.push(...words);
  if (reasons.length === 0) reasons.push(rule.reasons[0] ?? 'no signal; assumed read');
  const destructive = scored.probabilities[model.classes.indexOf('destructive')] ?? 0;
  if (floor !== undefined && scored.cls !== 'destructive') {
    const confidence = Math.max(destructive, model.floorConfidence);
    return { ...rule, cls: 'destructive', confidence, reasons: [floor.reason, ...reasons], weak: false };
  }
  const confidence = scored.probabilities[model.classes.indexOf(scored.cls)] ?? 0;
  if (floor !== undefined) reasons.unshift(floor.reason);
  return { ...rule, cls: scored.cls, confidence, reasons, weak: confidence < 0.6 };
}

/** Classifies one tool. Unknown-shaped input is tolerated; never throws. */
export function classifyTool(tool: ToolInput, context?: ServerContext, options?: ClassifyOptions): Classification {
  const t = normaliseTool(tool);
  const { ev, opening, sentence, server } = buildEvidence(t, context);
  const rule = inferClass(ev);
  const extra = extraSignals(t, ev, opening);
  const features = extractFeatures(ev, rule, extra);
  const inference = modelInference(rule, features, safetyFloor(rule, ev, extra), options?.model ?? SHIPPED_MODEL);
  const annotations = options?.ignoreAnnotations === true ? undefined : t.annotations;
  const declared = readDeclared(annotations);
  const applied = applyDeclared(inference, declared, declaredOutright(annotations, declared));
  const tags = computeTags(ev, inference, applied.cls, {
    name: ev.nameWords,
    params: t.params,
    sentence: ev.sentence,
    serverName: server.name,
    text: `${t.name} ${sentence}`,
  });
  const risk = riskFor(applied.cls, tags, inference);
  const sortedTags = [...tags].sort() as CapabilityTag[];
  const reasons = applied.reasons.length > 0 ? applied.reasons.slice(0, 6) : ['no signal; assumed read'];
  const confidence = Math.round(applied.confidence * 100) / 100;
  // Two literals rather than a conditional spread: same key order (it shows in JSON), no temporary objects.
  if (applied.mismatch === undefined) return { class: applied.cls, risk, tags: sortedTags, reasons, declared, confidence };
  return { class: applied.cls, risk, tags: sortedTags, reasons, declared, mismatch: applied.mismatch, confidence };
}
