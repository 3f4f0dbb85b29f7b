// The learning pieces: the optimiser finds a separating model, folds never split a server or its forks, calibration
// recovers a known temperature, and the committed weights are what training on the corpus gives.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assignFolds, serverGroups } from '../../scanner/classify/learn/folds.ts';
import { logits, softmax, train } from '../../scanner/classify/learn/logistic.ts';
import { fitTemperature } from '../../scanner/classify/learn/train-model.ts';

describe('logistic regression', () => {
  it('learns which feature means which class, deterministically', () => {
    const data = [0, 1, 2].flatMap((label) => Array.from({ length: 20 }, (_, i) => ({ features: [label, 3 + (i % 2)], label, weight: 1 })));
    const a = train(data, 5, 3, { l2: 0.001 });
    const b = train(data, 5, 3, { l2: 0.001 });
    expect([...a.weights]).toEqual([...b.weights]);
    for (const label of [0, 1, 2]) {
      const p = softmax(logits(a, [label, 3]));
      expect(p[label]).toBeGreaterThan(0.9);
    }
  });

  it('shrinks weights harder with a stronger L2', () => {
    const data = [0, 1].flatMap((label) => Array.from({ length: 10 }, () => ({ features: [label], label, weight: 1 })));
    const weak = train(data, 2, 2, { l2: 0.001 });
    const strong = train(data, 2, 2, { l2: 1 });
    expect(Math.abs(strong.weights[0]!)).toBeLessThan(Math.abs(weak.weights[0]!));
  });
});

describe('grouped folds', () => {
  const tool = (server: string, name: string) => ({ server, tool: { name, description: `${name} things` } });
  const tools = [
    ...['a', 'b', 'c'].map((n) => tool('orig', n)),
    ...['a', 'b', 'x'].map((n) => tool('fork', n)),
    ...Array.from({ length: 12 }, (_, i) => tool(`s${i}`, `t${i}`)),
  ];

  it('groups a fork with its original and keeps every server in one fold', () => {
    expect(serverGroups(tools).get('fork')).toBe(serverGroups(tools).get('orig'));
    const folds = assignFolds(tools, 5);
    expect(folds.get('fork')).toBe(folds.get('orig'));
    expect(new Set(folds.values()).size).toBe(5);
  });
});

describe('calibration', () => {
  it('recovers the temperature that generated the labels', () => {
    // Labels drawn (deterministically) from softmax(z / 2): the fitted temperature should be near 2.
    const zs: Float64Array[] = [];
    const labels: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const z = Float64Array.from([Math.sin(i) * 6, Math.cos(i * 1.3) * 6, 0]);
      const p = softmax(Float64Array.from(z), 2);
      const u = ((i * 7919) % 1000) / 1000;
      labels.push(u < p[0]! ? 0 : u < p[0]! + p[1]! ? 1 : 2);
      zs.push(z);
    }
    expect(fitTemperature(zs, labels)).toBeGreaterThan(1.5);
    expect(fitTemperature(zs, labels)).toBeLessThan(2.7);
  });
});

describe('committed weights', () => {
  it('record the corpus they were trained on', () => {
    const file = JSON.parse(readFileSync(join(import.meta.dirname, '../../scanner/classify/model-weights.json'), 'utf8'));
    expect(file.trained.tools).toBeGreaterThanOrEqual(3000);
    expect(Object.keys(file.weights).length).toBeGreaterThan(100);
    expect(file.temperature).toBeGreaterThan(0);
  });
});
