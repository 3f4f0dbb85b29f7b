import { parse } from 'yaml';
import type { PolicyCall, PolicyCondition } from '../../../data/schema/policy.ts';
import { conditionHolds } from '../../../policies-gen/conditions.ts';

interface InterceptRule {
  name: string;
  action?: 'evaluate' | 'deny';
  conditions?: PolicyCondition[];
  on_deny?: string;
  rate_limit?: string;
}
interface InterceptPolicy {
  version: string;
  default?: 'allow' | 'deny';
  hide?: string[];
  tools: Record<string, { rules: InterceptRule[] }>;
}

const WINDOW_MS: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/**
 * A test model of Intercept's documented evaluation order (POLICY.md, internal/engine/engine.go): hide, then default
 * deny for unlisted tools, then tool rules and `*` rules in order (deny action denies, evaluate needs every condition),
 * then rate limits reserved together. One proxy = one grant. Used to check that an export means what the policy means.
 */
export function interceptDecisions(yamlText: string, calls: readonly PolicyCall[]): Array<'allow' | 'deny' | 'hidden'> {
  const policy = parse(yamlText) as InterceptPolicy;
  const counts = new Map<string, number>();
  return calls.map((call) => {
    if ((policy.hide ?? []).some((name) => name === call.tool || name === '*')) return 'hidden';
    const listed = Object.hasOwn(policy.tools, call.tool);
    if (policy.default === 'deny' && !listed) return 'deny';
    const rules = [
      ...(listed ? policy.tools[call.tool]!.rules.map((rule) => ({ rule, scope: call.tool })) : []),
      ...(call.tool !== '*' && Object.hasOwn(policy.tools, '*')
        ? policy.tools['*']!.rules.map((rule) => ({ rule, scope: '_global' }))
        : []),
    ];
    const reserve: string[] = [];
    for (const { rule, scope } of rules) {
      if (rule.action === 'deny') return 'deny';
      if (rule.rate_limit !== undefined) {
        const [max, window] = rule.rate_limit.split('/') as [string, string];
        const key = `${scope}|${window}|${Math.floor(Date.parse(call.at ?? new Date(0).toISOString()) / WINDOW_MS[window]!)}`;
        if ((counts.get(key) ?? 0) + 1 > Number(max)) return 'deny';
        reserve.push(key);
        continue;
      }
      if (!(rule.conditions ?? []).every((condition) => conditionHolds(condition, call.args ?? {}))) return 'deny';
    }
    for (const key of reserve) counts.set(key, (counts.get(key) ?? 0) + 1);
    return 'allow';
  });
}

/** The reference decisions as an enforcer with no person to ask gives them: `approval` is a denial there. */
export function withoutPerson(decisions: ReadonlyArray<{ decision: string }>): string[] {
  return decisions.map((d) => (d.decision === 'approval' ? 'deny' : d.decision));
}
