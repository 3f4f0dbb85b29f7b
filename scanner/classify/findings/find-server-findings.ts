/** Security findings on a server's own text: what the model is shown besides the tools. Pure, deterministic. */
import type { Finding, ScanResult } from '../../../data/schema/index.ts';
import { hiddenInstructions } from './hidden-instructions.ts';
import { allText, type TextField } from './text-fields.ts';
import { ansiEscape, invisibleUnicode, mayHideText } from './unicode.ts';

const ORDER: Record<Finding['severity'], number> = { critical: 0, high: 1, medium: 2, low: 3 };

/** The parts of a scan result outside its tools. */
export type ServerText = Partial<Pick<ScanResult, 'serverInfo' | 'prompts' | 'resources' | 'resourceTemplates'>>;

/** Every server-level string with where it was found: `instructions`, `prompts[2].arguments[0].description`, … */
export function serverTextFields(result: ServerText): TextField[] {
  const out: TextField[] = [];
  const info = result.serverInfo;
  if (info !== undefined) {
    for (const key of ['name', 'title', 'version', 'websiteUrl'] as const) {
      const text = info[key];
      if (typeof text === 'string') out.push({ field: `serverInfo.${key}`, text });
    }
    if (typeof info.instructions === 'string') out.push({ field: 'instructions', text: info.instructions });
  }
  for (const [i, prompt] of (result.prompts ?? []).entries()) allText(prompt, `prompts[${i}]`, out);
  for (const [i, resource] of (result.resources ?? []).entries()) allText(resource, `resources[${i}]`, out);
  for (const [i, template] of (result.resourceTemplates ?? []).entries()) allText(template, `resourceTemplates[${i}]`, out);
  return out;
}

/**
 * Finds hidden instructions, invisible Unicode and terminal escapes in the server's instructions, its `serverInfo`,
 * and its prompts, resources and templates: the same checks as on tools (shadowing and exfiltration concern tools
 * only). One finding per code and field; sorted by severity, then by where they were found.
 */
export function findServerFindings(result: ServerText): Finding[] {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  const push = (finding: Finding | undefined): void => {
    if (finding === undefined) return;
    const key = `${finding.code}\u0000${finding.field ?? ''}`;
    if (seen.has(key)) return;
    seen.add(key);
    findings.push(finding);
  };
  for (const field of serverTextFields(result)) {
    if (mayHideText(field.text)) {
      push(invisibleUnicode(field));
      push(ansiEscape(field));
    }
    push(hiddenInstructions(field));
  }
  return findings.sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
}
