/** tool-shadowing: a description that references other tools or servers and changes how they behave. */
import type { Finding } from '../../../data/schema/index.ts';
import { around, visible } from './evidence.ts';
import type { TextField } from './text-fields.ts';
import { fieldTriggers, hasAll, TRIGGER } from './triggers.ts';

// "When (you use|calling) the send_email tool …", "the send_email tool must …", "when this tool is available …".
const WHEN_USING =
  /\b(?:when(?:ever)?|every time|each time|before|after)\s+(?:you\s+|the\s+(?:assistant|model|agent)\s+)?(?:use|uses|using|call|calls|calling|invoke|invokes|invoking|run|runs|running)\s+(?:the\s+|any\s+)?[`'"]?([A-Za-z][\w.:/-]{2,60})[`'"]?/gi;
const TOOL_MUST =
  /\b(?:the\s+)?[`'"]?([A-Za-z][A-Za-z0-9]*(?:[_.:/-][A-Za-z0-9]+)+)[`'"]?\s+(?:tool|function)\s+(?:must|should|has to|needs to|will now|shall)\b/gi;
const THIS_AVAILABLE = /\bwhen(?:ever)? this tool is (?:available|present|loaded|installed|enabled|connected)\b/i;
const OTHER_TOOLS =
  /\b(?:all|any|every|the)\s+other\s+(?:mcp\s+)?(?:tools?|servers?|functions?)\b|\b(?:another|other|different)\s+(?:mcp\s+)?servers?(?:'s)?\s+tools?\b|\b(?:overrides?|replaces?|takes? precedence over|shadows?)\s+(?:the\s+)?(?:other|existing|built-in|default|original)\s+(?:tools?|functions?)\b/i;
// The changed behaviour must be harmful: redirect, add recipients, leak, skip checks.
const HARMFUL_CHANGE =
  /\b(?:send|sends|forward|redirect|route|bcc|cc|copy|include|add|append|replace|change|override|ignore|skip|disable|bypass|instead|set|use|pass|exfiltrat\w*|upload|post)\b[^.\n]{0,80}(?:@|https?:\/\/|\b(?:address|recipient|account|wallet|url|server|endpoint|all|every|contents?|confirmation|checks?|instructions?)\b)/i;
/** A necessary condition of TOOL_MUST, which is slow to scan for (it may start at any word). */
const TOOL_MUST_GATE = /(?:tool|function)\s+(?:must|should|has to|needs to|will now|shall)\b/i;
/** Necessary words of OTHER_TOOLS, branch by branch: "all other tools", "another server's tools", "overrides the default tools". */
function mayReferOtherTools(t: number): boolean {
  return (
    hasAll(t, TRIGGER.otherWord | TRIGGER.toolWord) ||
    hasAll(t, TRIGGER.otherWord | TRIGGER.serverWord) ||
    hasAll(t, TRIGGER.serverWord | TRIGGER.toolWord) ||
    hasAll(t, TRIGGER.replaceWord | TRIGGER.toolWord)
  );
}
const GENERIC_WORDS = new Set(['this', 'the', 'it', 'tool', 'tools', 'them', 'that', 'these', 'a', 'an', 'any', 'other']);

/** Context for shadowing: the tool's own name and its siblings on the same server. */
export interface ShadowContext {
  self: string;
  /** Lower-cased sibling tool names; a function so the set is only built when a tool reference is found (rarely). */
  siblings: () => ReadonlySet<string>;
}

function foreign(name: string, ctx: ShadowContext): boolean {
  const n = name.toLowerCase();
  return !GENERIC_WORDS.has(n) && n !== ctx.self.toLowerCase() && !ctx.siblings().has(n);
}

/**
 * Finds one shadowing instruction in a field: a foreign tool reference (or "other tools") plus a harmful change.
 * `triggers` is `fieldTriggers(f.text)`, passed in when the caller already has it.
 */
export function toolShadowing(f: TextField, ctx: ShadowContext, triggers = fieldTriggers(f.text)): Finding | undefined {
  const text = f.text;
  if (text.length < 30) return undefined;
  let ref: { index: number; length: number; what: string } | undefined;
  for (const re of [TOOL_MUST, WHEN_USING]) {
    // Trigger words every match contains: `tool`/`function` for TOOL_MUST; when/time/before/after plus use/call/invoke/run for WHEN_USING.
    if (
      re === TOOL_MUST
        ? !hasAll(triggers, TRIGGER.toolWord) || !TOOL_MUST_GATE.test(text)
        : !hasAll(triggers, TRIGGER.whenUsing | TRIGGER.whenVerb)
    )
      continue;
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null && ref === undefined; m = re.exec(text)) {
      const name = m[1]!;
      // A reference must look like a tool identifier (has a separator) or be called a tool.
      const identifier = /[_.:/-]/.test(name) || /\btool\b/i.test(text.slice(m.index, m.index + m[0].length + 12));
      if (identifier && foreign(name, ctx)) ref = { index: m.index, length: m[0].length, what: `\`${name}\`` };
    }
    if (ref !== undefined) break;
  }
  if (ref === undefined) {
    const m =
      (hasAll(triggers, TRIGGER.whenUsing | TRIGGER.toolWord) ? THIS_AVAILABLE.exec(text) : null) ??
      (mayReferOtherTools(triggers) ? OTHER_TOOLS.exec(text) : null);
    if (m !== null) ref = { index: m.index, length: m[0].length, what: 'other tools' };
  }
  if (ref === undefined) return undefined;
  const window = text.slice(ref.index, ref.index + ref.length + 240);
  const change = HARMFUL_CHANGE.exec(window);
  if (change === null) return undefined;
  return {
    code: 'tool-shadowing',
    severity: 'high',
    message: `\`${f.field}\` tells the model to change how ${ref.what} behave${ref.what === 'other tools' ? '' : 's'} ("${visible(change[0]).slice(0, 60)}").`,
    evidence: visible(around(text, ref.index, Math.min(window.length, ref.length + change.index + change[0].length), 10)),
    field: f.field,
  };
}
