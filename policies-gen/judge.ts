import { EXTENSION_KEY, type Policy, type PolicyCall, type PolicyLimit } from '../data/schema/policy.ts';
import { conditionHolds, describeCondition } from './conditions.ts';
import { type QuotaClaim, quotaClaim } from './quotas.ts';

/** A call the policy lets through, provided every claimed quota has room. */
export interface AllowJudgement {
  outcome: 'allow';
  /** `tools.<name>` when the tool's entry allowed it, `default` when the default did. */
  rule: string;
  /** Whether the tool has an entry under `tools`. */
  listed: boolean;
  /** The tool's limits, then `all_tools.limits`, each resolved to its counter for this grant and window. */
  claims: QuotaClaim[];
}

/** A call a rule asks a person about: refused without one, `onApproval` once one approves. */
export interface ApprovalJudgement {
  outcome: 'approval';
  /** The deny_if rule marked for approval (the first, when several are). */
  rule: string;
  /** That rule's on_deny: what the agent is told when no person approves. */
  message: string;
  /** What the call becomes once approved: an allow that still needs room in its quotas. */
  onApproval: AllowJudgement;
}

/** A call the policy refuses outright. */
export interface RefusalJudgement {
  outcome: 'hidden' | 'deny';
  rule: string;
  message: string;
}

/** What the policy says of one call before any counter is consulted. */
export type Judgement = AllowJudgement | ApprovalJudgement | RefusalJudgement;

/** How a tool is written in a rule locator: `tools.read_file`, or `tools["odd name"]`. */
export function toolRef(name: string, prefix = 'tools'): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(name) ? `${prefix}.${name}` : `${prefix}[${JSON.stringify(name)}]`;
}

/**
 * The pure half of the reference semantics (docs/policy.md), shared by `policy check` and `mcp-atlas guard`:
 * hidden tools and changed definitions, the default, `require`, `deny_if`, and the quotas an allowed call claims.
 * A refusing `deny_if` beats one marked for approval, wherever they stand: a person can only lift the rules that
 * ask for a person. Counting is left to the caller, who keeps the counters (in memory, SQLite or Redis).
 */
export function judgeCall(policy: Policy, call: PolicyCall): Judgement {
  const args = call.args ?? {};
  const hide = policy.hide ?? [];
  if (hide.includes('*') || hide.includes(call.tool))
    return { outcome: 'hidden', rule: 'hide', message: 'The tool is hidden by the policy.' };
  const recorded = recordedHash(policy, call.tool);
  if (call.hash !== undefined && recorded !== undefined && call.hash !== recorded) {
    return {
      outcome: 'hidden',
      rule: `${toolRef(call.tool, `${EXTENSION_KEY}.hashes`)}`,
      message: "The tool's definition changed since the policy was generated: it is hidden until the policy is regenerated.",
    };
  }
  const tools = policy.tools;
  const entry = tools !== undefined && Object.hasOwn(tools, call.tool) ? tools[call.tool] : undefined;
  if (entry === undefined && policy.default === 'deny') {
    return { outcome: 'deny', rule: 'default', message: 'The tool is not listed in the policy, and the default is deny.' };
  }
  const ref = toolRef(call.tool);
  for (const [i, condition] of (entry?.require ?? []).entries()) {
    if (!conditionHolds(condition, args))
      return { outcome: 'deny', rule: `${ref}.require[${i}]`, message: `Argument requirement not met: ${describeCondition(condition)}.` };
  }
  let approval: { rule: string; message: string } | undefined;
  for (const [i, rule] of (entry?.deny_if ?? []).entries()) {
    if (!rule.conditions.every((condition) => conditionHolds(condition, args))) continue;
    if (rule[EXTENSION_KEY]?.approval !== true) return { outcome: 'deny', rule: `${ref}.deny_if[${i}]`, message: rule.on_deny };
    approval ??= { rule: `${ref}.deny_if[${i}]`, message: rule.on_deny };
  }
  const at = Date.parse(call.at);
  const grant = call.grant ?? 'default';
  const limits: Array<{ limit: PolicyLimit; rule: string }> = [
    ...(entry?.limits ?? []).map((limit, i) => ({ limit, rule: `${ref}.limits[${i}]` })),
    ...(policy.all_tools?.limits ?? []).map((limit, i) => ({ limit, rule: `all_tools.limits[${i}]` })),
  ];
  const allow: AllowJudgement = {
    outcome: 'allow',
    rule: entry === undefined ? 'default' : ref,
    listed: entry !== undefined,
    claims: limits.map(({ limit, rule }) => quotaClaim(grant, limit, rule, at)),
  };
  return approval === undefined ? allow : { outcome: 'approval', ...approval, onApproval: allow };
}

/** The definition hash the policy recorded for a tool, if any (own properties only: any tool name is safe). */
export function recordedHash(policy: Policy, tool: string): string | undefined {
  const hashes = policy[EXTENSION_KEY]?.hashes;
  return hashes !== undefined && Object.hasOwn(hashes, tool) ? hashes[tool] : undefined;
}
