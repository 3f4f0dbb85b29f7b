// `npm run eval [-- --skip-blind] [--misses N]`
// The classifier's honest figures. Headline: grouped 5-fold cross-validation by server on the corpus
// (test/classify/corpus/corpus.json; forks grouped, annotations ignored), with the shipped training configuration
// refitted per fold: per-class precision / recall / F1, macro-F1, the confusion matrix, calibration (reliability table
// and expected calibration error), what the generated starter policies do to the labelled tools, the poisoning-finding
// rate, the same with annotations used, and the misclassified tools. Then the frozen blind set
// (test/classify/blind/blind-tools.json) with the shipped model: aggregate figures only, never its tools.
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Classification, ToolClass } from '../data/schema/index.ts';
import { UNCERTAIN_CONFIDENCE } from '../policies-gen/starter-rules.ts';
import { classifyTool } from '../scanner/classify/index.ts';
import { CLASSES, contextsOf, type LabelledTool } from '../scanner/classify/learn/dataset.ts';
import { policyShares } from '../scanner/classify/learn/policy-shares.ts';
import { crossValidate, foldModel, prepare, type TrainConfig } from '../scanner/classify/learn/train-model.ts';
import { SHIPPED_MODEL } from '../scanner/classify/model.ts';
import shipped from '../scanner/classify/model-weights.json' with { type: 'json' };

