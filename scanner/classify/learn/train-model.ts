/**
 * Fitting the shipped model and measuring it honestly: grouped cross-validation by server (forks grouped), a
 * temperature fitted on the out-of-fold scores, and the safety floors' precision. Pure and deterministic.
 */
import type { ToolClass } from '../../../data/schema/index.ts';
import type { Floor } from '../floors.ts';
import { loadModel, type Model, type ModelFile } from '../model.ts';
import { CLASSES, contextsOf, indicesOf, type LabelledTool, toolFeatures, vocabulary } from './dataset.ts';
import { assignFolds } from './folds.ts';
import { type Example, type LinearModel, logits, train } from './logistic.ts';

/** The knobs cross-validation chooses among. */
export interface TrainConfig {
  /** L2 strength on word-like features (single name or description words, verb and object identities). */
  l2: number;
  /** Multiplier of `l2` for curated signals (rules, parameters, phrases): below 1 trusts them more. */
  curatedScale: number;
  /** Features must occur in this many training tools to get a weight. */
  minCount: number;
  /** Example weight of destructive-labelled tools (the costlier class to miss). */
  destructiveWeight: number;
}

/** The configurations the training script compares by cross-validation. */
export const CONFIG_GRID: readonly TrainConfig[] = [0.001, 0.003].flatMap((l2) =>
  [0.1, 0.3, 1].flatMap((curatedScale) => [1, 1.5].map((destructiveWeight) => ({ l2, curatedScale, minCount: 3, destructiveWeight }))),
);

/** Number of folds of the grouped cross-validation. */
export const FOLDS = 5;

/** Word-like features: identities of single words, verbs and objects (regularised fully). */
const LEXICAL = /^(?:word\.|object\.|name\.verb=|desc\.verb=|action\.verb=|content\.verb=)/;

/** Precomputed features of a labelled set. */
export interface Prepared {
  tools: readonly LabelledTool[];
  features: ReturnType<typeof toolFeatures>[];
  labels: number[];
}

/** Computes every tool's features once (annotations ignored: labels were made without them). */
export function prepare(tools: readonly LabelledTool[]): Prepared {
  const contexts = contextsOf(tools);
  return {
    tools,
    features: tools.map((t) => toolFeatures(t.tool, contexts.get(t.server))),
    labels: tools.map((t) => CLASSES.indexOf(t.label)),
  };
}

/** A fitted linear model with its vocabulary. */
export interface Fitted {
  vocab: string[];
  linear: LinearModel;
}

/** Fits on the tools at `indices` of `data`. */
export function fitModel(data: Prepared, indices: readonly number[], config: TrainConfig): Fitted {
  const vocab = vocabulary(
    indices.map((i) => data.features[i]!),
    config.minCount,
  );
  const index = new Map(vocab.map((v, i) => [v, i]));
  const examples: Example[] = indices.map((i) => ({
    features: indicesOf(data.features[i]!, index),
    label: data.labels[i]!,
    weight: data.labels[i] === 2 ? config.destructiveWeight : 1,
  }));
  const l2Scale = Float64Array.from(vocab, (v) => (LEXICAL.test(v) ? 1 : config.curatedScale));
  return { vocab, linear: train(examples, vocab.length, CLASSES.length, { l2: config.l2, l2Scale }) };
}

const round = (x: number): number => Math.round(x * 1e4) / 1e4;

/** The weights file of a fitted model (weights rounded to 4 decimals, keys sorted, all-zero rows dropped). */
export function modelFile(fitted: Fitted, temperature: number, floorConfidence: number, trained: Record<string, unknown>): ModelFile {
  const k = CLASSES.length;
  const weights: Record<string, number[]> = {};
  fitted.vocab.forEach((key, f) => {
    const row = Array.from({ length: k }, (_, c) => round(fitted.linear.weights[f * k + c]!));
    if (row.some((w) => w !== 0)) weights[key] = row;
  });
  return {
    version: 1,
    trained,
    classes: [...CLASSES],
    temperature: round(temperature),
    floorConfidence: round(floorConfidence),
    bias: Array.from(fitted.linear.bias, round),
    weights,
  };
}

