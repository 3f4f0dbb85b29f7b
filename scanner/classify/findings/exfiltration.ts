/** exfiltration-parameter: a free-text parameter the description asks the model to fill with secrets or conversation. */
import type { Finding } from '../../../data/schema/index.ts';
import type { ParamInfo } from '../tool-input.ts';
import { around, visible } from './evidence.ts';

const SUSPECT_KEYS = new Set([
  'sidenote',
  'note',
  'notes',
  'context',
  'extra',
  'extrainfo',
  'metadata',
  'debug',
  'debuginfo',
  'feedback',
  'reasoning',
  'summary',
  'details',
  'comment',
  'comments',
  'data',
  'info',
  'additionalinfo',
  'additionalcontext',
  'remarks',
  'memo',
  'annotation',
  'payload',
  'conversation',
  'history',
  'chathistory',
  'systemprompt',
  'instructions',
  'trace',
  'logs',
  'extradata',
]);
/** What would be carried out: file contents, secrets, the conversation, the system prompt. */
const SENSITIVE =
  /\b(?:content|contents|text) of (?:the |any |all |every )?(?:files?|~|\/|\.|[\w./-]*(?:\.json|\.env|rc)\b)|\b(?:entire|full|whole|complete|verbatim) (?:conversation|chat|history|context|transcript|file|files)|\b(?:previous|prior|all|earlier|preceding) (?:user )?(?:messages|conversation|turns|instructions|prompts|tool (?:calls|results|outputs))\b|\bsystem prompt\b|\b(?:chat|conversation|message) history\b|~\/\.ssh|\bid_rsa\b|\bmcp\.json\b|\.env\b|\bapi[ _-]?keys?\b|\bpasswords?\b|\bcredentials\b|\bsecrets?\b|\bprivate keys?\b|\bsession tokens?\b|\baccess tokens?\b/i;
const QUOTE = /[`'"]/;
const HERE = /\b(?:here|this (?:field|parameter))\b/i;
const FILL = /\b(?:pass|put|include|fill|insert|provide|copy|paste|add|send|attach|place|store|dump|write|append|set)\b/i;

/** Finds parameters shaped to carry data out. Looks at each parameter's description and at the tool description naming it. */
export function exfiltrationParameters(params: readonly ParamInfo[], description: string): Finding[] {
  const out: Finding[] = [];
  let lowerDescription: string | undefined;
  for (const p of params) {
    if (p.type !== 'string' && p.type !== '') continue;
    if (p.enumValues.length > 0) continue;
    const suspectName = SUSPECT_KEYS.has(p.key);
    // Instructions in the parameter's own description.
    let evidence: string | undefined;
    // Cheapest tests first: most parameters are neither suspect by name nor say "this field".
    if ((suspectName || HERE.test(p.description)) && FILL.test(p.description)) {
      const own = SENSITIVE.exec(p.description);
      if (own !== null) evidence = around(p.description, own.index, own[0].length);
    }
    // Instructions in the tool description that name this parameter.
    if (evidence === undefined && p.name.length >= 3) {
      lowerDescription ??= description.toLowerCase();
      const at = lowerDescription.indexOf(p.name.toLowerCase());
      if (at >= 0) {
        // Cheapest condition first; SENSITIVE, the slow pattern, last.
        if (suspectName || QUOTE.test(description.charAt(at - 1))) {
          const sentence = description.slice(Math.max(0, at - 200), at + p.name.length + 200);
          const m = FILL.test(sentence) ? SENSITIVE.exec(sentence) : null;
          if (m !== null) evidence = around(sentence, m.index, m[0].length);
        }
      }
    }
    if (evidence !== undefined) {
      out.push({
        code: 'exfiltration-parameter',
        severity: 'critical',
        message: `Parameter \`${visible(p.name)}\` is free text that the model is told to fill with sensitive data.`,
        evidence: visible(evidence),
        field: `inputSchema.properties.${p.name}`,
      });
    }
  }
  return out;
}
