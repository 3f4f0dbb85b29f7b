// `node scripts/corpus/assemble-corpus.ts`
// Joins the labellers' files (test/classify/corpus/labels/) with the tools they labelled (unlabelled.json, written by
// build-label-batches.ts) into the committed sets:
// - test/classify/corpus/corpus.json: the training corpus (one labeller per tool);
// - test/classify/blind/blind-tools.json: the frozen blind set, labelled independently by two labellers (blind-A,
//   blind-B); where they disagree, labels/blind-adjudicated.jsonl decides (it must cover every disagreement).
// A review pass applied the rulings at the end of LABELLING.md: labels/review-corpus.jsonl (then labels/review-updates.jsonl, a second pass over updates and overwrites) and
// labels/review-blind.jsonl
// override the first-pass label of the tools they list (each line keeps the old label as `was`).
// Tools keep every field the server sent that the classifier reads (annotations included, for the with-annotations
// figures); `declaredClass` is what those annotations say under the spec's defaults.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

type Label = 'read' | 'write' | 'destructive';
interface Row {
  id: string;
  label: Label;
  reason: string;
  borderline?: boolean;
}
interface Unlabelled {
  id: string;
  server: string;
  tool: { name: string; annotations?: Record<string, unknown> } & Record<string, unknown>;
}

const DIR = 'test/classify/corpus';
const manifest = JSON.parse(readFileSync(join(DIR, 'unlabelled.json'), 'utf8')) as {
  blindKey: string;
  caps: Record<string, number>;
  corpus: Unlabelled[];
  blind: Unlabelled[];
};

function readLabels(dir: string, prefix: string): { rows: Map<string, Row>; domains: Map<string, string> } {
  const rows = new Map<string, Row>();
  const domains = new Map<string, string>();
  if (!existsSync(dir)) return { rows, domains };
  for (const file of readdirSync(dir).filter((f) => f.startsWith(prefix) && f.endsWith('.jsonl'))) {
    for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      const row = JSON.parse(line);
      if (typeof row.server === 'string') domains.set(row.server, row.domain);
      else rows.set(row.id, row);
    }
  }
  return { rows, domains };
}

function declaredClass(annotations: Record<string, unknown> | undefined): Label | null {
  if (annotations === undefined || Object.keys(annotations).length === 0) return null;
  if (annotations.readOnlyHint === true) return 'read';
  if (annotations.destructiveHint === false) return 'write';
  return 'destructive';
}

function entry(item: Unlabelled, row: Row, domain: string | undefined, extra: Record<string, unknown> = {}) {
  return {
    id: item.id,
    server: item.server,
    domain: domain ?? 'other',
    tool: item.tool,
    label: row.label,
    reason: row.reason,
    ...(row.borderline === true ? { borderline: true } : {}),
    declaredClass: declaredClass(item.tool.annotations),
    ...extra,
  };
}

function counts(tools: { label: Label; domain: string; server: string }[]): string {
  const byDomain = new Map<string, Record<Label, number>>();
  for (const t of tools) {
    const row = byDomain.get(t.domain) ?? { read: 0, write: 0, destructive: 0 };
    row[t.label] += 1;
    byDomain.set(t.domain, row);
  }
  const lines = ['| domain | read | write | destructive | total |', '| --- | --- | --- | --- | --- |'];
  const total = { read: 0, write: 0, destructive: 0 };
  for (const [domain, row] of [...byDomain].sort()) {
    lines.push(`| ${domain} | ${row.read} | ${row.write} | ${row.destructive} | ${row.read + row.write + row.destructive} |`);
    for (const k of ['read', 'write', 'destructive'] as const) total[k] += row[k];
  }
  lines.push(`| **all** | ${total.read} | ${total.write} | ${total.destructive} | ${tools.length} |`);
  return `${tools.length} tools from ${new Set(tools.map((t) => t.server)).size} servers\n\n${lines.join('\n')}`;
}

const problems: string[] = [];
const corpusLabels = readLabels(join(DIR, 'labels'), 'corpus-');
const corpusReview = new Map([
  ...readLabels(join(DIR, 'labels'), 'review-corpus').rows,
  ...readLabels(join(DIR, 'labels'), 'review-updates').rows,
]);
const blindReview = readLabels(join(DIR, 'labels'), 'review-blind').rows;
let reviewed = 0;
const corpus = manifest.corpus.flatMap((item) => {
  const row = corpusReview.get(item.id) ?? corpusLabels.rows.get(item.id);
  if (corpusReview.has(item.id)) reviewed += 1;
  if (row === undefined) {
    problems.push(`corpus: no label for ${item.id}`);
    return [];
  }
  return [entry(item, row, corpusLabels.domains.get(item.server))];
});

const a = readLabels(join(DIR, 'labels', 'blind-A'), 'blind-');
const b = readLabels(join(DIR, 'labels', 'blind-B'), 'blind-');
const adjudicated = readLabels(join(DIR, 'labels'), 'blind-adjudicated');
let agreed = 0;
const blind = manifest.blind.flatMap((item) => {
  const ra = a.rows.get(item.id);
  const rb = b.rows.get(item.id);
  if (ra === undefined || rb === undefined) {
    problems.push(`blind: ${item.id} lacks a label from ${ra === undefined ? 'A' : 'B'}`);
    return [];
  }
  const labellers = { A: ra.label, B: rb.label };
  const review = blindReview.get(item.id);
  if (review !== undefined) {
    reviewed += 1;
    return [entry(item, { ...review, borderline: true }, a.domains.get(item.server), { labellers, reviewed: true })];
  }
  if (ra.label === rb.label) {
    agreed += 1;
    return [
      entry(item, { ...ra, borderline: ra.borderline === true || rb.borderline === true }, a.domains.get(item.server), { labellers }),
    ];
  }
  const decided = adjudicated.rows.get(item.id);
  if (decided === undefined) {
    problems.push(`blind: ${item.id} (${item.tool.name}) A=${ra.label} B=${rb.label} needs adjudication`);
    return [];
  }
  return [entry(item, { ...decided, borderline: true }, a.domains.get(item.server), { labellers, adjudicated: true })];
});

if (problems.length > 0) {
  process.stderr.write(`${problems.length} problems:\n${problems.join('\n')}\n`);
  process.exitCode = 1;
} else {
  const header = {
    note: 'Labelled by the rubric (docs/risk-model.md) from name, title, description and input schema only, before any classifier verdict was seen. Built by scripts/corpus/build-label-batches.ts and scripts/corpus/assemble-corpus.ts.',
    caps: manifest.caps,
  };
  writeFileSync(join(DIR, 'corpus.json'), `${JSON.stringify({ ...header, tools: corpus }, null, 1)}\n`);
  mkdirSync('test/classify/blind', { recursive: true });
  writeFileSync(
    'test/classify/blind/blind-tools.json',
    `${JSON.stringify({ ...header, blindKey: manifest.blindKey, agreement: agreed / blind.length, tools: blind }, null, 1)}\n`,
  );
  process.stdout.write(
    `corpus: ${counts(corpus)}\n\nblind: ${counts(blind)}\n\nblind labellers agreed on ${agreed} of ${blind.length} (${((100 * agreed) / blind.length).toFixed(1)}%); the review pass changed ${reviewed} labels\n`,
  );
}
