import type { Classification } from '../data/schema/classification.ts';
import {
  EXTENSION_KEY,
  type Policy,
  type PolicyCondition,
  type PolicyDenyIf,
  type PolicyLimit,
  type ToolPolicy,
} from '../data/schema/policy.ts';
import type { ScannedTool } from '../data/schema/scan-result.ts';
import { argumentRules } from './argument-rules.ts';
import { assignCounterNames } from './counter-names.ts';
import { compareCodeUnits, renderJson } from './json-writer.ts';
import {
  criticalMessage,
  criticalWhat,
  DECISION_RANK,
  DECLARED_DESTRUCTIVE_MESSAGE,
  DESTRUCTIVE_MESSAGE,
  poisoningFindings,
  READ_LIMIT,
  type StarterDecision,
  starterDecision,
  UNCERTAIN_CONFIDENCE,
  UNCERTAIN_MESSAGE,
  UNCLASSIFIED_MESSAGE,
  WRITE_LIMIT,
} from './starter-rules.ts';

/** Why the policy treats one tool (or, under the key `*`, every unlisted tool) the way it does. */
export interface ToolRationale {
  /** allow: listed with no rules; limit: allowed within limits or argument rules; deny: refused; hide: removed from tools/list. */
  decision: 'allow' | 'limit' | 'deny' | 'hide';
  /** One sentence for people. */
  summary: string;
  /** One line per rule of the tool, in policy order (require, deny_if, limits), each starting with the rule it explains. */
  rules: string[];
}

/** A starter policy in the exact published format, plus the explanation the site shows beside it. */
export interface GeneratedPolicy {
  /** PolicyLayer JSON (version 1). */
  policy: Policy;
  /** Keyed by tool name (no prototype: any name is safe), plus `*` for the default. */
  rationale: Record<string, ToolRationale>;
}

interface ToolPlan {
  decision: StarterDecision;
  tool: ScannedTool;
}

/**
 * Builds the starter policy for a classified server (see docs/policy.md for the table of rules). Pure and
 * deterministic: the same tools, in any order, give the same policy. Tool names are untrusted and only ever used as
 * keys of prototype-less objects; counter names are sanitised.
 */
export function generatePolicy(server: { name: string; tools: ScannedTool[] }): GeneratedPolicy {
  const plans = planTools(server.tools);
  const names = [...plans.keys()].sort(compareCodeUnits);
  const tools: Record<string, ToolPolicy> = Object.create(null);
  const rationale: Record<string, ToolRationale> = Object.create(null);
  const hide: string[] = [];
  const readCounters = assignCounterNames(names, READ_LIMIT.window);
  const writeCounters = assignCounterNames(names, WRITE_LIMIT.window);
  for (const name of names) {
    const { decision, tool } = plans.get(name)!;
    // `*` means every tool in `hide` and in Intercept, and `hide` takes no empty name: such tools are left to the default deny.
    if (name === '*' || name === '') continue;
    if (decision === 'hide') {
      hide.push(name);
      const findings = poisoningFindings(tool.findings);
      rationale[name] = {
        decision: 'hide',
        summary: 'Hidden: its own text carries a security finding, so the model should never read it, let alone call it.',
        rules: [`hide: ${[...new Set(findings.map((finding) => `${finding.code} (${finding.severity})`))].join(', ')}.`],
      };
      continue;
    }
    const built = buildToolEntry(decision, tool, decision === 'write' ? writeCounters.get(name)! : readCounters.get(name)!);
    tools[name] = built.entry;
    rationale[name] = built.rationale;
  }
  rationale['*'] = {
    decision: 'deny',
    summary: 'Default deny: a tool this policy does not list, including any the server adds later, is refused.',
    rules: ['default: deny — an allow list survives new or renamed tools (a rug pull gains nothing).'],
  };
  const policy: Policy = { version: '1', default: 'deny' };
  if (hide.length > 0) policy.hide = hide;
  policy.tools = tools;
  // Every listed definition, so the guard can hide a tool whose definition changes after this (a rug pull).
  const hashes: Record<string, string> = Object.create(null);
  for (const name of names) hashes[name] = plans.get(name)!.tool.hash;
  if (names.length > 0) policy[EXTENSION_KEY] = { hashes };
  return { policy, rationale };
}

/** One plan per distinct tool name; when a server lists a name twice, the most restrictive plan wins. */
function planTools(tools: readonly ScannedTool[]): Map<string, ToolPlan> {
  const plans = new Map<string, ToolPlan>();
  // A total order on content, so duplicates resolve the same way whatever order the server listed them in.
  const keyed = tools.map((tool) => ({
    tool,
    key: renderJson({ hash: tool.hash, classification: tool.classification ?? null, findings: tool.findings ?? [] }),
  }));
  keyed.sort((a, b) => compareCodeUnits(a.tool.name, b.tool.name) || compareCodeUnits(a.key, b.key));
  for (const { tool } of keyed) {
    const decision = starterDecision(tool.classification, tool.findings, tool.annotations);
    const current = plans.get(tool.name);
    if (current === undefined || DECISION_RANK[decision] > DECISION_RANK[current.decision]) plans.set(tool.name, { decision, tool });
  }
  return plans;
}

