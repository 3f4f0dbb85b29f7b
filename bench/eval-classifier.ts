// `npm run eval [-- --file FILE] [--with-annotations]`
// Scores the classifier against the labelled set (test/classify/labelled-tools.json): per-class precision, recall and
// F1, macro-F1 (annotations ignored unless --with-annotations), the confusion matrix, and every misclassified tool.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { evaluate, type LabelledTool } from '../scanner/classify/eval-metrics.ts';

const TARGETS = { macroF1: 0.92, destructiveRecall: 0.97 };
const { values } = parseArgs({
  options: {
    file: { type: 'string', default: 'test/classify/labelled-tools.json' },
    'with-annotations': { type: 'boolean', default: false },
  },
});
const data = JSON.parse(readFileSync(values.file, 'utf8')) as { tools: LabelledTool[] };
const e = evaluate(data.tools, { ignoreAnnotations: !values['with-annotations'] });
const pct = (x: number): string => `${(x * 100).toFixed(1)}%`.padStart(7);
const out: string[] = [];
out.push(
  `${e.total} labelled tools from ${new Set(data.tools.map((t) => t.server)).size} servers; annotations ${values['with-annotations'] ? 'used' : 'ignored'}`,
);
out.push('', 'class         precision  recall      F1  support');
for (const [c, s] of Object.entries(e.perClass))
  out.push(`${c.padEnd(12)}${pct(s.precision)}    ${pct(s.recall)} ${pct(s.f1)}  ${String(s.support).padStart(7)}`);
out.push(
  '',
  `accuracy ${pct(e.accuracy)}   macro-F1 ${pct(e.macroF1)} (target ${pct(TARGETS.macroF1)})   destructive recall ${pct(e.perClass.destructive.recall)} (target ${pct(TARGETS.destructiveRecall)})`,
);
out.push(
  '',
  'confusion (rows = label, columns = predicted)',
  `${''.padEnd(12)}${'read'.padStart(8)}${'write'.padStart(8)}${'destr.'.padStart(8)}`,
);
for (const [label, row] of Object.entries(e.confusion))
  out.push(`${label.padEnd(12)}${String(row.read).padStart(8)}${String(row.write).padStart(8)}${String(row.destructive).padStart(8)}`);
out.push('', `misclassified (${e.misclassified.length}):`);
for (const m of e.misclassified)
  out.push(`  ${m.label.padEnd(11)} -> ${m.predicted.padEnd(11)} ${m.server} / ${JSON.stringify(m.name)}: ${m.reason}`);
process.stdout.write(`${out.join('\n')}\n`);
const pass = e.macroF1 >= TARGETS.macroF1 && e.perClass.destructive.recall >= TARGETS.destructiveRecall;
process.stdout.write(pass ? 'targets met\n' : 'TARGETS MISSED\n');
process.exitCode = pass ? 0 : 1;
