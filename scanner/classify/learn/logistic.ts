/**
 * Multinomial logistic regression over sparse binary features, trained by L-BFGS on an L2-regularised, weighted
 * cross-entropy. Deterministic: no randomness, a fixed iteration order, a fixed number of iterations at most.
 */

/** One training example: the indices of its present features, its class index and its weight. */
export interface Example {
  features: readonly number[];
  label: number;
  weight: number;
}

/** A trained model: `weights[f * classes + c]`, then one bias per class. */
export interface LinearModel {
  classes: number;
  features: number;
  weights: Float64Array;
  bias: Float64Array;
}

/** Training options. */
export interface TrainOptions {
  /** L2 strength on the weights (not the biases), per unit of average example weight. */
  l2: number;
  /** Per-feature multipliers of `l2` (curated signals can be trusted more than single words); 1 when absent. */
  l2Scale?: Float64Array;
  /** Upper bound on L-BFGS iterations. */
  maxIterations?: number;
  /** Stop when the relative loss change falls below this. */
  tolerance?: number;
}

/** Class scores (logits) of one example. */
export function logits(model: LinearModel, features: readonly number[], out = new Float64Array(model.classes)): Float64Array {
  const k = model.classes;
  for (let c = 0; c < k; c++) out[c] = model.bias[c]!;
  for (const f of features) for (let c = 0; c < k; c++) out[c]! += model.weights[f * k + c]!;
  return out;
}

/** Softmax of `z / temperature`, in place. */
export function softmax(z: Float64Array, temperature = 1): Float64Array {
  let max = -Infinity;
  for (const v of z) if (v > max) max = v;
  let sum = 0;
  for (let c = 0; c < z.length; c++) {
    z[c] = Math.exp((z[c]! - max) / temperature);
    sum += z[c]!;
  }
  for (let c = 0; c < z.length; c++) z[c]! /= sum;
  return z;
}

/** Loss and gradient at `theta` (weights then biases). */
function lossAndGradient(
  theta: Float64Array,
  grad: Float64Array,
  data: readonly Example[],
  k: number,
  nf: number,
  l2: number,
  scale: Float64Array | undefined,
): number {
  grad.fill(0);
  const z = new Float64Array(k);
  let loss = 0;
  let total = 0;
  for (const e of data) total += e.weight;
  const biasAt = nf * k;
  for (const e of data) {
    for (let c = 0; c < k; c++) z[c] = theta[biasAt + c]!;
    for (const f of e.features) for (let c = 0; c < k; c++) z[c]! += theta[f * k + c]!;
    let max = -Infinity;
    for (let c = 0; c < k; c++) if (z[c]! > max) max = z[c]!;
    let sum = 0;
    for (let c = 0; c < k; c++) sum += Math.exp(z[c]! - max);
    const logSum = max + Math.log(sum);
    const w = e.weight / total;
    loss += w * (logSum - z[e.label]!);
    for (let c = 0; c < k; c++) {
      const g = w * (Math.exp(z[c]! - logSum) - (c === e.label ? 1 : 0));
      grad[biasAt + c]! += g;
      for (const f of e.features) grad[f * k + c]! += g;
    }
  }
  for (let i = 0; i < biasAt; i++) {
    const strength = scale === undefined ? l2 : l2 * scale[Math.floor(i / k)]!;
    loss += 0.5 * strength * theta[i]! * theta[i]!;
    grad[i]! += strength * theta[i]!;
  }
  return loss;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** Trains the model on `data` (`features` feature indices, `classes` classes). */
export function train(data: readonly Example[], features: number, classes: number, options: TrainOptions): LinearModel {
  const n = features * classes + classes;
  const maxIterations = options.maxIterations ?? 400;
  const tolerance = options.tolerance ?? 1e-9;
  const memory = 10;
  let theta = new Float64Array(n);
  let grad = new Float64Array(n);
  let loss = lossAndGradient(theta, grad, data, classes, features, options.l2, options.l2Scale);
  const s: Float64Array[] = [];
  const y: Float64Array[] = [];
  const rho: number[] = [];
  const next = new Float64Array(n);
  const nextGrad = new Float64Array(n);
  for (let iter = 0; iter < maxIterations; iter++) {
    // Two-loop recursion: direction = -H * grad.
    const q = Float64Array.from(grad);
    const alpha: number[] = new Array(s.length);
    for (let i = s.length - 1; i >= 0; i--) {
      alpha[i] = rho[i]! * dot(s[i]!, q);
      for (let j = 0; j < n; j++) q[j]! -= alpha[i]! * y[i]![j]!;
    }
    const gamma = s.length > 0 ? dot(s.at(-1)!, y.at(-1)!) / dot(y.at(-1)!, y.at(-1)!) : 1 / Math.max(1, Math.sqrt(dot(grad, grad)));
    for (let j = 0; j < n; j++) q[j]! *= gamma;
    for (let i = 0; i < s.length; i++) {
      const beta = rho[i]! * dot(y[i]!, q);
      for (let j = 0; j < n; j++) q[j]! += s[i]![j]! * (alpha[i]! - beta);
    }
    for (let j = 0; j < n; j++) q[j] = -q[j]!;
    let slope = dot(q, grad);
    if (slope >= 0) {
      // Not a descent direction: restart from the gradient.
      s.length = 0;
      y.length = 0;
      rho.length = 0;
      for (let j = 0; j < n; j++) q[j] = -grad[j]!;
      slope = dot(q, grad);
    }
    // Backtracking (Armijo) line search.
    let step = 1;
    let nextLoss = Infinity;
    for (let tries = 0; tries < 40; tries++) {
      for (let j = 0; j < n; j++) next[j] = theta[j]! + step * q[j]!;
      nextLoss = lossAndGradient(next, nextGrad, data, classes, features, options.l2, options.l2Scale);
      if (nextLoss <= loss + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    if (!(nextLoss < loss)) break;
    const sv = new Float64Array(n);
    const yv = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      sv[j] = next[j]! - theta[j]!;
      yv[j] = nextGrad[j]! - grad[j]!;
    }
    const sy = dot(sv, yv);
    if (sy > 1e-12) {
      s.push(sv);
      y.push(yv);
      rho.push(1 / sy);
      if (s.length > memory) {
        s.shift();
        y.shift();
        rho.shift();
      }
    }
    const change = (loss - nextLoss) / Math.max(1e-12, Math.abs(loss));
    [theta, grad] = [Float64Array.from(next), Float64Array.from(nextGrad)];
    loss = nextLoss;
    if (change < tolerance) break;
  }
  return {
    classes,
    features,
    weights: theta.slice(0, features * classes),
    bias: theta.slice(features * classes),
  };
}
