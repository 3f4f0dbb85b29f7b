// `npm run train:classifier [-- --check]`
// Trains the classifier's model on the labelled corpus (test/classify/corpus/corpus.json) and writes
// scanner/classify/model-weights.json. Deterministic: a fixed grid, fixed folds (a keyed hash of server groups), a
// fixed optimiser, no randomness. Each configuration of CONFIG_GRID is scored by grouped 5-fold cross-validation by
// server (annotations ignored, safety floors applied); the best macro-F1 is kept, its temperature is fitted on its
// out-of-fold logits, and the final model is fitted on the whole corpus. `--check` writes nothing and exits 1 when the
// committed file differs from what training gives. Progress goes to stderr; the grid's figures to stdout.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { LabelledTool } from '../scanner/classify/learn/dataset.ts';
import {
  CONFIG_GRID,
  crossValidate,
  decide,
  FOLDS,
  fitModel,
  fitTemperature,
  floorPrecision,
  macroF1,
  modelFile,
  prepare,
  type TrainConfig,
} from '../scanner/classify/learn/train-model.ts';

const CORPUS = 'test/classify/corpus/corpus.json';
const OUT = 'scanner/classify/model-weights.json';

const { values } = parseArgs({ options: { check: { type: 'boolean', default: false } } });
const text = readFileSync(CORPUS, 'utf8');
const tools = (JSON.parse(text) as { tools: LabelledTool[] }).tools;
const data = prepare(tools);
process.stderr.write(`train: ${tools.length} tools from ${new Set(tools.map((t) => t.server)).size} servers\n`);

let best: { config: TrainConfig; f1: number; logits: Float64Array[] } | undefined;
const grid: { config: TrainConfig; macroF1: number }[] = [];
for (const config of CONFIG_GRID) {
  const cv = crossValidate(data, config);
  const predicted = cv.logits.map((z, i) => decide(z, data.features[i]!.floor));
  const f1 = macroF1(data.labels, predicted);
  grid.push({ config, macroF1: Math.round(f1 * 1e4) / 1e4 });
  process.stdout.write(
    `l2 ${config.l2}  curated x${config.curatedScale}  destructive weight ${config.destructiveWeight}: CV macro-F1 ${(f1 * 100).toFixed(2)}%\n`,
  );
  if (best === undefined || f1 > best.f1 + 1e-9) best = { config, f1, logits: cv.logits };
}
if (best === undefined) throw new Error('empty grid');
const temperature = fitTemperature(best.logits, data.labels);
const floorConfidence = floorPrecision(data);
const all = tools.map((_, i) => i);
const file = modelFile(fitModel(data, all, best.config), temperature, floorConfidence, {
  corpus: CORPUS,
  corpusSha256: createHash('sha256').update(text).digest('hex'),
  tools: tools.length,
  servers: new Set(tools.map((t) => t.server)).size,
  folds: FOLDS,
  config: best.config,
  cvMacroF1: Math.round(best.f1 * 1e4) / 1e4,
  grid,
});
// One feature per line, so a diff of retrained weights reads as a list of changed features.
const { weights, ...head } = file;
const rows = Object.entries(weights).map(([key, row]) => `  ${JSON.stringify(key)}: ${JSON.stringify(row)}`);
const rendered = `${JSON.stringify(head, null, 1).replace(/\n}$/, '')},\n "weights": {\n${rows.join(',\n')}\n }\n}\n`;
process.stdout.write(
  `chosen: l2 ${best.config.l2}, curated x${best.config.curatedScale}, destructive weight ${best.config.destructiveWeight}; ` +
    `temperature ${file.temperature}; floor precision ${file.floorConfidence}; ${Object.keys(file.weights).length} weighted features\n`,
);
if (values.check) {
  const same = readFileSync(OUT, 'utf8') === rendered;
  process.stdout.write(
    same ? `${OUT} is what training gives\n` : `${OUT} differs from what training gives: run npm run train:classifier\n`,
  );
  process.exitCode = same ? 0 : 1;
} else {
  writeFileSync(OUT, rendered);
  process.stderr.write(`train: wrote ${OUT}\n`);
}
