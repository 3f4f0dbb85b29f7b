import type { Policy, PolicyCall, PolicyDecision, PolicyLimit, PolicyWindow } from '../data/schema/policy.ts';
import { conditionHolds, describeCondition } from './conditions.ts';

/** The decision for one call (alias of the schema type `PolicyDecision`). */
export type Decision = PolicyDecision;

const WINDOW_MS: Record<PolicyWindow, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/** How a tool is written in a rule locator: `tools.read_file`, or `tools["odd name"]`. */
export function toolRef(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(name) ? `tools.${name}` : `tools[${JSON.stringify(name)}]`;
}

/**
 * Replays calls against a policy, in the given order, and returns one decision per call. This is the reference
 * semantics (docs/policy.md): `hide` first, then the default for unlisted tools, then `require`, `deny_if`, the
 * tool's `limits` and `all_tools.limits`. Windows are calendar-aligned UTC; counters are per grant and per
 * (counter, window); a denied call consumes no quota. Pure: the counters live only for this call.
 */
export function evaluateCalls(policy: Policy, calls: readonly PolicyCall[]): Decision[] {
  const counts = new Map<string, number>();
  const hide = new Set(policy.hide ?? []);
  return calls.map((call, index) => {
    const grant = call.grant ?? 'default';
    const args = call.args ?? {};
    const decide = (decision: Decision['decision'], rule: string, message: string): Decision => ({
      index,
      tool: call.tool,
      grant,
      at: call.at,
      decision,
      rule,
      message,
    });
    if (hide.has('*') || hide.has(call.tool)) return decide('hidden', 'hide', 'The tool is hidden by the policy.');
    const tools = policy.tools;
    const entry = tools !== undefined && Object.hasOwn(tools, call.tool) ? tools[call.tool] : undefined;
    if (entry === undefined && policy.default === 'deny') {
      return decide('deny', 'default', 'The tool is not listed in the policy, and the default is deny.');
    }
    const ref = toolRef(call.tool);
    for (const [i, condition] of (entry?.require ?? []).entries()) {
      if (!conditionHolds(condition, args))
        return decide('deny', `${ref}.require[${i}]`, `Argument requirement not met: ${describeCondition(condition)}.`);
    }
    for (const [i, rule] of (entry?.deny_if ?? []).entries()) {
      if (rule.conditions.every((condition) => conditionHolds(condition, args)))
        return decide('deny', `${ref}.deny_if[${i}]`, rule.on_deny);
    }
    const limits: Array<{ limit: PolicyLimit; rule: string }> = [
      ...(entry?.limits ?? []).map((limit, i) => ({ limit, rule: `${ref}.limits[${i}]` })),
      ...(policy.all_tools?.limits ?? []).map((limit, i) => ({ limit, rule: `all_tools.limits[${i}]` })),
    ];
    const at = Date.parse(call.at);
    const keys = limits.map(({ limit }) => counterKey(grant, limit, at));
    for (const [i, { limit, rule }] of limits.entries()) {
      if ((counts.get(keys[i]!) ?? 0) >= limit.max) {
        return decide(
          'deny',
          rule,
          `Limit reached: ${limit.max} call${limit.max === 1 ? '' : 's'} a ${limit.window} per grant (counter ${limit.counter}).`,
        );
      }
    }
    for (const key of new Set(keys)) counts.set(key, (counts.get(key) ?? 0) + 1);
    if (entry === undefined) return decide('allow', 'default', 'The tool is not listed in the policy, and the default is allow.');
    const first = limits[0];
    const usage =
      first === undefined
        ? 'no limits'
        : `call ${counts.get(keys[0]!)} of ${first.limit.max} this ${first.limit.window} on ${first.limit.counter}`;
    return decide('allow', ref, `Allowed by the tool's entry (${usage}).`);
  });
}

function counterKey(grant: string, limit: PolicyLimit, at: number): string {
  return JSON.stringify([grant, limit.counter, limit.window, Math.floor(at / WINDOW_MS[limit.window])]);
}
