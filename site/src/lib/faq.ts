import type { Policy } from '../../../data/schema/policy.ts';
import type { ToolEntry } from './catalogue.ts';
import { requiredEnv } from './server-facts.ts';
import { clip } from './text.ts';

/** One question and its answer, as plain text (rendered escaped). */
export interface FaqItem {
  question: string;
  answer: string;
}

function limitsOf(snippet: Policy, name: string): { counter: string; window: string; max: number }[] {
  const tool = snippet.tools !== undefined && Object.hasOwn(snippet.tools, name) ? snippet.tools[name] : undefined;
  return [...(tool?.limits ?? []), ...(snippet.all_tools?.limits ?? [])];
}

function isDenied(snippet: Policy, name: string): boolean {
  if (snippet.hide?.includes(name) || snippet.hide?.includes('*')) return true;
  const tool = snippet.tools !== undefined && Object.hasOwn(snippet.tools, name) ? snippet.tools[name] : undefined;
  if (tool === undefined) return snippet.default === 'deny';
  return (tool.deny_if ?? []).some((rule) => rule.conditions.length === 0);
}

/** The tool page's FAQ, answered from the tool's classification and its starter policy. Pure. */
export function toolFaq(entry: ToolEntry, snippet: Policy, serverKey: string): FaqItem[] {
  const name = clip(entry.tool.name, 120) || '(unnamed tool)';
  const c = entry.tool.classification;
  const reasons =
    c === undefined
      ? ''
      : ` Signals: ${c.reasons
          .slice(0, 3)
          .map((r) => clip(r, 160))
          .join('; ')}.`;
  const denied = isDenied(snippet, entry.tool.name);
  const limits = limitsOf(snippet, entry.tool.name);
  const items: FaqItem[] = [];

  const deleteAnswer =
    c === undefined
      ? `${name} has not been classified yet, so treat it as able to change data until it is.`
      : c.class === 'destructive'
        ? `Yes. ${name} is classified destructive with ${c.risk} risk: it can delete, overwrite or otherwise irreversibly change things.${reasons}`
        : c.class === 'write'
          ? `Not irreversibly, as far as its name, description and schema show: ${name} is a write tool (${c.risk} risk) that creates or updates data.${reasons}`
          : `No. ${name} is classified read-only: it has no side effects according to its name, description and schema.${reasons}`;
  items.push({ question: `Can an agent delete data with ${name}?`, answer: deleteAnswer });

  const limitText =
    limits.length > 0
      ? `The starter policy already limits it: ${limits.map((l) => `at most ${l.max} calls per ${l.window} (counter \`${l.counter}\`)`).join(', ')}. Change \`max\` or \`window\` in its \`limits\` entry.`
      : `Add a \`limits\` entry to the ${name} rule of the PolicyLayer policy, e.g. \`{"counter": "${entry.slug}_per_minute", "window": "minute", "max": 10, "scope": "grant"}\`.`;
  items.push({
    question: `How do I rate-limit ${name}?`,
    answer: `${limitText} In Intercept YAML the same is a rule with \`rate_limit: 10/minute\`. Counters use calendar-aligned UTC windows.`,
  });

  items.push({
    question: `How do I block ${name}?`,
    answer:
      `${denied ? 'The starter policy already denies it. ' : ''}In PolicyLayer JSON give it \`"deny_if": [{"conditions": [], "on_deny": "Blocked by policy."}]\` (or list it in \`hide\` to remove it from the tool list); ` +
      `in Intercept YAML add a rule with \`action: deny\`; in Claude Code add \`mcp__${serverKey}__<tool>\` to \`permissions.deny\`; in Codex add it to \`disabled_tools\` of \`[mcp_servers.${serverKey}]\`.`,
  });

  const env = requiredEnv(entry.server.record);
  items.push({
    question: `Which server provides ${name}, and what does it need?`,
    answer: `${name} is provided by ${entry.server.displayName} (${clip(entry.server.record.source.name, 200)}).${
      env.length > 0 ? ` It needs ${env.join(', ')} to run.` : ' It needs no declared credentials to list its tools.'
    }`,
  });

  if (c?.mismatch !== undefined) {
    items.push({
      question: `Can I trust the annotations of ${name}?`,
      answer: `No. ${clip(c.mismatch, 400)} Clients that auto-approve tools marked read-only or non-destructive would approve it; the starter policy uses our classification instead.`,
    });
  }
  return items;
}
