import type { Policy } from '../../../data/schema/policy.ts';
import { claudeToolName, counterStem } from '../../../policies-gen/index.ts';
import type { ToolEntry } from './catalogue.ts';
import { requiredEnv } from './server-facts.ts';
import { clip, codeSpans, plainText, type Span } from './text.ts';

/** One question and its answer. The answer is spans (text and code), plus an optional list (e.g. the reasons). */
export interface FaqItem {
  question: string;
  answer: Span[];
  list?: Span[][];
  /** The whole answer as plain text (for the FAQPage JSON-LD). */
  answerText: string;
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

/** Server text inside our sentences: a backtick in it would open a code span, so it becomes a plain quote. */
function noTicks(text: string): string {
  return text.replaceAll('`', "'");
}

function item(question: string, answer: string, list?: string[]): FaqItem {
  const spans = codeSpans(answer);
  const listSpans = list?.map(codeSpans);
  const listText = listSpans === undefined ? '' : ` ${listSpans.map((l) => plainText(l).replace(/\.?$/, '.')).join(' ')}`;
  return { question, answer: spans, list: listSpans, answerText: `${plainText(spans)}${listText}` };
}

/**
 * The tool page's FAQ, answered from the tool's classification and its starter policy: reasons as a list, the real
 * counter name of the policy, the real Claude Code rule name. Server words appear only as text or code spans. Pure.
 */
export function toolFaq(entry: ToolEntry, snippet: Policy, serverKey: string): FaqItem[] {
  const raw = entry.tool.name;
  const name = noTicks(clip(raw, 120) || '(unnamed tool)');
  const c = entry.tool.classification;
  const reasons = c?.reasons.slice(0, 3).map((r) => clip(r, 160)) ?? [];
  const denied = isDenied(snippet, raw);
  const limits = limitsOf(snippet, raw);
  const items: FaqItem[] = [];

  const deleteAnswer =
    c === undefined
      ? `${name} has not been classified yet, so treat it as able to change data until it is.`
      : c.class === 'destructive'
        ? `Yes. ${name} is classified destructive with ${c.risk} risk: it can delete, overwrite or otherwise irreversibly change things. The signals:`
        : c.class === 'write'
          ? `Not irreversibly, as far as its name, description and schema show: ${name} is a write tool (${c.risk} risk) that creates or updates data. The signals:`
          : `No. ${name} is classified read-only: it has no side effects according to its name, description and schema. The signals:`;
  items.push(item(`Can an agent delete data with ${name}?`, deleteAnswer, c === undefined ? undefined : reasons));

  // The counter the starter policy would give this tool (the same sanitising as policies-gen), never the URL slug.
  const counter = limits[0]?.counter ?? `${counterStem(raw)}_per_minute`;
  const limitText =
    limits.length > 0
      ? `The starter policy already limits it: ${limits.map((l) => `at most ${l.max} calls per ${l.window} (counter \`${l.counter}\`)`).join(', ')}. Change \`max\` or \`window\` in its \`limits\` entry.`
      : `${denied ? 'The starter policy denies it outright; to allow it at a pace instead, ' : ''}add a \`limits\` entry to its rule in the PolicyLayer policy, e.g. \`{"counter": "${counter}", "window": "minute", "max": 10, "scope": "grant"}\`.`;
  items.push(
    item(
      `How do I rate-limit ${name}?`,
      `${limitText.charAt(0).toUpperCase()}${limitText.slice(1)} In Intercept YAML the same is a rule with \`rate_limit: 10/minute\`. Counters use calendar-aligned UTC windows.`,
    ),
  );

  const claudeRule = `mcp__${serverKey}__${claudeToolName(raw.slice(0, 200))}`;
  items.push(
    item(
      `How do I block ${name}?`,
      `${denied ? 'The starter policy already denies it. ' : ''}In PolicyLayer JSON give it \`"deny_if": [{"conditions": [], "on_deny": "Blocked by policy."}]\` (or list it in \`hide\` to remove it from the tool list); ` +
        `in Intercept YAML add a rule with \`action: deny\`; in Claude Code add \`${claudeRule}\` to \`permissions.deny\`; in Codex add it to \`disabled_tools\` of \`[mcp_servers.${serverKey}]\`.`,
    ),
  );

  const env = requiredEnv(entry.server.record);
  items.push(
    item(
      `Which server provides ${name}, and what does it need?`,
      `${name} is provided by ${noTicks(entry.server.displayName)} (\`${noTicks(clip(entry.server.record.source.name, 200))}\`).${
        env.length > 0
          ? ` It needs ${env.map((e) => `\`${noTicks(e)}\``).join(', ')} to run.`
          : ' It needs no declared credentials to list its tools.'
      }`,
    ),
  );

  if (c?.mismatch !== undefined) {
    items.push(
      item(
        `Can I trust the annotations of ${name}?`,
        `No. ${noTicks(clip(c.mismatch, 400))} Clients that auto-approve tools marked read-only or non-destructive would approve it; the starter policy uses our classification instead.`,
      ),
    );
  }
  return items;
}
