/** hidden-instructions: text in a description that steers the model against its user. Multi-signal. */
import type { Finding } from '../../../data/schema/index.ts';
import { around, visible } from './evidence.ts';
import { CATEGORIES } from './instruction-patterns.ts';
import type { TextField } from './text-fields.ts';

const MIN_LENGTH = 20;

/** Finds hidden instructions in one text field: two categories, one harmful. */
export function hiddenInstructions(f: TextField): Finding | undefined {
  if (f.text.length < MIN_LENGTH) return undefined;
  const hits: { label: string; harmful: boolean; id: string; index: number; length: number }[] = [];
  for (const c of CATEGORIES) {
    const m = c.pattern.exec(f.text);
    if (m !== null) hits.push({ label: c.label, harmful: c.harmful, id: c.id, index: m.index, length: m[0].length });
  }
  if (hits.length < 2 || !hits.some((h) => h.harmful)) return undefined;
  const lead = hits[0]!;
  const severe = hits.some((h) => h.id === 'secret-file' || h.id === 'redirect');
  return {
    code: 'hidden-instructions',
    severity: severe ? 'critical' : 'high',
    message: `\`${f.field}\` carries instructions aimed at the model: it ${hits.map((h) => h.label).join('; ')}.`,
    evidence: visible(around(f.text, lead.index, lead.length)),
    field: f.field,
  };
}
