// The classifier must stay above the issue's targets on the labelled set of real tools, annotations ignored.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate, type LabelledTool } from '../../scanner/classify/eval-metrics.ts';

const FILE = join(import.meta.dirname, 'labelled-tools.json');
const present = existsSync(FILE);

describe.skipIf(!present)('labelled set (test/classify/labelled-tools.json)', () => {
  const tools = present ? (JSON.parse(readFileSync(FILE, 'utf8')) as { tools: LabelledTool[] }).tools : [];

  it('has at least 300 real tools across the domains', () => {
    expect(tools.length).toBeGreaterThanOrEqual(300);
    expect(new Set(tools.map((t) => t.domain)).size).toBeGreaterThanOrEqual(8);
  });

  it('meets macro-F1 >= 0.92 and destructive recall >= 0.97 with annotations ignored', () => {
    const e = evaluate(tools, { ignoreAnnotations: true });
    const summary = `macro-F1 ${e.macroF1.toFixed(3)}, destructive recall ${e.perClass.destructive.recall.toFixed(3)}; misclassified: ${e.misclassified.map((m) => `${m.name} (${m.label}->${m.predicted})`).join(', ')}`;
    expect(e.macroF1, summary).toBeGreaterThanOrEqual(0.92);
    expect(e.perClass.destructive.recall, summary).toBeGreaterThanOrEqual(0.97);
    expect(e.confusion.destructive.read, 'a destructive tool called read is the worst mistake').toBe(0);
  });

  it('counts the confusion matrix consistently', () => {
    const e = evaluate(tools);
    const cells = Object.values(e.confusion).flatMap((row) => Object.values(row));
    expect(cells.reduce((a, b) => a + b, 0)).toBe(tools.length);
    expect(e.misclassified.length).toBe(tools.length - Math.round(e.accuracy * tools.length));
  });
});

// The held-out set (test/classify/heldout-tools.json) came from servers the rules were not written against. It
// guided one generalisation pass, so it is no longer blind, but it must not regress either.
const HELD_OUT = join(import.meta.dirname, 'heldout-tools.json');

describe('held-out set (test/classify/heldout-tools.json)', () => {
  const tools = (JSON.parse(readFileSync(HELD_OUT, 'utf8')) as { tools: LabelledTool[] }).tools;

  it('comes from servers the labelled set does not contain', () => {
    const labelled = new Set((JSON.parse(readFileSync(FILE, 'utf8')) as { tools: LabelledTool[] }).tools.map((t) => t.server));
    expect(tools.length).toBeGreaterThanOrEqual(150);
    expect(tools.filter((t) => labelled.has(t.server)).map((t) => t.server)).toEqual([]);
  });

  it('meets macro-F1 >= 0.92 and destructive recall >= 0.97 with annotations ignored', () => {
    const e = evaluate(tools, { ignoreAnnotations: true });
    const summary = `macro-F1 ${e.macroF1.toFixed(3)}, destructive recall ${e.perClass.destructive.recall.toFixed(3)}`;
    expect(e.macroF1, summary).toBeGreaterThanOrEqual(0.92);
    expect(e.perClass.destructive.recall, summary).toBeGreaterThanOrEqual(0.97);
    expect(e.confusion.destructive.read, 'a destructive tool called read is the worst mistake').toBe(0);
  });
});