function buildToolEntry(decision: StarterDecision, tool: ScannedTool, counter: string): { entry: ToolPolicy; rationale: ToolRationale } {
  const classification = tool.classification;
  if (classification === undefined || (decision !== 'write' && decision !== 'read')) return deniedEntry(decision, classification);
  return allowedEntry(decision, tool, classification, counter);
}

/** An entry whose unconditional deny_if carries the reason (critical, destructive or unclassified). */
function deniedEntry(
  decision: StarterDecision,
  classification: Classification | undefined,
): { entry: ToolPolicy; rationale: ToolRationale } {
  let message = UNCLASSIFIED_MESSAGE;
  let summary = 'Denied: no classification yet, so nothing is known about what it does.';
  if (decision === 'deny-critical' && classification !== undefined) {
    message = criticalMessage(classification);
    summary = `Denied: high-impact tool (${criticalWhat(classification)}); denied rather than hidden, so the agent can still say the capability exists.`;
  } else if (decision === 'deny-destructive' && classification !== undefined) {
    message = DESTRUCTIVE_MESSAGE;
    summary = `Denied until approved: destructive (${classification.risk} risk${tagList(classification.tags)}).`;
  } else if (decision === 'deny-declared-destructive' && classification !== undefined) {
    message = DECLARED_DESTRUCTIVE_MESSAGE;
    summary = `Denied until approved: its author declares destructiveHint: true, and the policy is never less cautious than the author (mcp-atlas calls it ${classification.class}).`;
  } else if (decision === 'deny-uncertain' && classification !== undefined) {
    message = UNCERTAIN_MESSAGE;
    summary = `Denied until approved: the verdict (${classification.class}) is uncertain — confidence ${classification.confidence.toFixed(2)} is below ${UNCERTAIN_CONFIDENCE}, so it may be destructive.`;
  }
  if (decision === 'deny-destructive') {
    return {
      entry: { deny_if: [{ conditions: [], on_deny: message, [EXTENSION_KEY]: { approval: true } }] },
      rationale: {
        decision: 'deny',
        summary,
        rules: [
          'deny_if[0]: no conditions and marked for approval — `mcp-atlas guard` asks the user to approve each call (MCP elicitation) and refuses it without an explicit accept; every other enforcer denies it with the message above.',
        ],
      },
    };
  }
  return {
    entry: { deny_if: [{ conditions: [], on_deny: message }] },
    rationale: { decision: 'deny', summary, rules: ['deny_if[0]: no conditions, so every call is denied with the message above.'] },
  };
}

/** An allowed read or write tool: argument rules from its schema, then its per-minute limit. */
function allowedEntry(
  decision: 'read' | 'write',
  tool: ScannedTool,
  classification: Classification,
  counter: string,
): { entry: ToolPolicy; rationale: ToolRationale } {
  const limitSpec = decision === 'write' ? WRITE_LIMIT : READ_LIMIT;
  const { rules: argRules, notes } = argumentRules(tool.inputSchema, classification);
  const entry: ToolPolicy = {};
  const require: PolicyCondition[] = [];
  const denyIf: PolicyDenyIf[] = [];
  const requireWhy: string[] = [];
  const denyWhy: string[] = [];
  for (const rule of argRules) {
    if (rule.kind === 'require') {
      requireWhy.push(`require[${require.length}]: ${rule.why}`);
      require.push(rule.condition);
    } else {
      denyWhy.push(`deny_if[${denyIf.length}]: ${rule.why}`);
      denyIf.push(rule.rule);
    }
  }
  if (require.length > 0) entry.require = require;
  if (denyIf.length > 0) entry.deny_if = denyIf;
  const limit: PolicyLimit = { counter, window: limitSpec.window, max: limitSpec.max, scope: 'grant' };
  entry.limits = [limit];
  const limitWhy = `limits[0]: ${counter}, ${limitSpec.max} calls a ${limitSpec.window} per grant — ${
    decision === 'write' ? 'write tool; stops runaway bulk changes.' : 'read tool; generous, only stops retry loops.'
  }`;
  const argText = argRules.length > 0 ? ` and ${argRules.length} argument rule${argRules.length > 1 ? 's' : ''}` : '';
  const lesser = (tool.findings ?? []).length > 0 ? ' It carries low or medium findings: see the tool page.' : '';
  const note = notes.length > 0 ? ` Note: ${notes.join(' ')}` : '';
  const kind = decision === 'write' ? 'Write tool' : 'Read tool';
  return {
    entry,
    rationale: {
      decision: 'limit',
      summary: `${kind}: allowed, at most ${limitSpec.max} calls a ${limitSpec.window} per grant${argText}.${lesser}${note}`,
      rules: [...requireWhy, ...denyWhy, limitWhy],
    },
  };
}

function tagList(tags: readonly string[]): string {
  return tags.length > 0 ? `; ${tags.join(', ')}` : '';
}
