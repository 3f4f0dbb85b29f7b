/** hidden-instructions: text in a description that steers the model against its user. Multi-signal. */
import type { Finding } from '../../../data/schema/index.ts';
import { around, visible } from './evidence.ts';
import { CATEGORIES } from './instruction-patterns.ts';
import type { TextField } from './text-fields.ts';
import { fieldTriggers } from './triggers.ts';

const MIN_LENGTH = 20;

/**
 * Finds hidden instructions in one text field: two categories, one harmful. `triggers` is `fieldTriggers(f.text)`, passed
 * in when the caller already has it.
 */
export function hiddenInstructions(f: TextField, triggers = fieldTriggers(f.text)): Finding | undefined {
  if (f.text.length < MIN_LENGTH) return undefined;
  // Harmful categories first: without one there is no finding, and their gates make that check cheap.
  let harmful: (RegExpExecArray | null)[] | undefined;
  for (let i = 0; i < CATEGORIES.length; i++) {
    const c = CATEGORIES[i]!;
    if (!c.harmful || (c.gate !== undefined && !c.gate(triggers))) continue;
    const m = c.pattern.exec(f.text);
    if (m === null) continue;
    harmful ??= [];
    harmful[i] = m;
  }
  if (harmful === undefined) return undefined;
  const hits: { label: string; harmful: boolean; id: string; index: number; length: number }[] = [];
  for (let i = 0; i < CATEGORIES.length; i++) {
    const c = CATEGORIES[i]!;
    const m = c.harmful ? (harmful[i] ?? null) : c.gate !== undefined && !c.gate(triggers) ? null : c.pattern.exec(f.text);
    if (m !== null) hits.push({ label: c.label, harmful: c.harmful, id: c.id, index: m.index, length: m[0].length });
  }
  if (hits.length < 2) return undefined;
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
