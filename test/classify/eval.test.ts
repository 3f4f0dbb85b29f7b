// The classifier against its targets. The corpus (test/classify/corpus/corpus.json) is what the model was trained on,
// so it is checked by grouped cross-validation (one cheap fold here; all five in `npm run eval`); the frozen blind set
// (test/classify/blind/blind-tools.json) is scored with the shipped weights, aggregate figures only.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyTool } from '../../scanner/classify/index.ts';
import { CLASSES, contextsOf, type LabelledTool } from '../../scanner/classify/learn/dataset.ts';
import { assignFolds } from '../../scanner/classify/learn/folds.ts';
import { policyShares } from '../../scanner/classify/learn/policy-shares.ts';
import { fitModel, foldModel, macroF1, prepare, type TrainConfig } from '../../scanner/classify/learn/train-model.ts';
import shipped from '../../scanner/classify/model-weights.json' with { type: 'json' };

const load = (file: string): LabelledTool[] =>
  (JSON.parse(readFileSync(join(import.meta.dirname, file), 'utf8')) as { tools: LabelledTool[] }).tools;
const CORPUS = load('corpus/corpus.json');
const BLIND_FILE = join(import.meta.dirname, 'blind/blind-tools.json');
const TARGETS = { macroF1: 0.95, destructiveRecall: 0.97, destructiveGated: 0.99, readCallable: 0.95, writeCallable: 0.85 };
/** First-look figures on the blind set (docs/risk-model.md): the floor no change may fall below. */
const FIRST_LOOK = { macroF1: 0.86, destructiveRecall: 0.72, destructiveGated: 0.81, readCallable: 0.96, writeCallable: 0.88 };

function blindFigures() {
  const blind = load('blind/blind-tools.json');
  const contexts = contextsOf(blind);
  const verdicts = blind.map((t) => classifyTool(t.tool, contexts.get(t.server), { ignoreAnnotations: true }));
  const labels = blind.map((t) => CLASSES.indexOf(t.label));
  const predicted = verdicts.map((v) => CLASSES.indexOf(v.class));
  const destructive = labels.filter((l) => l === 2).length;
  const found = labels.filter((l, i) => l === 2 && predicted[i] === 2).length;
  const calledRead = labels.filter((l, i) => l === 2 && predicted[i] === 0).length;
  return {
    f1: macroF1(labels, predicted),
    recall: found / destructive,
    calledRead,
    shares: policyShares(blind, verdicts, false),
    size: blind.length,
  };
}

describe('corpus', () => {
  it('holds at least 3,000 labelled tools from at least 150 servers', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(3000);
    expect(new Set(CORPUS.map((t) => t.server)).size).toBeGreaterThanOrEqual(150);
  });

  it('one held-out fold of the grouped cross-validation stays near the committed CV figure', () => {
    const data = prepare(CORPUS);
    const folds = assignFolds(CORPUS, 5);
    const train = CORPUS.map((_, i) => i).filter((i) => folds.get(CORPUS[i]!.server) !== 0);
    const test = CORPUS.map((_, i) => i).filter((i) => folds.get(CORPUS[i]!.server) === 0);
    const model = foldModel(fitModel(data, train, shipped.trained.config as TrainConfig), 1, 0.9);
    const contexts = contextsOf(CORPUS);
    const predicted = test.map((i) =>
      CLASSES.indexOf(classifyTool(CORPUS[i]!.tool, contexts.get(CORPUS[i]!.server), { ignoreAnnotations: true, model }).class),
    );
    const f1 = macroF1(
      test.map((i) => data.labels[i]!),
      predicted,
    );
    expect(f1).toBeGreaterThan(0.8);
  });
});

describe.skipIf(!existsSync(BLIND_FILE))('blind set (shipped weights, annotations ignored)', () => {
  const figures = existsSync(BLIND_FILE) ? blindFigures() : undefined;

  it('does no worse than its first look', () => {
    const f = figures!;
    expect(f.size).toBeGreaterThanOrEqual(400);
    expect(f.f1).toBeGreaterThanOrEqual(FIRST_LOOK.macroF1);
    expect(f.recall).toBeGreaterThanOrEqual(FIRST_LOOK.destructiveRecall);
    expect(f.shares.destructiveGated).toBeGreaterThanOrEqual(FIRST_LOOK.destructiveGated);
    expect(f.shares.readCallable).toBeGreaterThanOrEqual(FIRST_LOOK.readCallable);
    expect(f.shares.writeCallable).toBeGreaterThanOrEqual(FIRST_LOOK.writeCallable);
  });

  // The targets. They are NOT met at first look (macro-F1 0.868, destructive recall 0.729, 5 destructive tools
  // called read, 81% of destructive tools gated): `it.fails` keeps that gap visible without breaking CI, and turns
  // red the day the targets are met, so whoever meets them must make this a plain `it`.
  it.fails('meets the targets: macro-F1 >= 0.95, destructive recall >= 0.97, no destructive called read, policy shares', () => {
    const f = figures!;
    expect(f.f1).toBeGreaterThanOrEqual(TARGETS.macroF1);
    expect(f.recall).toBeGreaterThanOrEqual(TARGETS.destructiveRecall);
    expect(f.calledRead).toBe(0);
    expect(f.shares.destructiveGated).toBeGreaterThanOrEqual(TARGETS.destructiveGated);
    expect(f.shares.readCallable).toBeGreaterThanOrEqual(TARGETS.readCallable);
    expect(f.shares.writeCallable).toBeGreaterThanOrEqual(TARGETS.writeCallable);
  });

  it('finds no poisoning on its ordinary real tools', () => {
    expect(figures!.shares.poisoned).toBe(0);
  });
});
