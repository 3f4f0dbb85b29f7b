/** All security findings on one tool. Pure, deterministic; reads every text the server sent. */
import type { Classification, Finding, RiskLevel } from '../../../data/schema/index.ts';
import type { ServerContext } from '../classify-tool.ts';
import { normaliseTool, type ToolInput } from '../tool-input.ts';
import { exfiltrationParameters } from './exfiltration.ts';
import { hiddenInstructions } from './hidden-instructions.ts';
import { toolShadowing } from './shadowing.ts';
import { textFields } from './text-fields.ts';
import { fieldTriggers } from './triggers.ts';
import { ansiEscape, invisibleUnicode, mayHideText } from './unicode.ts';

const MISMATCH_SEVERITY: Record<RiskLevel, RiskLevel> = { low: 'medium', medium: 'medium', high: 'high', critical: 'critical' };
const ORDER: Record<RiskLevel, number> = { critical: 0, high: 1, medium: 2, low: 3 };

const CONSEQUENTIAL_TAGS = new Set(['exec', 'financial', 'credentials', 'identity', 'messaging', 'infrastructure', 'database', 'vcs']);

/**
 * A mismatch is always recorded on the classification; it becomes a finding only when the understatement matters:
 * the tool is destructive, or it writes somewhere consequential (a browser page starting a trace does not qualify).
 */
function consequential(c: Classification): boolean {
  return c.class === 'destructive' || c.tags.some((t) => CONSEQUENTIAL_TAGS.has(t));
}

/**
 * Finds hidden instructions, invisible Unicode, ANSI escapes, shadowing, exfiltration parameters and (given a
 * classification) annotation mismatches. Sorted by severity, then by where they were found.
 */
export function findToolFindings(tool: ToolInput, context?: ServerContext, classification?: Classification): Finding[] {
  const t = normaliseTool(tool);
  let siblings: Set<string> | undefined;
  const shadow = {
    self: t.name,
    siblings: () => {
      siblings ??= new Set((context?.toolNames ?? []).map((n) => n.toLowerCase()));
      return siblings;
    },
  };
  const findings: Finding[] = [];
  const seen = new Set<string>();
  const push = (f: Finding | undefined): void => {
    if (f === undefined) return;
    // One finding per code and field; evidence differs only in detail.
    const key = `${f.code}\u0000${f.field ?? ''}`;
    if (seen.has(key)) return;
    seen.add(key);
    findings.push(f);
  };
  for (const field of textFields(tool)) {
    if (mayHideText(field.text)) {
      push(invisibleUnicode(field));
      push(ansiEscape(field));
    }
    if (field.field === 'name' || field.text.length < 20) continue;
    const triggers = fieldTriggers(field.text);
    push(hiddenInstructions(field, triggers));
    push(toolShadowing(field, shadow, triggers));
  }
  for (const f of exfiltrationParameters(t.params, t.description)) push(f);
  if (classification?.mismatch !== undefined && consequential(classification)) {
    push({
      code: 'annotation-mismatch',
      severity: MISMATCH_SEVERITY[classification.risk],
      message: classification.mismatch,
      evidence: JSON.stringify({
        readOnlyHint: classification.declared.readOnlyHint,
        destructiveHint: classification.declared.destructiveHint,
      }),
      field: 'annotations',
    });
  }
  return findings.sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
}
