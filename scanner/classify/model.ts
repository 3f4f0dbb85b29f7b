/**
 * The learned part of the classifier: a multinomial logistic regression over the features of `features.ts`, with
 * weights trained by `npm run train:classifier` (scripts/train-classifier.ts) and committed as readable JSON. Scoring
 * is deterministic: a sum of weights, a softmax with the fitted temperature, the most probable class.
 */
import type { ToolClass } from '../../data/schema/index.ts';
import type { Features } from './features.ts';
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

/** A model ready to score: the file's weights in a map. */
export interface Model {
  classes: readonly ToolClass[];
  temperature: number;
  floorConfidence: number;
  bias: readonly number[];
  weights: ReadonlyMap<string, readonly number[]>;
}

/** Builds a scoring model from a weights file. */
export function loadModel(file: ModelFile): Model {
  return {
    classes: file.classes,
    temperature: file.temperature,
    floorConfidence: file.floorConfidence,
    bias: file.bias,
    weights: new Map(Object.entries(file.weights)),
  };
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
  const found: (readonly number[] | undefined)[] = new Array(features.keys.length);
  for (let i = 0; i < features.keys.length; i++) {
    const w = model.weights.get(features.keys[i]!);
    found[i] = w;
    if (w !== undefined) for (let c = 0; c < k; c++) z[c]! += w[c]!;
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
  // A feature drives the verdict by how much more it adds to the chosen class than to the average class.
  const drivers: { i: number; margin: number }[] = [];
  for (let i = 0; i < found.length; i++) {
    const w = found[i];
    if (w === undefined) continue;
    let mean = 0;
    for (let c = 0; c < k; c++) mean += w[c]!;
    const margin = w[best]! - mean / k;
    // A key listed twice (rare) drives once: its weights are the same array.
    if (margin > 0.05 && !drivers.some((d) => found[d.i] === w)) drivers.push({ i, margin });
  }
  drivers.sort((a, b) => b.margin - a.margin || a.i - b.i);
  return { cls: model.classes[best]!, probabilities: p, drivers: drivers.slice(0, MAX_DRIVERS).map((d) => d.i) };
}