const TARGETS = { macroF1: 0.95, destructiveRecall: 0.97, destructiveGated: 0.99, readCallable: 0.95, writeCallable: 0.85 };
const CORPUS = 'test/classify/corpus/corpus.json';
const BLIND = 'test/classify/blind/blind-tools.json';
const { values } = parseArgs({
  options: { 'skip-blind': { type: 'boolean', default: false }, misses: { type: 'string', default: '400' } },
});

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`.padStart(6);
const out: string[] = [];
const say = (...lines: string[]): void => {
  out.push(...(lines.length === 0 ? [''] : lines));
};

/** Scores of verdicts against labels. */
function scores(labels: readonly ToolClass[], predicted: readonly ToolClass[]) {
  const confusion = Object.fromEntries(CLASSES.map((c) => [c, { read: 0, write: 0, destructive: 0 }])) as Record<
    ToolClass,
    Record<ToolClass, number>
  >;
  labels.forEach((l, i) => {
    confusion[l][predicted[i]!]++;
  });
  const perClass = CLASSES.map((c) => {
    const tp = confusion[c][c];
    const predictedN = CLASSES.reduce((s, l) => s + confusion[l][c], 0);
    const support = CLASSES.reduce((s, p) => s + confusion[c][p], 0);
    const precision = predictedN === 0 ? 0 : tp / predictedN;
    const recall = support === 0 ? 0 : tp / support;
    return { cls: c, precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall), support };
  });
  const correct = labels.filter((l, i) => l === predicted[i]).length;
  return {
    confusion,
    perClass,
    accuracy: correct / Math.max(1, labels.length),
    macroF1: perClass.reduce((s, c) => s + c.f1, 0) / CLASSES.length,
    destructiveRecall: perClass[2]!.recall,
    destructiveAsRead: confusion.destructive.read,
  };
}

function report(
  title: string,
  tools: readonly LabelledTool[],
  verdicts: readonly Classification[],
  withAnnotations?: readonly Classification[],
) {
  const s = scores(
    tools.map((t) => t.label),
    verdicts.map((v) => v.class),
  );
  say(title);
  say('  class         precision  recall      F1  support');
  for (const c of s.perClass)
    say(`  ${c.cls.padEnd(12)}  ${pct(c.precision)}    ${pct(c.recall)}  ${pct(c.f1)}  ${String(c.support).padStart(7)}`);
  say(
    `  accuracy ${pct(s.accuracy)}   macro-F1 ${pct(s.macroF1)} (target ${pct(TARGETS.macroF1)})   destructive recall ${pct(s.destructiveRecall)} (target ${pct(TARGETS.destructiveRecall)})   destructive called read: ${s.destructiveAsRead}`,
  );
  say('  confusion (rows = label, columns = verdict)     read   write  destr.');
  for (const l of CLASSES) say(`  ${l.padEnd(46)}${CLASSES.map((p) => String(s.confusion[l][p]).padStart(7)).join(' ')}`);
  const p = policyShares(tools, verdicts, false);
  say(
    `  starter policies: destructive gated ${pct(p.destructiveGated)} (target >= ${pct(TARGETS.destructiveGated)}), read callable ${pct(p.readCallable)} (>= ${pct(TARGETS.readCallable)}), write callable ${pct(p.writeCallable)} (>= ${pct(TARGETS.writeCallable)}); uncertain below ${UNCERTAIN_CONFIDENCE}`,
  );
  say(`  poisoning findings: ${p.withFindings} tools with any finding, ${p.poisoned} hidden (high or critical), of ${tools.length}`);
  if (withAnnotations !== undefined) {
    const a = scores(
      tools.map((t) => t.label),
      withAnnotations.map((v) => v.class),
    );
    const ap = policyShares(tools, withAnnotations);
    say(
      `  with annotations used: macro-F1 ${pct(a.macroF1)}, destructive recall ${pct(a.destructiveRecall)}, destructive called read ${a.destructiveAsRead}; policies: destructive gated ${pct(ap.destructiveGated)}, read callable ${pct(ap.readCallable)}, write callable ${pct(ap.writeCallable)}`,
    );
  }
  return { s, p };
}

/** Reliability table and expected calibration error of the verdicts' confidence. */
function calibration(tools: readonly LabelledTool[], verdicts: readonly Classification[]): void {
  const bins = [0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0001];
  let lo = 0;
  let ece = 0;
  say('  calibration (confidence of the verdict vs share right):');
  for (const hi of bins) {
    const inBin = verdicts.map((v, i) => ({ v, i })).filter(({ v }) => v.confidence >= lo && v.confidence < hi);
    if (inBin.length > 0) {
      const mean = inBin.reduce((s, { v }) => s + v.confidence, 0) / inBin.length;
      const right = inBin.filter(({ v, i }) => v.class === tools[i]!.label).length / inBin.length;
      ece += (inBin.length / verdicts.length) * Math.abs(mean - right);
      say(
        `    ${lo.toFixed(2)}–${Math.min(1, hi).toFixed(2)}  ${String(inBin.length).padStart(5)} tools  mean confidence ${pct(mean)}  right ${pct(right)}`,
      );
    }
    lo = hi;
  }
  say(`    expected calibration error ${pct(ece)}`);
}

// Cross-validation on the corpus, with the shipped training configuration.
const corpus = (JSON.parse(readFileSync(CORPUS, 'utf8')) as { tools: LabelledTool[] }).tools;
const config = (shipped.trained as { config: TrainConfig }).config;
const data = prepare(corpus);
process.stderr.write(`eval: cross-validating ${corpus.length} tools…\n`);
const cv = crossValidate(data, config);
const models = cv.models.map((m) => foldModel(m, SHIPPED_MODEL.temperature, SHIPPED_MODEL.floorConfidence));
const contexts = contextsOf(corpus);
const oof = corpus.map((t, i) =>
  classifyTool(t.tool, contexts.get(t.server), { ignoreAnnotations: true, model: models[cv.folds.get(corpus[i]!.server)!]! }),
);
const oofAnnotated = corpus.map((t, i) =>
  classifyTool(t.tool, contexts.get(t.server), { model: models[cv.folds.get(corpus[i]!.server)!]! }),
);
const groups = new Set(cv.folds.values()).size;
say(
  `Cross-validation, grouped by server (${corpus.length} tools, ${contexts.size} servers, ${groups} folds; forks kept together; annotations ignored; l2 ${config.l2}, curated x${config.curatedScale}, destructive weight ${config.destructiveWeight}):`,
);
const headline = report('', corpus, oof, oofAnnotated);
calibration(corpus, oof);
const misses = corpus.map((t, i) => ({ t, v: oof[i]! })).filter(({ t, v }) => t.label !== v.class);
say('', `misclassified in cross-validation (${misses.length}; label -> verdict, server / tool: the first reason):`);
for (const { t, v } of misses.slice(0, Number(values.misses)))
  say(`  ${t.label.padEnd(11)} -> ${v.class.padEnd(11)} ${t.server} / ${JSON.stringify(t.tool.name)}: ${v.reasons[0] ?? ''}`);

// The frozen blind set: scored with the shipped model, aggregate figures only.
let blindPass = true;
if (!values['skip-blind'] && existsSync(BLIND)) {
  const blind = (JSON.parse(readFileSync(BLIND, 'utf8')) as { tools: LabelledTool[] }).tools;
  const blindContexts = contextsOf(blind);
  const verdicts = blind.map((t) => classifyTool(t.tool, blindContexts.get(t.server), { ignoreAnnotations: true }));
  const annotated = blind.map((t) => classifyTool(t.tool, blindContexts.get(t.server)));
  say('');
  const { s, p } = report(
    `Blind set, shipped model (${blind.length} tools from ${blindContexts.size} servers never trained or tuned on; aggregate figures only):`,
    blind,
    verdicts,
    annotated,
  );
  calibration(blind, verdicts);
  blindPass =
    s.macroF1 >= TARGETS.macroF1 &&
    s.destructiveRecall >= TARGETS.destructiveRecall &&
    s.destructiveAsRead === 0 &&
    p.destructiveGated >= TARGETS.destructiveGated &&
    p.readCallable >= TARGETS.readCallable &&
    p.writeCallable >= TARGETS.writeCallable;
}
const cvPass = headline.s.macroF1 >= TARGETS.macroF1 && headline.s.destructiveRecall >= TARGETS.destructiveRecall;
say(
  '',
  `cross-validation targets ${cvPass ? 'met' : 'MISSED'}${values['skip-blind'] ? '' : `; blind-set targets ${blindPass ? 'met' : 'MISSED'}`}`,
);
process.stdout.write(`${out.join('\n')}\n`);
process.exitCode = cvPass && blindPass ? 0 : 1;
