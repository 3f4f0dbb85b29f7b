/**
 * The learned part of the classifier: a multinomial logistic regression over the features of `features.ts`, with
 * weights trained by `npm run train:classifier` (scripts/train-classifier.ts) and committed as readable JSON. Scoring
 * is deterministic: a sum of weights, a softmax with the fitted temperature, the most probable class.
 */
import type { ToolClass } from '../../data/schema/index.ts';
import { type Features, splitFeatureKey } from './features.ts';
import shipped from './model-weights.json' with { type: 'json' };

/** The weights file as committed (scanner/classify/model-weights.json). */
export interface ModelFile {
  /** Format version of this file. */
  version: 1;
  /** How the weights were made: corpus, options, cross-validation figures. */
  trained: Record<string, unknown>;
  /** Class order of every weight triple. */
  classes: ToolClass[];
  /** Softmax temperature fitted on out-of-fold predictions (calibration). */
  temperature: number;
  /** Confidence of a verdict a safety floor decided: the floors' precision under cross-validation. */
  floorConfidence: number;
  /** One bias per class. */
  bias: number[];
  /** Feature key -> one weight per class. */
  weights: Record<string, number[]>;
}

/**
 * A model ready to score: each weighted feature is a row of `weights` (one weight per class), found by key head, then
 * by value (`name.verb=` -> `delete` -> row), the way features come, so scoring never joins a key string to look it
 * up. The rows sit in one typed array: adding a row is three reads from one compact block.
 */
export interface Model {
  classes: readonly ToolClass[];
  temperature: number;
  floorConfidence: number;
  bias: readonly number[];
  rows: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** Row r's weight for class c at `r * classes.length + c`. */
  weights: Float64Array;
}

/** Builds a scoring model from a weights file. */
export function loadModel(file: ModelFile): Model {
  const k = file.classes.length;
  const entries = Object.entries(file.weights);
  const weights = new Float64Array(entries.length * k);
  const rows = new Map<string, Map<string, number>>();
  entries.forEach(([key, w], row) => {
    for (let c = 0; c < k; c++) weights[row * k + c] = w[c]!;
    const [head, value] = splitFeatureKey(key);
    const byValue = rows.get(head) ?? new Map<string, number>();
    byValue.set(value, row);
    rows.set(head, byValue);
  });
  return { classes: file.classes, temperature: file.temperature, floorConfidence: file.floorConfidence, bias: file.bias, rows, weights };
}

/** The model shipped with mcp-atlas. */
export const SHIPPED_MODEL: Model = loadModel(shipped as ModelFile);

/** A scored tool: class probabilities, the verdict, and the features that pushed it there, strongest first. */
export interface Scored {
  cls: ToolClass;
  /** Calibrated probability per class, in `classes` order. */
  probabilities: number[];
  /** Indices into the features' keys of those that favour the verdict most, strongest first (at most 5). */
  drivers: number[];
}

const MAX_DRIVERS = 5;

/** Scores a tool's features with `model`. */
export function score(model: Model, features: Features): Scored {
  const k = model.classes.length;
  const z = model.bias.slice();
  const { heads, values } = features;
  const { weights } = model;
  const n = heads.length;
  /** The row of each feature, -1 for features without weights. */
  const found: number[] = new Array(n);
  // Features of one head come in runs (the name's words, the sentence's words): look each head up once per run.
  let head: string | undefined;
  let byValue: ReadonlyMap<string, number> | undefined;
  for (let i = 0; i < n; i++) {
    if (heads[i] !== head) {
      head = heads[i]!;
      byValue = model.rows.get(head);
    }
    const row = byValue?.get(values[i]!) ?? -1;
    found[i] = row;
    if (row >= 0) for (let c = 0; c < k; c++) z[c]! += weights[row * k + c]!;
  }
  let best = 0;
  for (let c = 1; c < k; c++) if (z[c]! > z[best]!) best = c;
  let max = -Infinity;
  for (const v of z) if (v > max) max = v;
  let sum = 0;
  const p = new Array<number>(k);
  for (let c = 0; c < k; c++) {
    p[c] = Math.exp((z[c]! - max) / model.temperature);
    sum += p[c]!;
  }
  for (let c = 0; c < k; c++) p[c]! /= sum;
  return { cls: model.classes[best]!, probabilities: p, drivers: topDrivers(weights, found, best, k) };
}

/**
 * The features that favour class `best` most, strongest first, ties by position: a feature drives the verdict by how
 * much more it adds to the chosen class than to the average class. Only the top few are kept, by insertion as the
 * features go (no list of all candidates to sort).
 */
function topDrivers(weights: Float64Array, found: readonly number[], best: number, k: number): number[] {
  const top: number[] = [];
  const margins: number[] = [];
  for (let i = 0; i < found.length; i++) {
    const row = found[i]!;
    if (row < 0) continue;
    let mean = 0;
    for (let c = 0; c < k; c++) mean += weights[row * k + c]!;
    const margin = weights[row * k + best]! - mean / k;
    if (margin <= 0.05) continue;
    // A key listed twice (rare) drives once: it has one row, and its first listing ranks higher.
    if (top.some((d) => found[d] === row)) continue;
    // After every kept feature with at least this margin (they come earlier, so they win ties).
    let at = 0;
    while (at < top.length && margins[at]! >= margin) at++;
    if (at >= MAX_DRIVERS) continue;
    top.splice(at, 0, i);
    margins.splice(at, 0, margin);
    if (top.length > MAX_DRIVERS) {
      top.pop();
      margins.pop();
    }
  }
  return top;
}