/** Out-of-fold scores of one configuration: logits per tool, the fold of each tool, and the fold models. */
export interface CrossValidation {
  folds: Map<string, number>;
  /** Out-of-fold logits per tool (before temperature). */
  logits: Float64Array[];
  /** The model trained without each fold, as weight files (temperature 1 until calibrated). */
  models: Fitted[];
}

/** Grouped k-fold cross-validation of one configuration. */
export function crossValidate(data: Prepared, config: TrainConfig, k = FOLDS): CrossValidation {
  const folds = assignFolds(data.tools, k);
  const out: Float64Array[] = new Array(data.tools.length);
  const models: Fitted[] = [];
  for (let fold = 0; fold < k; fold++) {
    const trainIdx: number[] = [];
    const testIdx: number[] = [];
    data.tools.forEach((t, i) => {
      (folds.get(t.server) === fold ? testIdx : trainIdx).push(i);
    });
    const fitted = fitModel(data, trainIdx, config);
    models.push(fitted);
    const index = new Map(fitted.vocab.map((v, i) => [v, i]));
    for (const i of testIdx) out[i] = logits(fitted.linear, indicesOf(data.features[i]!, index));
  }
  return { folds, logits: out, models };
}

/** The predicted class index of logits, with the safety floor applied. */
export function decide(z: Float64Array, floor: Floor | undefined): number {
  if (floor !== undefined) return 2;
  let best = 0;
  for (let c = 1; c < z.length; c++) if (z[c]! > z[best]!) best = c;
  return best;
}

/** Macro-F1 of predictions against labels (class indices). */
export function macroF1(labels: readonly number[], predicted: readonly number[]): number {
  let sum = 0;
  for (let c = 0; c < CLASSES.length; c++) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    labels.forEach((l, i) => {
      if (predicted[i] === c && l === c) tp++;
      else if (predicted[i] === c) fp++;
      else if (l === c) fn++;
    });
    sum += tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  }
  return sum / CLASSES.length;
}

function nll(zs: readonly Float64Array[], labels: readonly number[], t: number): number {
  let loss = 0;
  zs.forEach((z, i) => {
    let max = -Infinity;
    for (const v of z) if (v / t > max) max = v / t;
    let sum = 0;
    for (const v of z) sum += Math.exp(v / t - max);
    loss += max + Math.log(sum) - z[labels[i]!]! / t;
  });
  return loss / zs.length;
}

/** Temperature scaling: the T in [0.2, 5] minimising the negative log-likelihood of out-of-fold logits (golden section). */
export function fitTemperature(zs: readonly Float64Array[], labels: readonly number[]): number {
  let lo = Math.log(0.2);
  let hi = Math.log(5);
  const phi = (Math.sqrt(5) - 1) / 2;
  for (let i = 0; i < 60; i++) {
    const a = hi - phi * (hi - lo);
    const b = lo + phi * (hi - lo);
    if (nll(zs, labels, Math.exp(a)) < nll(zs, labels, Math.exp(b))) hi = b;
    else lo = a;
  }
  return Math.exp((lo + hi) / 2);
}

/** Precision of the safety floors on a labelled set: the share of floored tools labelled destructive. */
export function floorPrecision(data: Prepared): number {
  let fired = 0;
  let right = 0;
  data.features.forEach((f, i) => {
    if (f.floor === undefined) return;
    fired++;
    if (data.labels[i] === 2) right++;
  });
  return fired === 0 ? 1 : right / fired;
}

/** A fold model ready for `classifyTool`, calibrated with `temperature`. */
export function foldModel(fitted: Fitted, temperature: number, floorConfidence: number): Model {
  return loadModel(modelFile(fitted, temperature, floorConfidence, {}));
}

/** Labels as classes. */
export function classOf(index: number): ToolClass {
  return CLASSES[index]!;
}
