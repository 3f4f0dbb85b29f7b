/** Precision / recall / F1 and the confusion matrix of the classifier against a labelled set. Pure. */
import type { ToolClass } from '../../data/schema/index.ts';
import { classifyTool } from './classify-tool.ts';
import type { ToolInput } from './tool-input.ts';

/** One labelled tool, as in test/classify/labelled-tools.json. */
export interface LabelledTool {
  server: string;
  domain: string;
  tool: ToolInput;
  label: ToolClass;
  declaredClass: ToolClass | null;
  note?: string;
}

/** Per-class scores. */
export interface ClassScore {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

/** The evaluation of a labelled set. */
export interface Evaluation {
  total: number;
  accuracy: number;
  macroF1: number;
  perClass: Record<ToolClass, ClassScore>;
  /** confusion[label][predicted] = count. */
  confusion: Record<ToolClass, Record<ToolClass, number>>;
  misclassified: { server: string; name: string; label: ToolClass; predicted: ToolClass; reason: string }[];
}

const CLASSES: readonly ToolClass[] = ['read', 'write', 'destructive'];

/** Classifies every labelled tool (annotations ignored unless told otherwise) and scores the result. */
export function evaluate(
  tools: readonly LabelledTool[],
  options: { ignoreAnnotations?: boolean } = { ignoreAnnotations: true },
): Evaluation {
  const confusion = Object.fromEntries(CLASSES.map((c) => [c, { read: 0, write: 0, destructive: 0 }])) as Evaluation['confusion'];
  const misclassified: Evaluation['misclassified'] = [];
  const contexts = new Map<string, { serverName: string; toolNames: string[] }>();
  for (const t of tools) {
    const ctx = contexts.get(t.server) ?? { serverName: t.server, toolNames: [] };
    ctx.toolNames.push(t.tool.name);
    contexts.set(t.server, ctx);
  }
  let correct = 0;
  for (const t of tools) {
    const verdict = classifyTool(t.tool, contexts.get(t.server), { ignoreAnnotations: options.ignoreAnnotations ?? true });
    confusion[t.label][verdict.class]++;
    if (verdict.class === t.label) correct++;
    else
      misclassified.push({
        server: t.server,
        name: t.tool.name,
        label: t.label,
        predicted: verdict.class,
        reason: verdict.reasons[0] ?? '',
      });
  }
  const perClass = {} as Record<ToolClass, ClassScore>;
  for (const c of CLASSES) {
    const tp = confusion[c][c];
    const predicted = CLASSES.reduce((sum, l) => sum + confusion[l][c], 0);
    const support = CLASSES.reduce((sum, p) => sum + confusion[c][p], 0);
    const precision = predicted === 0 ? 0 : tp / predicted;
    const recall = support === 0 ? 0 : tp / support;
    perClass[c] = { precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall), support };
  }
  return {
    total: tools.length,
    accuracy: tools.length === 0 ? 0 : correct / tools.length,
    macroF1: CLASSES.reduce((sum, c) => sum + perClass[c].f1, 0) / CLASSES.length,
    perClass,
    confusion,
    misclassified,
  };
}
